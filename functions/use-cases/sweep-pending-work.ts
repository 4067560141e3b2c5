/**
 * The sweeper: queues again the work that was accepted but whose message was lost (a crash between
 * the table write and the queue, a queue that lived in memory) and the invitations whose quiet
 * hours have ended. Everything it queues is idempotent downstream, so sweeping twice is harmless.
 */
import type { Clock, QueueName, WorkQueue } from '../domain/ports';
import type { PendingKind, PendingWorkStore } from '../domain/store';

export interface SweepDeps {
  store: PendingWorkStore;
  queue: WorkQueue;
  clock: Clock;
}

const QUEUE_OF: Record<PendingKind, { queue: QueueName; field: string; extra?: object }> = {
  invitation: { queue: 'invitations', field: 'invitationId' },
  reminder: { queue: 'invitations', field: 'invitationId', extra: { reminder: true } },
  response: { queue: 'responses', field: 'invitationId' },
  alert: { queue: 'alerts', field: 'caseId' },
  export: { queue: 'exports', field: 'exportId' },
};

/**
 * @param graceMs how old answers and alerts must be before they count as lost (invitations are
 *   due at their send time). 0 at local start-up, when nothing can still be in flight.
 */
export async function sweepPendingWork(
  deps: SweepDeps,
  graceMs: number,
): Promise<Record<PendingKind, number>> {
  const now = deps.clock.now().getTime();
  const counts: Record<PendingKind, number> = {
    invitation: 0,
    response: 0,
    alert: 0,
    reminder: 0,
    export: 0,
  };
  for (const kind of Object.keys(QUEUE_OF) as PendingKind[]) {
    // Invitations and reminders are due at their time; answers, alerts and exports count as lost after a grace.
    const dueBefore = new Date(kind === 'invitation' || kind === 'reminder' ? now : now - graceMs);
    const { queue, field, extra } = QUEUE_OF[kind];
    for await (const ids of deps.store.pendingWork(kind, dueBefore)) {
      await deps.queue.enqueue(
        queue,
        ids.map((id) => ({ [field]: id, ...extra })),
      );
      counts[kind] += ids.length;
    }
  }
  return counts;
}
