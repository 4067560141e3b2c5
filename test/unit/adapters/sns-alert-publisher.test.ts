import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SnsAlertPublisher, sanitizeSubject } from '../../../functions/adapters/sns-alert-publisher';

const sns = mockClient(SNSClient);
const client = new SNSClient({ region: 'eu-west-1' });
const topicArn = 'arn:aws:sns:eu-west-1:123456789012:lifeline-alerts';

describe('SnsAlertPublisher', () => {
  beforeEach(() => {
    sns.reset();
    sns.on(PublishCommand).resolves({ MessageId: 'sns-message-1' });
  });

  it('publishes subject and body to the topic with the case id as a message attribute', async () => {
    // Prepare
    const publisher = new SnsAlertPublisher({ client, topicArn });

    // Act
    const receipt = await publisher.publishAlert({
      subject: 'Detractor: score 2 from billing',
      body: 'Open the case: https://console.example/cases/c-1',
      caseId: 'c-1',
    });

    // Assess
    expect(receipt).toEqual({ messageId: 'sns-message-1' });
    expect(sns).toHaveReceivedCommandExactlyOnceWith(PublishCommand, {
      TopicArn: topicArn,
      Subject: 'Detractor: score 2 from billing',
      Message: 'Open the case: https://console.example/cases/c-1',
      MessageAttributes: { caseId: { DataType: 'String', StringValue: 'c-1' } },
    });
  });

  it('sends no message attributes when the alert has no case', async () => {
    // Prepare
    const publisher = new SnsAlertPublisher({ client, topicArn });

    // Act
    await publisher.publishAlert({ subject: 'Lifeline', body: 'Test' });

    // Assess
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input.MessageAttributes).toBeUndefined();
  });

  it('sanitises the subject SNS would otherwise reject', async () => {
    // Prepare
    const publisher = new SnsAlertPublisher({ client, topicArn });

    // Act
    await publisher.publishAlert({
      subject: '  Detractor:\nJosé Müller\t— 0/10 😡 ',
      body: 'b',
      caseId: 'c-2',
    });

    // Assess
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { Subject: 'Detractor: Jose Muller 0/10' });
  });
});

describe('sanitizeSubject', () => {
  it('keeps the subject under 100 characters', () => {
    // Prepare
    const subject = `Detractor ${'x'.repeat(200)}`;

    // Act
    const sanitized = sanitizeSubject(subject);

    // Assess
    expect(sanitized).toHaveLength(99);
    expect(sanitized.endsWith('...')).toBe(true);
  });

  it('turns line breaks and control characters into single spaces', () => {
    expect(sanitizeSubject('a\r\n\u0007b\u0000c')).toBe('a b c');
  });

  it('falls back to a fixed subject when nothing printable is left', () => {
    expect(sanitizeSubject('😡\n 顧客')).toBe('Lifeline alert');
  });
});
