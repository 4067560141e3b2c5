/**
 * SQS consumers: records through Powertools' batch processor, so one failed record is reported as
 * a batch item failure and only it comes back. A whole-batch failure is reported item by item too,
 * never thrown: the event source mapping then retries exactly those messages.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';

const processor = new BatchProcessor(EventType.SQS);

export function processRecords(
  event: SQSEvent,
  context: Context,
  handle: (record: SQSRecord) => Promise<void>,
): Promise<SQSBatchResponse> {
  return processPartialResponse(event, handle, processor, {
    context,
    throwOnFullBatchFailure: false,
    // Records are independent and their effects idempotent: in parallel, a batch takes one round trip.
    processInParallel: true,
  });
}

/** Parses a record's JSON body; a malformed body is a bug upstream and fails the record (it ends in the DLQ). */
export function messageOf<S extends z.ZodType>(record: SQSRecord, schema: S): z.infer<S> {
  return schema.parse(JSON.parse(record.body));
}

export const invitationMessage = z.object({
  invitationId: z.string().min(1).max(200),
  /** The single reminder rather than the invitation itself. */
  reminder: z.boolean().optional(),
});
export const caseMessage = z.object({ caseId: z.string().min(1).max(200) });
export const exportMessage = z.object({ exportId: z.string().min(1).max(200) });

/** The id a record names, or undefined when the body is malformed. */
export function safeMessageOf<S extends z.ZodType>(record: SQSRecord, schema: S): z.infer<S> | undefined {
  try {
    return messageOf(record, schema);
  } catch {
    return undefined;
  }
}
