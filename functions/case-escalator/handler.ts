/**
 * Scheduled every few minutes (EventBridge on AWS, a timer in the local runtime): escalates open
 * cases whose first contact is overdue to the team lead, once per level, on every alert channel.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { escalateOverdueCases } from '../use-cases/escalate-cases';

const container = createContainer();

const escalate = async () => {
  const run = await escalateOverdueCases({
    cases: container.store(),
    channels: container.alertChannels(),
    clock: container.clock,
    routing: container.teamRouting(),
    consoleUrl: container.config.LIFELINE_CONSOLE_URL ?? container.publicUrl(),
  });
  logger.info('Escalated overdue cases', {
    checked: run.checked,
    escalated: run.escalated.map(({ caseId, level, channels }) => ({ caseId, level, channels })),
  });
  // Not retried (the channel would refuse it again), so said at ERROR for the alarm.
  for (const { caseId, level, channel, reason } of run.refused)
    logger.error('Escalation refused for good by an alert channel', { caseId, level, channel, reason });
  if (run.failed.length > 0) {
    for (const { caseId, level, failures } of run.failed)
      for (const { channel, error } of failures)
        logger.error('Escalation not sent', { caseId, level, channel, error });
    // Fails the invocation so the error shows in the function's metrics; the next run retries.
    throw new Error(`${run.failed.length} escalation(s) could not be sent to every channel`);
  }
  return { checked: run.checked, escalated: run.escalated.length, refused: run.refused.length };
};

export const handler = middy(escalate).use(injectLambdaContext(logger));
