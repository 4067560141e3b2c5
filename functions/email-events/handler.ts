/**
 * SES bounce and complaint events (the configuration set publishes them to an SNS topic): the
 * addresses they name are opted out for good. Logs event types and SES message ids, never addresses.
 * A store failure throws, so Lambda retries the event (opting out twice changes nothing).
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { suppressFromFeedback } from '../use-cases/suppress-email-feedback';
import { sesEventOf } from './schemas';

const container = createContainer();

const receive = async (event: SNSEvent) => {
  for (const record of event.Records) {
    const sesEvent = sesEventOf(record.Sns.Message);
    if (!sesEvent) {
      // Retrying would not make it an SES event.
      logger.warn('Ignored an SNS message that is not an SES event', { messageId: record.Sns.MessageId });
      continue;
    }
    const suppressed = await suppressFromFeedback({ contacts: container.store() }, sesEvent);
    logger.info('Email feedback', {
      eventType: sesEvent.eventType,
      bounceType: sesEvent.bounce?.bounceType,
      sesMessageId: sesEvent.mail?.messageId,
      suppressed,
    });
  }
};

export const handler = middy(receive).use(injectLambdaContext(logger));
