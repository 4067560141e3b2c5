/**
 * Learning from recovery over HTTP against the local runtime: the follow-up survey of a resolved case
 * (once per case, past the cooldown, never past an opt-out), its answer landing on the case, and the
 * recovery report over a crafted set of cases.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { byCaseDay, keys } from '../../functions/adapters/dynamodb/keys';
import type { RecoveryCase } from '../../functions/domain/model';
import { localClient } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

const db = createDocumentClient(localClient(inject('dynamoEndpoint')));
let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt?.stop();
});

interface Receipt {
  invitationId: string;
  status: string;
  reason?: string;
  surveyUrl?: string;
}

/** A detractor answer to a new interaction, and the case it opened, resolved. */
async function resolvedCase(customer: Record<string, unknown> = {}) {
  const body = interaction({}, customer);
  const receipt = (await (await rt.api('POST', '/interactions', { body })).json()) as Receipt;
  await rt.api('POST', '/responses', {
    admin: false,
    body: { token: tokenOf(receipt.surveyUrl ?? ''), score: 2 },
  });
  await rt.settle();
  const caseId = `case_${receipt.invitationId}`;
  const res = await rt.api('PATCH', `/cases/${caseId}`, {
    body: { status: 'resolved', outcome: 'recovered' },
  });
  expect(res.status).toBe(200);
  return { caseId, receipt, customerId: body.customer.id, email: body.customer.email };
}

const followUp = (caseId: string) => rt.api('POST', `/cases/${caseId}/follow-up`);

async function outboxFor(invitationId: string) {
  await rt.settle();
  const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
    messages: { invitationId?: string; to: string; kind: string }[];
  };
  return messages.filter((m) => m.invitationId === invitationId);
}

const today = () => new Date().toISOString().slice(0, 10);
const npsResponses = async () => {
  const res = await rt.api('GET', `/nps?from=${today()}&to=${today()}`);
  return ((await res.json()) as { responses: number }).responses;
};

describe('POST /cases/{caseId}/follow-up', () => {
  it('sends one follow-up per case even when requested twice, past the cooldown, without restarting it', async () => {
    // Prepare: the customer was surveyed moments ago, so their cooldown is running.
    const { caseId, customerId, email } = await resolvedCase();
    const profileBefore = await db.send(
      new GetCommand({ TableName: rt.tableName, Key: keys.customer(customerId) }),
    );

    // Act
    const first = await followUp(caseId);
    const second = await followUp(caseId);

    // Assess
    expect(first.status).toBe(202);
    const firstBody = (await first.json()) as Receipt;
    expect(firstBody).toMatchObject({ status: 'sent' });
    expect(firstBody.surveyUrl).toContain('/s/');
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual(firstBody);
    const sent = await outboxFor(firstBody.invitationId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ kind: 'email', to: email });
    const profileAfter = await db.send(
      new GetCommand({ TableName: rt.tableName, Key: keys.customer(customerId) }),
    );
    expect(profileAfter.Item?.lastSurveyedAt).toBe(profileBefore.Item?.lastSurveyedAt);
    // The cooldown still holds for ordinary surveys.
    const again = await rt.api('POST', '/interactions', {
      body: interaction({}, { id: customerId, email }),
    });
    expect(await again.json()).toMatchObject({ status: 'suppressed', reason: 'cooldown' });
  });

  it('respects an opt-out: the follow-up is suppressed and nothing is sent', async () => {
    const { caseId, receipt } = await resolvedCase();
    const unsubscribed = await rt.api('POST', `/u/${tokenOf(receipt.surveyUrl ?? '')}`, {
      admin: false,
      raw: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(unsubscribed.status).toBeLessThan(300);

    const res = await followUp(caseId);

    expect(res.status).toBe(202);
    const body = (await res.json()) as Receipt;
    expect(body).toEqual({ invitationId: body.invitationId, status: 'suppressed', reason: 'opted_out' });
    expect(await outboxFor(body.invitationId)).toHaveLength(0);
  });

  it('stores the follow-up answer on the case, opens no new case and leaves the NPS alone', async () => {
    const { caseId } = await resolvedCase();
    const { surveyUrl, invitationId } = (await (await followUp(caseId)).json()) as Receipt;
    const responsesBefore = await npsResponses();

    // A follow-up detractor: must not open a second case nor alert again.
    const answered = await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(surveyUrl ?? ''), score: 3, comment: 'still broken' },
    });
    expect(answered.status).toBe(202);
    await rt.settle();

    const found = (await (await rt.api('GET', `/cases/${caseId}`)).json()) as {
      followUpScore?: number;
      followUpAt?: string;
      status: string;
    };
    expect(found).toMatchObject({ followUpScore: 3, status: 'resolved' });
    expect(Date.parse(found.followUpAt ?? '')).not.toBeNaN();
    expect((await rt.api('GET', `/cases/case_${invitationId}`)).status).toBe(404);
    const { cases } = (await (await rt.api('GET', '/cases')).json()) as { cases: { invitationId: string }[] };
    expect(cases.some((c) => c.invitationId === invitationId)).toBe(false);
    expect(await npsResponses()).toBe(responsesBefore);
    const alerts = (await outboxFor(invitationId)).filter((m) => m.kind === 'alert');
    expect(alerts).toHaveLength(0);
  });

  it('answers 409 for a case not resolved yet, 404 for an unknown one, 401 without the token', async () => {
    const receipt = (await (
      await rt.api('POST', '/interactions', { body: interaction() })
    ).json()) as Receipt;
    await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(receipt.surveyUrl ?? ''), score: 1 },
    });
    await rt.settle();

    const open = await followUp(`case_${receipt.invitationId}`);
    expect(open.status).toBe(409);
    expect(await open.json()).toMatchObject({ error: { code: 'case_not_resolved' } });
    expect((await followUp('case_nope')).status).toBe(404);
    const anonymous = await rt.api('POST', `/cases/case_${receipt.invitationId}/follow-up`, { admin: false });
    expect(anonymous.status).toBe(401);
  });
});

/** A case as the processor would have stored it, with controlled timestamps. */
async function putCase(c: Partial<RecoveryCase> & Pick<RecoveryCase, 'caseId' | 'createdAt' | 'dueAt'>) {
  const item: RecoveryCase = {
    invitationId: `inv_${c.caseId}`,
    interactionId: `T-${c.caseId}`,
    customerId: `C-${c.caseId}`,
    score: 2,
    status: 'open',
    channel: 'email',
    history: [{ at: c.createdAt, status: 'open' }],
    alertedAt: c.createdAt,
    ...c,
  };
  await db.send(
    new PutCommand({
      TableName: rt.tableName,
      Item: { ...keys.recoveryCase(c.caseId), type: 'Case', ...item, ...byCaseDay(c.createdAt, c.caseId) },
    }),
  );
}

describe('GET /cases/report', () => {
  beforeAll(async () => {
    const h = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
    // billing: contacted after 2 h (in time, recovered: 8) and after 6 h (late, not recovered: 4).
    await putCase({
      caseId: 'r-a',
      teamId: 'billing',
      createdAt: '2020-03-02T10:00:00.000Z',
      dueAt: h('2020-03-02T10:00:00.000Z', 4),
      firstContactAt: h('2020-03-02T10:00:00.000Z', 2),
      status: 'resolved',
      followUpScore: 8,
      followUpAt: '2020-03-09T10:00:00.000Z',
    });
    await putCase({
      caseId: 'r-b',
      teamId: 'billing',
      createdAt: '2020-03-02T09:00:00.000Z',
      dueAt: h('2020-03-02T09:00:00.000Z', 4),
      firstContactAt: h('2020-03-02T09:00:00.000Z', 6),
      status: 'resolved',
      followUpScore: 4,
      followUpAt: '2020-03-09T10:00:00.000Z',
    });
    // support: never contacted and long past due (a breach), and contacted after 1 h.
    await putCase({
      caseId: 'r-c',
      teamId: 'support',
      createdAt: '2020-03-03T08:00:00.000Z',
      dueAt: '2020-03-04T08:00:00.000Z',
    });
    await putCase({
      caseId: 'r-d',
      teamId: 'support',
      createdAt: '2020-03-03T00:00:00.000Z',
      dueAt: '2020-03-04T00:00:00.000Z',
      firstContactAt: '2020-03-03T01:00:00.000Z',
      status: 'contacted',
    });
    // Created the day after the range: not counted.
    await putCase({
      caseId: 'r-e',
      teamId: 'billing',
      createdAt: '2020-03-05T08:00:00.000Z',
      dueAt: '2020-03-05T12:00:00.000Z',
    });
  });

  it('reports first contact, SLA breaches and recovery over the cases created in the range, per team', async () => {
    const res = await rt.api('GET', '/cases/report?from=2020-03-02&to=2020-03-04&groupBy=team');

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      from: '2020-03-02',
      to: '2020-03-04',
      cases: 4,
      contacted: 3,
      medianHoursToFirstContact: 2,
      meanHoursToFirstContact: 3,
      slaBreachRate: 0.5,
      followedUp: 2,
      recovered: 1,
      recoveryRate: 0.5,
      groups: [
        {
          key: 'billing',
          cases: 2,
          contacted: 2,
          medianHoursToFirstContact: 4,
          meanHoursToFirstContact: 4,
          slaBreachRate: 0.5,
          followedUp: 2,
          recovered: 1,
          recoveryRate: 0.5,
        },
        {
          key: 'support',
          cases: 2,
          contacted: 1,
          medianHoursToFirstContact: 1,
          meanHoursToFirstContact: 1,
          slaBreachRate: 0.5,
          followedUp: 0,
          recovered: 0,
          recoveryRate: null,
        },
      ],
    });
  });

  it('is not mistaken for GET /cases/{caseId}, and has no groups unless asked', async () => {
    const res = await rt.api('GET', '/cases/report?from=2020-03-05&to=2020-03-05');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      cases: 1,
      contacted: 0,
      medianHoursToFirstContact: null,
      recoveryRate: null,
    });
    expect(body.groups).toBeUndefined();
  });

  it.each([
    ['', 'missing range'],
    ['?from=2020-03-02', 'missing to'],
    ['?from=2020-02-30&to=2020-03-02', 'not a real day'],
    ['?from=2020-03-04&to=2020-03-02', 'reversed range'],
    ['?from=2020-01-01&to=2024-01-01', 'range too long'],
    ['?from=2020-03-02&to=2020-03-04&groupBy=agent', 'unknown groupBy'],
  ])('answers 400 for %s (%s)', async (search) => {
    const res = await rt.api('GET', `/cases/report${search}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  });

  it('answers 401 without the admin token', async () => {
    const res = await rt.api('GET', '/cases/report?from=2020-03-02&to=2020-03-04', { admin: false });
    expect(res.status).toBe(401);
  });
});
