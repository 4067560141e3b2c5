/**
 * The asynchronous export of responses: a job that exports a day range to a file, day by day,
 * recording its progress, run by one worker at a time.
 */

export type ExportFormat = 'csv' | 'jsonl';

export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJob {
  exportId: string;
  status: ExportJobStatus;
  format: ExportFormat;
  from: string;
  to: string;
  createdAt: string;
  /** After this the file is gone (bucket lifecycle) and the job answers 404. */
  expiresAt: string;
  daysDone: number;
  daysTotal: number;
  rows: number;
  bytes?: number;
  /** Why the job failed, in words for the caller (no internals). */
  error?: string;
  finishedAt?: string;
  /** Runs so far (claims), whatever message carried them: the job fails for good after the last one allowed. */
  attempts?: number;
  /** When the latest run began (its claim): a file whose run began before an erasure is withdrawn. */
  startedAt?: string;
}

/** How long an export file and its job are kept: short, since a file holds customers' comments. */
export const EXPORT_RETENTION_DAYS = 1;

export interface ExportProgress {
  daysDone: number;
  daysTotal: number;
  rows: number;
  /** Whole percent of the days done. */
  percent: number;
}

export function progressOf(job: Pick<ExportJob, 'daysDone' | 'daysTotal' | 'rows'>): ExportProgress {
  const percent = job.daysTotal > 0 ? Math.floor((100 * job.daysDone) / job.daysTotal) : 100;
  return { daysDone: job.daysDone, daysTotal: job.daysTotal, rows: job.rows, percent };
}
