import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SesEmailSender } from '../../../functions/adapters/ses-email-sender';
import type { EmailMessage } from '../../../functions/domain/ports';
import { PermanentDeliveryError } from '../../../functions/domain/ports';

const ses = mockClient(SESv2Client);
const client = new SESv2Client({ region: 'eu-west-1' });

const message: EmailMessage = {
  to: 'ana@example.com',
  subject: '¿Cómo lo hicimos?',
  html: '<p>Hola Ana</p>',
  text: 'Hola Ana',
  invitationId: 'inv-1',
};

describe('SesEmailSender', () => {
  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-message-1' });
  });

  it('sends simple content with subject, HTML and text bodies from the configured address', async () => {
    // Prepare
    const sender = new SesEmailSender({ client, from: 'Lifeline <feedback@example.com>' });

    // Act
    const receipt = await sender.sendEmail(message);

    // Assess
    expect(receipt).toEqual({ messageId: 'ses-message-1' });
    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: 'Lifeline <feedback@example.com>',
      Destination: { ToAddresses: ['ana@example.com'] },
      Content: {
        Simple: {
          Subject: { Data: '¿Cómo lo hicimos?', Charset: 'UTF-8' },
          Body: {
            Html: { Data: '<p>Hola Ana</p>', Charset: 'UTF-8' },
            Text: { Data: 'Hola Ana', Charset: 'UTF-8' },
          },
        },
      },
    });
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.ConfigurationSetName).toBeUndefined();
    expect(input?.Content?.Simple?.Headers).toBeUndefined();
  });

  it('adds the message headers, such as one-click List-Unsubscribe, to the simple content', async () => {
    // Prepare
    const sender = new SesEmailSender({ client, from: 'feedback@example.com' });

    // Act
    await sender.sendEmail({
      ...message,
      headers: {
        'List-Unsubscribe': '<https://survey.example.com/u/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });

    // Assess
    const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
    expect(input?.Content?.Simple?.Headers).toEqual([
      { Name: 'List-Unsubscribe', Value: '<https://survey.example.com/u/abc>' },
      { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
    ]);
  });

  it('names the configuration set when one is configured', async () => {
    // Prepare
    const sender = new SesEmailSender({ client, from: 'feedback@example.com', configurationSet: 'lifeline' });

    // Act
    await sender.sendEmail(message);

    // Assess
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, { ConfigurationSetName: 'lifeline' });
  });

  it('reports a rejected message as a permanent delivery failure', async () => {
    // Prepare
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' }));
    const sender = new SesEmailSender({ client, from: 'feedback@example.com' });

    // Act & Assess
    await expect(sender.sendEmail(message)).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it('lets a transient SES error reach the caller as it is, to be retried', async () => {
    // Prepare
    ses
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    const sender = new SesEmailSender({ client, from: 'feedback@example.com' });

    // Act & Assess
    const error = await sender.sendEmail(message).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).name).toBe('TooManyRequestsException');
  });
});
