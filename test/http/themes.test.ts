/**
 * `GET /themes` over HTTP against the local runtime: answers with comments go through
 * `POST /interactions` + `POST /responses`, the processor counts their topics, then the topics show
 * their counts, NPS and phrases; re-submissions move them, duplicates and redrives change nothing.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;
const today = new Date().toISOString().slice(0, 10);

/** `teamId` null: an interaction without a team. */
async function answer(score: number, comment: string, teamId: string | null = 'billing') {
  const res = await rt.api('POST', '/interactions', { body: interaction({ teamId: teamId ?? undefined }) });
  const { surveyUrl, invitationId } = (await res.json()) as { surveyUrl: string; invitationId: string };
  await resubmit(tokenOf(surveyUrl), score, comment);
  return { invitationId, token: tokenOf(surveyUrl) };
}

async function resubmit(token: string, score: number, comment: string): Promise<void> {
  const sent = await rt.api('POST', '/responses', { admin: false, body: { token, score, comment } });
  expect(sent.status).toBeLessThan(300);
}

interface TopicRow {
  topic: string;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  marginOfError: number | null;
  lowSample: boolean;
  topPhrases: string[];
}
interface Themes {
  from: string;
  to: string;
  commented: number;
  topics: TopicRow[];
  topDetractorTopics: string[];
  phraseSample: number;
}

beforeAll(async () => {
  rt = await startTestRuntime();
  // billing: 3 answers (2 detractors), wait_time: 2 detractors + 1 promoter, agent_attitude: 1 detractor.
  await answer(1, 'I was charged twice and the refund is missing');
  await answer(3, 'Wrong charge on my bill again');
  await answer(10, 'Refund came back the same day');
  await answer(2, 'Forty minutes on hold');
  await answer(4, 'Endless wait in the queue', 'sales');
  await answer(9, 'No hold at all', 'sales');
  await answer(0, 'The rude man was insulting', 'sales');
  await answer(8, '');
  await rt.settle();
});
afterAll(async () => {
  await rt?.stop();
});

async function themes(query: string): Promise<Themes> {
  const res = await rt.api('GET', `/themes?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Themes;
}

const byTopic = (report: Themes, topic: string) => report.topics.find((t) => t.topic === topic);

describe('GET /themes', () => {
  it('counts answers and NPS per topic and orders the detractor topics', async () => {
    const report = await themes(`from=${today}&to=${today}`);
    expect(report).toMatchObject({ from: today, to: today, commented: 7 });
    expect(byTopic(report, 'billing')).toMatchObject({
      responses: 3,
      promoters: 1,
      passives: 0,
      detractors: 2,
      nps: -33.3,
      lowSample: true,
    });
    expect(byTopic(report, 'billing')?.topPhrases).toContain('refund');
    expect(byTopic(report, 'wait_time')).toMatchObject({
      responses: 3,
      promoters: 1,
      detractors: 2,
      nps: -33.3,
    });
    expect(byTopic(report, 'agent_attitude')).toMatchObject({ responses: 1, detractors: 1, nps: -100 });
    expect(report.topDetractorTopics).toEqual(['wait_time', 'billing', 'agent_attitude']);
    expect(report.phraseSample).toBe(7);
  });

  it('reads any range up to the /nps maximum from the aggregates', async () => {
    const report = await themes(`from=2024-01-01&to=${today}`);
    expect({ ...report, from: today }).toEqual(await themes(`from=${today}&to=${today}`));
  });

  it('narrows to one team', async () => {
    const report = await themes(`from=${today}&to=${today}&teamId=sales`);
    expect(report.commented).toBe(3);
    expect(byTopic(report, 'billing')).toBeUndefined();
    expect(report.topDetractorTopics).toEqual(['wait_time', 'agent_attitude']);
  });

  it('shows the phrases of answers without a team under teamId=unassigned', async () => {
    await answer(1, 'The refund never came', null);
    await rt.settle();
    const report = await themes(`from=${today}&to=${today}&teamId=unassigned`);
    expect(report).toMatchObject({ commented: 1, phraseSample: 1, topDetractorTopics: ['billing'] });
    expect(byTopic(report, 'billing')).toMatchObject({ responses: 1, detractors: 1, topPhrases: ['refund'] });
  });

  it('answers 400 for a bad or too long range and 401 without the token', async () => {
    expect((await rt.api('GET', '/themes?from=2025-02-30&to=2025-03-01')).status).toBe(400);
    expect((await rt.api('GET', '/themes?from=2025-03-02&to=2025-03-01')).status).toBe(400);
    expect((await rt.api('GET', '/themes?from=2022-01-01&to=2025-01-03')).status).toBe(400); // 1,099 days
    expect((await rt.api('GET', '/themes?from=2022-01-01&to=2025-01-02')).status).toBe(200); // 1,098 days
    expect((await rt.api('GET', `/themes?from=${today}&to=${today}`, { admin: false })).status).toBe(401);
  });

  it('moves an answer’s topics when it is re-submitted, and counts nothing twice', async () => {
    const range = `from=${today}&to=${today}&teamId=moves`;
    const { invitationId, token } = await answer(2, 'The refund never came', 'moves');
    await rt.settle();
    expect(await themes(range)).toMatchObject({
      commented: 1,
      topics: [expect.objectContaining({ topic: 'billing', detractors: 1, topPhrases: ['refund'] })],
      topDetractorTopics: ['billing'],
    });

    await resubmit(token, 10, 'Forty minutes on hold, then all good');
    await rt.settle();
    const sqs = new SQSClient({
      endpoint: rt.queues.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    for (const url of [rt.queues.urls.responses, rt.queues.dlqUrls.responses])
      await sqs.send(
        new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify({ invitationId }) }),
      );
    await rt.queues.redrive('responses');
    await rt.settle();
    sqs.destroy();
    const moved = await themes(range);
    expect(moved).toMatchObject({ commented: 1, topDetractorTopics: [] });
    expect(moved.topics).toEqual([
      expect.objectContaining({ topic: 'wait_time', responses: 1, promoters: 1, detractors: 0, nps: 100 }),
    ]);

    await resubmit(token, 10, '');
    await rt.settle();
    expect(await themes(range)).toMatchObject({
      commented: 0,
      topics: [],
      phraseSample: 0,
    });
  });
});
