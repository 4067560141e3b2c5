import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { EndUserMessagingSmsSender } from '../../../functions/adapters/sms-sender';
import { PermanentDeliveryError } from '../../../functions/domain/ports';

const sms = mockClient(PinpointSMSVoiceV2Client);
const client = new PinpointSMSVoiceV2Client({ region: 'eu-west-1' });

describe('EndUserMessagingSmsSender', () => {
  beforeEach(() => {
    sms.reset();
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-message-1' });
  });

  it('sends a transactional text from the configured origination identity', async () => {
    // Prepare
    const sender = new EndUserMessagingSmsSender({ client, originationIdentity: 'pool-0123456789abcdef' });

    // Act
    const receipt = await sender.sendSms({
      to: '+34600000000',
      body: 'How did we do? https://s.example/abc',
    });

    // Assess
    expect(receipt).toEqual({ messageId: 'sms-message-1' });
    expect(sms).toHaveReceivedCommandExactlyOnceWith(SendTextMessageCommand, {
      DestinationPhoneNumber: '+34600000000',
      MessageBody: 'How did we do? https://s.example/abc',
      MessageType: 'TRANSACTIONAL',
      OriginationIdentity: 'pool-0123456789abcdef',
    });
  });

  it('leaves the origination identity to the service when none is configured', async () => {
    // Prepare
    const sender = new EndUserMessagingSmsSender({ client });

    // Act
    await sender.sendSms({ to: '+34600000000', body: 'Hi' });

    // Assess
    const input = sms.commandCalls(SendTextMessageCommand)[0]?.args[0].input;
    expect(input).toEqual({
      DestinationPhoneNumber: '+34600000000',
      MessageBody: 'Hi',
      MessageType: 'TRANSACTIONAL',
    });
  });

  it('reports an invalid or opted-out destination as a permanent delivery failure', async () => {
    // Prepare
    sms
      .on(SendTextMessageCommand)
      .rejects(Object.assign(new Error('destination opted out'), { name: 'ConflictException' }));
    const sender = new EndUserMessagingSmsSender({ client });

    // Act & Assess
    await expect(sender.sendSms({ to: '+34600000000', body: 'hi' })).rejects.toBeInstanceOf(
      PermanentDeliveryError,
    );
  });

  it('fails when the service returns no message id', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({});
    const sender = new EndUserMessagingSmsSender({ client });

    // Act & Assess
    await expect(sender.sendSms({ to: '+34600000000', body: 'Hi' })).rejects.toThrow('no MessageId');
  });
});
