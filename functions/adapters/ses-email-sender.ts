/**
 * Email through Amazon SES v2. Simple content lets SES build the MIME message and still carries our
 * own headers (List-Unsubscribe, List-Unsubscribe-Post for one-click unsubscribe).
 */
import { type MessageHeader, type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  classifyDeliveryError,
  type EmailMessage,
  type EmailSender,
  type SentReceipt,
} from '../domain/ports';

export interface SesEmailSenderOptions {
  /** Created once per process by the handler. */
  client: SESv2Client;
  /** Verified sender, e.g. `Lifeline <feedback@example.com>`. */
  from: string;
  /** Configuration set that records bounces, complaints and deliveries. */
  configurationSet?: string;
}

export class SesEmailSender implements EmailSender {
  private readonly client: SESv2Client;
  private readonly from: string;
  private readonly configurationSet: string | undefined;

  constructor(options: SesEmailSenderOptions) {
    this.client = options.client;
    this.from = options.from;
    this.configurationSet = options.configurationSet;
  }

  async sendEmail(message: EmailMessage): Promise<SentReceipt> {
    const headers: MessageHeader[] = Object.entries(message.headers ?? {}).map(([Name, Value]) => ({
      Name,
      Value,
    }));
    const response = await this.client
      .send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [message.to] },
          Content: {
            Simple: {
              // Subjects and bodies carry customers' names and translated copy: never rely on
              // SES's default charset for them.
              Subject: { Data: message.subject, Charset: 'UTF-8' },
              Body: {
                Html: { Data: message.html, Charset: 'UTF-8' },
                Text: { Data: message.text, Charset: 'UTF-8' },
              },
              ...(headers.length > 0 ? { Headers: headers } : {}),
            },
          },
          ...(this.configurationSet ? { ConfigurationSetName: this.configurationSet } : {}),
        }),
      )
      .catch((error: unknown) =>
        // Rejected content, an address on the account's suppression list, a bad request: final.
        classifyDeliveryError(error, ['MessageRejected', 'BadRequestException', 'NotFoundException']),
      );
    // SES answers every accepted message with an id; without one we cannot tell bounces apart.
    if (!response.MessageId) throw new Error('SES accepted the email but returned no MessageId');
    return { messageId: response.MessageId };
  }
}
