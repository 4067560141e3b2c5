/**
 * Normal-severity alerts bundled into a digest (LIFELINE_ALERT_DIGEST_MINUTES=5) while high
 * severity goes at once. The real local runtime, Slack as a local HTTP stub; the digest function
 * is invoked as its schedule would (its timer is pushed out of the way).
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import scheduledEvent from '../../events/scheduled-alert-digest.json';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { keys } from '../../functions/adapters/dynamodb/keys';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClient } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';
import { type SlackStub, startSlackStub } from '../support/slack-stub';

let rt: TestRuntime;
let slack: SlackStub;
let sqs: SQSClient;
const db = createDocumentClient(localClient(inject('dynamoEndpoint')));
let store: DynamoDbStore;

beforeAll(async () => {
  slack = await startSlackStub();
  rt = await startTestRuntime({
    env: { LIFELINE_SLACK_WEBHOOK_URL: slack.url, LIFELINE_ALERT_DIGEST_MINUTES: '5' },
    queueOverrides: { alerts: { visibilityTimeoutSeconds: 1 } },
    scheduleIntervalsMs: { alertDigest: 3_600_000, caseEscalator: 3_600_000 },
  });
  sqs = new SQSClient({ endpoint: rt.queues.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  store = new DynamoDbStore(db, rt.tableName);
});
afterAll(async () => {
  sqs?.destroy();
  await rt?.stop();
  await slack?.stop();
});

/** Each test starts as if the last digest went out long ago. */
beforeEach(async () => {
  await db.send(
    new UpdateCommand({
      TableName: rt.tableName,
      Key: keys.alertDigest(),
      UpdateExpression: 'REMOVE lastDigestAt',
    }),
  );
});

/** A processed detractor answer: its case id. Score 1: high severity; 5 or 6 without a comment: normal. */
async function detractorCase(score: number): Promise<string> {
  const res = await rt.api('POST', '/interactions', { body: interaction({}, { name: 'Ana Pérez' }) });
  const { surveyUrl, invitationId } = (await res.json()) as { surveyUrl: string; invitationId: string };
  await rt.api('POST', '/responses', { admin: false, body: { token: tokenOf(surveyUrl), score } });
  await rt.settle();
  const { cases } = (await (await rt.api('GET', '/cases')).json()) as {
    cases: { caseId: string; invitationId: string; severity: string }[];
  };
  const found = cases.find((c) => c.invitationId === invitationId);
  if (!found) throw new Error('no case opened');
  expect(found.severity).toBe(score <= 3 ? 'high' : 'normal');
  return found.caseId;
}

async function outboxAlerts() {
  const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
    messages: { kind: string; caseId?: string; subject?: string; body: string }[];
  };
  return messages.filter((m) => m.kind === 'alert');
}

const digest = () => rt.invoke('alertDigest', structuredClone(scheduledEvent));

describe('alert digest', () => {
  it('alerts high severity at once and lists the normal cases in one digest per channel, never twice', async () => {
    // Prepare
    const high = await detractorCase(1);
    const normal = [await detractorCase(5), await detractorCase(6)];
    // A sweep (or any redelivery) of a normal case's message sends nothing either.
    for (const caseId of normal) {
      await sqs.send(
        new SendMessageCommand({ QueueUrl: rt.queues.urls.alerts, MessageBody: JSON.stringify({ caseId }) }),
      );
    }
    await rt.settle();
    expect(slack.about(high, 200)).toHaveLength(1);
    expect((await outboxAlerts()).filter((m) => m.caseId === high)).toHaveLength(1);
    for (const caseId of normal) expect(slack.about(caseId)).toHaveLength(0);
    const before = { slack: slack.requests.length, outbox: (await outboxAlerts()).length };

    // Act
    const first = await digest();
    const second = await digest();

    // Assess: one digest per channel, listing both normal cases and not the high one
    expect(first).toMatchObject({ state: 'sent', cases: 2 });
    expect(second).toEqual({ state: 'nothing_pending' });
    const posts = slack.requests.slice(before.slack);
    expect(posts).toHaveLength(1);
    for (const caseId of normal) expect(posts[0]?.raw).toContain(`${rt.url}/cases/${caseId}`);
    expect(posts[0]?.raw).not.toContain(high);
    expect(posts[0]?.payload.text).toBe('Lifeline digest: 2 detractor cases of normal severity');
    const digests = (await outboxAlerts()).slice(before.outbox);
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toBe('Detractor digest: 2 detractor cases of normal severity');
    for (const caseId of normal) expect(digests[0]?.body).toContain(`/cases/${caseId}`);
    // No contact details in a message that mixes customers.
    expect(digests[0]?.body).not.toContain('Ana');
    expect(posts[0]?.raw).not.toContain('Ana');
    for (const caseId of normal) {
      expect(await store.getCase(caseId)).toMatchObject({
        alertedAt: expect.any(String),
        alertedSnsAt: expect.any(String),
        alertedSlackAt: expect.any(String),
        digestId: expect.stringMatching(/^digest-/),
      });
    }
  });

  it('waits for the digest window before sending the next one', async () => {
    // Prepare: a digest just went out
    const earlier = await detractorCase(5);
    expect(await digest()).toMatchObject({ state: 'sent', cases: 1 });
    const later = await detractorCase(6);
    const before = slack.requests.length;

    // Act
    const tooSoon = await digest();
    await db.send(
      new UpdateCommand({
        TableName: rt.tableName,
        Key: keys.alertDigest(),
        UpdateExpression: 'SET lastDigestAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 5 * 60_000).toISOString() },
      }),
    );
    const windowOver = await digest();

    // Assess
    expect(tooSoon).toEqual({ state: 'waiting' });
    expect(windowOver).toMatchObject({ state: 'sent', cases: 1 });
    const posts = slack.requests.slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.raw).toContain(later);
    expect(posts[0]?.raw).not.toContain(earlier);
  });

  it('retries a digest Slack failed without sending it to the topic again', async () => {
    // Prepare
    const caseId = await detractorCase(5);
    slack.answerNext(500);
    const outboxBefore = (await outboxAlerts()).length;

    // Act: the first run fails on Slack (the topic took it); the next one, a minute later, retries
    await expect(digest()).rejects.toThrow(/slack/);
    const retried = await digest();

    // Assess
    expect(retried).toMatchObject({ state: 'sent', cases: 1 });
    expect(slack.about(caseId).map((r) => r.status)).toEqual([500, 200]);
    const digests = (await outboxAlerts()).slice(outboxBefore);
    expect(digests).toHaveLength(1);
    expect(digests[0]?.body).toContain(caseId);
    expect((await store.getCase(caseId))?.alertedAt).toBeDefined();
  });
});
