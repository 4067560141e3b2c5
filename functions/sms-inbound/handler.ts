/**
 * Inbound SMS from AWS End User Messaging (two-way SMS publishes to an SNS topic): the same
 * conversation as the Twilio webhook, the reply sent back by SMS. SNS retries a failed delivery;
 * the provider message id keeps the effects to one.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { receiveSms } from '../use-cases/receive-sms';

const container = createContainer();

/** The fields of End User Messaging's inbound message notification that Lifeline uses. */
const inboundMessage = z.object({
  originationNumber: z.string().regex(/^\+[1-9]\d{6,14}$/),
  messageBody: z.string().max(1600),
  inboundMessageId: z.string().min(1).max(128),
});

const receive = async (event: SNSEvent) => {
  for (const record of event.Records) {
    let message: z.infer<typeof inboundMessage>;
    try {
      message = inboundMessage.parse(JSON.parse(record.Sns.Message));
    } catch {
      // Not an inbound SMS notification: retrying would not change that.
      logger.warn('Ignored an SNS message that is not an inbound SMS', { messageId: record.Sns.MessageId });
      continue;
    }
    const { reply } = await receiveSms(
      { store: container.store(), queue: container.queue(), clock: container.clock },
      {
        provider: 'aws',
        messageId: message.inboundMessageId,
        from: message.originationNumber,
        body: message.messageBody,
      },
    );
    await container.sms().sendSms({ to: message.originationNumber, body: reply });
    logger.info('Inbound SMS', { provider: 'aws', messageId: message.inboundMessageId });
  }
};

export const handler = middy(receive).use(injectLambdaContext(logger));
