/**
 * Care-team alerts posted to a Slack incoming webhook as Block Kit (see slack-blocks.ts).
 *
 * Errors are classified for the queue: a 4xx other than 429 (a revoked webhook, an archived
 * channel, a payload Slack rejects) will fail the same way every time, so it is a
 * `PermanentDeliveryError` and the channel is marked failed instead of looping to the DLQ; 429, 5xx,
 * a timeout or a network failure are thrown as `SlackUnavailableError`, so SQS retries the message
 * and, if Slack stays down, it ends in the alerts DLQ under its alarm.
 *
 * The webhook URL is a secret (anyone holding it can post to the channel): it never appears in an
 * error message or a log line.
 */
import { randomUUID } from 'node:crypto';
import {
  type AlertMessage,
  type AlertPublisher,
  PermanentDeliveryError,
  type SentReceipt,
} from '../domain/ports';
import { slackPayload } from './slack-blocks';

/** Slack answers a webhook in well under a second; a hung request must not use up the function's timeout. */
export const SLACK_TIMEOUT_MS = 5_000;

export interface SlackAlertPublisherOptions {
  /** The incoming-webhook URL; on AWS read from Secrets Manager (cached by the caller). */
  webhookUrl: () => Promise<string>;
  timeoutMs?: number;
  /** The global `fetch` unless a test passes another. */
  fetch?: typeof fetch;
}

/** Slack could not take the alert now (429, 5xx, timeout, network): try again later. */
export class SlackUnavailableError extends Error {
  override name = 'SlackUnavailableError';
}

export class SlackAlertPublisher implements AlertPublisher {
  private readonly webhookUrl: () => Promise<string>;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: SlackAlertPublisherOptions) {
    this.webhookUrl = options.webhookUrl;
    this.timeoutMs = options.timeoutMs ?? SLACK_TIMEOUT_MS;
    this.fetch = options.fetch ?? fetch;
  }

  async publishAlert(message: AlertMessage): Promise<SentReceipt> {
    const url = await this.webhookUrl();
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(slackPayload(message)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new SlackUnavailableError(`Slack webhook unreachable (${failureOf(error)})`);
    }
    const answer = await response.text().catch(() => '');
    // Incoming webhooks answer 200 "ok" and give no message id: ours identifies the post in logs.
    if (response.ok) return { messageId: `slack-${randomUUID()}` };
    const reason = `Slack answered ${response.status}${slackErrorCode(answer)}`;
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = response.headers.get('retry-after');
      throw new SlackUnavailableError(`${reason}${retryAfter ? `, retry after ${retryAfter}s` : ''}`);
    }
    throw new PermanentDeliveryError(reason);
  }
}

/** Slack's error answers are short codes (`invalid_payload`, `channel_is_archived`); anything else is dropped. */
function slackErrorCode(answer: string): string {
  const code = answer.trim();
  return /^[a-z_]{1,60}$/.test(code) ? ` ${code}` : '';
}

/** What went wrong, without the URL (a fetch error's message or cause may quote it). */
function failureOf(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
  const cause = (error as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : error.name;
}
