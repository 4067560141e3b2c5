/**
 * The invitation sender: sends each due invitation once, by email or SMS. A lease taken before
 * sending stops two deliveries of the same message from sending twice.
 */
import { invitationEmail, invitationSms } from '../domain/invitation-message';
import { type Clock, type EmailSender, PermanentDeliveryError, type SmsSender } from '../domain/ports';
import type { InvitationStore, SmsStore } from '../domain/store';
import { issueSurveyToken, type TokenKeys } from '../domain/survey-token';
import { surveyUrlOf } from './record-interaction';
import { unsubscribeUrlOf } from './unsubscribe';

export interface SendInvitationDeps {
  store: InvitationStore & Pick<SmsStore, 'openConversation'>;
  /** How long an SMS survey conversation takes replies. */
  conversationHours: number;
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
    await deps.store.markDelivered(invitationId, deps.clock.now(), receipt.messageId);
    return 'sent';
  } catch (error) {
    if (!(error instanceof PermanentDeliveryError)) throw error;
    await deps.store.markDeliveryFailed(invitationId, deps.clock.now(), error.message);
    return 'failed';
  }
}
