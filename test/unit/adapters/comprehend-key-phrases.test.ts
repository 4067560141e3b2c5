import {
  BatchDetectKeyPhrasesCommand,
  type BatchDetectKeyPhrasesRequest,
  type BatchDetectKeyPhrasesResponse,
  ComprehendClient,
  InternalServerException,
  InvalidRequestException,
  TooManyRequestsException,
} from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { ComprehendKeyPhraseExtractor } from '../../../functions/adapters/comprehend-key-phrases';
import type { KeyPhraseRequest } from '../../../functions/domain/themes';

const comprehend = mockClient(ComprehendClient);
const client = new ComprehendClient({ region: 'eu-west-1' });
const noSleep = () => Promise.resolve();

/** Answers each document with one phrase naming its text, as Comprehend would without errors. */
const echo = (input: BatchDetectKeyPhrasesRequest): BatchDetectKeyPhrasesResponse => ({
  ResultList: (input.TextList ?? []).map((text, Index) => ({
    Index,
    KeyPhrases: [{ Text: `${text} phrase`, Score: 0.99 }],
  })),
  ErrorList: [],
});

const calls = () => comprehend.commandCalls(BatchDetectKeyPhrasesCommand).map((call) => call.args[0].input);

describe('ComprehendKeyPhraseExtractor', () => {
  beforeEach(() => {
    comprehend.reset();
  });

  it('sends at most 25 documents of one language per call and keeps every id in order', async () => {
    // Prepare
    comprehend.on(BatchDetectKeyPhrasesCommand).callsFake(echo);
    const requests: KeyPhraseRequest[] = [
      ...Array.from({ length: 30 }, (_, i) => ({ id: `en${i}`, text: `english ${i}`, language: 'en-GB' })),
      { id: 'es0', text: 'espera larga', language: 'es' },
      { id: 'pt0', text: 'fatura errada', language: 'pt-BR' },
    ];

    // Act
    const results = await new ComprehendKeyPhraseExtractor({ client, sleep: noSleep }).keyPhrases(requests);

    // Assess
    expect(results.map((r) => r.id)).toEqual(requests.map((r) => r.id));
    expect(results[29]).toEqual({ id: 'en29', phrases: ['english 29 phrase'] });
    expect(results[31]).toEqual({ id: 'pt0', phrases: ['fatura errada phrase'] });
    expect(calls().map((input) => [input.LanguageCode, input.TextList?.length])).toEqual([
      ['en', 25],
      ['en', 5],
      ['es', 1],
      ['pt', 1],
    ]);
  });

  it('gives [] to a document Comprehend refuses and to languages it has no model for, without asking', async () => {
    // Prepare
    comprehend.on(BatchDetectKeyPhrasesCommand).resolves({
      ResultList: [{ Index: 0, KeyPhrases: [{ Text: 'slow refund' }] }],
      ErrorList: [{ Index: 1, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'failed' }],
    });

    // Act
    const results = await new ComprehendKeyPhraseExtractor({ client, sleep: noSleep }).keyPhrases([
      { id: 'a', text: 'slow refund', language: 'en' },
      { id: 'b', text: 'broken', language: 'en' },
      { id: 'c', text: 'hyvä palvelu', language: 'fi' },
      { id: 'd', text: '   ', language: 'en' },
      { id: 'e', text: 'unknown', language: 'und' },
    ]);

    // Assess
    expect(results).toEqual([
      { id: 'a', phrases: ['slow refund'] },
      { id: 'b', phrases: [] },
      { id: 'c', phrases: [] },
      { id: 'd', phrases: [] },
      { id: 'e', phrases: [] },
    ]);
    expect(calls()).toHaveLength(1);
    expect(calls()[0]?.TextList).toEqual(['slow refund', 'broken']);
  });

  it('maps Traditional Chinese to zh-TW and cuts a document to 5,000 bytes', async () => {
    // Prepare
    comprehend.on(BatchDetectKeyPhrasesCommand).callsFake(echo);

    // Act
    await new ComprehendKeyPhraseExtractor({ client, sleep: noSleep }).keyPhrases([
      { id: 'a', text: '等了很久', language: 'zh-Hant' },
      { id: 'b', text: 'é'.repeat(4_000), language: 'fr' },
    ]);

    // Assess
    const [zh, fr] = calls();
    expect(zh?.LanguageCode).toBe('zh-TW');
    expect(fr?.LanguageCode).toBe('fr');
    expect(Buffer.byteLength(fr?.TextList?.[0] ?? '', 'utf8')).toBe(5_000);
  });

  it('tries each document alone when one invalid document fails the whole call', async () => {
    // Prepare
    comprehend.on(BatchDetectKeyPhrasesCommand).callsFake((input: BatchDetectKeyPhrasesRequest) => {
      if (input.TextList?.includes('bad'))
        throw new InvalidRequestException({ message: 'bad', $metadata: {} });
      return echo(input);
    });

    // Act
    const results = await new ComprehendKeyPhraseExtractor({ client, sleep: noSleep }).keyPhrases([
      { id: 'a', text: 'good', language: 'en' },
      { id: 'b', text: 'bad', language: 'en' },
    ]);

    // Assess
    expect(results).toEqual([
      { id: 'a', phrases: ['good phrase'] },
      { id: 'b', phrases: [] },
    ]);
    expect(calls()).toHaveLength(3);
  });

  it('retries throttling, then throws so the messages are retried', async () => {
    // Prepare
    const throttled = new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} });
    comprehend.on(BatchDetectKeyPhrasesCommand).rejectsOnce(throttled).callsFake(echo);
    const extractor = new ComprehendKeyPhraseExtractor({ client, sleep: noSleep, maxAttempts: 3 });

    // Act
    const recovered = await extractor.keyPhrases([{ id: 'a', text: 'late', language: 'en' }]);
    comprehend.reset();
    comprehend.on(BatchDetectKeyPhrasesCommand).rejects(throttled);
    const failure = extractor.keyPhrases([{ id: 'a', text: 'late', language: 'en' }]);

    // Assess
    expect(recovered).toEqual([{ id: 'a', phrases: ['late phrase'] }]);
    await expect(failure).rejects.toThrow(/throttling/);
    expect(calls()).toHaveLength(3);
  });

  it('throws on a service error instead of answering [] for everything', async () => {
    // Prepare
    comprehend
      .on(BatchDetectKeyPhrasesCommand)
      .rejects(new InternalServerException({ message: 'boom', $metadata: {} }));

    // Act
    const call = new ComprehendKeyPhraseExtractor({ client, sleep: noSleep }).keyPhrases([
      { id: 'a', text: 'late', language: 'en' },
    ]);

    // Assess
    await expect(call).rejects.toThrow('boom');
  });
});
