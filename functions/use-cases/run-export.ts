/**
 * The asynchronous export: `POST /exports` stores a queued job and queues it; the export worker
 * claims it, writes the file day by day (recording progress after each day) and marks it done;
 * `GET /exports/{exportId}` shows where it stands, with a fresh download link once done.
 */
import { randomBytes } from 'node:crypto';
import { NotFoundError } from '../domain/errors';
import {
  EXPORT_RETENTION_DAYS,
  type ExportFormat,
  type ExportJob,
  type ExportProgress,
  progressOf,
} from '../domain/export-job';
import type { Clock, ExportFile, ExportStorage, WorkQueue } from '../domain/ports';
import type { ExportJobStore, ReportStore } from '../domain/store';
import { TIME_MARGIN_MS } from './deliver-export';
import { EXPORT_FORMATS, exportDays, exportFileName, exportResponses } from './export-responses';

export const newExportId = (): string => `exp_${randomBytes(15).toString('base64url')}`;

/**
 * What the caller sees of a job (`POST /exports`, `GET /exports/{exportId}`). `withdrawn`: the job
 * was done, but its file was deleted by an erasure since its run began (no `url`; export again).
 */
export interface ExportJobView {
  exportId: string;
  status: ExportJob['status'] | 'withdrawn';
  format: ExportFormat;
  from: string;
  to: string;
  createdAt: string;
  progress: ExportProgress;
  bytes?: number;
  url?: string;
  urlExpiresAt?: string;
  error?: string;
}

const fileOf = (job: ExportJob): ExportFile => ({
  exportId: job.exportId,
  fileName: exportFileName(job.from, job.to, job.format),
  contentType: EXPORT_FORMATS[job.format].contentType,
});

const viewOf = (job: ExportJob): ExportJobView => ({
  exportId: job.exportId,
  status: job.status,
  format: job.format,
  from: job.from,
  to: job.to,
  createdAt: job.createdAt,
  progress: progressOf(job),
  ...(job.bytes !== undefined ? { bytes: job.bytes } : {}),
  ...(job.error !== undefined ? { error: job.error } : {}),
});

export interface StartExportDeps {
  jobs: ExportJobStore;
  queue: WorkQueue;
  clock: Clock;
}

/** Stores the job, then queues it: if the message is lost, the sweeper finds the job and queues it again. */
export async function startExport(
  deps: StartExportDeps,
  request: { from: string; to: string; format: ExportFormat },
): Promise<ExportJobView> {
  const days = exportDays(request.from, request.to);
  const now = deps.clock.now();
  const job: ExportJob = {
    exportId: newExportId(),
    status: 'queued',
    ...request,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + EXPORT_RETENTION_DAYS * 86_400_000).toISOString(),
    daysDone: 0,
    daysTotal: days.length,
    rows: 0,
  };
  await deps.jobs.createExportJob(job);
  await deps.queue.enqueue('exports', [{ exportId: job.exportId }]);
  return viewOf(job);
}

export interface ExportStatusDeps {
  jobs: ExportJobStore;
  storage: ExportStorage;
  clock: Clock;
  urlMinutes: number;
}

export async function exportStatus(deps: ExportStatusDeps, exportId: string): Promise<ExportJobView> {
  const job = await deps.jobs.getExportJob(exportId);
  const now = deps.clock.now();
  if (!job || Date.parse(job.expiresAt) <= now.getTime()) throw new NotFoundError(`No export ${exportId}.`);
  const view = viewOf(job);
  if (job.status !== 'done') return view;
  const withdrawnAt = await deps.jobs.lastExportWithdrawal();
  // The run may have read the erased customer's answers before the erasure, even if it ended after.
  if (withdrawnAt !== undefined && (job.startedAt ?? job.createdAt) <= withdrawnAt)
    return { ...view, status: 'withdrawn', error: WITHDRAWN_REASON };
  const expiresAt = new Date(Math.min(now.getTime() + deps.urlMinutes * 60_000, Date.parse(job.expiresAt)));
  return {
    ...view,
    url: await deps.storage.downloadUrl(fileOf(job), expiresAt),
    urlExpiresAt: expiresAt.toISOString(),
  };
}

export interface RunExportDeps {
  jobs: ExportJobStore;
  store: ReportStore;
  storage: ExportStorage;
  clock: Clock;
  /** Time left before the function is stopped; the run's claim lasts that long. */
  remainingMs: () => number;
}

/**
 * `skipped`: no such job, or finished already; `busy`: another run holds it; `lost`: another run
 * took it over midway (this one stopped without effect).
 */
export type RunExportOutcome = 'done' | 'failed' | 'skipped' | 'busy' | 'lost';

class LostClaim extends Error {}
class OutOfTime extends Error {}

/** Extra lease beyond the function's own time, for clocks that differ a little. */
const LEASE_SLACK_MS = 30_000;

export const OUT_OF_TIME_REASON =
  'The export did not finish within the worker time limit (15 minutes). Export a shorter range.';
export const FAILED_REASON = 'The export failed on every attempt. Try again later.';
export const WITHDRAWN_REASON =
  'The export file was deleted by a customer erasure made after the export began. Start a new export.';

/**
 * Runs a job once: from the beginning, whatever an earlier run had done (the file is written
 * whole again under the same name). A failure gives the job back (queued, due at once), so the
 * sweeper queues it again after its grace; the runs are counted on the job, not per message (each
 * re-queue is a new message), and the `maxAttempts`-th run that fails, or one that runs out of
 * time, fails the job with a reason. A run beyond `maxAttempts` (the earlier ones died without a
 * word: out of memory, killed) fails the job without running.
 */
export async function runExport(
  deps: RunExportDeps,
  exportId: string,
  limits: { maxAttempts: number },
): Promise<RunExportOutcome> {
  const job = await deps.jobs.getExportJob(exportId);
  if (!job || job.status === 'done' || job.status === 'failed') return 'skipped';
  const runId = randomBytes(12).toString('base64url');
  const leaseMs = deps.remainingMs() + LEASE_SLACK_MS;
  const attempt = await deps.jobs.claimExportJob(exportId, runId, deps.clock.now(), leaseMs);
  if (attempt === undefined) return 'busy';
  if (attempt > limits.maxAttempts) {
    await deps.jobs.failExportJob(exportId, runId, FAILED_REASON, deps.clock.now());
    return 'failed';
  }
  const last = attempt >= limits.maxAttempts;

  let rows = 0;
  try {
    const chunks = exportResponses(deps.store, {
      from: job.from,
      to: job.to,
      format: job.format,
      onDay: async (progress) => {
        rows = progress.rows;
        if (!(await deps.jobs.recordExportProgress(exportId, runId, progress, deps.clock.now())))
          throw new LostClaim();
        if (deps.remainingMs() < TIME_MARGIN_MS) throw new OutOfTime();
      },
    });
    const { bytes } = await deps.storage.write(fileOf(job), chunks);
    if (!(await deps.jobs.completeExportJob(exportId, runId, { rows, bytes }, deps.clock.now())))
      return 'lost';
    return 'done';
  } catch (error) {
    if (error instanceof LostClaim) return 'lost';
    if (error instanceof OutOfTime || last) {
      const reason = error instanceof OutOfTime ? OUT_OF_TIME_REASON : FAILED_REASON;
      await deps.jobs.failExportJob(exportId, runId, reason, deps.clock.now());
      return 'failed';
    }
    await deps.jobs.releaseExportJob(exportId, runId, deps.clock.now());
    throw error;
  }
}
