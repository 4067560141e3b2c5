/**
 * Escalation of recovery cases nobody has contacted in time: level 1 when first contact is overdue,
 * level 2 when it is still overdue one more first-contact span later, both in business hours of
 * the team, so a case due on Friday afternoon does not reach level 2 over the weekend.
 */

import { addBusinessHours } from './business-hours';
import type { RecoveryCase } from './model';
import type { AlertChannelName } from './ports';
import type { TeamRouting } from './recovery';

/** The highest escalation level; a case at it is never escalated again. */
export const MAX_ESCALATION_LEVEL = 2;

export type EscalationLevel = 0 | 1 | 2;

/** Business hours a case of this severity has for first contact (its SLA span). */
export function firstContactHours(severity: RecoveryCase['severity'], routing: TeamRouting): number {
  return severity === 'high' ? routing.highSeverityHours : routing.normalHours;
}

/**
 * When each level falls due: level 1 at the first-contact due time, level 2 one more SLA span of
 * business hours after it.
 */
export function escalationThresholds(
  recoveryCase: Pick<RecoveryCase, 'dueAt' | 'severity'>,
  routing: TeamRouting,
): [level1: Date, level2: Date] {
  const due = new Date(recoveryCase.dueAt);
  const span = firstContactHours(recoveryCase.severity, routing);
  return [due, addBusinessHours(due, span, routing.calendar)];
}

/** Escalation concerns first contact: only an open case nobody has contacted yet can escalate. */
export const awaitsFirstContact = (recoveryCase: RecoveryCase): boolean =>
  recoveryCase.status === 'open' && recoveryCase.firstContactAt === undefined;

/** The level a case should have reached at `now` (0: not overdue, or not awaiting first contact). */
export function dueEscalationLevel(
  recoveryCase: RecoveryCase,
  routing: TeamRouting,
  now: Date,
): EscalationLevel {
  if (!awaitsFirstContact(recoveryCase)) return 0;
  const [level1, level2] = escalationThresholds(recoveryCase, routing);
  if (now.getTime() >= level2.getTime()) return 2;
  if (now.getTime() >= level1.getTime()) return 1;
  return 0;
}

/**
 * The level to escalate to now, or undefined when the case has already reached every level due.
 * A case found past both thresholds at once (the escalator was down) goes straight to level 2 with
 * one alert: a late level-1 alert followed a second later by a level-2 one would only be noise.
 */
export function nextEscalation(
  recoveryCase: RecoveryCase,
  routing: TeamRouting,
  now: Date,
): EscalationLevel | undefined {
  const due = dueEscalationLevel(recoveryCase, routing, now);
  return due > (recoveryCase.escalationLevel ?? 0) ? due : undefined;
}

type EscalationMarkers = {
  level: keyof RecoveryCase & `escalated${string}Level`;
  failure: keyof RecoveryCase & `escalation${string}Failure`;
};

/** The case attributes that record, per alert channel, the escalation levels it is done with. */
export const ESCALATION_MARKERS: Record<AlertChannelName, EscalationMarkers> = {
  sns: { level: 'escalatedSnsLevel', failure: 'escalationSnsFailure' },
  slack: { level: 'escalatedSlackLevel', failure: 'escalationSlackFailure' },
};

/**
 * The channel took the escalation of `level` (or of a higher one), or refused it for good: it is
 * not sent this level again.
 */
export function escalationChannelDone(
  recoveryCase: RecoveryCase,
  channel: AlertChannelName,
  level: number,
): boolean {
  return (recoveryCase[ESCALATION_MARKERS[channel].level] ?? 0) >= level;
}
