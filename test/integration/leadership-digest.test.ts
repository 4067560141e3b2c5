/**
 * The weekly leadership digest on the real local runtime: answers of two past weeks go through the
 * pipeline (stored with their submission time, queued, counted by the response processor), then
 * the digest function is invoked with scheduled events as EventBridge would deliver them (its
 * hourly timer is out of the way) and the emails land in the outbox.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import scheduledEvent from '../../events/scheduled-leadership-digest.json';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClient } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime } from '../support/runtime';

const RECIPIENTS = ['ceo@example.com', 'cfo@example.com'];

let rt: TestRuntime;
let sqs: SQSClient;
const db = createDocumentClient(localClient(inject('dynamoEndpoint')));
let store: DynamoDbStore;

/** An answer submitted at `submittedAt`, recorded and queued as `POST /responses` does, then counted. */
async function answerAt(submittedAt: string, score: number, comment?: string): Promise<void> {
  const res = await rt.api('POST', '/interactions', { body: interaction({}, { name: 'Ana Pérez' }) });
  const { invitationId } = (await res.json()) as { invitationId: string };
  const invitation = await store.getInvitation(invitationId);
  if (!invitation) throw new Error('no invitation');
  await store.saveAnswer({ invitation, score, comment, submittedAt: new Date(submittedAt) });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: rt.queues.urls.responses,
      MessageBody: JSON.stringify({ invitationId }),
    }),
  );
}

/**
 * Week 2026-W46 (9–15 November): 3 promoters, 1 passive, 2 detractors: NPS +16.7.
 * Week 2026-W47 (16–22 November): 6 promoters, 2 passives, 1 detractor: NPS +55.6 ± 44.7.
 */
beforeAll(async () => {
  rt = await startTestRuntime({
    env: { LIFELINE_DIGEST_RECIPIENTS: RECIPIENTS.join(',') },
    scheduleIntervalsMs: { leadershipDigest: 3_600_000, caseEscalator: 3_600_000, alertDigest: 3_600_000 },
  });
  sqs = new SQSClient({ endpoint: rt.queues.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  store = new DynamoDbStore(db, rt.tableName);
  const answers: [string, number, string?][] = [
    ['2026-11-09T10:00:00Z', 10],
    ['2026-11-11T10:00:00Z', 9],
    ['2026-11-13T10:00:00Z', 9],
    ['2026-11-14T10:00:00Z', 7],
    ['2026-11-15T10:00:00Z', 3, 'The agent was rude'],
    ['2026-11-15T23:59:00Z', 5],
    ['2026-11-16T00:00:00Z', 10],
    ['2026-11-17T10:00:00Z', 9, 'Quick and friendly agent'],
    ['2026-11-18T10:00:00Z', 9],
    ['2026-11-19T10:00:00Z', 10],
    ['2026-11-20T10:00:00Z', 9],
    ['2026-11-21T10:00:00Z', 10],
    ['2026-11-21T12:00:00Z', 8],
    ['2026-11-22T10:00:00Z', 7],
    ['2026-11-22T23:59:59Z', 1, 'Waited forever on hold, call me on 415 555 0100'],
  ];
  for (const [at, score, comment] of answers) await answerAt(at, score, comment);
  await rt.settle();
});
afterAll(async () => {
  sqs?.destroy();
  await rt?.stop();
  db.destroy();
});

interface OutboxEmail {
  kind: string;
  to: string;
  subject?: string;
  body: string;
  html?: string;
}

async function digests(): Promise<OutboxEmail[]> {
  const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as { messages: OutboxEmail[] };
  return messages.filter((m) => m.kind === 'email' && RECIPIENTS.includes(m.to));
}

const digestAt = (time: string) =>
  rt.invoke('leadershipDigest', { ...structuredClone(scheduledEvent), time });

describe('leadership digest', () => {
  it('sends nothing before Monday 08:00, then the last week to each recipient once, then the next week', async () => {
    // Act and Assess: before the hour
    expect(await digestAt('2026-11-23T07:59:00Z')).toEqual({ state: 'not_due' });
    expect(await digests()).toHaveLength(0);

    // Act: after the hour
    const first = await digestAt('2026-11-23T08:05:00Z');

    // Assess: one email per recipient, with the NPS that GET /nps reports for the week
    expect(first).toEqual({ state: 'done', isoWeek: '2026-W47', sent: 2, refused: 0 });
    const sent = await digests();
    expect(sent.map((m) => m.to).sort()).toEqual(RECIPIENTS);
    const week = (await (await rt.api('GET', '/nps?from=2026-11-16&to=2026-11-22')).json()) as {
      responses: number;
      nps: number;
      marginOfError: number;
    };
    expect(week).toMatchObject({ responses: 9, nps: 55.6, marginOfError: 44.7 });
    for (const email of sent) {
      expect(email.subject).toBe('Lifeline weekly digest 2026-W47: NPS +55.6 ± 44.7');
      expect(email.body).toContain('NPS: +55.6 ± 44.7 (9 answers: 6 promoters, 2 passives, 1 detractor)');
      expect(email.body).toContain('Low sample: fewer than 30 answers');
      expect(email.body).toContain('The week before: +16.7 ± ');
      expect(email.body).toContain('within the margin of error: not significant.');
      expect(email.body).toContain('2026-11-09  +16.7 ± ');
      expect(email.body).toContain('2 answers with a comment');
      expect(email.body).toContain('Top detractor topics: wait time.');
      // Every detractor of both weeks has an open case; made now, none was due at the event's time.
      expect(email.body).toContain('Recovery cases: 3 open cases, 0 overdue');
      expect(email.body).toContain(`Dashboard: ${rt.url}/dashboard`);
      expect(email.html).toContain(`href="${rt.url}/dashboard"`);
      // Aggregates only: no names, comments or contact details.
      for (const body of [email.body, email.html ?? ''])
        expect(body).not.toMatch(/Ana|forever|555|rude|friendly/);
    }

    // Act and Assess: later the same week, nothing new
    expect(await digestAt('2026-11-23T09:05:00Z')).toMatchObject({ isoWeek: '2026-W47', sent: 0 });
    expect(await digestAt('2026-11-24T12:00:00Z')).toMatchObject({ isoWeek: '2026-W47', sent: 0 });
    expect(await digestAt('2026-11-27T12:00:00Z')).toEqual({ state: 'not_due' });
    expect(await digests()).toHaveLength(2);

    // Act and Assess: the next Monday, the new week (no answers in it)
    expect(await digestAt('2026-11-30T08:00:00Z')).toMatchObject({ isoWeek: '2026-W48', sent: 2 });
    const next = (await digests()).slice(2);
    expect(next.map((m) => m.subject)).toEqual([
      'Lifeline weekly digest 2026-W48: NPS no answers',
      'Lifeline weekly digest 2026-W48: NPS no answers',
    ]);
    expect(next[0]?.body).toContain('The week before: +55.6 ± 44.7 (9 answers, low sample).');
  });
});
