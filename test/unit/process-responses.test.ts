/**
 * The response processor's themes step with fakes for its ports: one batched key-phrase call for
 * the batch's commented answers, topics classified, follow-ups left out, and a failing extractor
 * sending only the answers that need phrases back to the queue.
 */
import { describe, expect, it } from 'vitest';
import type { SurveyResponse } from '../../functions/domain/model';
import type { SentimentRequest } from '../../functions/domain/ports';
import type { CountInput, ResponseStore } from '../../functions/domain/store';
import type { KeyPhraseExtractor, KeyPhraseRequest } from '../../functions/domain/themes';
import { type ProcessResponsesDeps, processResponses } from '../../functions/use-cases/process-responses';

const now = new Date('2026-11-23T12:00:00Z');

const response = (id: string, score: number, comment?: string, extra: Partial<SurveyResponse> = {}) =>
  ({
    invitationId: id,
    interactionId: `I-${id}`,
    customerId: `C-${id}`,
    channel: 'email',
    teamId: 'billing',
    score,
    comment,
    submittedAt: '2026-11-23T11:00:00Z',
    invitedAt: '2026-11-22T10:00:00Z',
    revision: 1,
    countedRevision: 0,
    sentimentState: comment ? 'pending' : 'none',
    ...extra,
  }) as SurveyResponse;

function setup(responses: SurveyResponse[], keyPhrases: KeyPhraseExtractor['keyPhrases']) {
  const counted: CountInput[] = [];
  const phraseCalls: KeyPhraseRequest[][] = [];
  const store: ResponseStore = {
    saveAnswer: async () => ({ revision: 1 }),
    getResponses: async (ids) => responses.filter((r) => ids.includes(r.invitationId)),
    getCase: async (caseId) =>
      caseId === 'case_followed' ? ({ caseId, alertedAt: now.toISOString() } as never) : undefined,
    countResponse: async (input) => {
      counted.push(input);
      return true;
    },
  };
  const deps: ProcessResponsesDeps = {
    store,
    analyzer: {
      analyze: async (requests: readonly SentimentRequest[]) =>
        requests.map((r) => ({ id: r.id, state: 'done', sentiment: 'negative', language: 'en' })),
    },
    keyPhrases: {
      keyPhrases: async (requests) => {
        phraseCalls.push([...requests]);
        return keyPhrases(requests);
      },
    },
    queue: { enqueue: async () => {} },
    clock: { now: () => now },
    routingOf: () => ({
      calendar: { timeZone: 'UTC', open: 9, close: 17, days: [1, 2, 3, 4, 5] },
      owner: 'care',
      highSeverityHours: 4,
      normalHours: 8,
    }),
    contactOf: async () => ({}),
  };
  return { deps, counted, phraseCalls };
}

describe('processResponses: key phrases and topics', () => {
  it('asks for the key phrases of the batch’s commented answers in one call and counts their topics', async () => {
    // Prepare
    const { deps, counted, phraseCalls } = setup(
      [
        response('a', 2, 'Forty minutes on hold and a wrong invoice'),
        response('b', 10),
        response('c', 9, 'Great', { followUpOf: 'case_followed' }),
      ],
      async (requests) => requests.map((r) => ({ id: r.id, phrases: ['Wrong Invoice', 'hold', 'hold'] })),
    );

    // Act
    const outcomes = await processResponses(deps, ['a', 'b', 'c']);

    // Assess
    expect([...outcomes.values()]).toEqual(['counted', 'counted', 'counted']);
    expect(phraseCalls).toEqual([
      [{ id: 'a', text: 'Forty minutes on hold and a wrong invoice', language: 'en' }],
    ]);
    const byId = new Map(counted.map((input) => [input.response.invitationId, input]));
    expect(byId.get('a')?.themes).toEqual({
      keyPhrases: ['wrong invoice', 'hold'],
      topics: ['wait_time', 'billing'],
    });
    expect(byId.get('b')?.themes).toBeUndefined();
    expect(byId.get('c')?.themes).toBeUndefined();
  });

  it('sends only the commented answers back to the queue when the extractor fails', async () => {
    // Prepare
    const { deps, counted } = setup([response('a', 2, 'Slow refund'), response('b', 10)], async () => {
      throw new Error('TooManyRequestsException');
    });
    const errors: string[] = [];
    deps.onError = (id) => errors.push(id);

    // Act
    const outcomes = await processResponses(deps, ['a', 'b']);

    // Assess
    expect(Object.fromEntries(outcomes)).toEqual({ a: 'retry', b: 'counted' });
    expect(counted.map((input) => input.response.invitationId)).toEqual(['b']);
    expect(errors).toEqual(['a']);
  });

  it('makes no key-phrase call when no answer needs one', async () => {
    // Prepare
    const { deps, phraseCalls } = setup(
      [response('a', 8), response('b', 7, 'Fine', { revision: 2, countedRevision: 2 })],
      async () => [],
    );

    // Act
    await processResponses(deps, ['a', 'b']);

    // Assess
    expect(phraseCalls).toEqual([]);
  });
});
