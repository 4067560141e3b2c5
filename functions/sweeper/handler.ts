/**
 * Scheduled every minute: queues again accepted work whose message was lost, and invitations whose
 * quiet hours have ended.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { sweepPendingWork } from '../use-cases/sweep-pending-work';

const container = createContainer();

/** Answers and alerts younger than this are most likely still in their queue. */
export const SWEEP_GRACE_MS = 5 * 60_000;

const sweep = async (event?: { graceMs?: number }) => {
  const graceMs = typeof event?.graceMs === 'number' ? event.graceMs : SWEEP_GRACE_MS;
  const requeued = await sweepPendingWork(
    { store: container.store(), queue: container.queue(), clock: container.clock },
    graceMs,
  );
  logger.info('Swept pending work', { requeued });
  return requeued;
};

export const handler = middy(sweep).use(injectLambdaContext(logger));
