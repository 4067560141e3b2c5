/**
 * Escalation of overdue cases. The use case runs against the real DynamoDB store (DynamoDB Local, a
 * fresh table per test) with a fake clock, since the thresholds are hours and days apart, to a
 * recording topic and Slack (a local HTTP stub); then the scheduled function runs through the
 * local runtime, which uses the real clock, with the outbox and the Slack stub.
 */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import scheduledEvent from '../../events/scheduled-case-escalator.json';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { byCustomer, byStatus, keys } from '../../functions/adapters/dynamodb/keys';
import { SlackAlertPublisher } from '../../functions/adapters/slack-alerts';
import type { RecoveryCase } from '../../functions/domain/model';
import type { AlertMessage, AlertPublisher, Clock } from '../../functions/domain/ports';
import { parseConfig } from '../../functions/platform/config';
import { createContainer } from '../../functions/platform/container';
import { logger } from '../../functions/platform/observability';
import { type EscalateCasesDeps, escalateOverdueCases } from '../../functions/use-cases/escalate-cases';
import { updateCase } from '../../functions/use-cases/manage-cases';
import { ensureTable, localClient } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';
import { type SlackStub, startSlackStub } from '../support/slack-stub';

const endpoint = inject('dynamoEndpoint');
const client = localClient(endpoint);
const db = createDocumentClient(client);

/** Teams as an operator would configure them: billing names its lead, support works in Madrid. */
const routing = createContainer(
  parseConfig({
    LIFELINE_TEAMS: JSON.stringify({
      billing: { lead: 'lead.billing@example.com' },
      support: { timeZone: 'Europe/Madrid', open: 9, close: 17 },
    }),
    LIFELINE_ESCALATION_CONTACT: 'care.manager@example.com',
  }),
).teamRouting();

/** An alert publisher that keeps what it was given; `failNext` makes the next publish throw. */
class RecordingPublisher implements AlertPublisher {
  readonly sent: AlertMessage[] = [];
  failNext = 0;
  async publishAlert(message: AlertMessage) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('ThrottlingException');
    }
    this.sent.push(message);
    return { messageId: `m-${this.sent.length}` };
  }
}

let tableName: string;
let store: DynamoDbStore;
let alerts: RecordingPublisher;
let now: Date;
const clock: Clock = { now: () => now };

beforeEach(async () => {
  tableName = `escalation-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  store = new DynamoDbStore(db, tableName);
  alerts = new RecordingPublisher();
});
afterEach(async () => {
  await client.send(new DeleteTableCommand({ TableName: tableName }));
});

const deps = (overrides: Partial<EscalateCasesDeps> = {}): EscalateCasesDeps => ({
  cases: store,
  channels: [{ name: 'sns', publisher: alerts }],
  clock,
  routing,
  consoleUrl: 'https://lifeline.example.com',
  ...overrides,
});

/** Runs the escalator at `at` and answers the levels it sent, as `caseId:level`. */
async function escalateAt(at: string, overrides: Partial<EscalateCasesDeps> = {}): Promise<string[]> {
  now = new Date(at);
  const run = await escalateOverdueCases(deps(overrides));
  return run.escalated.map((e) => `${e.caseId}:${e.level}`);
}

/** Stores an open, already alerted case due at `dueAt`, as the response processor would have. */
async function openCase(dueAt: string, overrides: Partial<RecoveryCase> = {}): Promise<RecoveryCase> {
  const caseId = `case_${randomUUID()}`;
  const createdAt = new Date(Date.parse(dueAt) - 4 * 3_600_000).toISOString();
  const recoveryCase: RecoveryCase = {
    caseId,
    invitationId: caseId.replace('case_', 'inv_'),
    interactionId: `T-${caseId}`,
    customerId: `C-${caseId}`,
    score: 2,
    status: 'open',
    createdAt,
    dueAt: new Date(dueAt).toISOString(),
    channel: 'email',
    teamId: 'billing',
    severity: 'high',
    owner: 'billing-care',
    history: [{ at: createdAt, status: 'open' }],
    alertedAt: createdAt,
    ...overrides,
  };
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...keys.recoveryCase(caseId),
        type: 'Case',
        ...recoveryCase,
        ...byCustomer(recoveryCase.customerId, `CASE#${caseId}`),
        ...byStatus(recoveryCase.status, recoveryCase.dueAt, caseId),
      },
    }),
  );
  return recoveryCase;
}

const levelsSentFor = (caseId: string) =>
  alerts.sent.filter((m) => m.caseId === caseId).map((m) => m.escalationLevel);

describe('escalating overdue cases (real store, fake clock)', () => {
  // Monday 2026-11-23; the billing team works 09–17 UTC; a high-severity case has 4 business hours.
  const due = '2026-11-23T14:00:00Z';

  it('escalates a case past its due time to level 1 once, however often the escalator runs', async () => {
    // Prepare
    const c = await openCase(due);
    expect(await escalateAt('2026-11-23T13:59:59Z')).toEqual([]);
    // Act
    const first = await escalateAt('2026-11-23T14:00:00Z');
    const again = await escalateAt('2026-11-23T14:05:00Z');
    now = new Date('2026-11-23T14:10:00Z');
    const concurrent = await Promise.all([1, 2, 3].map(() => escalateOverdueCases(deps())));
    // Assess
    expect(first).toEqual([`${c.caseId}:1`]);
    expect(again).toEqual([]);
    expect(concurrent.flatMap((run) => run.escalated)).toEqual([]);
    expect(levelsSentFor(c.caseId)).toEqual([1]);
    expect(alerts.sent[0]).toMatchObject({
      to: 'lead.billing@example.com',
      customerId: c.customerId,
      subject: expect.stringContaining('Escalation level 1'),
      body: expect.stringContaining(`https://lifeline.example.com/cases/${c.caseId}`),
    });
    expect(await store.getCase(c.caseId)).toMatchObject({
      escalationLevel: 1,
      escalatedAt: '2026-11-23T14:00:00.000Z',
    });
  });

  it('escalates to level 2 once when the case is still open one more first-contact span later', async () => {
    const c = await openCase(due);
    await escalateAt('2026-11-23T14:00:00Z');
    // 14:00 + 4 business hours = 17:00 Monday (3 h) + Tuesday 09:00–10:00 (1 h).
    expect(await escalateAt('2026-11-23T16:59:00Z')).toEqual([]);
    expect(await escalateAt('2026-11-24T09:59:59Z')).toEqual([]);
    expect(await escalateAt('2026-11-24T10:00:00Z')).toEqual([`${c.caseId}:2`]);
    expect(await escalateAt('2026-11-24T10:05:00Z')).toEqual([]);
    expect(await escalateAt('2026-12-24T10:00:00Z')).toEqual([]);
    expect(levelsSentFor(c.caseId)).toEqual([1, 2]);
    expect(alerts.sent[1]?.subject).toContain('Escalation level 2');
    expect(alerts.sent[1]?.body).toContain('Escalation level 2 of 2');
    expect((await store.getCase(c.caseId))?.escalationLevel).toBe(2);
  });

  it('never escalates a contacted case', async () => {
    // Prepare: one case contacted before its due time, one after its level-1 escalation.
    const early = await openCase(due);
    const late = await openCase(due);
    now = new Date('2026-11-23T13:00:00Z');
    await updateCase({ store, clock }, early.caseId, { status: 'contacted', note: 'called' });
    expect(await escalateAt('2026-11-23T14:30:00Z')).toEqual([`${late.caseId}:1`]);
    await updateCase({ store, clock }, late.caseId, { status: 'contacted' });
    // Act: long after both thresholds
    const later = await escalateAt('2026-11-30T12:00:00Z');
    // Assess
    expect(later).toEqual([]);
    expect(levelsSentFor(early.caseId)).toEqual([]);
    expect(levelsSentFor(late.caseId)).toEqual([1]);
    expect(await store.getCase(late.caseId)).toMatchObject({ status: 'contacted', escalationLevel: 1 });
  });

  it('does not escalate a reopened case: its first contact happened', async () => {
    const c = await openCase(due);
    now = new Date('2026-11-23T12:00:00Z');
    await updateCase({ store, clock }, c.caseId, { status: 'resolved', outcome: 'unreachable' });
    await updateCase({ store, clock }, c.caseId, { status: 'open', note: 'customer wrote back' });
    expect(await escalateAt('2026-11-25T12:00:00Z')).toEqual([]);
  });

  it('follows business hours across a weekend', async () => {
    // Support works 09–17 in Madrid (UTC+1 in November); a normal case has one business day (8 h).
    const friday = await openCase('2026-11-27T15:00:00Z', { teamId: 'support', severity: 'normal' });
    expect(await escalateAt('2026-11-27T15:00:00Z')).toEqual([`${friday.caseId}:1`]);
    // Sixteen wall-clock hours of a weekend are not a business day.
    expect(await escalateAt('2026-11-28T15:00:00Z')).toEqual([]);
    expect(await escalateAt('2026-11-29T23:00:00Z')).toEqual([]);
    // Friday 16:00 + 1 h + Monday 09:00–16:00 (7 h) = Monday 16:00 Madrid = 15:00 UTC.
    expect(await escalateAt('2026-11-30T14:59:59Z')).toEqual([]);
    expect(await escalateAt('2026-11-30T15:00:00Z')).toEqual([`${friday.caseId}:2`]);
    expect(levelsSentFor(friday.caseId)).toEqual([1, 2]);
    // No lead for support: the configured default contact.
    expect(alerts.sent.map((m) => m.to)).toEqual(['care.manager@example.com', 'care.manager@example.com']);
  });

  it('sends one level-2 alert for a case found past both thresholds at once', async () => {
    const c = await openCase(due);
    expect(await escalateAt('2026-11-25T12:00:00Z')).toEqual([`${c.caseId}:2`]);
    expect(levelsSentFor(c.caseId)).toEqual([2]);
  });

  it('gives the level back when the alert cannot be sent, so the next run sends it', async () => {
    const c = await openCase(due);
    alerts.failNext = 1;
    now = new Date('2026-11-23T14:05:00Z');
    const failed = await escalateOverdueCases(deps());
    expect(failed.failed.map((f) => [f.caseId, f.level])).toEqual([[c.caseId, 1]]);
    expect((await store.getCase(c.caseId))?.escalationLevel).toBeUndefined();
    expect(await escalateAt('2026-11-23T14:10:00Z')).toEqual([`${c.caseId}:1`]);
    expect(levelsSentFor(c.caseId)).toEqual([1]);
  });

  it('escalates to the alert channel when neither a lead nor a default contact is configured', async () => {
    const bare = createContainer(parseConfig({})).teamRouting();
    const c = await openCase(due, { teamId: 'logistics' });
    await escalateAt('2026-11-23T14:00:00Z', { routing: bare });
    expect(alerts.sent).toHaveLength(1);
    expect(alerts.sent[0]?.caseId).toBe(c.caseId);
    expect(alerts.sent[0]?.to).toBeUndefined();
  });
});

describe('escalating to the topic and Slack (real store, Slack stub, fake clock)', () => {
  // Monday 2026-11-23, billing 09–17 UTC, high severity: level 1 at 14:00, level 2 Tuesday 10:00.
  const due = '2026-11-23T14:00:00Z';
  let slack: SlackStub;

  beforeAll(async () => {
    slack = await startSlackStub();
  });
  afterAll(async () => {
    await slack?.stop();
  });

  /** The recording topic and the Slack stub, in the order the container configures them. */
  const bothChannels = (): Partial<EscalateCasesDeps> => ({
    channels: [
      { name: 'sns', publisher: alerts },
      { name: 'slack', publisher: new SlackAlertPublisher({ webhookUrl: async () => slack.url }) },
    ],
  });

  const runAt = (at: string) => {
    now = new Date(at);
    return escalateOverdueCases(deps(bothChannels()));
  };

  /** Slack posts about the case, as `level:status`. */
  const slackPostsFor = (caseId: string) =>
    slack.about(caseId).map((r) => `${/Escalation level (\d)/.exec(r.payload.text)?.[1]}:${r.status}`);

  it('sends each level to the topic and Slack once, however often and concurrently the escalator runs', async () => {
    // Prepare
    const c = await openCase(due, {
      comment: 'Still <!channel> no refund & no call',
      customerName: 'Ana Pérez',
    });

    // Act: level 1, repeated runs, three at once; then level 2 the same way
    const first = await runAt('2026-11-23T14:00:00Z');
    await runAt('2026-11-23T14:05:00Z');
    await Promise.all([1, 2, 3].map(() => escalateOverdueCases(deps(bothChannels()))));
    const second = await runAt('2026-11-24T10:00:00Z');
    now = new Date('2026-11-24T10:05:00Z');
    await Promise.all([1, 2, 3].map(() => escalateOverdueCases(deps(bothChannels()))));

    // Assess
    expect(first.escalated).toEqual([
      { caseId: c.caseId, level: 1, to: 'lead.billing@example.com', channels: ['sns', 'slack'] },
    ]);
    expect(second.escalated.map((e) => [e.level, e.channels])).toEqual([[2, ['sns', 'slack']]]);
    expect(levelsSentFor(c.caseId)).toEqual([1, 2]);
    expect(slackPostsFor(c.caseId)).toEqual(['1:200', '2:200']);
    expect(await store.getCase(c.caseId)).toMatchObject({
      escalationLevel: 2,
      escalatedSnsLevel: 2,
      escalatedSlackLevel: 2,
    });
    // The Slack message: the escalation header, the lead, the case as its alert shows it, escaped.
    const [post] = slack.about(c.caseId);
    const blocks = post?.payload.blocks ?? [];
    expect(blocks.map((b) => b.type)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'actions',
      'context',
    ]);
    expect(JSON.stringify(blocks[0])).toContain('Escalation level 1 of 2');
    expect(JSON.stringify(blocks[1])).toContain('lead.billing@example.com');
    expect(post?.raw).toContain('Still &lt;!channel&gt; no refund &amp; no call');
    expect(post?.raw).not.toContain('<!channel>');
    expect(post?.raw).toContain(`https://lifeline.example.com/cases/${c.caseId}`);
  });

  it('retries only Slack when Slack answered 500: the topic does not get the level again', async () => {
    // Prepare
    const c = await openCase(due);
    slack.answerNext(500);

    // Act
    const failed = await runAt('2026-11-23T14:00:00Z');
    const afterFailure = await store.getCase(c.caseId);
    const retried = await runAt('2026-11-23T14:05:00Z');
    const later = await runAt('2026-11-23T14:10:00Z');

    // Assess: the first run sent the topic, gave the level back for Slack
    expect(failed.escalated).toEqual([]);
    expect(failed.failed.map((f) => [f.caseId, f.level, f.failures.map((x) => x.channel)])).toEqual([
      [c.caseId, 1, ['slack']],
    ]);
    expect(afterFailure).toMatchObject({ escalatedSnsLevel: 1 });
    expect(afterFailure?.escalationLevel).toBeUndefined();
    expect(afterFailure?.escalatedSlackLevel).toBeUndefined();
    // ...the next run sent Slack only, and nothing more after that
    expect(retried.escalated).toEqual([
      expect.objectContaining({ caseId: c.caseId, level: 1, channels: ['slack'] }),
    ]);
    expect(later.escalated).toEqual([]);
    expect(levelsSentFor(c.caseId)).toEqual([1]);
    expect(slackPostsFor(c.caseId)).toEqual(['1:500', '1:200']);
    expect(await store.getCase(c.caseId)).toMatchObject({
      escalationLevel: 1,
      escalatedSnsLevel: 1,
      escalatedSlackLevel: 1,
    });
  });

  it('retries only the topic when it failed and Slack took the level', async () => {
    const c = await openCase(due);
    alerts.failNext = 1;
    const failed = await runAt('2026-11-23T14:00:00Z');
    const retried = await runAt('2026-11-23T14:05:00Z');
    expect(failed.failed.map((f) => f.failures.map((x) => x.channel))).toEqual([['sns']]);
    expect(retried.escalated.map((e) => e.channels)).toEqual([['sns']]);
    expect(levelsSentFor(c.caseId)).toEqual([1]);
    expect(slackPostsFor(c.caseId)).toEqual(['1:200']);
  });

  it('marks Slack failed for a level it refused with a 400, never retries it, and sends the topic once', async () => {
    // Prepare
    const c = await openCase(due);
    slack.answerNext(400);

    // Act
    const refused = await runAt('2026-11-23T14:00:00Z');
    await runAt('2026-11-23T14:05:00Z');
    await runAt('2026-11-23T16:00:00Z');

    // Assess: the level is done (not given back), Slack marked failed, the topic got it once
    expect(refused.failed).toEqual([]);
    expect(refused.refused).toEqual([
      { caseId: c.caseId, level: 1, channel: 'slack', reason: 'Slack answered 400 invalid_payload' },
    ]);
    expect(refused.escalated).toEqual([
      expect.objectContaining({ caseId: c.caseId, level: 1, channels: ['sns'] }),
    ]);
    expect(levelsSentFor(c.caseId)).toEqual([1]);
    expect(slackPostsFor(c.caseId)).toEqual(['1:400']);
    const stored = await store.getCase(c.caseId);
    expect(stored).toMatchObject({ escalationLevel: 1, escalatedSnsLevel: 1, escalatedSlackLevel: 1 });
    expect(stored?.escalationSlackFailure).toMatch(/^level 1 2026-11-23T14:00:00.000Z Slack answered 400/);

    // A later level is a new alert: Slack is tried for it (and takes it).
    await runAt('2026-11-24T10:00:00Z');
    expect(slackPostsFor(c.caseId)).toEqual(['1:400', '2:200']);
    expect(levelsSentFor(c.caseId)).toEqual([1, 2]);
  });

  it('goes by the channel markers the claim found, not by the page the run read before it', async () => {
    // Prepare: a run read the case, then another run sent level 1 to the topic and gave it back
    const c = await openCase(due);
    now = new Date('2026-11-23T14:00:00Z');
    const stalePage = { ...c };
    await store.markEscalationChannel(c.caseId, 'sns', 1, now);
    const staleStore: EscalateCasesDeps['cases'] = {
      overdueCases: async function* () {
        yield [stalePage];
      },
      claimEscalation: store.claimEscalation.bind(store),
      releaseEscalation: store.releaseEscalation.bind(store),
      markEscalationChannel: store.markEscalationChannel.bind(store),
    };

    // Act
    const run = await escalateOverdueCases(deps({ ...bothChannels(), cases: staleStore }));

    // Assess
    expect(run.escalated.map((e) => e.channels)).toEqual([['slack']]);
    expect(levelsSentFor(c.caseId)).toEqual([]);
  });
});

describe('the caseEscalator function in the local runtime (outbox and Slack stub)', () => {
  let rt: TestRuntime;
  let slack: SlackStub;

  beforeAll(async () => {
    slack = await startSlackStub();
    rt = await startTestRuntime({
      env: {
        LIFELINE_TEAMS: JSON.stringify({ billing: { lead: 'lead.billing@example.com' } }),
        LIFELINE_SLACK_WEBHOOK_URL: slack.url,
      },
      // The tests fire the schedule themselves.
      scheduleIntervalsMs: { caseEscalator: 3_600_000 },
    });
  });
  afterAll(async () => {
    await rt?.stop();
    await slack?.stop();
  });

  /** A detractor opens a case (billing team), whose due time is then moved into the past. */
  async function overdueCase(): Promise<string> {
    const receipt = (await (await rt.api('POST', '/interactions', { body: interaction() })).json()) as {
      invitationId: string;
      surveyUrl: string;
    };
    await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(receipt.surveyUrl), score: 1 },
    });
    await rt.settle();
    const caseId = `case_${receipt.invitationId}`;
    const past = new Date(Date.now() - 60_000).toISOString();
    await db.send(
      new UpdateCommand({
        TableName: rt.tableName,
        Key: keys.recoveryCase(caseId),
        UpdateExpression: 'SET dueAt = :due, gsi3sk = :sk',
        ExpressionAttributeValues: { ':due': past, ':sk': byStatus('open', past, caseId).gsi3sk },
      }),
    );
    return caseId;
  }

  const fireSchedule = () => rt.invoke('caseEscalator', structuredClone(scheduledEvent));

  async function outboxAlerts(caseId: string) {
    const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
      messages: { kind: string; to: string; subject?: string; body: string; caseId?: string }[];
    };
    return messages.filter((m) => m.caseId === caseId && m.kind === 'alert');
  }

  /** Escalation posts to Slack about the case, as their statuses (the care-team alert left out). */
  const slackEscalations = (caseId: string) =>
    slack
      .about(caseId)
      .filter((r) => r.payload.text.startsWith('Escalation level 1'))
      .map((r) => r.status);

  it('sends the team lead one escalation alert through the outbox and one to Slack, for a case past its due time', async () => {
    // Prepare
    const caseId = await overdueCase();

    // Act: the schedule fires twice
    await fireSchedule();
    await fireSchedule();

    // Assess
    const forCase = await outboxAlerts(caseId);
    expect(forCase).toHaveLength(2); // the detractor alert to the care team, then the escalation
    expect(forCase[0]?.to).toBe('care-team');
    expect(forCase[1]).toMatchObject({
      to: 'lead.billing@example.com',
      subject: expect.stringMatching(/^Escalation level 1: detractor 1\/10/),
    });
    expect(forCase[1]?.body).toContain(`${rt.url}/cases/${caseId}`);
    expect(slackEscalations(caseId)).toEqual([200]);
    const view = (await (await rt.api('GET', `/cases/${caseId}`)).json()) as Record<string, unknown>;
    expect(view).toMatchObject({ status: 'open', escalationLevel: 1 });
  });

  it('after a Slack 500, fails the run and the next run posts to Slack only', async () => {
    // Prepare
    const caseId = await overdueCase();
    const errors = vi.spyOn(logger, 'error');
    slack.answerNext(500);

    // Act
    await expect(fireSchedule()).rejects.toThrow('could not be sent to every channel');
    await fireSchedule();
    await fireSchedule();

    // Assess
    expect(slackEscalations(caseId)).toEqual([500, 200]);
    expect((await outboxAlerts(caseId)).filter((m) => m.to === 'lead.billing@example.com')).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith(
      'Escalation not sent',
      expect.objectContaining({ caseId, level: 1, channel: 'slack' }),
    );
    errors.mockRestore();
  });

  it('after a Slack 400, logs the refusal at ERROR, marks Slack failed and never retries it', async () => {
    // Prepare
    const caseId = await overdueCase();
    const errors = vi.spyOn(logger, 'error');
    slack.answerNext(400);

    // Act
    await fireSchedule();
    await fireSchedule();

    // Assess
    expect(slackEscalations(caseId)).toEqual([400]);
    expect((await outboxAlerts(caseId)).filter((m) => m.to === 'lead.billing@example.com')).toHaveLength(1);
    expect(errors).toHaveBeenCalledWith(
      'Escalation refused for good by an alert channel',
      expect.objectContaining({
        caseId,
        level: 1,
        channel: 'slack',
        reason: 'Slack answered 400 invalid_payload',
      }),
    );
    const stored = await new DynamoDbStore(db, rt.tableName).getCase(caseId);
    expect(stored).toMatchObject({ escalationLevel: 1, escalatedSnsLevel: 1, escalatedSlackLevel: 1 });
    expect(stored?.escalationSlackFailure).toContain('Slack answered 400 invalid_payload');
    errors.mockRestore();
  });
});
