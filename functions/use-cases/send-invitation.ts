/**
 * The invitation sender: sends each due invitation once, by email or SMS (a lease taken before
 * sending stops two deliveries of the same message from sending twice), and, when configured,
 * one reminder to customers who have not answered after N days.
 */
import { endOfQuietHours } from '../domain/fatigue';
import { textFor } from '../domain/i18n';
import { invitationEmail, invitationSms } from '../domain/invitation-message';
import type { Invitation } from '../domain/model';
import { type Clock, type EmailSender, PermanentDeliveryError, type SmsSender } from '../domain/ports';
import type { InvitationStore, ResponseStore, SmsStore } from '../domain/store';
import { issueSurveyToken, type TokenKeys } from '../domain/survey-token';
import { surveyUrlOf } from './record-interaction';
import { unsubscribeUrlOf } from './unsubscribe';

export interface SendInvitationDeps {
  store: InvitationStore & Pick<SmsStore, 'openConversation'>;
  /** How long an SMS survey conversation takes replies. */
  conversationHours: number;
  /** Days after delivery for the single reminder; undefined: no reminders. */
  reminderDays?: number;
  /** Local hours when nothing is sent (reminders wait for the customer's daytime). */
  quietHours?: { start: number; end: number };
  email: EmailSender;
  sms: SmsSender;
  clock: Clock;
  tokenKeys: TokenKeys;
  publicUrl: string;
}

/** Shorter than the queue's visibility timeout, so a crashed sender's lease ends before the retry. */
export const DELIVERY_LEASE_MS = 120_000;

export type SendOutcome = 'sent' | 'not_due' | 'skipped' | 'busy' | 'failed';

export async function sendInvitation(deps: SendInvitationDeps, invitationId: string): Promise<SendOutcome> {
  const invitation = await deps.store.getInvitation(invitationId);
  if (invitation?.delivery !== 'pending') return 'skipped';
  const now = deps.clock.now();
  // Not yet daytime for the customer: the sweeper queues it again when it is due.
  if (new Date(invitation.sendAt) > now) return 'not_due';
  if (!invitation.to) return 'skipped';
  if (!(await deps.store.claimDelivery(invitationId, now, DELIVERY_LEASE_MS))) return 'busy';

  const token = issueSurveyToken(deps.tokenKeys, invitation.invitationId, new Date(invitation.expiresAt));
  const url = surveyUrlOf(deps.publicUrl, token);
  const origin = { customerId: invitation.customerId, invitationId: invitation.invitationId };
  const to = invitation.to;
  if (invitation.channel === 'sms') {
    // Opened before sending, so that even an instant reply finds its survey; the newest
    // invitation of a phone takes its replies.
    await deps.store.openConversation(to, {
      invitationId: invitation.invitationId,
      customerId: invitation.customerId,
      locale: invitation.locale,
      state: 'awaiting_score',
      expiresAt: new Date(now.getTime() + deps.conversationHours * 3_600_000).toISOString(),
    });
  }
  try {
    const receipt =
      invitation.channel === 'email'
        ? await deps.email.sendEmail({
            ...origin,
            to,
            // The unsubscribe link carries the same token: it names the invitation, hence the address.
            ...invitationEmail(invitation, url, unsubscribeUrlOf(deps.publicUrl, token)),
          })
        : await deps.sms.sendSms({ ...origin, to, body: invitationSms(invitation, url) });
    const deliveredAt = deps.clock.now();
    await deps.store.markDelivered(
      invitation,
      deliveredAt,
      receipt.messageId,
      reminderTime(deps, invitation, deliveredAt),
    );
    return 'sent';
  } catch (error) {
    if (!(error instanceof PermanentDeliveryError)) throw error;
    await deps.store.markDeliveryFailed(invitation, deps.clock.now(), error.message);
    return 'failed';
  }
}

/** When the single reminder is due: N days after delivery, pushed past the customer's quiet hours. */
function reminderTime(deps: SendInvitationDeps, invitation: Invitation, deliveredAt: Date): Date | undefined {
  if (!deps.reminderDays) return undefined;
  const at = new Date(deliveredAt.getTime() + deps.reminderDays * 86_400_000);
  // A reminder after the link expired would lead nowhere.
  if (at >= new Date(invitation.expiresAt)) return undefined;
  return invitation.timeZone && deps.quietHours
    ? endOfQuietHours(at, invitation.timeZone, deps.quietHours)
    : at;
}

export type ReminderOutcome =
  | 'reminded'
  | 'answered'
  | 'opted_out'
  | 'expired'
  | 'already_reminded'
  | 'skipped';

/**
 * The single reminder of an unanswered invitation: never after an answer, an opt-out or the
 * link's expiry, and at most once (the claim is taken before sending: a crash loses a reminder
 * rather than sending two).
 */
export async function sendReminder(
  deps: SendInvitationDeps & { responses: Pick<ResponseStore, 'getResponses'> },
  invitationId: string,
): Promise<ReminderOutcome> {
  const invitation = await deps.store.getInvitation(invitationId);
  if (invitation?.delivery !== 'delivered' || !invitation.to) return 'skipped';
  if (invitation.remindedAt) return 'already_reminded';
  const now = deps.clock.now();
  const stop = async (outcome: ReminderOutcome) => {
    await deps.store.cancelReminder(invitationId);
    return outcome;
  };
  if (new Date(invitation.expiresAt) <= now) return stop('expired');
  if ((await deps.responses.getResponses([invitationId])).length > 0) return stop('answered');
  const profile = await deps.store.getCustomerProfile(invitation.customerId, [invitation.to]);
  if (profile.optedOut) return stop('opted_out');
  if (!(await deps.store.claimReminder(invitationId, now))) return 'already_reminded';

  const t = textFor(invitation.locale);
  const token = issueSurveyToken(deps.tokenKeys, invitation.invitationId, new Date(invitation.expiresAt));
  const url = surveyUrlOf(deps.publicUrl, token);
  const origin = { customerId: invitation.customerId, invitationId: invitation.invitationId };
  try {
    if (invitation.channel === 'email') {
      const email = invitationEmail(invitation, url, unsubscribeUrlOf(deps.publicUrl, token));
      await deps.email.sendEmail({
        ...origin,
        to: invitation.to,
        ...email,
        subject: `${t.reminder} ${email.subject}`,
      });
    } else {
      await deps.sms.sendSms({
        ...origin,
        to: invitation.to,
        body: invitationSms(invitation, url, { reminder: true }),
      });
    }
  } catch (error) {
    // Refused for good: there will be no reminder; anything else is retried by the queue, but
    // the claim is taken, so at most one reminder goes out.
    if (!(error instanceof PermanentDeliveryError)) throw error;
  }
  return 'reminded';
}
