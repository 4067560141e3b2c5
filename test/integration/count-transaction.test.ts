/**
 * The transaction that counts an answer, at its largest, against DynamoDB Local: a first count
 * (funnel, NPS, topics, a new case) and a re-submission on another day with another category and
 * four other topics. Its items are counted from the request itself and must stay far below
 * DynamoDB's 100; the service accepts it (no item twice) and the aggregates move as they should.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import type { Invitation, RecoveryCase, SurveyResponse } from '../../functions/domain/model';
import type { Topic } from '../../functions/domain/themes';
import { ensureTable, localClient } from '../../local/dynamodb-local';

const endpoint = inject('dynamoEndpoint');
const tableName = `t-${randomUUID()}`;
const db = createDocumentClient(localClient(endpoint));
const store = new DynamoDbStore(db, tableName);
/** Items of every TransactWriteItems the store sends. */
const transactions: number[] = [];

beforeAll(async () => {
  await ensureTable(endpoint, tableName);
  db.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { TransactItems?: unknown[] };
      if (input.TransactItems) transactions.push(input.TransactItems.length);
      return next(args);
    },
    { step: 'initialize', name: 'countTransactItems' },
  );
});
afterAll(() => db.destroy());

const invitation: Invitation = {
  invitationId: 'inv_tx',
  interactionId: 'I-tx',
  customerId: 'C-tx',
  channel: 'email',
  to: 'tx@example.com',
  teamId: 'billing',
  agentId: 'A-1',
  product: 'fiber',
  occurredAt: '2026-03-01T09:00:00Z',
  createdAt: '2026-03-01T10:00:00Z',
  status: 'sent',
  delivery: 'delivered',
  sendAt: '2026-03-01T10:00:00Z',
  expiresAt: '2026-04-01T10:00:00Z',
  // Created by this version: the funnel counted it, so its answer is counted there too.
  inFunnel: true,
};

const recoveryCase = (response: SurveyResponse): RecoveryCase => ({
  caseId: 'case_tx',
  invitationId: response.invitationId,
  interactionId: response.interactionId,
  customerId: response.customerId,
  score: response.score,
  comment: response.comment,
  status: 'open',
  createdAt: '2026-03-02T12:00:00Z',
  dueAt: '2026-03-03T12:00:00Z',
  channel: 'email',
  history: [],
});

async function answerAndCount(score: number, comment: string, day: string, topics: Topic[], isNew: boolean) {
  await store.saveAnswer({ invitation, score, comment, submittedAt: new Date(`${day}T11:00:00Z`) });
  const [response] = await store.getResponses(['inv_tx']);
  if (!response) throw new Error('the answer was not stored');
  transactions.length = 0;
  const counted = await store.countResponse({
    response,
    analysis: { state: 'done', sentiment: 'negative', language: 'en' },
    themes: { keyPhrases: ['phrase'], topics },
    recoveryCase: { item: recoveryCase(response), isNew },
    countedAt: new Date(`${day}T12:00:00Z`),
  });
  expect(counted).toBe(true);
  return transactions[0];
}

describe('the counting transaction', () => {
  it('stays far below 100 items at its largest and moves every aggregate', async () => {
    // 1 response + 5 NPS + 5 funnel + 2 scopes × (4 topics + commented row) + 1 case.
    const first = await answerAndCount(
      2,
      'first',
      '2026-03-02',
      ['wait_time', 'agent_attitude', 'resolution', 'billing'],
      true,
    );
    expect(first).toBe(22);

    // Another day, category and four other topics: 1 + 5 × 2 days + 0 funnel (still commented)
    // + 2 scopes × 2 days × 5 + 1 case update.
    const second = await answerAndCount(
      10,
      'second',
      '2026-03-05',
      ['product_quality', 'delivery', 'communication', 'website_app'],
      false,
    );
    expect(second).toBe(32);

    const moved = await store.readTopics('2026-03-01', '2026-03-31', 'billing');
    const live = moved.filter((row) => row.promoters + row.passives + row.detractors !== 0);
    expect(live.map((row) => [row.day, row.topic, row.promoters]).sort()).toEqual([
      ['2026-03-05', '_commented', 1],
      ['2026-03-05', 'communication', 1],
      ['2026-03-05', 'delivery', 1],
      ['2026-03-05', 'product_quality', 1],
      ['2026-03-05', 'website_app', 1],
    ]);
    const [rates] = await store.readRates('all', '2026-03-01', '2026-03-01');
    expect(rates).toMatchObject({ answered: 1, commented: 1 });
  });
});
