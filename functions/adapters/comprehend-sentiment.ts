/**
 * Sentiment through Amazon Comprehend's batch APIs.
 *
 * Comprehend takes at most 25 documents of one language per BatchDetectSentiment call and at most
 * 5,000 UTF-8 bytes per document, so requests are grouped by language, chunked and truncated here.
 * Every request gets exactly one outcome; the adapter never throws for a service error, so one bad
 * chunk cannot fail the other messages of an SQS batch.
 */
import {
  BatchDetectDominantLanguageCommand,
  BatchDetectSentimentCommand,
  type BatchItemError,
  type ComprehendClient,
  type LanguageCode,
  type SentimentType,
} from '@aws-sdk/client-comprehend';
import type { Sentiment } from '../domain/model';
import type { SentimentAnalyzer, SentimentOutcome, SentimentRequest } from '../domain/ports';
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
  UNDETERMINED,
  VALIDATION_ERRORS,
} from './comprehend-common';

const SENTIMENTS: Record<SentimentType, Sentiment> = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
  NEUTRAL: 'neutral',
  MIXED: 'mixed',
};

export interface ComprehendSentimentAnalyzerOptions extends ComprehendRetryOptions {
  /** Created once per process by the handler. */
  client: ComprehendClient;
}

interface Pending {
  index: number;
  request: SentimentRequest;
  /** Already truncated and trimmed. */
  text: string;
}

export class ComprehendSentimentAnalyzer implements SentimentAnalyzer {
  private readonly client: ComprehendClient;
  private readonly backoff: ThrottlingBackoff;

  constructor(options: ComprehendSentimentAnalyzerOptions) {
    this.client = options.client;
    this.backoff = new ThrottlingBackoff(options);
  }

  async analyze(requests: readonly SentimentRequest[]): Promise<SentimentOutcome[]> {
    const outcomes = new Map<number, SentimentOutcome>();
    const toDetect: Pending[] = [];
    const byLanguage = new Map<LanguageCode, Pending[]>();

    const route = (item: Pending, language: string): void => {
      if (!isSentimentLanguage(language)) {
        outcomes.set(item.index, { id: item.request.id, state: 'unsupported_language', language });
        return;
      }
      const group = byLanguage.get(language) ?? [];
      group.push(item);
      byLanguage.set(language, group);
    };

    requests.forEach((request, index) => {
      const text = truncateUtf8(request.text.trim(), MAX_DOCUMENT_BYTES);
      const declared = request.language?.trim() ? toComprehendLanguage(request.language) : undefined;
      if (text.length === 0) {
        // Callers only send comments, but an empty one has a sentiment without asking anybody.
        outcomes.set(index, {
          id: request.id,
          state: 'done',
          sentiment: 'neutral',
          language: declared ?? UNDETERMINED,
        });
        return;
      }
      const item = { index, request, text };
      if (declared === undefined) toDetect.push(item);
      else route(item, declared);
    });

    for (const chunk of chunked(toDetect, MAX_BATCH_DOCUMENTS)) {
      const detected = await this.detectLanguages(chunk);
      chunk.forEach((item, position) => {
        const result = detected[position];
        if (typeof result === 'string') route(item, result);
        else outcomes.set(item.index, result ?? failed(item, true, 'missing_result'));
      });
    }

    // Sequential on purpose: Comprehend's per-account TPS is low and parallel chunks would only
    // throttle each other.
    for (const [language, group] of byLanguage) {
      for (const chunk of chunked(group, MAX_BATCH_DOCUMENTS)) {
        for (const outcome of await this.detectSentiment(language, chunk)) {
          outcomes.set(outcome.index, outcome.outcome);
        }
      }
    }

    return requests.map(
      (request, index) =>
        outcomes.get(index) ?? { id: request.id, state: 'failed', retryable: true, reason: 'missing_result' },
    );
  }

  /** Per document: the detected Comprehend language code, or the outcome when detection failed. */
  private async detectLanguages(
    chunk: readonly Pending[],
  ): Promise<(string | SentimentOutcome | undefined)[]> {
    const call = await this.backoff.call(() =>
      this.client.send(new BatchDetectDominantLanguageCommand({ TextList: chunk.map((item) => item.text) })),
    );
    if (!call.ok) return chunk.map((item) => wholeCallFailure(item, call));

    const answers: (string | SentimentOutcome | undefined)[] = chunk.map(() => undefined);
    for (const result of call.value.ResultList ?? []) {
      if (!isPosition(result.Index, chunk)) continue;
      const top = [...(result.Languages ?? [])].sort((a, b) => (b.Score ?? 0) - (a.Score ?? 0))[0];
      answers[result.Index] = top?.LanguageCode ? toComprehendLanguage(top.LanguageCode) : UNDETERMINED;
    }
    for (const error of call.value.ErrorList ?? []) {
      const item = isPosition(error.Index, chunk) ? chunk[error.Index] : undefined;
      if (item !== undefined && error.Index !== undefined) answers[error.Index] = itemFailure(item, error);
    }
    return answers;
  }

  private async detectSentiment(
    language: LanguageCode,
    chunk: readonly Pending[],
  ): Promise<{ index: number; outcome: SentimentOutcome }[]> {
    const call = await this.backoff.call(() =>
      this.client.send(
        new BatchDetectSentimentCommand({ LanguageCode: language, TextList: chunk.map((item) => item.text) }),
      ),
    );
    if (!call.ok) {
      // One invalid document makes Comprehend reject the whole call; alone, each document gets
      // its own answer and only the bad one fails for good.
      if (chunk.length > 1 && VALIDATION_ERRORS.has(errorName(call.error))) {
        const answers: { index: number; outcome: SentimentOutcome }[] = [];
        for (const item of chunk) answers.push(...(await this.detectSentiment(language, [item])));
        return answers;
      }
      return chunk.map((item) => ({ index: item.index, outcome: wholeCallFailure(item, call, language) }));
    }

    const answers = new Map<number, SentimentOutcome>();
    for (const result of call.value.ResultList ?? []) {
      const item = isPosition(result.Index, chunk) ? chunk[result.Index] : undefined;
      const sentiment = result.Sentiment === undefined ? undefined : SENTIMENTS[result.Sentiment];
      if (item === undefined) continue;
      answers.set(
        item.index,
        sentiment === undefined
          ? failed(item, true, 'missing_sentiment')
          : { id: item.request.id, state: 'done', sentiment, language },
      );
    }
    for (const error of call.value.ErrorList ?? []) {
      const item = isPosition(error.Index, chunk) ? chunk[error.Index] : undefined;
      if (item !== undefined) answers.set(item.index, itemFailure(item, error, language));
    }
    return chunk.map((item) => ({
      index: item.index,
      outcome: answers.get(item.index) ?? failed(item, true, 'missing_result'),
    }));
  }
}

function isSentimentLanguage(language: string): language is LanguageCode {
  return (SENTIMENT_LANGUAGES as readonly string[]).includes(language);
}

/** Whether a batch result's Index points into the chunk that was sent. */
function isPosition(index: number | undefined, chunk: readonly unknown[]): index is number {
  return index !== undefined && Number.isInteger(index) && index >= 0 && index < chunk.length;
}

function failed(item: Pending, retryable: boolean, reason: string): SentimentOutcome {
  return { id: item.request.id, state: 'failed', retryable, reason };
}

/** A whole call failed: throttling and outages are retried later, an invalid document is not. */
function wholeCallFailure(
  item: Pending,
  call: { error: unknown; throttled: boolean },
  language?: string,
): SentimentOutcome {
  if (call.throttled) return failed(item, true, 'throttled');
  const name = errorName(call.error);
  if (name === 'UnsupportedLanguageException' && language !== undefined) {
    return { id: item.request.id, state: 'unsupported_language', language };
  }
  return failed(item, !VALIDATION_ERRORS.has(name), name);
}

/**
 * One document's entry of a batch's ErrorList. Its codes are loosely documented (seen both as
 * `INTERNAL_SERVER_ERROR` and `InternalServerException` styles), so they are compared without
 * case or separators. Codes about the document itself are final; anything else is retried, which
 * the queue's maxReceiveCount bounds.
 */
function itemFailure(item: Pending, error: BatchItemError, language?: string): SentimentOutcome {
  const code = error.ErrorCode ?? 'UNKNOWN';
  const key = code.toUpperCase().replace(/[^A-Z]/g, '');
  if (key.startsWith('UNSUPPORTEDLANGUAGE') && language !== undefined) {
    return { id: item.request.id, state: 'unsupported_language', language };
  }
  const final = ['TEXTSIZE', 'INVALID', 'VALIDATION', 'BATCHSIZE', 'UNSUPPORTED'].some((prefix) =>
    key.startsWith(prefix),
  );
  return failed(item, !final, code);
}
