/**
 * Key phrases through Amazon Comprehend's `BatchDetectKeyPhrases`.
 *
 * Like sentiment (comprehend-sentiment.ts): at most 25 documents of one language per call, at most
 * 5,000 UTF-8 bytes per document, grouped by language and chunked here. A document Comprehend
 * rejects (its ErrorList, an unsupported language, an invalid text) gets `[]`: its answer is still
 * counted, with topics but no phrases. Throttling is retried with backoff; when it persists, or on
 * any other service error, the call throws, so the answers go back to the queue and are retried.
 */
import { setTimeout as delay } from 'node:timers/promises';
import {
  BatchDetectKeyPhrasesCommand,
  type BatchDetectKeyPhrasesCommandOutput,
  type ComprehendClient,
  type LanguageCode,
} from '@aws-sdk/client-comprehend';
import { ThrottledError } from '../domain/ports';
import type { KeyPhraseExtractor, KeyPhraseRequest, KeyPhraseResult } from '../domain/themes';
import {
  MAX_BATCH_DOCUMENTS,
  MAX_DOCUMENT_BYTES,
  SENTIMENT_LANGUAGES,
  toComprehendLanguage,
  truncateUtf8,
} from './comprehend-sentiment';

/** DetectKeyPhrases supports the same languages as DetectSentiment. */
export const KEY_PHRASE_LANGUAGES: readonly LanguageCode[] = SENTIMENT_LANGUAGES;

const THROTTLING_ERRORS = new Set(['TooManyRequestsException', 'ThrottlingException']);

/** Whole-call errors caused by the documents themselves: each document is then tried alone. */
const VALIDATION_ERRORS = new Set([
  'InvalidRequestException',
  'TextSizeLimitExceededException',
  'BatchSizeLimitExceededException',
  'UnsupportedLanguageException',
  'ValidationException',
]);

const MAX_BACKOFF_MS = 2_000;

export interface ComprehendKeyPhraseExtractorOptions {
  /** Created once per process by the container (shared with the sentiment analyzer). */
  client: ComprehendClient;
  /** Calls per chunk when Comprehend throttles, the first included (default 4). */
  maxAttempts?: number;
  /** Backoff ceiling of the first retry; doubles with each retry (default 100 ms). */
  baseDelayMs?: number;
  /** Injected so tests do not wait. */
  sleep?: (ms: number) => Promise<void>;
}

interface Document {
  index: number;
  text: string;
}

export class ComprehendKeyPhraseExtractor implements KeyPhraseExtractor {
  private readonly client: ComprehendClient;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: ComprehendKeyPhraseExtractorOptions) {
    this.client = options.client;
    this.maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? 100);
    this.sleep = options.sleep ?? ((ms) => delay(ms).then(() => undefined));
  }

  async keyPhrases(requests: readonly KeyPhraseRequest[]): Promise<KeyPhraseResult[]> {
    const phrases: string[][] = requests.map(() => []);
    const byLanguage = new Map<LanguageCode, Document[]>();
    requests.forEach((request, index) => {
      const text = truncateUtf8(request.text.trim(), MAX_DOCUMENT_BYTES);
      const language = toComprehendLanguage(request.language);
      if (text === '' || !isKeyPhraseLanguage(language)) return;
      const group = byLanguage.get(language) ?? [];
      group.push({ index, text });
      byLanguage.set(language, group);
    });
    // Sequential on purpose: Comprehend's per-account TPS is low and parallel chunks would only
    // throttle each other.
    for (const [language, documents] of byLanguage) {
      for (let start = 0; start < documents.length; start += MAX_BATCH_DOCUMENTS) {
        const chunk = documents.slice(start, start + MAX_BATCH_DOCUMENTS);
        for (const [index, found] of await this.detect(language, chunk)) phrases[index] = found;
      }
    }
    return requests.map((request, index) => ({ id: request.id, phrases: phrases[index] ?? [] }));
  }

  /** Phrases per request index; documents Comprehend rejected are left out (they keep `[]`). */
  private async detect(language: LanguageCode, chunk: readonly Document[]): Promise<Map<number, string[]>> {
    const found = new Map<number, string[]>();
    let out: BatchDetectKeyPhrasesCommandOutput;
    try {
      out = await this.withBackoff(() =>
        this.client.send(
          new BatchDetectKeyPhrasesCommand({ LanguageCode: language, TextList: chunk.map((d) => d.text) }),
        ),
      );
    } catch (error) {
      if (!VALIDATION_ERRORS.has(errorName(error))) throw error;
      // One invalid document makes Comprehend reject the whole call; alone, each gets its own answer.
      if (chunk.length > 1) {
        for (const document of chunk)
          for (const [index, phrases] of await this.detect(language, [document])) found.set(index, phrases);
      }
      return found;
    }
    for (const result of out.ResultList ?? []) {
      const document = result.Index === undefined ? undefined : chunk[result.Index];
      if (!document) continue;
      found.set(
        document.index,
        (result.KeyPhrases ?? []).map((p) => p.Text ?? '').filter((text) => text.trim() !== ''),
      );
    }
    // ErrorList entries are documents Comprehend refused: they keep `[]`.
    return found;
  }

  private async withBackoff<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await call();
      } catch (error) {
        if (!THROTTLING_ERRORS.has(errorName(error))) throw error;
        if (attempt >= this.maxAttempts)
          throw new ThrottledError(`Comprehend kept throttling key phrases after ${attempt} calls`);
        const ceiling = Math.min(MAX_BACKOFF_MS, this.baseDelayMs * 2 ** (attempt - 1));
        await this.sleep(Math.floor(Math.random() * ceiling));
      }
    }
  }
}

function isKeyPhraseLanguage(language: string): language is LanguageCode {
  return (KEY_PHRASE_LANGUAGES as readonly string[]).includes(language);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
