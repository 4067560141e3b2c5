/**
 * SQS consumer of the exports queue (one job per invocation): runs an asynchronous export. A
 * duplicate message finds the job claimed or finished and does nothing. A failed run gives the job
 * back and the sweeper queues it again; the runs are counted on the job (a re-queued job comes in a
 * new message, whose receive count starts again at 1), and the `maxReceiveCount`-th failed run
 * marks the job failed. The message is still reported failed, so SQS keeps it as a late backup.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { exportMessage, messageOf, processRecords } from '../platform/sqs';
import { runExport } from '../use-cases/run-export';
import { queues } from '../wiring';

const container = createContainer();

const exportBatch = async (event: SQSEvent, context: Context) =>
  processRecords(event, context, async (record) => {
    const { exportId } = messageOf(record, exportMessage);
    const deliveries = Number(record.attributes.ApproximateReceiveCount) || 1;
    const deps = {
      jobs: container.exportJobs(),
      store: container.store(),
      storage: container.exportStorage(),
      clock: container.clock,
      remainingMs: () => context.getRemainingTimeInMillis(),
    };
    try {
      const outcome = await runExport(deps, exportId, { maxAttempts: queues.exports.maxReceiveCount });
      // A job failed for good needs a person (its error alarm): the caller only sees `failed`.
      if (outcome === 'failed') logger.error('Export failed for good', { exportId, deliveries });
      else logger.info('Export', { exportId, outcome, deliveries });
    } catch (error) {
      logger.warn('Export failed; the message will be retried', { exportId, deliveries, error });
      throw error;
    }
  });

export const handler = middy(exportBatch).use(injectLambdaContext(logger));
