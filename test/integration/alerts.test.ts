/**
 * Care-team alerts fan out to the alert topic (locally the outbox) and Slack, once per channel,
 * under at-least-once delivery: repeated messages, retries after a partial failure, a DLQ redrive.
 * Slack is a local HTTP stub (test/support/slack-stub.ts); the rest is the real local runtime.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import type { RecoveryCase } from '../../functions/domain/model';
import { logger } from '../../functions/platform/observability';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localClient } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';
import { type SlackStub, startSlackStub } from '../support/slack-stub';

const MAX_RECEIVES = 3;

let rt: TestRuntime;
let slack: SlackStub;
let sqs: SQSClient;
let store: DynamoDbStore;

beforeAll(async () => {
  slack = await startSlackStub();
  rt = await startTestRuntime({
    env: { LIFELINE_SLACK_WEBHOOK_URL: slack.url },
    // Retries a second apart, the DLQ after three receives: the same path as on AWS, faster.
    queueOverrides: { alerts: { visibilityTimeoutSeconds: 1, maxReceiveCount: MAX_RECEIVES } },
    scheduleIntervalsMs: { alertDigest: 3_600_000, caseEscalator: 3_600_000 },
  });
  sqs = new SQSClient({ endpoint: rt.queues.endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
  store = new DynamoDbStore(createDocumentClient(localClient(inject('dynamoEndpoint'))), rt.tableName);
});
afterAll(async () => {
  sqs?.destroy();
  await rt?.stop();
  await slack?.stop();
});

/** A detractor answer, processed: its case id. */
async function detractorCase(comment = 'Nobody called me back.', score = 2): Promise<string> {
  const res = await rt.api('POST', '/interactions', { body: interaction({}, { name: 'Ana Pérez' }) });
  const { surveyUrl, invitationId } = (await res.json()) as { surveyUrl: string; invitationId: string };
  const answered = await rt.api('POST', '/responses', {
    admin: false,
    body: { token: tokenOf(surveyUrl), score, comment },
  });
  expect(answered.status).toBe(202);
  await rt.settle();
  const { cases } = (await (await rt.api('GET', '/cases')).json()) as {
    cases: { caseId: string; invitationId: string }[];
  };
  const caseId = cases.find((c) => c.invitationId === invitationId)?.caseId;
  if (!caseId) throw new Error('no case opened');
  return caseId;
}

async function outboxAlerts(caseId: string) {
  const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
    messages: { kind: string; caseId?: string; blocks?: unknown }[];
  };
  return messages.filter((m) => m.kind === 'alert' && m.caseId === caseId);
}

async function deliverAlertMessage(caseId: string, times: number, queueUrl = rt.queues.urls.alerts) {
  for (let i = 0; i < times; i++) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ caseId }) }));
  }
}

const caseOf = async (caseId: string): Promise<RecoveryCase> => {
  const found = await store.getCase(caseId);
  if (!found) throw new Error(`no case ${caseId}`);
  return found;
};

describe('care-team alerts to the topic and Slack', () => {
  it('posts one Slack message per case even when the alert message is delivered three times and redriven', async () => {
    // Prepare
    const caseId = await detractorCase();
    expect(slack.about(caseId, 200)).toHaveLength(1);

    // Act: three more deliveries, and one more that waited in the DLQ and is redriven days later
    await deliverAlertMessage(caseId, 3);
    await deliverAlertMessage(caseId, 1, rt.queues.dlqUrls.alerts);
    expect(await rt.queues.redrive('alerts')).toBe(1);
    await rt.settle();

    // Assess
    expect(slack.about(caseId)).toHaveLength(1);
    expect(await outboxAlerts(caseId)).toHaveLength(1);
    expect(await caseOf(caseId)).toMatchObject({
      alertedAt: expect.any(String),
      alertedSnsAt: expect.any(String),
      alertedSlackAt: expect.any(String),
    });
  });

  it('posts Block Kit with what the care team needs, the customer text escaped', async () => {
    // Act
    const caseId = await detractorCase('<script>alert("x")</script> & still no refund', 1);

    // Assess
    const [post] = slack.about(caseId, 200);
    const blocks = post?.payload.blocks ?? [];
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    const fields = ((blocks[1]?.fields ?? []) as { text: string }[]).map((f) => f.text.split('\n')[0]);
    expect(fields).toEqual([
      '*Score*',
      '*Severity*',
      '*Sentiment*',
      '*Customer*',
      '*Interaction*',
      '*Agent / team / product*',
      '*Owner*',
      '*First contact due*',
    ]);
    expect(post?.raw).toContain('1/10 (detractor)');
    expect(post?.raw).toContain('Ana Pérez');
    expect(post?.raw).toContain('&lt;script&gt;alert(\\"x\\")&lt;/script&gt; &amp; still no refund');
    expect(post?.raw).not.toContain('<script>');
    expect(blocks[3]).toMatchObject({ elements: [{ type: 'button', url: `${rt.url}/cases/${caseId}` }] });
    // The topic's stand-in got the plain text only: the webhook is set, so Slack is not in the outbox.
    const [outboxAlert] = await outboxAlerts(caseId);
    expect(outboxAlert?.blocks).toBeUndefined();
  });

  it('retries a 500 from Slack and succeeds later without sending to the topic again', async () => {
    // Prepare: Slack fails twice, then recovers
    slack.answerNext(500, 500);

    // Act
    const caseId = await detractorCase();

    // Assess
    expect(slack.about(caseId).map((r) => r.status)).toEqual([500, 500, 200]);
    expect(await outboxAlerts(caseId)).toHaveLength(1);
    expect(await rt.queues.depth('alerts', 'dlq')).toBe(0);
    expect((await caseOf(caseId)).alertedAt).toBeDefined();
  });

  it('sends to Slack once after the message went to the DLQ and was redriven, the topic still once', async () => {
    // Prepare: Slack is down for every receive, so the message ends in the DLQ
    slack.answerNext(...Array(MAX_RECEIVES).fill(503));
    const caseId = await detractorCase();
    await vi.waitFor(async () => expect(await rt.queues.depth('alerts', 'dlq')).toBe(1), { timeout: 10_000 });
    expect(slack.about(caseId, 200)).toHaveLength(0);
    expect((await caseOf(caseId)).alertedAt).toBeUndefined();

    // Act: Slack is back; an operator redrives the DLQ (twice, by mistake)
    await rt.queues.redrive('alerts');
    await rt.settle();
    await deliverAlertMessage(caseId, 1, rt.queues.dlqUrls.alerts);
    await rt.queues.redrive('alerts');
    await rt.settle();

    // Assess
    expect(slack.about(caseId, 200)).toHaveLength(1);
    expect(await outboxAlerts(caseId)).toHaveLength(1);
    expect((await caseOf(caseId)).alertedAt).toBeDefined();
  });

  it('does not retry a 400 from Slack: the channel is marked failed and logged, nothing loops to the DLQ', async () => {
    // Prepare
    const errors = vi.spyOn(logger, 'error');
    slack.answerNext(400);

    // Act
    const caseId = await detractorCase();

    // Assess
    expect(slack.about(caseId).map((r) => r.status)).toEqual([400]);
    expect(await outboxAlerts(caseId)).toHaveLength(1);
    expect(await rt.queues.depth('alerts', 'dlq')).toBe(0);
    const stored = await caseOf(caseId);
    expect(stored.alertedAt).toBeDefined();
    expect(stored.alertedSlackAt).toBeUndefined();
    expect(stored.alertSlackFailure).toContain('Slack answered 400 invalid_payload');
    expect(errors).toHaveBeenCalledWith(
      'Alert channel refused the alert for good',
      expect.objectContaining({ caseId, channel: 'slack', reason: 'Slack answered 400 invalid_payload' }),
    );
    // A later delivery of the same message changes nothing.
    await deliverAlertMessage(caseId, 1);
    await rt.settle();
    expect(slack.about(caseId)).toHaveLength(1);
    errors.mockRestore();
  });
});
