/**
 * Bounces and complaints from SES: permanently bounced and complaining addresses join the
 * permanent opt-out list, so the next interaction of that address is suppressed (`opted_out`)
 * before any email is attempted.
 */
import { addressesToSuppress, type EmailFeedback } from '../domain/email-feedback';
import type { InvitationStore } from '../domain/store';

export interface EmailFeedbackDeps {
  contacts: Pick<InvitationStore, 'optOut'>;
}

/** Opts out what the feedback calls for; answers how many addresses. Idempotent. */
export async function suppressFromFeedback(
  deps: EmailFeedbackDeps,
  feedback: EmailFeedback,
): Promise<number> {
  const addresses = addressesToSuppress(feedback);
  for (const address of addresses) await deps.contacts.optOut(address);
  return addresses.length;
}
