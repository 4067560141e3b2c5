/**
 * The ports use cases talk through. Adapters (DynamoDB, SQS, Comprehend, SES, SMS, SNS, the local
 * outbox and analyzer) implement them; tests pass fakes.
 */
import type { Sentiment } from './model';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** One comment to analyse. `language` is the customer's BCP 47 locale when known. */
export interface SentimentRequest {
  id: string;
  text: string;
  language?: string;
}

export type SentimentOutcome =
  | { id: string; state: 'done'; sentiment: Sentiment; language: string }
  | { id: string; state: 'unsupported_language'; language: string }
  /** `retryable` (throttling, outage): try the message again later; otherwise record the failure. */
  | { id: string; state: 'failed'; retryable: boolean; reason: string };

/**
 * Sentiment of customer comments, many per call. Implementations group by language, batch as their
 * service allows and never throw for one bad document: each request gets exactly one outcome.
 */
export interface SentimentAnalyzer {
  analyze(requests: readonly SentimentRequest[]): Promise<SentimentOutcome[]>;
}

/** Who a message concerns, so that erasing a customer can find it again. */
export interface MessageOrigin {
  customerId?: string;
  invitationId?: string;
  caseId?: string;
}

export interface EmailMessage extends MessageOrigin {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface SmsMessage extends MessageOrigin {
  /** E.164 number. */
  to: string;
  body: string;
}

export interface AlertMessage extends MessageOrigin {
  subject: string;
  body: string;
}

export interface SentReceipt {
  messageId: string;
}

export interface EmailSender {
  sendEmail(message: EmailMessage): Promise<SentReceipt>;
}

export interface SmsSender {
  sendSms(message: SmsMessage): Promise<SentReceipt>;
}

/** Care-team alerts (SNS topic on AWS, the outbox locally). */
export interface AlertPublisher {
  publishAlert(message: AlertMessage): Promise<SentReceipt>;
}

/** Queues of work between functions. Each message body is small JSON naming the item to work on. */
export type QueueName = 'responses' | 'invitations' | 'alerts';

export interface WorkQueue {
  enqueue(queue: QueueName, bodies: readonly object[]): Promise<void>;
}

/**
 * Raised by a sender when the provider refuses this message for good (invalid or opted-out
 * destination, rejected content): retrying cannot help, so the invitation is marked failed.
 */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

/** Rethrows a provider error as permanent when its name is one of `permanentNames`. */
export function classifyDeliveryError(error: unknown, permanentNames: readonly string[]): never {
  if (error instanceof Error && permanentNames.includes(error.name)) {
    throw new PermanentDeliveryError(`${error.name}: the provider refused the message`);
  }
  throw error;
}

/** Raised by an adapter when a provider keeps throttling after its retries. */
export class ThrottledError extends Error {
  override name = 'ThrottledError';
}
