/**
 * The local runtime's stand-in for SES, SMS and SNS: every message is stored in the table, in order,
 * and listed by `GET /dev/outbox`. Messages carry their customer id so erasure finds them.
 */
import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AlertMessage,
  AlertPublisher,
  Clock,
  EmailMessage,
  EmailSender,
  MessageOrigin,
  SentReceipt,
  SmsMessage,
  SmsSender,
} from '../domain/ports';
import { byCustomer, keys } from './dynamodb/keys';

export interface OutboxMessage {
  id: string;
  kind: 'email' | 'sms' | 'alert';
  to: string;
  subject?: string;
  body: string;
  sentAt: string;
  invitationId?: string;
  caseId?: string;
  /** Email headers such as List-Unsubscribe, as they would have been sent. */
  headers?: Record<string, string>;
  html?: string;
  /** Slack Block Kit of an alert, kept when the outbox stands in for Slack too (no webhook URL set). */
  blocks?: readonly object[];
}

export class TableOutbox implements EmailSender, SmsSender, AlertPublisher {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  sendEmail(m: EmailMessage): Promise<SentReceipt> {
    return this.store('email', m.to, m, {
      subject: m.subject,
      body: m.text,
      html: m.html,
      headers: m.headers,
    });
  }

  sendSms(m: SmsMessage): Promise<SentReceipt> {
    return this.store('sms', m.to, m, { body: m.body });
  }

  /** `slack`: the Block Kit Slack would have got, when the outbox stands in for Slack as well. */
  publishAlert(m: AlertMessage, slack?: { blocks: readonly object[] }): Promise<SentReceipt> {
    return this.store('alert', m.to ?? 'care-team', m, {
      subject: m.subject,
      body: m.body,
      blocks: slack?.blocks,
    });
  }

  async list(): Promise<OutboxMessage[]> {
    const messages: OutboxMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'OUTBOX' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        const { id, kind, to, subject, body, sentAt, invitationId, caseId, headers, html, blocks } = item;
        messages.push({ id, kind, to, subject, body, sentAt, invitationId, caseId, headers, html, blocks });
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return messages;
  }

  private async store(
    kind: OutboxMessage['kind'],
    to: string,
    origin: MessageOrigin,
    content: Partial<OutboxMessage>,
  ): Promise<SentReceipt> {
    const id = randomUUID();
    const sentAt = this.clock.now().toISOString();
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.outbox(sentAt, id),
          type: 'OutboxMessage',
          id,
          kind,
          to,
          sentAt,
          invitationId: origin.invitationId,
          caseId: origin.caseId,
          ...content,
          ...(origin.customerId ? byCustomer(origin.customerId, `OUTBOX#${id}`) : {}),
        },
      }),
    );
    return { messageId: id };
  }
}
