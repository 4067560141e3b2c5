/**
 * `GET /exports/responses.csv` and `.jsonl`, and the asynchronous export: one row per answered
 * invitation, day by day and page by page, so memory stays bounded whatever the range.
 */
import { csvRow } from '../domain/csv';
import type { ExportFormat } from '../domain/export-job';
import type { SurveyResponse } from '../domain/model';
import { categorize, daysBetween } from '../domain/nps';
import type { ReportStore } from '../domain/store';
import { checkRange } from './report-nps';

export type { ExportFormat };

export const CSV_HEADER =
  'response_id,interaction_id,customer_id,channel,agent_id,team_id,product,score,category,comment,sentiment,language,submitted_at\r\n';

/** Content type and file extension of each format. */
export const EXPORT_FORMATS: Record<ExportFormat, { contentType: string; extension: string }> = {
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  jsonl: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'jsonl' },
};

/** The file name a download is offered under. */
export const exportFileName = (from: string, to: string, format: ExportFormat): string =>
  `responses-${from}-${to}.${EXPORT_FORMATS[format].extension}`;

/** The columns of the CSV header, in order, from one response. */
function columns(r: SurveyResponse) {
  return {
    response_id: r.invitationId,
    interaction_id: r.interactionId,
    customer_id: r.customerId,
    channel: r.channel,
    agent_id: r.agentId,
    team_id: r.teamId,
    product: r.product,
    score: r.score,
    category: categorize(r.score),
    comment: r.comment,
    sentiment: r.sentimentState === 'done' ? r.sentiment : undefined,
    language: r.language,
    submitted_at: r.submittedAt,
  };
}

export function responseCsvRow(r: SurveyResponse): string {
  return csvRow(Object.values(columns(r)));
}

/** One JSON Lines record: the CSV's columns as keys, missing values `null`, no formula prefixing. */
export function responseJsonLine(r: SurveyResponse): string {
  const record: Record<string, string | number | null> = {};
  for (const [name, value] of Object.entries(columns(r))) record[name] = value ?? null;
  return `${JSON.stringify(record)}\n`;
}

/** The days of an export, once the range is checked as the reports check theirs (400 `invalid_range`). */
export function exportDays(from: string, to: string): string[] {
  checkRange(from, to, '`from` must not be after `to`.');
  return daysBetween(from, to);
}

export interface ExportRequest {
  from: string;
  to: string;
  format: ExportFormat;
  /** Called after each day is produced (the asynchronous export records its progress there). */
  onDay?: (progress: { daysDone: number; rows: number }) => Promise<void>;
}

/**
 * The export as chunks: the header (CSV), then one chunk per page of responses. The range is
 * checked at once (a bad range throws here, not on the first read); the store is read lazily, as
 * the chunks are consumed, so a slow reader slows the queries down instead of filling memory.
 */
export function exportResponses(store: ReportStore, request: ExportRequest): AsyncGenerator<string> {
  const days = exportDays(request.from, request.to);
  const line = request.format === 'csv' ? responseCsvRow : responseJsonLine;
  return (async function* () {
    if (request.format === 'csv') yield CSV_HEADER;
    let rows = 0;
    for (const [index, day] of days.entries()) {
      for await (const page of store.responsesOfDay(day)) {
        if (page.length === 0) continue;
        rows += page.length;
        yield page.map(line).join('');
      }
      await request.onDay?.({ daysDone: index + 1, rows });
    }
  })();
}
