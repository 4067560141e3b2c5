/**
 * What SES reports back about sent email (event publishing through the configuration set),
 * reduced to what suppression needs, and the rule deciding which addresses never get mail again.
 */

export interface Recipient {
  emailAddress: string;
}

/** An SES event notification: `eventType` plus the part of the event it names. */
export interface EmailFeedback {
  eventType: string;
  bounce?: { bounceType: string; bouncedRecipients: readonly Recipient[] };
  complaint?: { complainedRecipients: readonly Recipient[]; complaintFeedbackType?: string };
}

/**
 * Addresses to opt out for good: every recipient of a permanent bounce (the mailbox does not
 * exist) and every recipient who complained. Transient bounces (a full mailbox, a server briefly
 * away) and undetermined ones pass. A complaint whose feedback type is `not-spam` is a recipient
 * telling their provider the mail was wanted, not a complaint.
 */
export function addressesToSuppress(feedback: EmailFeedback): string[] {
  let recipients: readonly Recipient[] = [];
  if (feedback.eventType === 'Bounce' && feedback.bounce?.bounceType === 'Permanent') {
    recipients = feedback.bounce.bouncedRecipients;
  } else if (
    feedback.eventType === 'Complaint' &&
    feedback.complaint &&
    feedback.complaint.complaintFeedbackType !== 'not-spam'
  ) {
    recipients = feedback.complaint.complainedRecipients;
  }
  return [...new Set(recipients.map((r) => bareAddress(r.emailAddress)).filter((a) => a.includes('@')))];
}

/** `Ana <ana@example.com>` → `ana@example.com`; a bare address stays as it is. */
function bareAddress(address: string): string {
  return (/<([^<>]+)>\s*$/.exec(address)?.[1] ?? address).trim();
}
