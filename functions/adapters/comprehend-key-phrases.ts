/**
 * Key phrases through Amazon Comprehend's `BatchDetectKeyPhrases`.
 *
 * Like sentiment (comprehend-sentiment.ts): at most 25 documents of one language per call, at most
 * 5,000 UTF-8 bytes per document, grouped by language and chunked here. A document Comprehend
 * rejects (its ErrorList, an unsupported language, an invalid text) gets `[]`: its answer is still
 * counted, with topics but no phrases. Throttling is retried with backoff; when it persists, or on
 * any other service error, the call throws, so the answers go back to the queue and are retried.
 */
import {
  BatchDetectKeyPhrasesCommand,
  type ComprehendClient,
  type LanguageCode,
} from '@aws-sdk/client-comprehend';
import { ThrottledError } from '../domain/ports';
import type { KeyPhraseExtractor, KeyPhraseRequest, KeyPhraseResult } from '../domain/themes';
import {
  type ComprehendRetryOptions,
  chunked,
  errorName,
  MAX_BATCH_DOCUMENTS,
  MAX_DOCUMENT_BYTES,
  SENTIMENT_LANGUAGES,
  ThrottlingBackoff,
  toComprehendLanguage,
  truncateUtf8,
  VALIDATION_ERRORS,
} from './comprehend-common';

/** DetectKeyPhrases supports the same languages as DetectSentiment. */
export const KEY_PHRASE_LANGUAGES: readonly LanguageCode[] = SENTIMENT_LANGUAGES;

export interface ComprehendKeyPhraseExtractorOptions extends ComprehendRetryOptions {
  /** Created once per process by the container (shared with the sentiment analyzer). */
  client: ComprehendClient;
}

interface Document {
  index: number;
  text: string;
}

export class ComprehendKeyPhraseExtractor implements KeyPhraseExtractor {
  private readonly client: ComprehendClient;
  private readonly backoff: ThrottlingBackoff;

  constructor(options: ComprehendKeyPhraseExtractorOptions) {
    this.client = options.client;
    this.backoff = new ThrottlingBackoff(options);
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
      for (const chunk of chunked(documents, MAX_BATCH_DOCUMENTS)) {
        for (const [index, found] of await this.detect(language, chunk)) phrases[index] = found;
      }
    }
    return requests.map((request, index) => ({ id: request.id, phrases: phrases[index] ?? [] }));
  }

  /** Phrases per request index; documents Comprehend rejected are left out (they keep `[]`). */
  private async detect(language: LanguageCode, chunk: readonly Document[]): Promise<Map<number, string[]>> {
    const found = new Map<number, string[]>();
    const call = await this.backoff.call(() =>
      this.client.send(
        new BatchDetectKeyPhrasesCommand({ LanguageCode: language, TextList: chunk.map((d) => d.text) }),
      ),
    );
    if (!call.ok) {
      if (call.throttled)
        throw new ThrottledError(`Comprehend kept throttling key phrases after ${call.attempts} calls`);
      if (!VALIDATION_ERRORS.has(errorName(call.error))) throw call.error;
      // One invalid document makes Comprehend reject the whole call; alone, each gets its own answer.
      if (chunk.length > 1) {
        for (const document of chunk)
          for (const [index, phrases] of await this.detect(language, [document])) found.set(index, phrases);
      }
      return found;
    }
    for (const result of call.value.ResultList ?? []) {
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
}

function isKeyPhraseLanguage(language: string): language is LanguageCode {
  return (KEY_PHRASE_LANGUAGES as readonly string[]).includes(language);
}
