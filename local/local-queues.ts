/**
 * Local stand-in for SQS and for Lambda's SQS event source mapping. A local-aws-sqs server holds every
 * queue of the wiring table plus its dead-letter queue; one poller per queue invokes the consumer's
 * handler the way the event source mapping does: batches up to `batchSize` gathered within the batching
 * window, at most `maxConcurrency` batches at once, partial batch responses, redrive to the DLQ after
 * `maxReceiveCount` deliveries.
 *
 * Behaviours of local-aws-sqs@2.0.2 this file relies on or works around (checked by experiment):
 * - RedrivePolicy is honoured: when the visibility timeout of a message received `maxReceiveCount`
 *   times expires, the server moves it to the DLQ (same MessageId, receive count reset, attribute
 *   DeadLetterQueueSourceArn set). So the poller never moves messages to the DLQ itself.
 * - System attributes come back only with the deprecated `AttributeNames: ['All']`;
 *   `MessageSystemAttributeNames` is ignored.
 * - Every ReceiveMessage waits ~40 ms plus WaitTimeSeconds unless it fills MaxNumberOfMessages, so a
 *   long poll asking for 10 waits the whole WaitTimeSeconds even when messages are there. A long poll
 *   asking for ONE message returns within ~10 ms of its arrival, though (measured: 208 ms for a message
 *   sent at 200 ms; the same poll asking for 2 took the full 2 s). So an empty queue is watched by a
 *   one-message long poll (low latency, ~3x less idle CPU than polling every 100 ms), and the rest of a
 *   batch is gathered with WaitTimeSeconds 0 and short sleeps of our own. stop() aborts the long poll.
 * - ChangeMessageVisibility increments the receive count, so failed messages are never released early:
 *   they reappear after the visibility timeout, as they do behind a real event source mapping.
 * - It once returned the same message twice in one batch; batches are de-duplicated by MessageId.
 * - ApproximateNumberOfMessages counts in-flight messages too (AWS counts visible ones only), so the
 *   depth is ApproximateNumberOfMessages + ApproximateNumberOfMessagesDelayed.
 * - Its own timers (visibility, retention, move tasks) are unref'd, so they never keep the process alive.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
  SQSRecordAttributes,
} from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';
import type { QueueName } from '../functions/domain/ports';
import { type FunctionName, functions, type QueueSpec, queues } from '../functions/wiring';

// biome-ignore lint/suspicious/noConfusingVoidType: the return type of aws-lambda's SQSHandler, so real handlers fit
export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface LocalQueuesOptions {
  /** Port of the SQS server; 0 (the default) picks any free port. */
  port?: number;
  /** Consumer of each queue; a queue without one only accumulates messages. */
  handlers: Partial<Record<QueueName, SqsHandler>>;
  /** overrides per queue for tests, e.g. shorter visibility timeouts */
  overrides?: Partial<Record<QueueName, Partial<QueueSpec>>>;
  /** Receives every log line; silent when absent. Lines never contain message bodies. */
  log?: (line: string) => void;
}

export interface LocalQueues {
  /** http://127.0.0.1:PORT, for AWS_ENDPOINT_URL_SQS. */
  endpoint: string;
  urls: Record<QueueName, string>;
  dlqUrls: Record<QueueName, string>;
  /** Starts the pollers; the queues exist already once startLocalQueues resolves. */
  start(): void;
  /** Resolves when every queue (not DLQs) is empty and no batch is in flight; rejects after timeoutMs. */
  idle(timeoutMs?: number): Promise<void>;
  /** Moves every message of the queue's DLQ back to the source queue (like SQS StartMessageMoveTask); returns the count. */
  redrive(queue: QueueName): Promise<number>;
  /** Messages visible, in flight or delayed, in the queue or its DLQ. */
  depth(queue: QueueName, which?: 'source' | 'dlq'): Promise<number>;
  /** Stops the pollers, waits for in-flight batches and closes the server. */
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
/** local-aws-sqs's default account, which it puts in queue URLs and ARNs. */
const ACCOUNT_ID = '123456789012';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
/** SQS returns at most 10 messages per ReceiveMessage. */
const MAX_MESSAGES_PER_RECEIVE = 10;
/** Long poll of the one-message receive that waits for work on an empty queue. */
const EMPTY_QUEUE_WAIT_SECONDS = 5;
/** Pause after a failed receive, so a broken server does not spin the poller. */
const RECEIVE_ERROR_PAUSE_MS = 250;
/** Pause between receives while a batching window is open. */
const WINDOW_POLL_MS = 50;
const IDLE_CHECK_MS = 50;
const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

const queueNames = Object.keys(queues) as QueueName[];
const dlqName = (queue: QueueName): string => `${queue}-dlq`;
const queueArn = (name: string): string => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`;

export async function startLocalQueues(options: LocalQueuesOptions): Promise<LocalQueues> {
  const log = options.log ?? (() => undefined);
  const specs = resolveSpecs(options.overrides);
  const server = await createSqsServer({ port: options.port ?? 0, hostname: '127.0.0.1', region: REGION });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    await closeServer(server);
    throw new Error('local SQS server did not report its port');
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new SQSClient({ region: REGION, endpoint, credentials: CREDENTIALS });

  let urls: Record<QueueName, string>;
  let dlqUrls: Record<QueueName, string>;
  try {
    ({ urls, dlqUrls } = await createQueues(client, specs));
  } catch (error) {
    client.destroy();
    await closeServer(server);
    throw error;
  }
  log(`sqs listening on ${endpoint}: ${queueNames.join(', ')} (each with a -dlq)`);

  const activity: Activity = { inFlight: 0, generation: 0 };
  const pollers: QueuePoller[] = [];
  for (const queue of queueNames) {
    const handler = options.handlers[queue];
    if (handler) {
      pollers.push(new QueuePoller(queue, specs[queue], urls[queue], handler, client, activity, log));
    }
  }

  const depth = async (queue: QueueName, which: 'source' | 'dlq' = 'source'): Promise<number> => {
    const { Attributes = {} } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: which === 'source' ? urls[queue] : dlqUrls[queue],
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    // local-aws-sqs's ApproximateNumberOfMessages already includes the in-flight ones (see the top).
    return (
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
    );
  };

  let started = false;
  let stopped: Promise<void> | undefined;

  return {
    endpoint,
    urls,
    dlqUrls,
    depth,
    start() {
      if (started || stopped) return;
      started = true;
      for (const poller of pollers) poller.start();
    },
    async idle(timeoutMs = DEFAULT_IDLE_TIMEOUT_MS) {
      const deadline = Date.now() + timeoutMs;
      let depths: number[] = [];
      for (;;) {
        // A batch starting or ending while the depths are read changes the generation, so a message
        // sent by a handler to a queue read a moment earlier cannot slip through.
        const generation = activity.generation;
        if (activity.inFlight === 0) {
          depths = await Promise.all(queueNames.map((queue) => depth(queue)));
          if (depths.every((d) => d === 0) && activity.inFlight === 0 && activity.generation === generation) {
            return;
          }
        }
        if (Date.now() >= deadline) {
          const counts = queueNames.map((queue, i) => `${queue}=${depths[i] ?? '?'}`).join(', ');
          throw new Error(
            `queues not idle after ${timeoutMs} ms (${counts}; ${activity.inFlight} batch(es) in flight)`,
          );
        }
        await pause(IDLE_CHECK_MS);
      }
    },
    async redrive(queue) {
      const moved = await moveAll(client, dlqUrls[queue], urls[queue]);
      log(`sqs ${queue}: redrove ${moved} message(s) from ${dlqName(queue)}`);
      return moved;
    },
    stop() {
      stopped ??= (async () => {
        await Promise.all(pollers.map((poller) => poller.stop()));
        client.destroy();
        await closeServer(server);
        log('sqs stopped');
      })();
      return stopped;
    },
  };
}

/** Batches running (inFlight) and a counter bumped whenever one starts or ends (generation). */
interface Activity {
  inFlight: number;
  generation: number;
}

/** One queue's event source mapping: gathers batches and runs up to maxConcurrency of them at once. */
class QueuePoller {
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  private readonly consumer: FunctionName;
  private readonly arn: string;

  constructor(
    private readonly queue: QueueName,
    private readonly spec: QueueSpec,
    private readonly url: string,
    private readonly handler: SqsHandler,
    private readonly client: SQSClient,
    private readonly activity: Activity,
    private readonly log: (line: string) => void,
  ) {
    this.consumer = spec.consumer;
    this.arn = queueArn(queue);
  }

  start(): void {
    this.loop ??= this.poll();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async poll(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      if (this.running.size >= this.spec.maxConcurrency) {
        // Gather only when a slot is free, so no received message waits invisible for a slot.
        await Promise.race(this.running);
        continue;
      }
      const batch = await this.gather(signal);
      if (batch.length === 0) continue;
      this.activity.inFlight += 1;
      this.activity.generation += 1;
      const run: Promise<void> = this.runBatch(batch).finally(() => {
        this.running.delete(run);
        this.activity.inFlight -= 1;
        this.activity.generation += 1;
      });
      this.running.add(run);
    }
    await Promise.all(this.running);
  }

  /**
   * Waits for a first message, then receives until batchSize messages are gathered or the batching
   * window, opened by the first message, closes. Stopping cuts the wait and the window short; what was
   * gathered is still handed over.
   */
  private async gather(signal: AbortSignal): Promise<ReceivedMessage[]> {
    const gathered = new Map<string, ReceivedMessage>();
    let windowEnd: number | undefined;
    while (!signal.aborted) {
      const waitingForFirst = gathered.size === 0;
      const wanted = waitingForFirst
        ? 1
        : Math.min(MAX_MESSAGES_PER_RECEIVE, this.spec.batchSize - gathered.size);
      let received: ReceivedMessage[];
      try {
        received = await this.receive(wanted, waitingForFirst ? EMPTY_QUEUE_WAIT_SECONDS : 0, signal);
      } catch (error) {
        if (signal.aborted) break;
        this.log(`sqs ${this.queue}: receive failed: ${describe(error)}`);
        await sleep(RECEIVE_ERROR_PAUSE_MS, signal);
        continue;
      }
      for (const message of received) {
        if (gathered.has(message.messageId)) {
          this.log(`sqs ${this.queue}: message ${message.messageId} received twice, delivering it once`);
        }
        // The later copy carries the current receipt handle and receive count.
        gathered.set(message.messageId, message);
      }
      if (gathered.size >= this.spec.batchSize) break;
      if (gathered.size === 0) continue;
      if (waitingForFirst) {
        // Even without a batching window, take along what else is already waiting.
        windowEnd = Date.now() + this.spec.maxBatchingWindowSeconds * 1000;
        continue;
      }
      const windowLeft = (windowEnd ?? 0) - Date.now();
      if (windowLeft <= 0) break;
      if (received.length < wanted) await sleep(Math.min(WINDOW_POLL_MS, windowLeft), signal);
    }
    return [...gathered.values()];
  }

  private async receive(
    wanted: number,
    waitSeconds: number,
    signal: AbortSignal,
  ): Promise<ReceivedMessage[]> {
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.url,
        MaxNumberOfMessages: wanted,
        WaitTimeSeconds: waitSeconds,
        // local-aws-sqs ignores MessageSystemAttributeNames; the deprecated AttributeNames works.
        AttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: signal },
    );
    return Messages.flatMap((message) => {
      const received = toReceivedMessage(message);
      return received ? [received] : [];
    });
  }

  /** Invokes the handler once and deletes what succeeded; it never rejects. */
  private async runBatch(batch: ReceivedMessage[]): Promise<void> {
    const event: SQSEvent = { Records: batch.map((message) => toRecord(message, this.arn)) };
    const timeoutMs = functions[this.consumer].timeoutSeconds * 1000;
    const context = createContext(this.consumer, timeoutMs);
    const counts = batch.map((message) => message.attributes.ApproximateReceiveCount).join(',');
    const label = `sqs ${this.queue} -> ${this.consumer} [${context.awsRequestId}]`;
    let verdict: Verdict;
    try {
      const response = await withTimeout(invoke(this.handler, event, context), timeoutMs);
      verdict = judge(response, new Set(batch.map((message) => message.messageId)));
    } catch (error) {
      verdict = { wholeBatchFailed: `handler failed: ${describe(error)}` };
    }
    if ('wholeBatchFailed' in verdict) {
      this.log(
        `${label}: ${batch.length} record(s) (receive counts ${counts}), all failed: ${verdict.wholeBatchFailed}`,
      );
      return;
    }
    const succeeded = batch.filter((message) => !verdict.failedIds.has(message.messageId));
    try {
      await this.deleteMessages(succeeded);
    } catch (error) {
      this.log(`${label}: deleting processed messages failed: ${describe(error)}`);
    }
    this.log(
      `${label}: ${batch.length} record(s) (receive counts ${counts}), ${succeeded.length} deleted, ` +
        `${verdict.failedIds.size} failed`,
    );
  }

  private async deleteMessages(messages: ReceivedMessage[]): Promise<void> {
    for (let start = 0; start < messages.length; start += MAX_MESSAGES_PER_RECEIVE) {
      const chunk = messages.slice(start, start + MAX_MESSAGES_PER_RECEIVE);
      const { Failed = [] } = await this.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.url,
          Entries: chunk.map((message, i) => ({ Id: String(i), ReceiptHandle: message.receiptHandle })),
        }),
      );
      for (const failure of Failed) {
        this.log(`sqs ${this.queue}: delete failed: ${failure.Code ?? 'unknown'} ${failure.Message ?? ''}`);
      }
    }
  }
}

/** A received message with the fields an SQS record needs. */
interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: SQSRecordAttributes;
  messageAttributes: SQSMessageAttributes;
  md5OfMessageAttributes?: string;
}

const OPTIONAL_RECORD_ATTRIBUTES = [
  'AWSTraceHeader',
  'SequenceNumber',
  'MessageGroupId',
  'MessageDeduplicationId',
  'DeadLetterQueueSourceArn',
] as const;

function toReceivedMessage(message: Message): ReceivedMessage | undefined {
  if (!message.MessageId || !message.ReceiptHandle) return undefined;
  const received = message.Attributes ?? {};
  const now = String(Date.now());
  const attributes: SQSRecordAttributes = {
    ApproximateReceiveCount: received.ApproximateReceiveCount ?? '1',
    SentTimestamp: received.SentTimestamp ?? now,
    SenderId: received.SenderId ?? ACCOUNT_ID,
    ApproximateFirstReceiveTimestamp: received.ApproximateFirstReceiveTimestamp ?? now,
  };
  for (const name of OPTIONAL_RECORD_ATTRIBUTES) {
    const value = received[name];
    if (value !== undefined) attributes[name] = value;
  }
  const result: ReceivedMessage = {
    messageId: message.MessageId,
    receiptHandle: message.ReceiptHandle,
    body: message.Body ?? '',
    md5OfBody: message.MD5OfBody ?? '',
    attributes,
    messageAttributes: toRecordMessageAttributes(message.MessageAttributes ?? {}),
  };
  if (message.MD5OfMessageAttributes) result.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return result;
}

/** SDK message attributes to the shape Lambda puts in SQS records (binary as base64). */
function toRecordMessageAttributes(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined
        ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }
        : {}),
    };
  }
  return result;
}

function toRecord(message: ReceivedMessage, eventSourceARN: string): SQSRecord {
  const record: SQSRecord = {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: { ...message.attributes },
    messageAttributes: message.messageAttributes,
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion: REGION,
  };
  if (message.md5OfMessageAttributes) record.md5OfMessageAttributes = message.md5OfMessageAttributes;
  return record;
}

function createContext(functionName: FunctionName, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${functionName}`,
    memoryLimitInMB: String(functions[functionName].memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${day}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type Verdict = { failedIds: Set<string> } | { wholeBatchFailed: string };

/**
 * Reads a handler's response as Lambda does with ReportBatchItemFailures: no response, no or an empty
 * batchItemFailures means success; an unreadable response or an itemIdentifier that is empty or not
 * in the batch fails the whole batch.
 */
function judge(response: unknown, batchIds: ReadonlySet<string>): Verdict {
  if (response === undefined || response === null) return { failedIds: new Set() };
  if (typeof response !== 'object') return { wholeBatchFailed: 'response is not an object' };
  const failures: unknown = 'batchItemFailures' in response ? response.batchItemFailures : undefined;
  if (failures === undefined || failures === null) return { failedIds: new Set() };
  if (!Array.isArray(failures)) return { wholeBatchFailed: 'batchItemFailures is not a list' };
  const failedIds = new Set<string>();
  for (const failure of failures) {
    const id: unknown =
      typeof failure === 'object' && failure !== null && 'itemIdentifier' in failure
        ? failure.itemIdentifier
        : undefined;
    if (typeof id !== 'string' || id === '') {
      return { wholeBatchFailed: 'batchItemFailures holds an empty or missing itemIdentifier' };
    }
    if (!batchIds.has(id)) return { wholeBatchFailed: `itemIdentifier ${id} is not in the batch` };
    failedIds.add(id);
  }
  return { failedIds };
}

/** Calls the handler so that a synchronous throw becomes a rejection. */
async function invoke(handler: SqsHandler, event: SQSEvent, context: Context): Promise<unknown> {
  return handler(event, context);
}

/** Like Lambda's timeout, except that the handler cannot be frozen: it runs on, its result ignored. */
function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  work.catch(() => undefined); // a rejection after the timeout must not go unhandled
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Task timed out after ${timeoutMs / 1000} seconds`)),
      timeoutMs,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Moves every message of one queue to another: receive, send, then delete. */
async function moveAll(client: SQSClient, fromUrl: string, toUrl: string): Promise<number> {
  // Done by hand rather than with StartMessageMoveTask: local-aws-sqs runs move tasks on a 1 s tick and
  // reports progress only through ListMessageMoveTasks, while this returns as soon as the DLQ is empty.
  let moved = 0;
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: fromUrl,
        MaxNumberOfMessages: MAX_MESSAGES_PER_RECEIVE,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    const unique = [...new Map(Messages.map((message) => [message.MessageId, message])).values()];
    if (unique.length === 0) return moved;
    const { Failed = [] } = await client.send(
      new SendMessageBatchCommand({
        QueueUrl: toUrl,
        Entries: unique.map((message, i) => ({
          Id: String(i),
          MessageBody: message.Body ?? '',
          ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
        })),
      }),
    );
    const sent = unique.filter((_, i) => !Failed.some((failure) => failure.Id === String(i)));
    if (sent.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: fromUrl,
          Entries: sent.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    }
    moved += sent.length;
    if (Failed.length > 0) {
      throw new Error(
        `redrive: ${Failed.length} message(s) could not be sent back (${Failed[0]?.Code ?? 'unknown'})`,
      );
    }
  }
}

async function createQueues(
  client: SQSClient,
  specs: Record<QueueName, QueueSpec>,
): Promise<{ urls: Record<QueueName, string>; dlqUrls: Record<QueueName, string> }> {
  const urls: Partial<Record<QueueName, string>> = {};
  const dlqUrls: Partial<Record<QueueName, string>> = {};
  for (const queue of queueNames) {
    const spec = specs[queue];
    // The DLQ first: local-aws-sqs refuses a RedrivePolicy whose target does not exist.
    dlqUrls[queue] = await createQueue(client, dlqName(queue), {});
    urls[queue] = await createQueue(client, queue, {
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: queueArn(dlqName(queue)),
        maxReceiveCount: spec.maxReceiveCount,
      }),
    });
  }
  return { urls: complete(urls), dlqUrls: complete(dlqUrls) };
}

async function createQueue(
  client: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error(`CreateQueue ${name} returned no URL`);
  return QueueUrl;
}

function complete(partial: Partial<Record<QueueName, string>>): Record<QueueName, string> {
  const result = {} as Record<QueueName, string>;
  for (const queue of queueNames) {
    const value = partial[queue];
    if (value === undefined) throw new Error(`queue ${queue} was not created`);
    result[queue] = value;
  }
  return result;
}

function resolveSpecs(overrides: LocalQueuesOptions['overrides'] = {}): Record<QueueName, QueueSpec> {
  const result = {} as Record<QueueName, QueueSpec>;
  for (const queue of queueNames) {
    const base = queues[queue];
    const override = overrides[queue] ?? {};
    const spec: QueueSpec = {
      consumer: override.consumer ?? base.consumer,
      batchSize: override.batchSize ?? base.batchSize,
      maxBatchingWindowSeconds: override.maxBatchingWindowSeconds ?? base.maxBatchingWindowSeconds,
      visibilityTimeoutSeconds: override.visibilityTimeoutSeconds ?? base.visibilityTimeoutSeconds,
      maxReceiveCount: override.maxReceiveCount ?? base.maxReceiveCount,
      maxConcurrency: override.maxConcurrency ?? base.maxConcurrency,
    };
    if (!Number.isInteger(spec.batchSize) || spec.batchSize < 1) {
      throw new Error(`queue ${queue}: batchSize must be a positive integer`);
    }
    if (!Number.isInteger(spec.maxConcurrency) || spec.maxConcurrency < 1) {
      throw new Error(`queue ${queue}: maxConcurrency must be a positive integer`);
    }
    result[queue] = spec;
  }
  return result;
}

/** Resolves after ms, or at once when the signal aborts; leaves no timer behind either way. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const wake = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener('abort', wake, { once: true });
  });
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
