/**
 * SQS consumer of the invitations queue: sends each due invitation once (SES v2 email or SMS).
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { invitationMessage, messageOf, processRecords } from '../platform/sqs';
import { sendInvitation } from '../use-cases/send-invitation';

const container = createContainer();

const sendBatch = async (event: SQSEvent, context: Context) => {
  const deps = {
    store: container.store(),
    conversationHours: container.config.LIFELINE_SMS_CONVERSATION_HOURS,
    email: container.email(),
    sms: container.sms(),
    clock: container.clock,
    tokenKeys: await container.tokenKeys(),
    publicUrl: container.publicUrl(),
  };
  return processRecords(event, context, async (record) => {
    const { invitationId } = messageOf(record, invitationMessage);
    const outcome = await sendInvitation(deps, invitationId);
    logger.info('Invitation', { invitationId, outcome });
  });
};

export const handler = middy(sendBatch).use(injectLambdaContext(logger));
