import { createHash } from 'node:crypto';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QueueName } from '../../functions/domain/ports';
import type { QueueSpec } from '../../functions/wiring';
import { type LocalQueues, type SqsHandler, startLocalQueues } from '../../local/local-queues';

/** Queues started by a test, stopped after it. */
const started: LocalQueues[] = [];
const clients: SQSClient[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((queues) => queues.stop()));
  for (const client of clients.splice(0)) client.destroy();
});

interface Harness {
  queues: LocalQueues;
  /** A client of the local server, as other functions would use it. */
  client: SQSClient;
  logs: string[];
  send(queue: QueueName, bodies: string[]): Promise<void>;
}

async function startQueues(
  handlers: Partial<Record<QueueName, SqsHandler>>,
  overrides: Partial<Record<QueueName, Partial<QueueSpec>>> = {},
): Promise<Harness> {
  const logs: string[] = [];
  const queues = await startLocalQueues({ handlers, overrides, log: (line) => logs.push(line) });
  started.push(queues);
  const client = new SQSClient({
    region: 'us-east-1',
    endpoint: queues.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  clients.push(client);
  const send = async (queue: QueueName, bodies: string[]): Promise<void> => {
    for (let start = 0; start < bodies.length; start += 10) {
      const chunk = bodies.slice(start, start + 10);
      await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queues.urls[queue],
          Entries: chunk.map((body, i) => ({ Id: String(i), MessageBody: body })),
        }),
      );
    }
  };
  return { queues, client, logs, send };
}

/** Every record a handler saw, in delivery order, with the invocation it came in. */
interface Delivery {
  invocation: number;
  body: string;
  receiveCount: number;
  at: number;
}

function recorder(respond: (event: SQSEvent) => SQSBatchResponse | undefined = () => undefined): {
  handler: SqsHandler;
  deliveries: Delivery[];
  batches: SQSEvent[];
} {
  const deliveries: Delivery[] = [];
  const batches: SQSEvent[] = [];
  const handler: SqsHandler = async (event) => {
    batches.push(event);
    for (const record of event.Records) {
      deliveries.push({
        invocation: batches.length,
        body: record.body,
        receiveCount: Number(record.attributes.ApproximateReceiveCount),
        at: Date.now(),
      });
    }
    return respond(event);
  };
  return { handler, deliveries, batches };
}

const bodies = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => JSON.stringify({ id: `m${i}` }));

const failuresFor = (event: SQSEvent, failing: (record: SQSRecord) => boolean): SQSBatchResponse => ({
  batchItemFailures: event.Records.filter(failing).map((record) => ({ itemIdentifier: record.messageId })),
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('local queues (event source mapping on local-aws-sqs)', () => {
  it('delivers batches no larger than batchSize', async () => {
    // Prepare
    const { handler, batches, deliveries } = recorder();
    const { queues, send } = await startQueues(
      { alerts: handler },
      { alerts: { batchSize: 4, maxBatchingWindowSeconds: 0 } },
    );
    await send('alerts', bodies(10));

    // Act
    queues.start();
    await queues.idle();

    // Assess
    const sizes = batches.map((event) => event.Records.length);
    expect(Math.max(...sizes)).toBe(4);
    expect(deliveries.map((d) => d.body).sort()).toEqual(bodies(10).sort());
  });

  it('gathers more than ten messages into one batch within the batching window', async () => {
    // Prepare: responses take 25 per batch, more than one ReceiveMessage can return
    const { handler, batches } = recorder();
    const { queues, send } = await startQueues({ responses: handler });
    await send('responses', bodies(25));

    // Act
    queues.start();
    await queues.idle();

    // Assess
    expect(batches.map((event) => event.Records.length)).toEqual([25]);
  });

  it('runs at most maxConcurrency batches of a queue at once', async () => {
    // Prepare: one message per batch, each batch slow enough to overlap the next
    let running = 0;
    let mostAtOnce = 0;
    let handled = 0;
    const { queues, send } = await startQueues(
      {
        alerts: async (event) => {
          running += 1;
          mostAtOnce = Math.max(mostAtOnce, running);
          await sleep(200);
          handled += event.Records.length;
          running -= 1;
        },
      },
      { alerts: { batchSize: 1, maxBatchingWindowSeconds: 0, maxConcurrency: 2 } },
    );
    await send('alerts', bodies(6));

    // Act
    queues.start();
    await queues.idle();

    // Assess
    expect(handled).toBe(6);
    expect(mostAtOnce).toBe(2);
  });

  it('builds records and a context shaped like the ones Lambda passes', async () => {
    // Prepare
    let seen: { record: SQSRecord; context: Context; remaining: number } | undefined;
    const { queues, send } = await startQueues({
      alerts: async (event, context) => {
        const [record] = event.Records;
        if (record) seen = { record, context, remaining: context.getRemainingTimeInMillis() };
      },
    });
    await send('alerts', ['{"caseId":"c1"}']);

    // Act
    queues.start();
    await queues.idle();

    // Assess
    expect(seen?.record).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: '{"caseId":"c1"}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update('{"caseId":"c1"}').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:alerts',
      awsRegion: 'us-east-1',
    });
    expect(seen?.context.functionName).toBe('alertDispatcher');
    expect(seen?.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    // alertDispatcher's timeout is 30 s
    expect(seen?.remaining).toBeGreaterThan(29_000);
    expect(seen?.remaining).toBeLessThanOrEqual(30_000);
  });

  it('deletes processed messages so they are never delivered again', async () => {
    // Prepare
    const { handler, deliveries } = recorder();
    const { queues, send } = await startQueues(
      { invitations: handler },
      { invitations: { visibilityTimeoutSeconds: 1, maxBatchingWindowSeconds: 0 } },
    );
    await send('invitations', bodies(3));

    // Act
    queues.start();
    await queues.idle();
    await sleep(1_300); // past the visibility timeout: anything left would be delivered again

    // Assess
    expect(deliveries).toHaveLength(3);
    expect(await queues.depth('invitations')).toBe(0);
    expect(await queues.depth('invitations', 'dlq')).toBe(0);
  });

  it('redelivers only the failed message of a partially failed batch, after the visibility timeout', async () => {
    // Prepare: the second message fails on its first delivery
    const failing = JSON.stringify({ id: 'm1' });
    const { handler, deliveries } = recorder((event) =>
      failuresFor(
        event,
        (record) => record.body === failing && record.attributes.ApproximateReceiveCount === '1',
      ),
    );
    const { queues, send } = await startQueues(
      { alerts: handler },
      { alerts: { visibilityTimeoutSeconds: 1 } },
    );
    await send('alerts', bodies(3));

    // Act
    queues.start();
    await queues.idle();

    // Assess
    const counts = Object.fromEntries(
      bodies(3).map((b) => [b, deliveries.filter((d) => d.body === b).length]),
    );
    expect(counts).toEqual({ [bodies(3)[0] ?? '']: 1, [failing]: 2, [bodies(3)[2] ?? '']: 1 });
    const [first, second] = deliveries.filter((d) => d.body === failing);
    expect(second?.receiveCount).toBe(2);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(900);
  });

  it.each<[string, (event: SQSEvent) => Promise<SQSBatchResponse | undefined>]>([
    [
      'the handler throws',
      async () => {
        throw new Error('downstream unavailable');
      },
    ],
    [
      'an itemIdentifier is not in the batch',
      async () => ({ batchItemFailures: [{ itemIdentifier: 'nope' }] }),
    ],
    ['an itemIdentifier is empty', async () => ({ batchItemFailures: [{ itemIdentifier: '' }] })],
  ])('fails the whole batch when %s', async (_, failFirstInvocation) => {
    // Prepare: the first invocation fails in the given way, later ones succeed
    let invocations = 0;
    const { handler, deliveries } = recorder();
    const { queues, logs, send } = await startQueues(
      {
        alerts: async (event, context) => {
          invocations += 1;
          if (invocations === 1) {
            await handler({ Records: event.Records }, context);
            return failFirstInvocation(event);
          }
          return handler(event, context);
        },
      },
      { alerts: { visibilityTimeoutSeconds: 1 } },
    );
    await send('alerts', bodies(2));

    // Act
    queues.start();
    await queues.idle();

    // Assess: both were delivered again, neither was deleted after the failed invocation
    const firstBatch = deliveries.filter((d) => d.invocation === 1);
    expect(firstBatch).toHaveLength(2);
    const redelivered = deliveries.filter((d) => d.invocation > 1);
    expect(redelivered.map((d) => d.body).sort()).toEqual(bodies(2).sort());
    expect(redelivered.every((d) => d.receiveCount === 2)).toBe(true);
    expect(logs.some((line) => line.includes('all failed'))).toBe(true);
  });

  it('moves a message that always fails to the DLQ after maxReceiveCount deliveries', async () => {
    // Prepare
    const { handler, deliveries } = recorder((event) => failuresFor(event, () => true));
    const { queues, send } = await startQueues(
      { alerts: handler },
      { alerts: { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 } },
    );
    await send('alerts', ['{"caseId":"poison"}']);

    // Act
    queues.start();
    await vi.waitFor(async () => expect(await queues.depth('alerts', 'dlq')).toBe(1), { timeout: 5_000 });

    // Assess
    expect(deliveries.map((d) => d.receiveCount)).toEqual([1, 2]);
    expect(await queues.depth('alerts')).toBe(0);
    await queues.idle();
    expect(deliveries).toHaveLength(2);
  });

  it('redrives DLQ messages back to the source queue, where they are processed', async () => {
    // Prepare: a message already in the dead-letter queue
    const { handler, deliveries } = recorder();
    const { queues, client } = await startQueues({ alerts: handler });
    await client.send(
      new SendMessageCommand({ QueueUrl: queues.dlqUrls.alerts, MessageBody: '{"caseId":"c9"}' }),
    );
    queues.start();

    // Act
    const moved = await queues.redrive('alerts');
    await queues.idle();

    // Assess
    expect(moved).toBe(1);
    expect(deliveries.map((d) => d.body)).toEqual(['{"caseId":"c9"}']);
    expect(await queues.depth('alerts', 'dlq')).toBe(0);
  });

  it('delivers a message received twice within one batching window once', async () => {
    // Prepare: a batching window (2 s) longer than the visibility timeout (1 s), so the poller
    // receives the same message again before it invokes
    const { handler, batches } = recorder();
    const { queues, logs, send } = await startQueues(
      { responses: handler },
      { responses: { visibilityTimeoutSeconds: 1, maxBatchingWindowSeconds: 2 } },
    );
    await send('responses', ['{"responseId":"r1"}']);

    // Act
    queues.start();
    await queues.idle();

    // Assess: one record, carrying the latest receipt (receive count 2, or 3 if the window closed late)
    expect(batches).toHaveLength(1);
    expect(batches[0]?.Records).toHaveLength(1);
    expect(Number(batches[0]?.Records[0]?.attributes.ApproximateReceiveCount)).toBeGreaterThanOrEqual(2);
    expect(logs.some((line) => line.includes('received twice'))).toBe(true);
  });

  it('idle() waits for work that handlers pass on to other queues', async () => {
    // Prepare: the responses consumer forwards every message to the alerts queue
    const alerts = recorder();
    let forward: ((bodies: string[]) => Promise<void>) | undefined;
    const { queues, send } = await startQueues(
      {
        responses: async (event) => {
          await sleep(100);
          await forward?.(event.Records.map((record) => record.body));
        },
        alerts: alerts.handler,
      },
      { responses: { maxBatchingWindowSeconds: 0 } },
    );
    forward = (forwarded) => send('alerts', forwarded);
    await send('responses', bodies(3));

    // Act
    queues.start();
    await queues.idle();

    // Assess
    expect(alerts.deliveries).toHaveLength(3);
    expect(await queues.depth('responses')).toBe(0);
    expect(await queues.depth('alerts')).toBe(0);
  });

  it('idle() rejects when a queue does not drain in time', async () => {
    // Prepare: nobody consumes invitations
    const { queues, send } = await startQueues({});
    await send('invitations', bodies(1));
    queues.start();

    // Act
    const waiting = queues.idle(300);

    // Assess
    await expect(waiting).rejects.toThrow(/not idle after 300 ms \(responses=0, invitations=1, alerts=0/);
  });

  it('counts in-flight messages once in the depth', async () => {
    // Prepare: a handler that holds its batch until released
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let invoked = false;
    const { queues, send } = await startQueues({
      alerts: async () => {
        invoked = true;
        await held;
      },
    });
    await send('alerts', bodies(2));

    // Act
    queues.start();
    await vi.waitFor(() => expect(invoked).toBe(true));
    const inFlight = await queues.depth('alerts');
    release();
    await queues.idle();

    // Assess
    expect(inFlight).toBe(2);
    expect(await queues.depth('alerts')).toBe(0);
  });

  it('stop() waits for the batch in flight and leaves no timer, socket or server behind', async () => {
    // Prepare
    const before = liveResources();
    let finished = false;
    let invoked = false;
    const queues = await startLocalQueues({
      handlers: {
        alerts: async () => {
          invoked = true;
          await sleep(300);
          finished = true;
        },
      },
    });
    queues.start();
    const client = new SQSClient({
      region: 'us-east-1',
      endpoint: queues.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(new SendMessageCommand({ QueueUrl: queues.urls.alerts, MessageBody: '{}' }));
    client.destroy();
    await vi.waitFor(() => expect(invoked).toBe(true));

    // Act
    await queues.stop();

    // Assess
    expect(finished).toBe(true);
    const after = liveResources();
    for (const [name, count] of Object.entries(after)) {
      expect(count, name).toBeLessThanOrEqual(before[name] ?? 0);
    }
    await expect(fetch(queues.endpoint)).rejects.toThrow();
  });
});

/** Timers and sockets that keep the event loop alive (unref'd ones do not count). */
function liveResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) {
    if (name === 'Timeout' || name.startsWith('TCP')) counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
