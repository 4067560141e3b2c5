/**
 * SES event-publishing notifications as they arrive in the SNS message body. Only the fields
 * suppression reads are checked; the rest of the event (headers, tags, timestamps) is ignored.
 */
import { z } from 'zod';

const recipients = z.array(z.object({ emailAddress: z.string().min(3).max(512) }));

export const sesEventSchema = z.object({
  eventType: z.string().min(1).max(64),
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: recipients }).optional(),
  complaint: z
    .object({ complainedRecipients: recipients, complaintFeedbackType: z.string().optional() })
    .optional(),
  mail: z.object({ messageId: z.string().max(256) }).optional(),
});

export type SesEvent = z.infer<typeof sesEventSchema>;

/**
 * The SES event of an SNS message; undefined when the message is not one (SES's own
 * "Successfully validated SNS topic" setup notice, or anything else published to the topic).
 */
export function sesEventOf(message: string): SesEvent | undefined {
  try {
    const parsed = sesEventSchema.safeParse(JSON.parse(message));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
