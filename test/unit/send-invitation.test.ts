import { describe, expect, it } from 'vitest';
import type { Invitation } from '../../functions/domain/model';
import { PermanentDeliveryError } from '../../functions/domain/ports';
import type { InvitationStore, SmsStore } from '../../functions/domain/store';
import { sendInvitation } from '../../functions/use-cases/send-invitation';

const now = new Date('2026-11-23T12:00:00Z');
const invitation: Invitation = {
  invitationId: 'inv_1',
  interactionId: 'T-1',
  customerId: 'C-1',
  channel: 'sms',
  to: '+14155550100',
  occurredAt: now.toISOString(),
  createdAt: now.toISOString(),
  status: 'sent',
  delivery: 'pending',
  sendAt: now.toISOString(),
  expiresAt: '2026-12-23T12:00:00Z',
};

/** An in-memory invitation store recording what the use case did. */
function fakeStore(initial: Invitation) {
  const state = {
    invitation: { ...initial },
    claims: 0,
    conversations: 0,
    failedReason: undefined as string | undefined,
    remindAt: undefined as Date | undefined,
  };
  const store: Pick<
    InvitationStore & SmsStore,
    'getInvitation' | 'claimDelivery' | 'markDelivered' | 'markDeliveryFailed' | 'openConversation'
  > = {
    getInvitation: async () => ({ ...state.invitation }),
    claimDelivery: async () => {
      state.claims++;
      return state.claims === 1;
    },
    markDelivered: async (_invitation, _at, _messageId, remindAt) => {
      state.invitation.delivery = 'delivered';
      state.remindAt = remindAt;
      return true;
    },
    markDeliveryFailed: async (_invitation, _at, reason) => {
      state.invitation.delivery = 'failed';
      state.failedReason = reason;
      return true;
    },
    openConversation: async () => {
      state.conversations++;
    },
  };
  return { state, store: store as InvitationStore & SmsStore };
}

const deps = (store: InvitationStore & SmsStore, sms: (body: string) => Promise<{ messageId: string }>) => ({
  store,
  conversationHours: 72,
  email: { sendEmail: async () => ({ messageId: 'e' }) },
  sms: { sendSms: async (m: { body: string }) => sms(m.body) },
  clock: { now: () => now },
  tokenKeys: { current: 'k1', keys: { k1: 'x'.repeat(43) } },
  publicUrl: 'https://surveys.example.com',
});

describe('sending an invitation', () => {
  it('sends once, with the survey link, and marks it delivered', async () => {
    const { state, store } = fakeStore(invitation);
    const sent: string[] = [];
    const d = deps(store, async (body) => {
      sent.push(body);
      return { messageId: 'm1' };
    });
    expect(await sendInvitation(d, 'inv_1')).toBe('sent');
    expect(await sendInvitation(d, 'inv_1')).toBe('skipped');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('https://surveys.example.com/s/k1.inv_1.');
    expect(state.invitation.delivery).toBe('delivered');
    expect(state.conversations).toBe(1);
  });

  it('schedules the single reminder N days later, after the end of quiet hours for the customer', async () => {
    // Delivered at 23:00 in Sydney: two days later it is 23:00 there again, so the reminder waits until 09:00.
    const { state, store } = fakeStore({ ...invitation, timeZone: 'Australia/Sydney' });
    const d = {
      ...deps(store, async () => ({ messageId: 'm1' })),
      reminderDays: 2,
      quietHours: { start: 21, end: 9 },
    };
    await sendInvitation(d, 'inv_1');
    expect(state.remindAt?.toISOString()).toBe('2026-11-25T22:00:00.000Z');
  });

  it('schedules no reminder when reminders are off or would come after the link expires', async () => {
    const off = fakeStore(invitation);
    await sendInvitation(
      deps(off.store, async () => ({ messageId: 'm1' })),
      'inv_1',
    );
    expect(off.state.remindAt).toBeUndefined();
    const late = fakeStore({ ...invitation, expiresAt: '2026-11-28T12:00:00Z' });
    await sendInvitation(
      { ...deps(late.store, async () => ({ messageId: 'm1' })), reminderDays: 10 },
      'inv_1',
    );
    expect(late.state.remindAt).toBeUndefined();
  });

  it('waits for an invitation scheduled after quiet hours', async () => {
    const { store } = fakeStore({ ...invitation, sendAt: '2026-11-23T22:00:00Z' });
    expect(
      await sendInvitation(
        deps(store, async () => ({ messageId: 'm' })),
        'inv_1',
      ),
    ).toBe('not_due');
  });

  it('marks the invitation failed, without retrying, when the provider refuses it for good', async () => {
    const { state, store } = fakeStore(invitation);
    const d = deps(store, async () => {
      throw new PermanentDeliveryError('ValidationException: the provider refused the message');
    });
    expect(await sendInvitation(d, 'inv_1')).toBe('failed');
    expect(state.invitation.delivery).toBe('failed');
    expect(state.failedReason).toContain('ValidationException');
  });

  it('lets a transient failure through so the queue retries it', async () => {
    const { state, store } = fakeStore(invitation);
    const d = deps(store, async () => {
      throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
    });
    await expect(sendInvitation(d, 'inv_1')).rejects.toThrow('slow down');
    expect(state.invitation.delivery).toBe('pending');
  });
});
