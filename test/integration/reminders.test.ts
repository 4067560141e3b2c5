/**
 * The single reminder, on the local runtime with reminders on (LIFELINE_REMINDER_DAYS=2). The
 * runtime's clock is the real one, so the test hands the sender the message the sweeper sends
 * when the reminder falls due, and checks when that is.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import sqsEvent from '../../events/sqs-invitation-message.json';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { localClient } from '../../local/dynamodb-local';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ env: { LIFELINE_REMINDER_DAYS: '2' } });
});
afterAll(async () => {
  await rt?.stop();
});

async function invite(customer: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}) {
  const res = await rt.api('POST', '/interactions', { body: interaction(overrides, customer) });
  const body = (await res.json()) as { invitationId: string; surveyUrl: string };
  await rt.settle();
  return body;
}

/** What the sweeper queues when an invitation's reminder falls due. */
async function reminderFor(invitationId: string) {
  const event = structuredClone(sqsEvent);
  for (const record of event.Records) record.body = JSON.stringify({ invitationId, reminder: true });
  return rt.invoke('invitationSender', event);
}

async function messagesTo(invitationId: string) {
  const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
    messages: { invitationId?: string; subject?: string; body: string; kind: string }[];
  };
  return messages.filter((m) => m.invitationId === invitationId);
}

/** Reminders pending in the sparse index, with when they fall due. */
async function pendingReminders(): Promise<{ invitationId: string; due: string }[]> {
  const db = createDocumentClient(localClient(inject('dynamoEndpoint')));
  const out = await db.send(
    new QueryCommand({
      TableName: rt.tableName,
      IndexName: 'pendingWork',
      KeyConditionExpression: 'gsi4pk = :pk',
      ExpressionAttributeValues: { ':pk': 'PENDING#reminder' },
    }),
  );
  return (out.Items ?? []).map((i) => ({ invitationId: String(i.invitationId), due: String(i.gsi4sk) }));
}

describe('the single reminder', () => {
  it('falls due two days after delivery and goes out once, with a reminder subject', async () => {
    const { invitationId } = await invite({ locale: 'de' });
    const pending = (await pendingReminders()).find((r) => r.invitationId === invitationId);
    const inTwoDays = Date.now() + 2 * 86_400_000;
    expect(Math.abs(Date.parse(pending?.due ?? '') - inTwoDays)).toBeLessThan(60_000);

    await reminderFor(invitationId);
    await reminderFor(invitationId); // the same message delivered again
    const messages = await messagesTo(invitationId);
    expect(messages.map((m) => m.subject)).toEqual(['Wie waren wir?', 'Erinnerung: Wie waren wir?']);
    expect((await pendingReminders()).some((r) => r.invitationId === invitationId)).toBe(false);
  });

  it('is not sent to a customer who has answered', async () => {
    const { invitationId, surveyUrl } = await invite();
    await rt.api('POST', '/responses', { admin: false, body: { token: tokenOf(surveyUrl), score: 9 } });
    await rt.settle();
    await reminderFor(invitationId);
    expect(await messagesTo(invitationId)).toHaveLength(1);
    expect((await pendingReminders()).some((r) => r.invitationId === invitationId)).toBe(false);
  });

  it('is not sent to an address that unsubscribed meanwhile', async () => {
    const { invitationId, surveyUrl } = await invite();
    const unsubscribe = await fetch(surveyUrl.replace('/s/', '/u/'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(unsubscribe.status).toBe(200);
    await reminderFor(invitationId);
    expect(await messagesTo(invitationId)).toHaveLength(1);
  });
});
