/**
 * `GET /exports/responses.csv`: one row per answered invitation, day by day and page by page, so
 * memory stays bounded whatever the range.
 */
import { csvRow } from '../domain/csv';
import type { SurveyResponse } from '../domain/model';
import { categorize, daysBetween } from '../domain/nps';
import type { ReportStore } from '../domain/store';

export const CSV_HEADER =
  'response_id,interaction_id,customer_id,channel,agent_id,team_id,product,score,category,comment,sentiment,language,submitted_at\r\n';

export function responseCsvRow(r: SurveyResponse): string {
  return csvRow([
    r.invitationId,
    r.interactionId,
    r.customerId,
    r.channel,
    r.agentId,
    r.teamId,
    r.product,
    r.score,
    categorize(r.score),
    r.comment,
    r.sentimentState === 'done' ? r.sentiment : '',
    r.language,
    r.submittedAt,
  ]);
}

/** The CSV as chunks: the header, then one chunk per page of responses. */
export async function* exportResponsesCsv(
  store: ReportStore,
  from: string,
  to: string,
): AsyncGenerator<string> {
  yield CSV_HEADER;
  for (const day of daysBetween(from, to)) {
    for await (const page of store.responsesOfDay(day)) {
      if (page.length > 0) yield page.map(responseCsvRow).join('');
    }
  }
}
