/**
 * Scheduled every hour (EventBridge on AWS, a timer in the local runtime): with
 * `LIFELINE_DIGEST_RECIPIENTS` set, emails the leadership digest of the last complete week once
 * `LIFELINE_DIGEST_WEEKDAY` at `LIFELINE_DIGEST_HOUR` (in `LIFELINE_DIGEST_TIME_ZONE`) has passed,
 * once per week and recipient. "Now" is the scheduled event's `time`, so a run is reproducible.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { z } from 'zod';
import { createContainer } from '../platform/container';
import { validate } from '../platform/http';
import { logger } from '../platform/observability';
import { sendLeadershipDigest } from '../use-cases/send-leadership-digest';

const container = createContainer();
const { config } = container;

const scheduledEventSchema = z.object({ time: z.iso.datetime() });

const digest = async (event: unknown) => {
  if (!config.LIFELINE_DIGEST_RECIPIENTS) return { state: 'off' };
  const { time } = validate(scheduledEventSchema, event);
  const store = container.store();
  // The one place the themes report's dependencies are built.
  const themes = { store };
  try {
    const run = await sendLeadershipDigest(
      {
        reports: store,
        cases: store,
        claims: container.digestClaims(),
        email: container.email(),
        themes,
        recipients: config.LIFELINE_DIGEST_RECIPIENTS,
        schedule: {
          weekday: config.LIFELINE_DIGEST_WEEKDAY,
          hour: config.LIFELINE_DIGEST_HOUR,
          timeZone: config.LIFELINE_DIGEST_TIME_ZONE,
        },
        dashboardUrl: `${config.LIFELINE_CONSOLE_URL ?? container.publicUrl()}/dashboard`,
        minResponses: config.LIFELINE_NPS_MIN_RESPONSES,
      },
      new Date(time),
    );
    // Counts only: recipients' addresses stay out of the logs.
    if (run.state === 'done' && run.sent + run.refused > 0) logger.info('Leadership digest sent', { ...run });
    return run;
  } catch (error) {
    // Fails the invocation so it shows in the function's metrics; the next hourly run retries.
    logger.error('Leadership digest not delivered to every recipient', { error });
    throw error;
  }
};

export const handler = middy(digest).use(injectLambdaContext(logger));
