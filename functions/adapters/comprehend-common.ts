/**
 * What the Amazon Comprehend adapters (sentiment, key phrases) share: the service's limits, the
 * language codes it takes, truncation to its document size, and retrying its throttling with backoff.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { LanguageCode } from '@aws-sdk/client-comprehend';

/** Comprehend's per-document limit for the detect APIs. */
export const MAX_DOCUMENT_BYTES = 5_000;
/** Comprehend's limit of documents per batch call. */
export const MAX_BATCH_DOCUMENTS = 25;

/** Languages BatchDetectSentiment (and BatchDetectKeyPhrases) has a model for, as Comprehend spells them. */
export const SENTIMENT_LANGUAGES: readonly LanguageCode[] = [
  'en',
  'es',
  'fr',
  'de',
  'it',
  'pt',
  'ar',
  'hi',
  'ja',
  'ko',
  'zh',
  'zh-TW',
];

/** BCP 47 "undetermined": the language of a comment that has none and could not be detected. */
export const UNDETERMINED = 'und';

const THROTTLING_ERRORS = new Set(['TooManyRequestsException', 'ThrottlingException']);

/** Whole-call errors caused by the documents themselves: retrying the same batch cannot succeed. */
export const VALIDATION_ERRORS = new Set([
  'InvalidRequestException',
  'TextSizeLimitExceededException',
  'BatchSizeLimitExceededException',
  'UnsupportedLanguageException',
  'ValidationException',
]);

/** Keeps a long backoff from eating the consumer's timeout when maxAttempts is raised. */
const MAX_BACKOFF_MS = 2_000;

export function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

export interface ComprehendRetryOptions {
  /** Calls per chunk when Comprehend throttles, the first included (default 4). */
  maxAttempts?: number;
  /** Backoff ceiling of the first retry; doubles with each retry (default 100 ms). */
  baseDelayMs?: number;
  /** Injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of the jitter, in [0, 1); injected so tests can pin the delays. */
  random?: () => number;
}

/** Either the call's answer or why it failed: `throttled` after `attempts` calls, or another error at once. */
export type CallResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: unknown; throttled: boolean; attempts: number };

/**
 * Retries throttling with exponential backoff and full jitter. Other errors return at once: the
 * SDK has already retried transient ones, and the message goes back to the queue anyway.
 */
export class ThrottlingBackoff {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: ComprehendRetryOptions) {
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? 100);
    this.sleep = options.sleep ?? ((ms) => delay(ms).then(() => undefined));
    this.random = options.random ?? Math.random;
  }

  async call<T>(call: () => Promise<T>): Promise<CallResult<T>> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return { ok: true, value: await call() };
      } catch (error) {
        const throttled = THROTTLING_ERRORS.has(errorName(error));
        if (!throttled || attempt >= this.maxAttempts)
          return { ok: false, error, throttled, attempts: attempt };
        const ceiling = Math.min(MAX_BACKOFF_MS, this.baseDelayMs * 2 ** (attempt - 1));
        await this.sleep(Math.floor(this.random() * ceiling));
      }
    }
  }
}

/**
 * Cuts `text` to at most `maxBytes` bytes of UTF-8, on a grapheme boundary where possible, so an
 * emoji, a flag or a letter with its accents is kept whole or dropped whole. A single grapheme
 * larger than the budget (e.g. a letter with hundreds of combining marks) is cut between code
 * points instead, never inside one: a surrogate pair or a multi-byte sequence is never split.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;

  let kept = 0;
  let end = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = Buffer.byteLength(segment, 'utf8');
    if (kept + size > maxBytes) {
      if (end > 0) return text.slice(0, end);
      break;
    }
    kept += size;
    end += segment.length;
  }

  kept = 0;
  end = 0;
  for (const codePoint of text) {
    const size = Buffer.byteLength(codePoint, 'utf8');
    if (kept + size > maxBytes) break;
    kept += size;
    end += codePoint.length;
  }
  return text.slice(0, end);
}

/**
 * The Comprehend language code for a BCP 47 tag: its primary subtag, except that Traditional
 * Chinese (`zh-TW`, `zh-Hant`, `zh-HK`, `zh-MO`) is Comprehend's `zh-TW`.
 */
export function toComprehendLanguage(tag: string): string {
  const [primary = '', ...rest] = tag.trim().toLowerCase().split(/[-_]/);
  if (primary === 'zh' && rest.some((subtag) => ['tw', 'hant', 'hk', 'mo'].includes(subtag))) return 'zh-TW';
  return primary || UNDETERMINED;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
