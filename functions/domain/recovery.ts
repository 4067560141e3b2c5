/**
 * Recovery cases: which answers open one, when first contact is due, and which status changes
 * are allowed.
 */
import { ConflictError, ValidationError } from './errors';
import type { CaseNote, CaseOutcome, CaseStatus, RecoveryCase } from './model';
import { categorize } from './nps';

/** Every detractor answer opens a case (one per invitation). */
export const opensRecoveryCase = (score: number): boolean => categorize(score) === 'detractor';

/** Deterministic, so every delivery of the same answer names the same case. */
export const caseIdFor = (invitationId: string): string => `case_${invitationId}`;

export function caseDueAt(createdAt: Date, dueHours: number): Date {
  return new Date(createdAt.getTime() + dueHours * 3_600_000);
}

const ALLOWED: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['contacted', 'resolved'],
  // Several contact attempts are normal: contacted → contacted records another note.
  contacted: ['contacted', 'resolved'],
  resolved: [],
};

export interface CaseUpdate {
  status: CaseStatus;
  note?: string;
  assignee?: string;
  outcome?: CaseOutcome;
}

/** Applies a status change, or throws ConflictError for a transition the lifecycle forbids. */
export function transitionCase(current: RecoveryCase, update: CaseUpdate, at: Date): RecoveryCase {
  if (!ALLOWED[current.status].includes(update.status)) {
    throw new ConflictError(`A ${current.status} case cannot become ${update.status}.`, 'invalid_transition');
  }
  if (update.outcome && update.status !== 'resolved') {
    throw new ValidationError('An outcome is given only when resolving a case.');
  }
  const entry: CaseNote = { at: at.toISOString(), status: update.status };
  if (update.note !== undefined) entry.note = update.note;
  if (update.assignee !== undefined) entry.assignee = update.assignee;
  if (update.outcome !== undefined) entry.outcome = update.outcome;
  return {
    ...current,
    status: update.status,
    assignee: update.assignee ?? current.assignee,
    outcome: update.outcome ?? current.outcome,
    history: [...current.history, entry],
  };
}
