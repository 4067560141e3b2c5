/**
 * The case escalator: every open case nobody has contacted by its due time is escalated to the
 * team lead, once per level, on every configured alert channel (the SNS topic, Slack). Each
 * (case, level, channel) is sent at most once:
 * - the level is raised by a conditional write (the claim) before anything goes out, so two runs
 *   (or a retried one) never send the same level at the same time;
 * - each channel that took the level is marked on the case right after it did (its marker holds
 *   the highest level it is done with, and only ever rises), so a later run skips it;
 * - a channel that cannot take it now (Slack 429/5xx, an SNS error) makes the run give the level
 *   back, after the other channels went: the next run claims it again and sends to that channel
 *   only. A throttled or failing channel delays an escalation instead of losing it;
 * - a channel that refuses it for good (a Slack 4xx) is marked failed for that level and never
 *   retried; the caller reports it.
 * The one window left is a crash between a channel accepting and its marker being written (that
 * channel gets the level again) or between the claim and the sends (the level is lost).
 */

import { toCaseAlert } from '../domain/alerting';
import {
  ESCALATION_MARKERS,
  escalationChannelDone,
  MAX_ESCALATION_LEVEL,
  nextEscalation,
} from '../domain/escalation';
import type { RecoveryCase } from '../domain/model';
import type { AlertChannel, AlertChannelName, AlertMessage, Clock } from '../domain/ports';
import type { TeamRouting } from '../domain/recovery';
import type { EscalationStore } from '../domain/store';
import { alertBody, type ChannelLedger, sendToChannels } from './dispatch-alert';

export interface EscalateCasesDeps {
  cases: EscalationStore;
  /** Every configured alert channel; each gets each level once. */
  channels: readonly AlertChannel[];
  /** The run's "now"; a fake clock in tests. */
  clock: Clock;
  routing: (teamId: string | undefined) => TeamRouting;
  /** Base URL of the admin API, for the link to the case. */
  consoleUrl: string;
}

export interface Escalation {
  caseId: string;
  level: number;
  to?: string;
  /** The channels that took the level in this run (the others had it already, or refused it). */
  channels: AlertChannelName[];
}

/** A channel refused a level for good: marked failed on the case, never tried again for that level. */
export interface EscalationRefusal {
  caseId: string;
  level: number;
  channel: AlertChannelName;
  reason: string;
}

export interface EscalationRun {
  /** Overdue cases looked at. */
  checked: number;
  /** Levels every channel is now done with. */
  escalated: Escalation[];
  refused: EscalationRefusal[];
  /**
   * Levels some channel could not take now (given back for the next run, which sends to those
   * channels only), with the channels that failed.
   */
  failed: { caseId: string; level: number; failures: { channel: AlertChannelName; error: unknown }[] }[];
}

export async function escalateOverdueCases(deps: EscalateCasesDeps): Promise<EscalationRun> {
  const now = deps.clock.now();
  const run: EscalationRun = { checked: 0, escalated: [], refused: [], failed: [] };
  for await (const page of deps.cases.overdueCases(now)) {
    for (const seen of page) {
      run.checked++;
      const routing = deps.routing(seen.teamId);
      const level = nextEscalation(seen, routing, now);
      if (level === undefined) continue;
      const claimed = await deps.cases.claimEscalation(seen.caseId, level, now);
      if (!claimed) continue;
      const to = routing.escalationContact;
      const message: AlertMessage = {
        caseId: claimed.caseId,
        customerId: claimed.customerId,
        invitationId: claimed.invitationId,
        to,
        escalationLevel: level,
        subject: escalationSubject(claimed, level),
        body: escalationBody(claimed, level, deps.consoleUrl),
        case: toCaseAlert(claimed, deps.consoleUrl),
      };
      const result = await sendToChannels(
        deps,
        [claimed],
        () => message,
        escalationLedger(deps.cases, level),
      );
      for (const { channel, reason } of result.refused)
        run.refused.push({ caseId: claimed.caseId, level, channel, reason });
      const failures = result.failed;
      if (failures.length === 0) {
        run.escalated.push({ caseId: claimed.caseId, level, to, channels: result.took });
        continue;
      }
      await deps.cases.releaseEscalation(claimed.caseId, level, claimed.escalationLevel ?? 0);
      run.failed.push({ caseId: claimed.caseId, level, failures });
    }
  }
  return run;
}

/** An escalation level's markers: each channel records the highest level it is done with. */
const escalationLedger = (cases: EscalationStore, level: number): ChannelLedger => ({
  done: (c, channel) => escalationChannelDone(c, channel, level),
  async mark(c, channel, at, failure) {
    await cases.markEscalationChannel(c.caseId, channel, level, at, failure);
    c[ESCALATION_MARKERS[channel].level] = level;
  },
});

export function escalationSubject(c: RecoveryCase, level: number): string {
  return `Escalation level ${level}: detractor ${c.score}/10 not contacted - ${c.teamId ?? 'no team'} - case ${c.caseId}`;
}

export function escalationBody(c: RecoveryCase, level: number, consoleUrl: string): string {
  const why =
    level >= MAX_ESCALATION_LEVEL
      ? `Still nobody has contacted this customer, a full first-contact period after it was due (${c.dueAt}).`
      : `Nobody has contacted this customer yet; first contact was due ${c.dueAt}.`;
  return [`Escalation level ${level} of ${MAX_ESCALATION_LEVEL}. ${why}`, '', alertBody(c, consoleUrl)].join(
    '\n',
  );
}
