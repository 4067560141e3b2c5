/**
 * `DELETE /customers/{customerId}`: erases the customer's contacts and comments (the NPS counts
 * stay), then withdraws every export file, since a file made before now may hold them: the jobs
 * whose runs began before now answer `withdrawn` from then on (recorded first, so no link to a
 * file about to go is handed out), then the files are deleted.
 */
import type { Clock, ExportStorage } from '../domain/ports';
import type { ErasureStore, ExportJobStore } from '../domain/store';

export interface EraseCustomerDeps {
  store: ErasureStore;
  jobs: Pick<ExportJobStore, 'recordExportWithdrawal'>;
  storage: Pick<ExportStorage, 'withdrawAll'>;
  clock: Clock;
}

/** Resolves with the items erased and the export files withdrawn (counts, for the log). */
export async function eraseCustomer(
  deps: EraseCustomerDeps,
  customerId: string,
): Promise<{ items: number; exportFilesWithdrawn: number }> {
  const now = deps.clock.now();
  const items = await deps.store.eraseCustomer(customerId, now);
  await deps.jobs.recordExportWithdrawal(now);
  const exportFilesWithdrawn = await deps.storage.withdrawAll();
  return { items, exportFilesWithdrawn };
}
