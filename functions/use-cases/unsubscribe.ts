/**
 * Unsubscribing from the link in an invitation email (and RFC 8058 one-click POSTs from mailbox
 * providers). The link carries the invitation's survey token: the invitation names the address.
 * Opening the link changes nothing (mail scanners follow links); only a POST opts out.
 */
import { UnauthorizedError } from '../domain/errors';
import type { Invitation } from '../domain/model';
import type { Clock } from '../domain/ports';
import type { InvitationStore } from '../domain/store';
import { type TokenKeys, verifySurveyToken } from '../domain/survey-token';

export interface UnsubscribeDeps {
  invitations: Pick<InvitationStore, 'getInvitation' | 'optOut'>;
  clock: Clock;
  tokenKeys: TokenKeys;
}

/** The unsubscribe link of an invitation: same token as its survey link. */
export const unsubscribeUrlOf = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/$/, '')}/u/${token}`;

/**
 * The invitation an unsubscribe link stands for: 401 when the token is tampered or unknown. A genuine
 * token past its expiry still counts, because people unsubscribe from old mail.
 */
export async function openUnsubscribe(
  deps: Pick<UnsubscribeDeps, 'invitations' | 'clock' | 'tokenKeys'>,
  token: string,
): Promise<Invitation> {
  const { invitationId } = verifySurveyToken(deps.tokenKeys, token, deps.clock.now(), {
    allowExpired: true,
  });
  const invitation = await deps.invitations.getInvitation(invitationId);
  if (!invitation) throw new UnauthorizedError('This link is not valid.', 'invalid_token');
  return invitation;
}

/**
 * Opts the invitation's address out of every future survey, whichever customer record it comes
 * with (contact level: the customer's other contacts are theirs to keep). Idempotent. An erased
 * customer's invitation has no address left, so there is nothing to remember.
 */
export async function unsubscribe(deps: UnsubscribeDeps, token: string): Promise<Invitation> {
  const invitation = await openUnsubscribe(deps, token);
  if (invitation.to) await deps.invitations.optOut(invitation.to);
  return invitation;
}
