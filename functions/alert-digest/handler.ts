/**
 * Scheduled every minute (EventBridge on AWS, a timer in the local runtime): with
 * `LIFELINE_ALERT_DIGEST_MINUTES` set, sends normal-severity case alerts as one digest per channel
 * at most that often. Digests off (the default): returns at once.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { sendAlertDigest } from '../use-cases/send-alert-digest';

const container = createContainer();

const digest = async () => {
  const digestMinutes = container.config.LIFELINE_ALERT_DIGEST_MINUTES;
  if (!digestMinutes) return { state: 'off' };
  try {
    const run = await sendAlertDigest({
      cases: container.store(),
      channels: container.alertChannels(),
      clock: container.clock,
      consoleUrl: container.config.LIFELINE_CONSOLE_URL ?? container.publicUrl(),
      digestMinutes,
    });
    if (run.state !== 'sent') return { state: run.state };
    for (const { channel, reason, caseIds } of run.refused)
      logger.error('Alert channel refused the digest for good', {
        digestId: run.digestId,
        channel,
        reason,
        caseIds,
      });
    logger.info('Alert digest sent', { digestId: run.digestId, caseIds: run.caseIds });
    return { state: run.state, digestId: run.digestId, cases: run.caseIds.length };
  } catch (error) {
    // Fails the invocation so it shows in the function's metrics; the next run retries.
    logger.error('Alert digest not delivered everywhere', { error });
    throw error;
  }
};

export const handler = middy(digest).use(injectLambdaContext(logger));
