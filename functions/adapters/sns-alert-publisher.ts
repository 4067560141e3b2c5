/**
 * Care-team alerts published to an SNS topic (email, chat or ticketing subscribers).
 */
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import type { AlertMessage, AlertPublisher, SentReceipt } from '../domain/ports';

/** SNS wants the subject "less than 100 characters long". */
export const MAX_SUBJECT_LENGTH = 99;

const FALLBACK_SUBJECT = 'Lifeline alert';

export interface SnsAlertPublisherOptions {
  /** Created once per process by the handler. */
  client: SNSClient;
  topicArn: string;
}

export class SnsAlertPublisher implements AlertPublisher {
  private readonly client: SNSClient;
  private readonly topicArn: string;

  constructor(options: SnsAlertPublisherOptions) {
    this.client = options.client;
    this.topicArn = options.topicArn;
  }

  async publishAlert(message: AlertMessage): Promise<SentReceipt> {
    const response = await this.client.send(
      new PublishCommand({
        TopicArn: this.topicArn,
        Subject: sanitizeSubject(message.subject),
        Message: message.body,
        // Lets subscribers filter or route on the case (and an escalation's recipient and level,
        // e.g. a team lead's subscription filter policy) without parsing the body.
        ...messageAttributes(message),
      }),
    );
    if (!response.MessageId) throw new Error('SNS accepted the alert but returned no MessageId');
    return { messageId: response.MessageId };
  }
}

function messageAttributes(message: AlertMessage): Pick<PublishCommandInput, 'MessageAttributes'> {
  const attributes: NonNullable<PublishCommandInput['MessageAttributes']> = {};
  if (message.caseId) attributes.caseId = { DataType: 'String', StringValue: message.caseId };
  if (message.to) attributes.recipient = { DataType: 'String', StringValue: message.to };
  if (message.escalationLevel !== undefined) {
    attributes.escalationLevel = { DataType: 'Number', StringValue: String(message.escalationLevel) };
  }
  return Object.keys(attributes).length ? { MessageAttributes: attributes } : {};
}

/**
 * A subject SNS accepts: printable ASCII on one line, starting with a visible character, under 100
 * characters. SNS rejects the whole publish otherwise, so a customer's name with an accent or a
 * comment with a line break would lose the alert. Accents are dropped (`é` → `e`), other non-ASCII
 * characters and runs of whitespace become one space.
 */
export function sanitizeSubject(subject: string): string {
  const ascii = subject
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x21-\x7e]+/g, ' ')
    .trim();
  if (ascii.length === 0) return FALLBACK_SUBJECT;
  if (ascii.length <= MAX_SUBJECT_LENGTH) return ascii;
  return `${ascii.slice(0, MAX_SUBJECT_LENGTH - 3).trimEnd()}...`;
}
