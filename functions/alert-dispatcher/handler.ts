/**
 * SQS consumer of the alerts queue: one care-team alert per recovery case (SNS topic on AWS).
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { caseMessage, messageOf, processRecords } from '../platform/sqs';
import { dispatchAlert } from '../use-cases/dispatch-alert';

const container = createContainer();

const dispatchBatch = async (event: SQSEvent, context: Context) => {
  const deps = {
    cases: container.store(),
    alerts: container.alerts(),
    clock: container.clock,
    consoleUrl: container.config.LIFELINE_CONSOLE_URL ?? container.publicUrl(),
  };
  return processRecords(event, context, async (record) => {
    const { caseId } = messageOf(record, caseMessage);
    const outcome = await dispatchAlert(deps, caseId);
    logger.info('Alert', { caseId, outcome });
  });
};

export const handler = middy(dispatchBatch).use(injectLambdaContext(logger));
