/**
 * Recovery cases for the care team: list by status, move through the lifecycle.
 */
import { ConflictError, NotFoundError } from '../domain/errors';
import type { CaseStatus, RecoveryCase } from '../domain/model';
import type { Clock } from '../domain/ports';
import { type CaseUpdate, transitionCase } from '../domain/recovery';
import type { CaseStore } from '../domain/store';

const STATUSES: readonly CaseStatus[] = ['open', 'contacted', 'resolved'];

/** Cases of one status, or all, ordered by due time. */
export async function listCases(store: CaseStore, status?: CaseStatus): Promise<RecoveryCase[]> {
  const lists = await Promise.all((status ? [status] : STATUSES).map((s) => store.listCases(s)));
  return lists.flat().sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.caseId.localeCompare(b.caseId));
}

export async function updateCase(
  deps: { store: CaseStore; clock: Clock },
  caseId: string,
  update: CaseUpdate,
): Promise<RecoveryCase> {
  const current = await deps.store.getCase(caseId);
  if (!current) throw new NotFoundError(`No case ${caseId}.`);
  const next = { ...transitionCase(current, update, deps.clock.now()), version: (current.version ?? 0) + 1 };
  if (!(await deps.store.saveCase(next, current.version))) {
    throw new ConflictError('The case changed meanwhile; reload it and try again.', 'concurrent_update');
  }
  return next;
}
