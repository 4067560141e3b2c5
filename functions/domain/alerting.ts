/**
 * Care-team alert rules: which channels a case still needs, which cases wait for a digest, and
 * what a structured alert shows of a case. Pure: no cloud, no I/O.
 */
import type { RecoveryCase } from './model';
import { categorize } from './nps';
import type { AlertChannelName, CaseAlert } from './ports';

type ChannelMarkers = {
  sentAt: keyof RecoveryCase & `alerted${string}At`;
  failure: keyof RecoveryCase & `alert${string}Failure`;
};

/** The case attributes that record what each channel did with the case's alert. */
export const CHANNEL_MARKERS: Record<AlertChannelName, ChannelMarkers> = {
  sns: { sentAt: 'alertedSnsAt', failure: 'alertSnsFailure' },
  slack: { sentAt: 'alertedSlackAt', failure: 'alertSlackFailure' },
};

/** The channel took the case's alert, or refused it for good: either way it is never tried again. */
export function channelDone(c: RecoveryCase, channel: AlertChannelName): boolean {
  const markers = CHANNEL_MARKERS[channel];
  return c[markers.sentAt] !== undefined || c[markers.failure] !== undefined;
}

/**
 * Whether the case waits for the next digest instead of alerting at once: only with digests on
 * (`digestMinutes` > 0), and only normal severity; a high-severity case always goes at once.
 */
export function waitsForDigest(c: RecoveryCase, digestMinutes: number | undefined): boolean {
  return (digestMinutes ?? 0) > 0 && (c.severity ?? 'normal') === 'normal';
}

export const caseUrl = (consoleUrl: string, caseId: string): string =>
  `${consoleUrl.replace(/\/$/, '')}/cases/${encodeURIComponent(caseId)}`;

/**
 * A case as a structured alert shows it. `personal: false` leaves out the customer's name,
 * contact and comment: a digest mixes customers in one message, which erasing one customer could
 * not clean, so it carries facts and the link only.
 */
export function toCaseAlert(c: RecoveryCase, consoleUrl: string, personal = true): CaseAlert {
  return {
    caseId: c.caseId,
    url: caseUrl(consoleUrl, c.caseId),
    score: c.score,
    category: categorize(c.score),
    severity: c.severity ?? 'normal',
    sentiment: c.sentiment,
    customerId: c.customerId,
    ...(personal
      ? { comment: c.comment, customerName: c.customerName, customerContact: c.customerContact }
      : {}),
    interactionId: c.interactionId,
    channel: c.channel,
    agentId: c.agentId,
    teamId: c.teamId,
    product: c.product,
    owner: c.owner,
    dueAt: c.dueAt,
  };
}
