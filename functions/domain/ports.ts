/**
 * The ports use cases talk through. Adapters (DynamoDB, SQS, Comprehend, SES, SMS, SNS, the local
 * outbox and analyzer) implement them; tests pass fakes.
 */
import type { Category, Channel, Sentiment } from './model';

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
  /** A named recipient (a team lead for escalations); absent: whoever follows the alert channel. */
  to?: string;
  /** Set on escalations, so subscribers can route level 2 differently from level 1. */
  escalationLevel?: number;
  /** The case, for channels that lay an alert out themselves (Slack); plain-text channels use subject and body. */
  case?: CaseAlert;
  /** A digest of normal-severity cases, for channels that lay it out themselves. */
  digest?: { digestId: string; cases: CaseAlert[] };
}

/**
 * A recovery case as a structured alert shows it: what the care team needs for the call back.
 * Digests mix customers in one message, so their cases carry no contact details or comment.
 */
export interface CaseAlert {
  caseId: string;
  /** The case in the admin console. */
  url: string;
  score: number;
  category: Category;
  severity: 'high' | 'normal';
  sentiment?: Sentiment;
  comment?: string;
  customerId: string;
  customerName?: string;
  customerContact?: string;
  interactionId: string;
  channel: Channel;
  agentId?: string;
  teamId?: string;
  product?: string;
  owner?: string;
  dueAt: string;
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

/** The channels case alerts go to; each keeps its own durable "sent" marker on the case. */
export type AlertChannelName = 'sns' | 'slack';

/** One configured alert channel: the SNS topic (locally the outbox), Slack. */
export interface AlertChannel {
  name: AlertChannelName;
  publisher: AlertPublisher;
}

/** Queues of work between functions. Each message body is small JSON naming the item to work on. */
export type QueueName = 'responses' | 'invitations' | 'alerts' | 'exports';

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

/** An export file: its id (the asynchronous export's id, or one made for a spilled download) and name. */
export interface ExportFile {
  exportId: string;
  /** The name a download is offered under, e.g. `responses-2026-11-01-2026-11-30.csv`. */
  fileName: string;
  contentType: string;
}

/**
 * Where export files are kept (an S3 bucket on AWS, files in the data dir locally). Writing takes
 * the chunks as they are produced, so memory stays bounded whatever the size; writing the same
 * file again replaces it.
 */
export interface ExportStorage {
  /** Writes every chunk to the file; resolves with its size once complete, rejects (and keeps nothing partial) on error. */
  write(file: ExportFile, chunks: AsyncIterable<string>): Promise<{ bytes: number }>;
  /** A link that downloads the file until `expiresAt`, without other credentials. */
  downloadUrl(file: ExportFile, expiresAt: Date): Promise<string>;
  /**
   * Deletes every export file (erasure: a file made before it may hold the erased customer's
   * comments or contacts, and exports are cheap to make again). Resolves with how many went.
   */
  withdrawAll(): Promise<number>;
  /**
   * The file behind one of its own download links, for a storage that serves them itself (the
   * local one; S3 serves presigned URLs). Throws ForbiddenError for a bad or expired link,
   * NotFoundError when the file is gone.
   */
  open?(exportId: string, query: Record<string, string | undefined>): Promise<ExportDownload>;
}

/** What a download of an export file sends. */
export interface ExportDownload {
  fileName: string;
  contentType: string;
  bytes: number;
  body: AsyncIterable<Uint8Array>;
}
