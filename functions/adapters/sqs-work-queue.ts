/**
 * Work queues on Amazon SQS. A message that is not enqueued is work silently lost, so every entry
 * SQS reports as failed is retried and, if it still fails, `enqueue` throws.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  type BatchResultErrorEntry,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueName, WorkQueue } from '../domain/ports';

/** SQS's limit of entries per SendMessageBatch call. */
export const MAX_BATCH_ENTRIES = 10;
/** SendMessageBatch calls per chunk, the first included. */
export const MAX_SEND_ATTEMPTS = 3;

export interface SqsWorkQueueOptions {
  /** Created once per process by the handler. */
  client: SQSClient;
  /** Queue URL of each queue, read from the `QUEUE_URL_*` variables at cold start. */
  urls: Record<QueueName, string>;
  /** Pause before retrying failed entries, times the attempt number (default 50 ms). */
  retryDelayMs?: number;
  /** Injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export class SqsWorkQueue implements WorkQueue {
  private readonly client: SQSClient;
  private readonly urls: Record<QueueName, string>;
  private readonly retryDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: SqsWorkQueueOptions) {
    this.client = options.client;
    this.urls = options.urls;
    this.retryDelayMs = options.retryDelayMs ?? 50;
    this.sleep = options.sleep ?? ((ms) => delay(ms).then(() => undefined));
  }

  /**
   * Sends every body, in batches of ten. Throws, after trying every chunk, when some message could
   * not be enqueued; the error names counts and SQS error codes, never a body.
   */
  async enqueue(queue: QueueName, bodies: readonly object[]): Promise<void> {
    const entries: SendMessageBatchRequestEntry[] = bodies.map((body, index) => ({
      Id: String(index),
      MessageBody: JSON.stringify(body),
    }));
    const rejected: BatchResultErrorEntry[] = [];
    for (let start = 0; start < entries.length; start += MAX_BATCH_ENTRIES) {
      rejected.push(...(await this.sendChunk(queue, entries.slice(start, start + MAX_BATCH_ENTRIES))));
    }
    if (rejected.length > 0) {
      const codes = [...new Set(rejected.map((entry) => entry.Code ?? 'unknown'))].join(', ');
      throw new Error(
        `SQS did not accept ${rejected.length} of ${entries.length} messages for queue ${queue} (${codes})`,
      );
    }
  }

  /** The entries still rejected after the retries. */
  private async sendChunk(
    queue: QueueName,
    chunk: SendMessageBatchRequestEntry[],
  ): Promise<BatchResultErrorEntry[]> {
    let pending = chunk;
    const final: BatchResultErrorEntry[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.urls[queue], Entries: pending }),
      );
      const failed = new Map((response.Failed ?? []).map((entry) => [entry.Id, entry]));
      // An entry SQS neither accepted nor rejected is treated as rejected: no silent loss.
      const accepted = new Set((response.Successful ?? []).map((entry) => entry.Id));
      for (const entry of pending) {
        if (!accepted.has(entry.Id) && !failed.has(entry.Id)) {
          failed.set(entry.Id, { Id: entry.Id, Code: 'MissingResult', SenderFault: false });
        }
      }
      // Sender faults (too large, invalid characters) fail the same way every time.
      const retry: SendMessageBatchRequestEntry[] = [];
      const transient: BatchResultErrorEntry[] = [];
      for (const entry of pending) {
        const failure = failed.get(entry.Id);
        if (failure === undefined) continue;
        if (failure.SenderFault) {
          final.push(failure);
        } else {
          retry.push(entry);
          transient.push(failure);
        }
      }
      if (retry.length === 0) return final;
      if (attempt >= MAX_SEND_ATTEMPTS) return [...final, ...transient];
      pending = retry;
      await this.sleep(this.retryDelayMs * attempt);
    }
  }
}
