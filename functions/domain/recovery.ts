/**
 * Recovery cases: which answers open one, when first contact is due, and which status changes
 * are allowed.
 */

import { addBusinessHours, type BusinessCalendar } from './business-hours';
import { ConflictError, ValidationError } from './errors';
import type { CaseNote, CaseOutcome, CaseStatus, RecoveryCase, Sentiment } from './model';
import { categorize } from './nps';

/** Every detractor answer opens a case (one per invitation). */
export const opensRecoveryCase = (score: number): boolean => categorize(score) === 'detractor';

/** Deterministic, so every delivery of the same answer names the same case. */
export const caseIdFor = (invitationId: string): string => `case_${invitationId}`;

export type Severity = 'high' | 'normal';

/** Scores 0–3, or a comment read as negative, make a case urgent. */
export function caseSeverity(score: number, sentiment: Sentiment | undefined): Severity {
  return score <= 3 || sentiment === 'negative' ? 'high' : 'normal';
}

/** How a team works its cases: its calendar, the queue that owns them and the first-contact targets. */
export interface TeamRouting {
  calendar: BusinessCalendar;
  /** The queue (or person) that owns the team's cases. */
  owner: string;
  /** Business hours to first contact for a high-severity case (default 4). */
  highSeverityHours: number;
  /** Business hours to first contact otherwise (default one business day). */
  normalHours: number;
  /** Who overdue cases escalate to (the team lead, else a default contact); absent: the alert channel. */
  escalationContact?: string;
}

export interface CaseRoute {
  severity: Severity;
  owner: string;
  dueAt: Date;
}

/** Owner, severity and first-contact due time of a new case, in business hours of the team. */
export function routeCase(
  score: number,
  sentiment: Sentiment | undefined,
  routing: TeamRouting,
  openedAt: Date,
): CaseRoute {
  const severity = caseSeverity(score, sentiment);
  const hours = severity === 'high' ? routing.highSeverityHours : routing.normalHours;
  return { severity, owner: routing.owner, dueAt: addBusinessHours(openedAt, hours, routing.calendar) };
}

const ALLOWED: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['contacted', 'resolved'],
  // Several contact attempts are normal: contacted → contacted records another note.
  contacted: ['contacted', 'resolved'],
  // Reopen: the customer calls back unhappy after all. Only a resolved case reopens; a contacted
  // one is still being worked, and "un-contacting" it would fake the first-contact figures.
  resolved: ['open'],
};

export interface CaseUpdate {
  status: CaseStatus;
  note?: string;
  assignee?: string;
  outcome?: CaseOutcome;
}

/** Applies a status change, or throws ConflictError for a transition the lifecycle forbids. */
export function transitionCase(current: RecoveryCase, update: CaseUpdate, at: Date): RecoveryCase {
  // Taking an open case (open → open with an assignee) changes who works it, not where it stands;
  // open → open without one stays forbidden, so a stray "open" cannot pass for a reopen.
  const assigningOpen =
    current.status === 'open' && update.status === 'open' && update.assignee !== undefined;
  if (!assigningOpen && !ALLOWED[current.status].includes(update.status)) {
    throw new ConflictError(`A ${current.status} case cannot become ${update.status}.`, 'invalid_transition');
  }
  if (update.outcome && update.status !== 'resolved') {
    throw new ValidationError('An outcome is given only when resolving a case.');
  }
  const now = at.toISOString();
  const entry: CaseNote = { at: now, status: update.status };
  if (update.note !== undefined) entry.note = update.note;
  if (update.assignee !== undefined) entry.assignee = update.assignee;
  if (update.outcome !== undefined) entry.outcome = update.outcome;
  // True for an assignment of an open case too: it keeps no outcome or resolution, and it is no contact.
  const reopening = update.status === 'open';
  // Resolving without a contact first (a customer who wrote back) is the first contact too. A case
  // resolved before this field existed finds it in its history when reopened.
  const firstContactAt =
    current.firstContactAt ?? (reopening ? current.history.find((h) => h.status !== 'open')?.at : now);
  return {
    ...current,
    status: update.status,
    assignee: update.assignee ?? current.assignee,
    // A reopened case is unresolved again: its outcome and resolution time no longer hold.
    outcome: reopening ? undefined : (update.outcome ?? current.outcome),
    resolvedAt: update.status === 'resolved' ? now : reopening ? undefined : current.resolvedAt,
    firstContactAt,
    history: [...current.history, entry],
  };
}
