/**
 * Invitations and answers stored before the funnel counters existed, against DynamoDB Local: their
 * items are written here as an older version wrote them (no `inFunnel` mark, no `countedCommented`),
 * then delivered, answered and re-submitted through the store as the use cases do (reading the
 * invitation and the response back first). The response and comment rates of their cohort days must
 * not move: those days never counted these invitations, so adding their deliveries or answers could
 * push a response rate past 100% or give answers without deliveries.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbStore } from '../../functions/adapters/dynamodb/dynamodb-store';
import { keys } from '../../functions/adapters/dynamodb/keys';
import type { Invitation } from '../../functions/domain/model';
import { ensureTable, localClient } from '../../local/dynamodb-local';

const endpoint = inject('dynamoEndpoint');
const tableName = `t-${randomUUID()}`;
const db = createDocumentClient(localClient(endpoint));
const store = new DynamoDbStore(db, tableName);

beforeAll(() => ensureTable(endpoint, tableName));
afterAll(() => db.destroy());

const invitation = (id: string, day: string): Invitation => ({
  invitationId: id,
  interactionId: `I-${id}`,
  customerId: `C-${id}`,
  channel: 'email',
  to: `${id}@example.com`,
  teamId: 'legacy',
  occurredAt: `${day}T09:00:00Z`,
  createdAt: `${day}T10:00:00Z`,
  status: 'sent',
  delivery: 'pending',
  sendAt: `${day}T10:00:00Z`,
  expiresAt: `${day}T23:00:00Z`,
});

/** An invitation item as a version without the funnel counters wrote it: no mark, nothing counted. */
async function putOlderInvitation(id: string, day: string): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.invitation(id), type: 'Invitation', ...invitation(id, day) },
    }),
  );
}

async function stored(id: string): Promise<Invitation> {
  const found = await store.getInvitation(id);
  if (!found) throw new Error(`invitation ${id} was not stored`);
  return found;
}

/** Stores an answer and counts it as the response processor does. */
async function answerAndCount(id: string, score: number, comment: string, at: string): Promise<void> {
  await store.saveAnswer({ invitation: await stored(id), score, comment, submittedAt: new Date(at) });
  const [response] = await store.getResponses([id]);
  if (!response) throw new Error(`the answer of ${id} was not stored`);
  const counted = await store.countResponse({
    response,
    analysis: { state: 'done', sentiment: 'neutral', language: 'en' },
    countedAt: new Date(at),
  });
  expect(counted).toBe(true);
}

async function ratesOf(day: string) {
  return {
    all: await store.readRates('all', day, day),
    team: await store.readRates('team', day, day),
  };
}

describe('the funnel counters and what was stored before them', () => {
  it('count no delivery, failure or answer of an invitation created before them', async () => {
    // Prepare: a day whose one counted invitation was delivered, and two older invitations of that day.
    const day = '2026-02-10';
    const at = new Date(`${day}T10:01:00Z`);
    expect(
      await store.createInvitation(invitation('inv_counted', day), { status: 'sent', sendAt: at }, at),
    ).toEqual({ outcome: 'created' });
    expect(await store.markDelivered(await stored('inv_counted'), at, 'm-0')).toBe(true);
    await putOlderInvitation('inv_older', day);
    await putOlderInvitation('inv_older_refused', day);
    const before = await ratesOf(day);
    expect(before.all).toEqual([
      expect.objectContaining({
        invitations: 1,
        sent: 1,
        delivered: 1,
        failed: 0,
        answered: 0,
        commented: 0,
      }),
    ]);

    // Act: delivered, refused, answered with a comment, re-submitted without it, then with one again.
    expect(await store.markDelivered(await stored('inv_older'), at, 'm-1')).toBe(true);
    expect(await store.markDeliveryFailed(await stored('inv_older_refused'), at, 'refused')).toBe(true);
    await answerAndCount('inv_older', 3, 'Slow and unhelpful', '2026-02-11T08:00:00Z');
    await answerAndCount('inv_older', 9, '', '2026-02-12T08:00:00Z');
    await answerAndCount('inv_older', 10, 'Fine in the end', '2026-02-12T09:00:00Z');

    // Assess: the deliveries and answers happened, the day's funnel did not move; the NPS counts it.
    expect((await stored('inv_older')).delivery).toBe('delivered');
    expect((await stored('inv_older_refused')).delivery).toBe('failed');
    expect(await ratesOf(day)).toEqual(before);
    const [response] = await store.getResponses(['inv_older']);
    expect(response).toMatchObject({ countedRevision: 3, countedScore: 10 });
    expect(response?.invitedAt).toBeUndefined();
    expect(response?.countedCommented).toBeUndefined();
    expect(await store.readAggregates('all', '2026-02-12', '2026-02-12')).toEqual([
      { day: '2026-02-12', group: '-', promoters: 1, passives: 0, detractors: 0 },
    ]);
  });

  it('take no recount of an answer counted before them for a first count', async () => {
    // Prepare: an invitation counted and delivered, whose answer an older version counted (no
    // `countedCommented` on it), as during a deployment.
    const day = '2026-02-20';
    const at = new Date(`${day}T10:01:00Z`);
    await store.createInvitation(invitation('inv_recount', day), { status: 'sent', sendAt: at }, at);
    expect(await store.markDelivered(await stored('inv_recount'), at, 'm-2')).toBe(true);
    const { to: _to, delivery: _delivery, ...fields } = invitation('inv_recount', day);
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...keys.response('inv_recount'),
          type: 'Response',
          ...fields,
          score: 3,
          comment: 'Slow',
          submittedAt: `${day}T11:00:00Z`,
          revision: 1,
          countedRevision: 1,
          countedScore: 3,
          countedDay: day,
          sentimentState: 'done',
          sentiment: 'negative',
        },
      }),
    );
    const before = await ratesOf(day);
    expect(before.all).toEqual([
      expect.objectContaining({ invitations: 1, delivered: 1, answered: 0, commented: 0 }),
    ]);

    // Act: re-submitted twice, with and without a comment.
    await answerAndCount('inv_recount', 4, 'Still slow', `${day}T12:00:00Z`);
    await answerAndCount('inv_recount', 8, '', `${day}T13:00:00Z`);

    // Assess
    const [response] = await store.getResponses(['inv_recount']);
    expect(response).toMatchObject({ countedRevision: 3, countedScore: 8 });
    expect(await ratesOf(day)).toEqual(before);
  });

  it('still count an answer to an invitation they counted, once', async () => {
    const day = '2026-02-25';
    const at = new Date(`${day}T10:01:00Z`);
    await store.createInvitation(invitation('inv_new', day), { status: 'sent', sendAt: at }, at);
    expect(await store.markDelivered(await stored('inv_new'), at, 'm-3')).toBe(true);
    await answerAndCount('inv_new', 2, 'Slow', `${day}T12:00:00Z`);
    await answerAndCount('inv_new', 9, '', `${day}T13:00:00Z`);

    const { all } = await ratesOf(day);
    expect(all).toEqual([
      expect.objectContaining({ invitations: 1, sent: 1, delivered: 1, answered: 1, commented: 0 }),
    ]);
  });
});
