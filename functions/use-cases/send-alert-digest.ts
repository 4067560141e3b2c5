/**
 * The alert digest: with `LIFELINE_ALERT_DIGEST_MINUTES` set, normal-severity cases are not
 * alerted one by one; this runs every minute and, at most once per that many minutes, sends ONE
 * message per channel listing every normal case not alerted yet (high severity always goes at
 * once, through the dispatcher).
 *
 * Why it cannot lose or repeat a case, however often or concurrently it runs:
 * - the window (when the last digest went) is taken by a conditional write, so two runs at once
 *   cannot both send a digest;
 * - each case is then claimed with the same lease the dispatcher uses, recording the digest's id
 *   on it, BEFORE anything is sent: a case is in at most one digest at a time, and a case claimed
 *   by a run that crashed is picked up by a later run once the lease has expired (no loss);
 * - after a channel took the digest, every case in it is marked for that channel
 *   (`alertedSnsAt`, `alertedSlackAt`), and `alertedAt` (which removes it from the pending index)
 *   once every channel is done. A retry after a partial failure sends a case only to the channels
 *   it still lacks.
 * We prefer this to a digest item listing its cases and replayed after a crash: the case stays the
 * one source of truth, the same markers serve single alerts and digests, and the one window left
 * (a crash between a channel accepting and the markers being written) is the same as for single
 * alerts: that channel may list those cases again, nothing is ever lost.
 *
 * Digests carry no contact details or comments: one message mixes customers, and erasing one of
 * them could not clean it. The link opens the case, which has everything.
 */

import { toCaseAlert, waitsForDigest } from '../domain/alerting';
import type { RecoveryCase } from '../domain/model';
import { categorize } from '../domain/nps';
import type { AlertChannel, AlertMessage, Clock } from '../domain/ports';
import type { AlertStore } from '../domain/store';
import {
  ALERT_LEASE_MS,
  AlertDeliveryError,
  type ChannelRefusal,
  caseAlertLedger,
  sendToChannels,
  settleCases,
} from './dispatch-alert';

export interface SendAlertDigestDeps {
  cases: AlertStore;
  channels: readonly AlertChannel[];
  clock: Clock;
  /** Base URL of the admin API, for the links to the cases. */
  consoleUrl: string;
  /** `LIFELINE_ALERT_DIGEST_MINUTES`; unset or 0: digests are off and this does nothing. */
  digestMinutes: number | undefined;
}

/**
 * The schedule fires every minute, a few seconds early or late: a window this much short of the
 * digest interval counts as over, so a 5-minute digest goes every 5 minutes, not every 6.
 */
export const DIGEST_WINDOW_TOLERANCE_MS = 30_000;

/** Cases per digest message (Slack allows 50 blocks a message); a larger backlog goes in several. */
export const DIGEST_MAX_CASES = 40;

/** Cases one run takes on (two writes and a read each), well within the function's timeout; the rest wait. */
export const DIGEST_MAX_CASES_PER_RUN = 400;

export type DigestRun =
  | { state: 'off' }
  | { state: 'nothing_pending' }
  /** The last digest went less than the interval ago: these wait for the next window. */
  | { state: 'waiting'; pending: number }
  | { state: 'sent'; digestId: string; caseIds: string[]; refused: ChannelRefusal[] };

export async function sendAlertDigest(deps: SendAlertDigestDeps): Promise<DigestRun> {
  const minutes = deps.digestMinutes ?? 0;
  if (minutes <= 0) return { state: 'off' };
  const now = deps.clock.now();

  const pending: RecoveryCase[] = [];
  for await (const page of deps.cases.unalertedCases(now)) {
    pending.push(...page.filter((c) => !c.alertedAt && waitsForDigest(c, minutes)));
    if (pending.length >= DIGEST_MAX_CASES_PER_RUN) break;
  }
  pending.splice(DIGEST_MAX_CASES_PER_RUN);
  if (pending.length === 0) return { state: 'nothing_pending' };

  const window = await deps.cases.claimDigestWindow(now, minutes * 60_000 - DIGEST_WINDOW_TOLERANCE_MS);
  if (!window.claimed) return { state: 'waiting', pending: pending.length };

  const digestId = `digest-${now.toISOString()}`;
  const claimed: RecoveryCase[] = [];
  for (const c of pending) {
    if (!(await deps.cases.claimAlert(c.caseId, now, ALERT_LEASE_MS, digestId))) continue;
    // The index is eventually consistent: read the case itself, under the lease.
    const fresh = await deps.cases.getCase(c.caseId);
    if (fresh) claimed.push(fresh);
  }
  if (claimed.length === 0) {
    await deps.cases.releaseDigestWindow(now, window.previous);
    return { state: 'nothing_pending' };
  }

  const refused: ChannelRefusal[] = [];
  const failed: AlertDeliveryError['failures'][number][] = [];
  for (let i = 0; i < claimed.length; i += DIGEST_MAX_CASES) {
    const result = await sendToChannels(
      deps,
      claimed.slice(i, i + DIGEST_MAX_CASES),
      (cases) => digestMessage(digestId, cases, deps.consoleUrl),
      caseAlertLedger(deps.cases),
    );
    await settleCases(deps, result.cases, now);
    refused.push(...result.refused);
    failed.push(...result.failed);
  }
  if (failed.length > 0) {
    // Give the window back: the next run (a minute later) retries the channels that failed.
    await deps.cases.releaseDigestWindow(now, window.previous);
    throw new AlertDeliveryError(failed);
  }
  return { state: 'sent', digestId, caseIds: claimed.map((c) => c.caseId), refused };
}

export function digestMessage(
  digestId: string,
  cases: readonly RecoveryCase[],
  consoleUrl: string,
): AlertMessage {
  const alerts = cases.map((c) => toCaseAlert(c, consoleUrl, false));
  const count = `${cases.length} detractor case${cases.length === 1 ? '' : 's'}`;
  return {
    subject: `Detractor digest: ${count} of normal severity`,
    body: [
      `${count} of normal severity opened since the last digest.`,
      "Open a case for the customer's contact details and comment.",
      '',
      ...alerts.flatMap((a) => [
        `- ${a.score}/10 ${categorize(a.score)}, sentiment ${a.sentiment ?? 'not analysed'}. ` +
          `Team ${a.teamId ?? '-'}, agent ${a.agentId ?? '-'}, product ${a.product ?? '-'}. ` +
          `${a.interactionId} via ${a.channel}. First contact due ${a.dueAt}.`,
        `  ${a.url}`,
      ]),
      '',
      `Digest ${digestId}`,
    ].join('\n'),
    digest: { digestId, cases: alerts },
  };
}
