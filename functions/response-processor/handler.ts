/**
 * SQS consumer of the responses queue: analyses the batch's comments together (sentiment, key
 * phrases, topics), then counts each answer once and opens its recovery case. Retryable analysis failures (throttling) come back as
 * batch item failures.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSEvent } from 'aws-lambda';
import { createContainer } from '../platform/container';
import { logger } from '../platform/observability';
import { invitationMessage, messageOf, processRecords, safeMessageOf } from '../platform/sqs';
import { processResponses } from '../use-cases/process-responses';

const container = createContainer();

const processBatch = async (event: SQSEvent, context: Context) => {
  const store = container.store();
  const ids = event.Records.map((r) => safeMessageOf(r, invitationMessage)?.invitationId).filter(
    (id) => id !== undefined,
  );
  const outcomes = await processResponses(
    {
      store,
      analyzer: container.analyzer(),
      keyPhrases: container.keyPhrases(),
      queue: container.queue(),
      clock: container.clock,
      routingOf: container.teamRouting(),
      contactOf: async (invitationId) => {
        const invitation = await store.getInvitation(invitationId);
        return { name: invitation?.customerName, contact: invitation?.to };
      },
      onError: (invitationId, error) =>
        logger.error('Processing an answer failed; it will be retried', {
          invitationId,
          error: error instanceof Error ? { name: error.name, message: error.message } : 'unknown',
        }),
    },
    ids,
  );
  logger.info('Processed responses', {
    records: event.Records.length,
    outcomes: Object.fromEntries(count(outcomes)),
  });
  return processRecords(event, context, async (record) => {
    const { invitationId } = messageOf(record, invitationMessage);
    if (outcomes.get(invitationId) === 'retry') throw new Error(`Analysis of ${invitationId} to be retried`);
  });
};

function count(outcomes: Map<string, string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const outcome of outcomes.values()) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  return counts;
}

export const handler = middy(processBatch).use(injectLambdaContext(logger));
