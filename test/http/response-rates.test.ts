/**
 * `GET /response-rates` over HTTP against the local runtime: invitations created (one suppressed by
 * the cooldown), delivered through the outbox, answered (one with a comment, one re-submitted without
 * its comment), and every message delivered again or redriven: the funnel counts stay exact.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import sqsEvent from '../../events/sqs-response-message.json';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import type { Invitation } from '../../functions/domain/model';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClient } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;
let sqs: SQSClient;
const db = createDocumentClient(localClient(inject('dynamoEndpoint')));
const today = new Date().toISOString().slice(0, 10);

interface Rates {
  invitations: number;
  suppressed: number;
  sent: number;
  delivered: number;
  failed: number;
  answered: number;
  commented: number;
  responseRate: number | null;
  commentRate: number | null;
}
type Report = Rates & {
  from: string;
  to: string;
  groups?: (Rates & { key: string })[];
  series?: (Rates & { period: string })[];
};

async function rates(query: string): Promise<Report> {
  const res = await rt.api('GET', `/response-rates?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}

async function invite(teamId: string, customerId?: string) {
  const body = interaction({ teamId }, customerId ? { id: customerId } : {});
  const res = await rt.api('POST', '/interactions', { body });
  return (await res.json()) as { invitationId: string; status: string; reason?: string; surveyUrl?: string };
}

async function answer(surveyUrl: string | undefined, score: number, comment?: string) {
  const res = await rt.api('POST', '/responses', {
    admin: false,
    body: { token: tokenOf(surveyUrl ?? ''), score, ...(comment === undefined ? {} : { comment }) },
  });
  expect(res.status).toBe(202);
}

const send = (queue: 'responses' | 'invitations', invitationId: string, dlq = false) =>
  sqs.send(
    new SendMessageCommand({
      QueueUrl: dlq ? rt.queues.dlqUrls[queue] : rt.queues.urls[queue],
      MessageBody: JSON.stringify({ invitationId }),
    }),
  );

const ids: Record<string, string> = {};

/**
 * Team `north`: a promoter with a comment, a second interaction of the same customer (suppressed by
 * the cooldown), a detractor with a comment later re-submitted without it.
 * Team `south`: a promoter without a comment and an invitation never answered.
 */
beforeAll(async () => {
  rt = await startTestRuntime();
  sqs = new SQSClient({ endpoint: rt.queues.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  const first = await invite('north', 'C-rates-1');
  const again = await invite('north', 'C-rates-1');
  expect(again).toMatchObject({ status: 'suppressed', reason: 'cooldown' });
  const resubmitted = await invite('north');
  const quiet = await invite('south');
  const unanswered = await invite('south');
  Object.assign(ids, {
    first: first.invitationId,
    resubmitted: resubmitted.invitationId,
    quiet: quiet.invitationId,
    unanswered: unanswered.invitationId,
  });
  await rt.settle();
  await answer(first.surveyUrl, 9, 'Great help, thanks');
  await answer(resubmitted.surveyUrl, 3, 'Slow and unhelpful');
  await answer(quiet.surveyUrl, 10);
  await rt.settle();
  expect(await rates(`from=${today}&to=${today}`)).toMatchObject({ answered: 3, commented: 2 });
  await answer(resubmitted.surveyUrl, 4, '');
  await rt.settle();
});
afterAll(async () => {
  sqs?.destroy();
  await rt?.stop();
  db.destroy();
});

const expected = {
  invitations: 5,
  suppressed: 1,
  sent: 4,
  delivered: 4,
  failed: 0,
  answered: 3,
  commented: 1,
  responseRate: 75,
  commentRate: 33.3,
};

describe('GET /response-rates', () => {
  it('counts the funnel of the day’s invitations and its rates', async () => {
    const report = await rates(`from=${today}&to=${today}`);
    expect(report).toEqual({ from: today, to: today, ...expected });
  });

  it('counts nothing twice when every message is delivered again, concurrently, or redriven', async () => {
    for (const id of Object.values(ids)) {
      await send('responses', id);
      await send('invitations', id);
      await send('responses', id, true);
    }
    expect(await rt.queues.redrive('responses')).toBe(4);
    const event = structuredClone(sqsEvent);
    for (const record of event.Records) record.body = JSON.stringify({ invitationId: ids.first });
    await Promise.all([1, 2, 3].map(() => rt.invoke('responseProcessor', structuredClone(event))));
    await rt.settle();
    expect(await rates(`from=${today}&to=${today}`)).toMatchObject(expected);
  });

  it('groups by team and gives a series by period', async () => {
    const report = await rates(`from=${today}&to=${today}&groupBy=team&interval=day`);
    expect(report.groups).toEqual([
      {
        key: 'north',
        invitations: 3,
        suppressed: 1,
        sent: 2,
        delivered: 2,
        failed: 0,
        answered: 2,
        commented: 1,
        responseRate: 100,
        commentRate: 50,
      },
      {
        key: 'south',
        invitations: 2,
        suppressed: 0,
        sent: 2,
        delivered: 2,
        failed: 0,
        answered: 1,
        commented: 0,
        responseRate: 50,
        commentRate: 0,
      },
    ]);
    expect(report.series).toEqual([{ period: today, ...expected }]);
  });

  it('counts a delivery or a failure once however often it is reported', async () => {
    const store = new DynamoDbStore(db, rt.tableName);
    const day = '2025-05-05';
    const invitation = (id: string): Invitation => ({
      invitationId: id,
      interactionId: `I-${id}`,
      customerId: `C-${id}`,
      channel: 'sms',
      to: '+14155550100',
      teamId: 'west',
      occurredAt: `${day}T09:00:00Z`,
      createdAt: `${day}T10:00:00Z`,
      status: 'sent',
      delivery: 'pending',
      sendAt: `${day}T10:00:00Z`,
      expiresAt: `${day}T23:00:00Z`,
    });
    const at = new Date(`${day}T10:01:00Z`);
    for (const id of ['inv_rates_ok', 'inv_rates_refused']) {
      const created = await store.createInvitation(invitation(id), { status: 'sent', sendAt: at }, at);
      expect(created).toEqual({ outcome: 'created' });
    }
    expect(await store.markDelivered(invitation('inv_rates_ok'), at, 'm-1')).toBe(true);
    expect(await store.markDelivered(invitation('inv_rates_ok'), at, 'm-2')).toBe(false);
    expect(await store.markDeliveryFailed(invitation('inv_rates_refused'), at, 'refused')).toBe(true);
    expect(await store.markDeliveryFailed(invitation('inv_rates_refused'), at, 'refused')).toBe(false);
    expect(await store.markDelivered(invitation('inv_rates_refused'), at, 'm-3')).toBe(false);
    // The same interaction again is a duplicate: it counts no second invitation.
    const repeat = await store.createInvitation(
      invitation('inv_rates_other'),
      { status: 'sent', sendAt: at },
      at,
    );
    expect(repeat.outcome).toBe('created');
    const duplicate = await store.createInvitation(
      { ...invitation('inv_rates_dup'), interactionId: 'I-inv_rates_ok' },
      { status: 'sent', sendAt: at },
      at,
    );
    expect(duplicate.outcome).toBe('duplicate');

    expect(await rates(`from=${day}&to=${day}&groupBy=channel`)).toEqual({
      from: day,
      to: day,
      invitations: 3,
      suppressed: 0,
      sent: 3,
      delivered: 1,
      failed: 1,
      answered: 0,
      commented: 0,
      responseRate: 0,
      commentRate: null,
      groups: [
        {
          key: 'sms',
          invitations: 3,
          suppressed: 0,
          sent: 3,
          delivered: 1,
          failed: 1,
          answered: 0,
          commented: 0,
          responseRate: 0,
          commentRate: null,
        },
      ],
    });
  });

  it('answers zeros and null rates for a range without invitations', async () => {
    expect(await rates('from=2024-01-01&to=2024-01-31&interval=month')).toEqual({
      from: '2024-01-01',
      to: '2024-01-31',
      invitations: 0,
      suppressed: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      answered: 0,
      commented: 0,
      responseRate: null,
      commentRate: null,
      series: [
        {
          period: '2024-01-01',
          invitations: 0,
          suppressed: 0,
          sent: 0,
          delivered: 0,
          failed: 0,
          answered: 0,
          commented: 0,
          responseRate: null,
          commentRate: null,
        },
      ],
    });
  });

  it('answers 400 for bad input and 401 without the token', async () => {
    for (const query of [
      'from=2025-02-30&to=2025-03-01',
      'from=2025-03-02&to=2025-03-01',
      'from=2020-01-01&to=2025-03-01',
      'from=2025-03-01&to=2025-03-02&groupBy=region',
      'from=2025-03-01&to=2025-03-02&interval=year',
      'to=2025-03-01',
    ]) {
      const res = await rt.api('GET', `/response-rates?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.message.length, query).toBeGreaterThan(0);
    }
    expect((await rt.api('GET', `/response-rates?from=${today}&to=${today}`, { admin: false })).status).toBe(
      401,
    );
  });
});
