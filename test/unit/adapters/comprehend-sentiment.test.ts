import {
  BatchDetectDominantLanguageCommand,
  type BatchDetectDominantLanguageRequest,
  BatchDetectSentimentCommand,
  type BatchDetectSentimentRequest,
  type BatchDetectSentimentResponse,
  ComprehendClient,
  InternalServerException,
  InvalidRequestException,
  TooManyRequestsException,
} from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toComprehendLanguage, truncateUtf8 } from '../../../functions/adapters/comprehend-common';
import { ComprehendSentimentAnalyzer } from '../../../functions/adapters/comprehend-sentiment';
import type { SentimentRequest } from '../../../functions/domain/ports';

const comprehend = mockClient(ComprehendClient);
const client = new ComprehendClient({ region: 'eu-west-1' });
const noSleep = () => Promise.resolve();

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Answers every document POSITIVE, as Comprehend would for a batch without errors. */
const allPositive = (input: BatchDetectSentimentRequest): BatchDetectSentimentResponse => ({
  ResultList: (input.TextList ?? []).map((_, Index) => ({ Index, Sentiment: 'POSITIVE' })),
  ErrorList: [],
});

const sentimentInputs = () =>
  comprehend.commandCalls(BatchDetectSentimentCommand).map((call) => call.args[0].input);

const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });

describe('ComprehendSentimentAnalyzer', () => {
  beforeEach(() => {
    comprehend.reset();
  });

  it('makes no call for an empty comment', async () => {
    // Prepare
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze([
      { id: 'r1', text: '', language: 'en' },
      { id: 'r2', text: ' \n\t ' },
    ]);

    // Assess
    expect(comprehend).not.toHaveReceivedAnyCommand();
    expect(outcomes).toEqual([
      { id: 'r1', state: 'done', sentiment: 'neutral', language: 'en' },
      { id: 'r2', state: 'done', sentiment: 'neutral', language: 'und' },
    ]);
  });

  it('sends one BatchDetectSentiment call per language with at most 25 documents', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake(allPositive);
    const english = Array.from({ length: 30 }, (_, i) => ({
      id: `en${i}`,
      text: `great ${i}`,
      language: 'en',
    }));
    const spanish = Array.from({ length: 3 }, (_, i) => ({
      id: `es${i}`,
      text: `genial ${i}`,
      language: 'es-MX',
    }));
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze([...english, ...spanish]);

    // Assess
    expect(comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 3);
    expect(sentimentInputs().map((input) => [input.LanguageCode, input.TextList?.length])).toEqual([
      ['en', 25],
      ['en', 5],
      ['es', 3],
    ]);
    expect(outcomes).toHaveLength(33);
    expect(outcomes.every((outcome) => outcome.state === 'done')).toBe(true);
  });

  it('maps every Comprehend sentiment and answers in the order of the input, ids preserved', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake((input: BatchDetectSentimentRequest) => ({
      ResultList: (input.TextList ?? []).map((text, Index) => ({
        Index,
        Sentiment: text.split(':')[0] as 'POSITIVE' | 'NEGATIVE' | 'NEUTRAL' | 'MIXED',
      })),
      ErrorList: [],
    }));
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze([
      { id: 'a', text: 'NEGATIVE:muy mal', language: 'es' },
      { id: 'b', text: 'POSITIVE:great', language: 'en' },
      { id: 'c', text: 'MIXED:bien y mal', language: 'es' },
      { id: 'd', text: 'NEUTRAL:ok', language: 'en-GB' },
    ]);

    // Assess
    expect(outcomes).toEqual([
      { id: 'a', state: 'done', sentiment: 'negative', language: 'es' },
      { id: 'b', state: 'done', sentiment: 'positive', language: 'en' },
      { id: 'c', state: 'done', sentiment: 'mixed', language: 'es' },
      { id: 'd', state: 'done', sentiment: 'neutral', language: 'en' },
    ]);
  });

  it('sends the primary language subtag and keeps Traditional Chinese as zh-TW', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake(allPositive);
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze([
      { id: 'pt', text: 'Ótimo atendimento', language: 'pt-BR' },
      { id: 'tw', text: '服務很好', language: 'zh-TW' },
      { id: 'cn', text: '服务很好', language: 'zh-Hans-CN' },
    ]);

    // Assess
    expect(sentimentInputs().map((input) => input.LanguageCode)).toEqual(['pt', 'zh-TW', 'zh']);
    expect(outcomes.map((outcome) => (outcome.state === 'done' ? outcome.language : outcome.state))).toEqual([
      'pt',
      'zh-TW',
      'zh',
    ]);
  });

  it('answers unsupported_language without calling Comprehend', async () => {
    // Prepare
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze([{ id: 'sv', text: 'Bra service', language: 'sv-SE' }]);

    // Assess
    expect(comprehend).not.toHaveReceivedAnyCommand();
    expect(outcomes).toEqual([{ id: 'sv', state: 'unsupported_language', language: 'sv' }]);
  });

  it('detects the language of comments with no locale', async () => {
    // Prepare
    comprehend.on(BatchDetectDominantLanguageCommand).resolves({
      ResultList: [
        {
          Index: 0,
          Languages: [
            { LanguageCode: 'en', Score: 0.2 },
            { LanguageCode: 'ja', Score: 0.79 },
          ],
        },
        { Index: 1, Languages: [{ LanguageCode: 'sv', Score: 0.99 }] },
        { Index: 2, Languages: [{ LanguageCode: 'zh-TW', Score: 0.97 }] },
      ],
      ErrorList: [],
    });
    comprehend.on(BatchDetectSentimentCommand).callsFake(allPositive);
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze([
      { id: 'ja', text: 'とても良い' },
      { id: 'sv', text: 'Mycket bra' },
      { id: 'tw', text: '服務很好', language: '' },
    ]);

    // Assess
    expect(comprehend).toHaveReceivedCommandExactlyOnceWith(BatchDetectDominantLanguageCommand, {
      TextList: ['とても良い', 'Mycket bra', '服務很好'],
    });
    expect(sentimentInputs()).toEqual([
      { LanguageCode: 'ja', TextList: ['とても良い'] },
      { LanguageCode: 'zh-TW', TextList: ['服務很好'] },
    ]);
    expect(outcomes).toEqual([
      { id: 'ja', state: 'done', sentiment: 'positive', language: 'ja' },
      { id: 'sv', state: 'unsupported_language', language: 'sv' },
      { id: 'tw', state: 'done', sentiment: 'positive', language: 'zh-TW' },
    ]);
  });

  it('detects languages in batches of at most 25 documents', async () => {
    // Prepare
    comprehend
      .on(BatchDetectDominantLanguageCommand)
      .callsFake((input: BatchDetectDominantLanguageRequest) => ({
        ResultList: (input.TextList ?? []).map((_, Index) => ({
          Index,
          Languages: [{ LanguageCode: 'en', Score: 1 }],
        })),
        ErrorList: [],
      }));
    comprehend.on(BatchDetectSentimentCommand).callsFake(allPositive);
    const requests = Array.from({ length: 27 }, (_, i) => ({ id: `r${i}`, text: `fine ${i}` }));
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze(requests);

    // Assess
    const detectSizes = comprehend
      .commandCalls(BatchDetectDominantLanguageCommand)
      .map((call) => call.args[0].input.TextList?.length);
    expect(detectSizes).toEqual([25, 2]);
    expect(outcomes.map((outcome) => outcome.id)).toEqual(requests.map((request) => request.id));
  });

  it('retries throttling with backoff and then reports the chunk as retryable failures', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).rejects(throttled());
    const sleep = vi.fn((_ms: number) => Promise.resolve());
    const analyzer = new ComprehendSentimentAnalyzer({
      client,
      maxAttempts: 4,
      baseDelayMs: 100,
      sleep,
      random: () => 0.5,
    });

    // Act
    const outcomes = await analyzer.analyze([
      { id: 'r1', text: 'slow', language: 'en' },
      { id: 'r2', text: 'slower', language: 'en' },
    ]);

    // Assess
    expect(comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 4);
    // Full jitter: half of a ceiling that doubles each retry.
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([50, 100, 200]);
    expect(outcomes).toEqual([
      { id: 'r1', state: 'failed', retryable: true, reason: 'throttled' },
      { id: 'r2', state: 'failed', retryable: true, reason: 'throttled' },
    ]);
  });

  it('answers normally when throttling stops before the attempts run out', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))
      .callsFake(allPositive);
    const analyzer = new ComprehendSentimentAnalyzer({ client, sleep: noSleep });

    // Act
    const outcomes = await analyzer.analyze([{ id: 'r1', text: 'great', language: 'en' }]);

    // Assess
    expect(comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 2);
    expect(outcomes).toEqual([{ id: 'r1', state: 'done', sentiment: 'positive', language: 'en' }]);
  });

  it('reports a throttled language detection as retryable failures without a sentiment call', async () => {
    // Prepare
    comprehend.on(BatchDetectDominantLanguageCommand).rejects(throttled());
    const analyzer = new ComprehendSentimentAnalyzer({ client, maxAttempts: 2, sleep: noSleep });

    // Act
    const outcomes = await analyzer.analyze([{ id: 'r1', text: 'hello' }]);

    // Assess
    expect(comprehend).toHaveReceivedCommandTimes(BatchDetectDominantLanguageCommand, 2);
    expect(comprehend).not.toHaveReceivedCommand(BatchDetectSentimentCommand);
    expect(outcomes).toEqual([{ id: 'r1', state: 'failed', retryable: true, reason: 'throttled' }]);
  });

  it('reports an outage as retryable failures without throwing or retrying in process', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand, { LanguageCode: 'en' })
      .rejects(Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable' }))
      .on(BatchDetectSentimentCommand, { LanguageCode: 'de' })
      .callsFake(allPositive);
    const sleep = vi.fn((_ms: number) => Promise.resolve());
    const analyzer = new ComprehendSentimentAnalyzer({ client, sleep });

    // Act
    const outcomes = await analyzer.analyze([
      { id: 'en', text: 'good', language: 'en' },
      { id: 'de', text: 'gut', language: 'de' },
    ]);

    // Assess
    expect(sleep).not.toHaveBeenCalled();
    expect(outcomes).toEqual([
      { id: 'en', state: 'failed', retryable: true, reason: 'ServiceUnavailable' },
      { id: 'de', state: 'done', sentiment: 'positive', language: 'de' },
    ]);
  });

  it('maps per-document errors: server errors are retryable, invalid documents are not', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [{ Index: 3, Sentiment: 'NEGATIVE' }],
      ErrorList: [
        { Index: 0, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'Internal server error' },
        { Index: 1, ErrorCode: 'TEXT_SIZE_LIMIT_EXCEEDED', ErrorMessage: 'too long' },
        { Index: 2, ErrorCode: 'InvalidRequestException', ErrorMessage: 'invalid' },
      ],
    });
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze(
      ['r0', 'r1', 'r2', 'r3'].map((id) => ({ id, text: `text of ${id}`, language: 'en' })),
    );

    // Assess
    expect(outcomes).toEqual([
      { id: 'r0', state: 'failed', retryable: true, reason: 'INTERNAL_SERVER_ERROR' },
      { id: 'r1', state: 'failed', retryable: false, reason: 'TEXT_SIZE_LIMIT_EXCEEDED' },
      { id: 'r2', state: 'failed', retryable: false, reason: 'InvalidRequestException' },
      { id: 'r3', state: 'done', sentiment: 'negative', language: 'en' },
    ]);
  });

  it('gives a retryable failure to a document Comprehend answered nothing for', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand)
      .resolves({ ResultList: [{ Index: 0, Sentiment: 'POSITIVE' }] });
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze([
      { id: 'r0', text: 'good', language: 'en' },
      { id: 'r1', text: 'also good', language: 'en' },
    ]);

    // Assess
    expect(outcomes[1]).toEqual({ id: 'r1', state: 'failed', retryable: true, reason: 'missing_result' });
  });

  it('analyses documents one by one when Comprehend rejects a whole chunk as invalid', async () => {
    // Prepare
    const invalid = new InvalidRequestException({ message: 'invalid document', $metadata: {} });
    comprehend.on(BatchDetectSentimentCommand).callsFake((input: BatchDetectSentimentRequest) => {
      if (input.TextList?.includes('bad')) throw invalid;
      return allPositive(input);
    });
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    const outcomes = await analyzer.analyze([
      { id: 'r0', text: 'good', language: 'en' },
      { id: 'r1', text: 'bad', language: 'en' },
      { id: 'r2', text: 'fine', language: 'en' },
    ]);

    // Assess
    expect(comprehend).toHaveReceivedCommandTimes(BatchDetectSentimentCommand, 4);
    expect(outcomes).toEqual([
      { id: 'r0', state: 'done', sentiment: 'positive', language: 'en' },
      { id: 'r1', state: 'failed', retryable: false, reason: 'InvalidRequestException' },
      { id: 'r2', state: 'done', sentiment: 'positive', language: 'en' },
    ]);
  });

  it('does not retry a whole-call server error in process but reports it retryable', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand)
      .rejects(new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } }));
    const analyzer = new ComprehendSentimentAnalyzer({ client, sleep: noSleep });

    // Act
    const outcomes = await analyzer.analyze([{ id: 'r0', text: 'good', language: 'en' }]);

    // Assess
    expect(comprehend).toHaveReceivedCommandOnce(BatchDetectSentimentCommand);
    expect(outcomes).toEqual([
      { id: 'r0', state: 'failed', retryable: true, reason: 'InternalServerException' },
    ]);
  });

  it('sends at most 5,000 UTF-8 bytes of a long comment', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake(allPositive);
    const longComment = 'Ça marche très bien 👍🏽. '.repeat(400);
    const request: SentimentRequest = { id: 'long', text: longComment, language: 'fr' };
    const analyzer = new ComprehendSentimentAnalyzer({ client });

    // Act
    await analyzer.analyze([request]);

    // Assess
    const sent = sentimentInputs()[0]?.TextList?.[0] ?? '';
    expect(utf8Bytes(longComment)).toBeGreaterThan(5_000);
    expect(utf8Bytes(sent)).toBeLessThanOrEqual(5_000);
    expect(longComment.startsWith(sent)).toBe(true);
  });
});

describe('truncateUtf8', () => {
  it('returns text that fits unchanged', () => {
    expect(truncateUtf8('héllo 👋', 100)).toBe('héllo 👋');
  });

  it('cuts text to 5,000 UTF-8 bytes without splitting a character', () => {
    // Prepare: 'é' is 2 bytes, so 2,501 of them are 5,002 bytes.
    const text = 'é'.repeat(2_501);

    // Act
    const cut = truncateUtf8(text, 5_000);

    // Assess
    expect(cut).toBe('é'.repeat(2_500));
    expect(utf8Bytes(cut)).toBe(5_000);
  });

  it('never splits a surrogate pair of an emoji', () => {
    // Prepare: '😀' is 4 bytes and 2 UTF-16 code units.
    const text = `a${'😀'.repeat(3)}`;

    // Act
    const cut = truncateUtf8(text, 10);

    // Assess
    expect(cut).toBe('a😀😀');
    expect(cut).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('keeps an emoji sequence or a letter with its accent whole or drops it whole', () => {
    // Prepare: a ZWJ family (25 bytes), a skin-toned thumb (8 bytes), e + combining acute (3 bytes).
    const family = '👨‍👩‍👧‍👦';
    const thumb = '👍🏽';
    const accented = 'e\u0301';

    // Act & Assess
    expect(truncateUtf8(`ok ${family}`, 20)).toBe('ok ');
    expect(truncateUtf8(`ok ${thumb}`, 9)).toBe('ok ');
    expect(truncateUtf8(`caf${accented}`, 4)).toBe('caf');
    expect(truncateUtf8(`caf${accented}!`, 6)).toBe(`caf${accented}`);
  });

  it('cuts CJK text on a character boundary', () => {
    // Prepare: each of these characters is 3 bytes.
    const text = '顧客満足度調査';

    // Act
    const cut = truncateUtf8(text, 10);

    // Assess
    expect(cut).toBe('顧客満');
    expect(utf8Bytes(cut)).toBe(9);
  });

  it('falls back to code points for a single grapheme larger than the limit', () => {
    // Prepare: one letter carrying 100 combining marks (2 bytes each) is one 201-byte grapheme.
    const zalgo = `a${'\u0301'.repeat(100)}`;

    // Act
    const cut = truncateUtf8(zalgo, 11);

    // Assess
    expect(cut).toBe(`a${'\u0301'.repeat(5)}`);
  });
});

describe('toComprehendLanguage', () => {
  it.each([
    ['pt-BR', 'pt'],
    ['EN_us', 'en'],
    ['zh-TW', 'zh-TW'],
    ['zh-Hant-HK', 'zh-TW'],
    ['zh-CN', 'zh'],
    ['sv-SE', 'sv'],
  ])('maps %s to %s', (tag, expected) => {
    expect(toComprehendLanguage(tag)).toBe(expected);
  });
});
