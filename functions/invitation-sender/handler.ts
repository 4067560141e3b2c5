/**
 * SQS consumer of the invitations queue: sends each due invitation once (SES v2 email or SMS),
 * and the single reminder of unanswered invitations when reminders are configured.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { parseQuietHours } from '../domain/fatigue';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { invitationMessage, messageOf, processRecords } from '../platform/sqs';
import { sendInvitation, sendReminder } from '../use-cases/send-invitation';

const container = createContainer();
const { config } = container;

const sendBatch = async (event: SQSEvent, context: Context) => {
  const deps = {
    store: container.store(),
    responses: container.store(),
    conversationHours: config.LIFELINE_SMS_CONVERSATION_HOURS,
    reminderDays: config.LIFELINE_REMINDER_DAYS,
    quietHours: parseQuietHours(config.LIFELINE_QUIET_HOURS),
    email: container.email(),
    sms: container.sms(),
    clock: container.clock,
    tokenKeys: await container.tokenKeys(),
    publicUrl: container.publicUrl(),
  };
  return processRecords(event, context, async (record) => {
    const { invitationId, reminder } = messageOf(record, invitationMessage);
    const outcome = reminder
      ? await sendReminder(deps, invitationId)
      : await sendInvitation(deps, invitationId);
    logger.info(reminder ? 'Reminder' : 'Invitation', { invitationId, outcome });
  });
};

export const handler = middy(sendBatch).use(injectLambdaContext(logger));
