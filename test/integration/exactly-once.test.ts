/**
 * Effects happen exactly once under at-least-once delivery: the same message delivered three
 * times, an answer re-submitted, a redrive from the dead-letter queue. Real DynamoDB Local and the
 * local queue; the handlers as deployed.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sqsEvent from '../../events/sqs-response-message.json';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;
let sqs: SQSClient;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  rt = await startTestRuntime();
  sqs = new SQSClient({ endpoint: rt.queues.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  sqs?.destroy();
  await rt?.stop();
});

async function detractorAnswer(teamId: string) {
  const res = await rt.api('POST', '/interactions', { body: interaction({ teamId }) });
  const { surveyUrl, invitationId } = (await res.json()) as { surveyUrl: string; invitationId: string };
  const answered = await rt.api('POST', '/responses', {
    admin: false,
    body: { token: tokenOf(surveyUrl), score: 3, comment: 'Nobody called me back.' },
  });
  expect(answered.status).toBe(202);
  return { invitationId, token: tokenOf(surveyUrl) };
}

/** Responses, cases and alerts of one team, as the API reports them. */
async function effectsOf(teamId: string, invitationId: string) {
  const report = (await (await rt.api('GET', `/nps?from=${today}&to=${today}&groupBy=team`)).json()) as {
    groups: { key: string; responses: number; detractors: number; promoters: number }[];
  };
  const group = report.groups.find((g) => g.key === teamId);
  const { cases } = (await (await rt.api('GET', '/cases')).json()) as {
    cases: { caseId: string; invitationId: string }[];
  };
  const mine = cases.filter((c) => c.invitationId === invitationId);
  const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
    messages: { kind: string; caseId?: string }[];
  };
  const alerts = messages.filter((m) => m.kind === 'alert' && mine.some((c) => c.caseId === m.caseId));
  const csv = await (await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`)).text();
  return {
    responses: group?.responses ?? 0,
    detractors: group?.detractors ?? 0,
    promoters: group?.promoters ?? 0,
    cases: mine.length,
    alerts: alerts.length,
    csvRows: csv.split('\r\n').filter((line) => line.startsWith(`${invitationId},`)).length,
  };
}

describe('exactly-once effects', () => {
  it('counts, opens a case and alerts once when the same message is delivered three times', async () => {
    const { invitationId } = await detractorAnswer('dup-delivery');
    await rt.settle();
    for (let i = 0; i < 3; i++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: rt.queues.urls.responses,
          MessageBody: JSON.stringify({ invitationId }),
        }),
      );
    }
    // And the very same SQS record (same message id) handed to the function three times, concurrently.
    const event = structuredClone(sqsEvent);
    for (const record of event.Records) record.body = JSON.stringify({ invitationId });
    const results = await Promise.all(
      [1, 2, 3].map(() => rt.invoke('responseProcessor', structuredClone(event))),
    );
    for (const result of results) expect(result).toEqual({ batchItemFailures: [] });
    await rt.settle();

    expect(await effectsOf('dup-delivery', invitationId)).toEqual({
      responses: 1,
      detractors: 1,
      promoters: 0,
      cases: 1,
      alerts: 1,
      csvRows: 1,
    });
  });

  it('keeps the case of a processed detractor answer when it is re-submitted as a promoter', async () => {
    const { invitationId, token } = await detractorAnswer('resubmit');
    await rt.settle();
    for (const score of [4, 9, 10]) {
      const res = await rt.api('POST', '/responses', { admin: false, body: { token, score } });
      expect(res.status).toBe(202);
      await rt.settle();
    }
    expect(await effectsOf('resubmit', invitationId)).toEqual({
      responses: 1,
      detractors: 0,
      promoters: 1,
      cases: 1, // the care team decides what happens to a case; a later score does not close it
      alerts: 1,
      csvRows: 1,
    });
  });

  it('counts an answer re-submitted concurrently once, with the score stored last', async () => {
    const { invitationId, token } = await detractorAnswer('concurrent');
    const results = await Promise.all(
      [2, 9, 5, 10, 0, 8].map((score) =>
        rt.api('POST', '/responses', { admin: false, body: { token, score } }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202, 202, 202]);
    await rt.settle();
    const csv = await (await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`)).text();
    const row = csv.split('\r\n').find((line) => line.startsWith(`${invitationId},`)) ?? '';
    const storedScore = Number(row.split(',')[7]);
    const effects = await effectsOf('concurrent', invitationId);
    expect(effects.responses).toBe(1);
    expect(effects.promoters).toBe(storedScore >= 9 ? 1 : 0);
    expect(effects.detractors).toBe(storedScore <= 6 ? 1 : 0);
    expect(effects.csvRows).toBe(1);
    // A detractor revision may or may not have been processed before being replaced; either way at
    // most one case, and exactly one alert per case.
    expect(effects.cases).toBeLessThanOrEqual(1);
    expect(effects.alerts).toBe(effects.cases);
  });

  it('changes nothing when a processed message comes back through a DLQ redrive', async () => {
    const { invitationId } = await detractorAnswer('redrive');
    await rt.settle();
    const before = await effectsOf('redrive', invitationId);
    // As if the function had done the work but timed out before acknowledging, until the DLQ.
    for (let i = 0; i < 2; i++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: rt.queues.dlqUrls.responses,
          MessageBody: JSON.stringify({ invitationId }),
        }),
      );
    }
    expect(await rt.queues.depth('responses', 'dlq')).toBe(2);
    expect(await rt.queues.redrive('responses')).toBe(2);
    await rt.settle();
    expect(await rt.queues.depth('responses', 'dlq')).toBe(0);
    expect(await effectsOf('redrive', invitationId)).toEqual(before);
    expect(before).toEqual({ responses: 1, detractors: 1, promoters: 0, cases: 1, alerts: 1, csvRows: 1 });
  });

  it('sends an invitation once when its message is delivered twice', async () => {
    const res = await rt.api('POST', '/interactions', { body: interaction() });
    const { invitationId } = (await res.json()) as { invitationId: string };
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: rt.queues.urls.invitations,
        MessageBody: JSON.stringify({ invitationId }),
      }),
    );
    await rt.settle();
    const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
      messages: { invitationId?: string }[];
    };
    expect(messages.filter((m) => m.invitationId === invitationId)).toHaveLength(1);
  });
});
