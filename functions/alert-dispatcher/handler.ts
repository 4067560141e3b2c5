/**
 * SQS consumer of the alerts queue: one care-team alert per recovery case, to every configured
 * channel (the SNS topic; Slack when configured). A channel that fails for now fails the record,
 * so SQS retries it (and the DLQ takes it after maxReceiveCount); one that refuses for good is
 * logged and not retried.
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
    channels: container.alertChannels(),
    clock: container.clock,
    consoleUrl: container.config.LIFELINE_CONSOLE_URL ?? container.publicUrl(),
    digestMinutes: container.config.LIFELINE_ALERT_DIGEST_MINUTES,
  };
  return processRecords(event, context, async (record) => {
    const { caseId } = messageOf(record, caseMessage);
    try {
      const { outcome, refused } = await dispatchAlert(deps, caseId);
      for (const { channel, reason } of refused)
        logger.error('Alert channel refused the alert for good', { caseId, channel, reason });
      logger.info('Alert', { caseId, outcome });
    } catch (error) {
      logger.warn('Alert not delivered everywhere; the message will be retried', { caseId, error });
      throw error;
    }
  });
};

export const handler = middy(dispatchBatch).use(injectLambdaContext(logger));
