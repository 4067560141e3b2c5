/**
 * SMS through AWS End User Messaging SMS (the Pinpoint SMS and Voice v2 API).
 */
import { type PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { classifyDeliveryError, type SentReceipt, type SmsMessage, type SmsSender } from '../domain/ports';

export interface EndUserMessagingSmsSenderOptions {
  /** Created once per process by the handler. */
  client: PinpointSMSVoiceV2Client;
  /**
   * Phone number, sender id, pool or their ARN to send from. Without it the service picks one of the
   * account's numbers, which fails in countries that require a registered originator.
   */
  originationIdentity?: string;
}

export class EndUserMessagingSmsSender implements SmsSender {
  private readonly client: PinpointSMSVoiceV2Client;
  private readonly originationIdentity: string | undefined;

  constructor(options: EndUserMessagingSmsSenderOptions) {
    this.client = options.client;
    this.originationIdentity = options.originationIdentity;
  }

  async sendSms(message: SmsMessage): Promise<SentReceipt> {
    const response = await this.client
      .send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: message.to,
          MessageBody: message.body,
          // Survey invitations follow an interaction the customer had: transactional, which carriers
          // deliver with priority and which is not subject to promotional opt-out lists.
          MessageType: 'TRANSACTIONAL',
          ...(this.originationIdentity ? { OriginationIdentity: this.originationIdentity } : {}),
        }),
      )
      // Invalid number, opted-out destination, unknown origination identity: retrying cannot help.
      .catch((error: unknown) =>
        classifyDeliveryError(error, [
          'ValidationException',
          'ConflictException',
          'ResourceNotFoundException',
        ]),
      );
    if (!response.MessageId) throw new Error('End User Messaging accepted the SMS but returned no MessageId');
    return { messageId: response.MessageId };
  }
}
