/**
 * The alert dispatcher: one care-team alert per recovery case, fanned out to every configured
 * channel (the SNS alert topic, Slack). Exactly once per channel under at-least-once delivery:
 * - a lease on the case stops two deliveries of the same message from sending at the same time;
 * - each channel that took the alert is marked on the case (`alertedSnsAt`, `alertedSlackAt`) as
 *   soon as it did, so a retry after a partial failure (the topic took it, Slack answered 500)
 *   sends only to the channels still missing;
 * - `alertedAt`, set once every channel is done, ends all retries, sweeps and redrives for good.
 * A channel that refuses the alert for good (a 4xx from Slack) is marked failed, not retried: the
 * message must not loop to the DLQ for a webhook that will never take it. The one window left is
 * a crash between a channel accepting and its marker being written: that channel gets it again.
 */

import { CHANNEL_MARKERS, channelDone, toCaseAlert, waitsForDigest } from '../domain/alerting';
import type { RecoveryCase } from '../domain/model';
import { categorize } from '../domain/nps';
import {
  type AlertChannel,
  type AlertChannelName,
  type AlertMessage,
  type Clock,
  PermanentDeliveryError,
} from '../domain/ports';
import type { AlertStore } from '../domain/store';

export interface DispatchAlertDeps {
  cases: AlertStore;
  /** Every configured channel; each gets the alert once. */
  channels: readonly AlertChannel[];
  clock: Clock;
  /** Base URL of the admin API, for the link to the case. */
  consoleUrl: string;
  /** With digests on (> 0), normal-severity cases wait for the digest instead of alerting at once. */
  digestMinutes?: number;
}

export const ALERT_LEASE_MS = 120_000;

/** `deferred`: a normal-severity case left for the next digest. */
export type AlertOutcome = 'sent' | 'already_sent' | 'busy' | 'missing' | 'deferred';

/** A channel refused the alert for good; it is marked failed on the case and never tried again. */
export interface ChannelRefusal {
  channel: AlertChannelName;
  caseIds: string[];
  reason: string;
}

export interface AlertDispatch {
  outcome: AlertOutcome;
  refused: ChannelRefusal[];
}

/** Some channel could not take the alert now; thrown after the others went, so the message is retried. */
export class AlertDeliveryError extends Error {
  override name = 'AlertDeliveryError';
  constructor(readonly failures: readonly { channel: AlertChannelName; error: unknown }[]) {
    super(
      `Alert not delivered to ${failures
        .map(({ channel, error }) => `${channel} (${error instanceof Error ? error.message : String(error)})`)
        .join(', ')}`,
    );
  }
}

export async function dispatchAlert(deps: DispatchAlertDeps, caseId: string): Promise<AlertDispatch> {
  const seen = await deps.cases.getCase(caseId);
  if (!seen) return { outcome: 'missing', refused: [] };
  if (seen.alertedAt) return { outcome: 'already_sent', refused: [] };
  if (waitsForDigest(seen, deps.digestMinutes)) return { outcome: 'deferred', refused: [] };
  const claimedAt = deps.clock.now();
  if (!(await deps.cases.claimAlert(caseId, claimedAt, ALERT_LEASE_MS)))
    return { outcome: 'busy', refused: [] };
  // Read again under the lease: the channel markers may have moved since the first read.
  const recoveryCase = await deps.cases.getCase(caseId);
  if (!recoveryCase || recoveryCase.alertedAt) return { outcome: 'already_sent', refused: [] };

  const message: AlertMessage = {
    caseId,
    customerId: recoveryCase.customerId,
    invitationId: recoveryCase.invitationId,
    subject: alertSubject(recoveryCase),
    body: alertBody(recoveryCase, deps.consoleUrl),
    case: toCaseAlert(recoveryCase, deps.consoleUrl),
  };
  const result = await sendToChannels(deps, [recoveryCase], () => message, caseAlertLedger(deps.cases));
  await settleCases(deps, result.cases, claimedAt);
  if (result.failed.length > 0) throw new AlertDeliveryError(result.failed);
  return { outcome: 'sent', refused: result.refused };
}

export interface FanOutResult {
  /** The cases with the markers this fan-out added. */
  cases: RecoveryCase[];
  /** The channels that took the message in this fan-out. */
  took: AlertChannelName[];
  refused: ChannelRefusal[];
  failed: { channel: AlertChannelName; error: unknown }[];
}

/**
 * Where a fan-out records, per channel, that a case is done with its message: the case alert's
 * markers (`alertedSnsAt`...) or an escalation level's (`escalatedSnsLevel`...).
 */
export interface ChannelLedger {
  done(c: RecoveryCase, channel: AlertChannelName): boolean;
  /** The channel took the message for `c` (or, with `failure`, refused it for good): stored, and set on `c`. */
  mark(c: RecoveryCase, channel: AlertChannelName, at: Date, failure?: string): Promise<void>;
}

/** The care-team alert's markers. */
export const caseAlertLedger = (cases: Pick<AlertStore, 'markChannelAlerted'>): ChannelLedger => ({
  done: channelDone,
  async mark(c, channel, at, failure) {
    await cases.markChannelAlerted(c.caseId, channel, at, failure);
    if (failure === undefined) c[CHANNEL_MARKERS[channel].sentAt] = at.toISOString();
    else c[CHANNEL_MARKERS[channel].failure] = failure;
  },
});

/**
 * Sends to each channel the message for the cases it still lacks (none: nothing sent to it), and
 * marks every case per channel right after the channel took it. One channel failing does not stop
 * the others.
 */
export async function sendToChannels(
  deps: Pick<DispatchAlertDeps, 'channels' | 'clock'>,
  cases: readonly RecoveryCase[],
  messageFor: (cases: RecoveryCase[]) => AlertMessage,
  ledger: ChannelLedger,
): Promise<FanOutResult> {
  const current = cases.map((c) => ({ ...c }));
  const result: FanOutResult = { cases: current, took: [], refused: [], failed: [] };
  for (const { name, publisher } of deps.channels) {
    const todo = current.filter((c) => !ledger.done(c, name));
    if (todo.length === 0) continue;
    try {
      await publisher.publishAlert(messageFor(todo));
      const at = deps.clock.now();
      for (const c of todo) await ledger.mark(c, name, at);
      result.took.push(name);
    } catch (error) {
      if (!(error instanceof PermanentDeliveryError)) {
        result.failed.push({ channel: name, error });
        continue;
      }
      const at = deps.clock.now();
      for (const c of todo) await ledger.mark(c, name, at, error.message);
      result.refused.push({ channel: name, caseIds: todo.map((c) => c.caseId), reason: error.message });
    }
  }
  return result;
}

/** Cases every channel is done with get their durable marker; the others give their lease back for the retry. */
export async function settleCases(
  deps: Pick<DispatchAlertDeps, 'cases' | 'channels' | 'clock'>,
  cases: readonly RecoveryCase[],
  claimedAt: Date,
): Promise<void> {
  for (const c of cases) {
    if (deps.channels.every(({ name }) => channelDone(c, name))) {
      await deps.cases.markAlerted(c.caseId, deps.clock.now());
    } else {
      await deps.cases.releaseAlert(c.caseId, claimedAt);
    }
  }
}

export function alertSubject(c: RecoveryCase): string {
  return `Detractor ${c.score}/10 - ${c.teamId ?? 'no team'} - recovery case open`;
}

/** Everything the care team needs for the recovery call, in plain text for email and SMS subscribers. */
export function alertBody(c: RecoveryCase, consoleUrl: string): string {
  return [
    `A customer scored us ${c.score}/10 (${categorize(c.score)}).`,
    `Comment: ${c.comment ?? '(none)'}`,
    `Sentiment: ${c.sentiment ?? 'not analysed'}`,
    `Customer: ${c.customerName ?? c.customerId} ${c.customerContact ? `<${c.customerContact}>` : ''}`.trim(),
    `Interaction: ${c.interactionId} via ${c.channel}`,
    `Agent: ${c.agentId ?? '-'}  Team: ${c.teamId ?? '-'}  Product: ${c.product ?? '-'}`,
    `Severity: ${c.severity ?? 'normal'}  Owner: ${c.owner ?? '-'}`,
    `First contact due: ${c.dueAt}`,
    `Case: ${consoleUrl.replace(/\/$/, '')}/cases/${c.caseId}`,
  ].join('\n');
}
