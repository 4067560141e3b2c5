/**
 * Scheduled every few minutes (EventBridge on AWS, a timer in the local runtime): escalates open
 * cases whose first contact is overdue to the team lead, once per level.
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
    alerts: container.alerts(),
    clock: container.clock,
    routing: container.teamRouting(),
    consoleUrl: container.config.LIFELINE_CONSOLE_URL ?? container.publicUrl(),
  });
  logger.info('Escalated overdue cases', {
    checked: run.checked,
    escalated: run.escalated.map(({ caseId, level }) => ({ caseId, level })),
  });
  if (run.failed.length > 0) {
    for (const { caseId, level, error } of run.failed)
      logger.error('Escalation not sent', { caseId, level, error });
    // Fails the invocation so the error shows in the function's metrics; the next run retries.
    throw new Error(`${run.failed.length} escalation(s) could not be sent`);
  }
  return { checked: run.checked, escalated: run.escalated.length };
};

export const handler = middy(escalate).use(injectLambdaContext(logger));
