import {
  SendMessageBatchCommand,
  type SendMessageBatchRequest,
  type SendMessageBatchResult,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SqsWorkQueue } from '../../../functions/adapters/sqs-work-queue';
import type { QueueName } from '../../../functions/domain/ports';

const sqs = mockClient(SQSClient);
const client = new SQSClient({ region: 'eu-west-1' });
const urls: Record<QueueName, string> = {
  responses: 'https://sqs.eu-west-1.amazonaws.com/123456789012/responses',
  invitations: 'https://sqs.eu-west-1.amazonaws.com/123456789012/invitations',
  exports: 'https://sqs.eu-west-1.amazonaws.com/123456789012/exports',
  alerts: 'https://sqs.eu-west-1.amazonaws.com/123456789012/alerts',
};
const noSleep = () => Promise.resolve();

const acceptAll = (input: SendMessageBatchRequest): SendMessageBatchResult => ({
  Successful: (input.Entries ?? []).map((entry) => ({
    Id: entry.Id,
    MessageId: `m-${entry.Id}`,
    MD5OfMessageBody: 'md5',
  })),
  Failed: [],
});

const sentIds = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .map((call) => (call.args[0].input.Entries ?? []).map((e) => e.Id));

describe('SqsWorkQueue', () => {
  beforeEach(() => {
    sqs.reset();
  });

  it('sends bodies as JSON in chunks of 10 to the queue URL', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).callsFake(acceptAll);
    const queue = new SqsWorkQueue({ client, urls, sleep: noSleep });
    const bodies = Array.from({ length: 23 }, (_, i) => ({ invitationId: `inv-${i}` }));

    // Act
    await queue.enqueue('invitations', bodies);

    // Assess
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
    expect(sentIds().map((ids) => ids.length)).toEqual([10, 10, 3]);
    expect(sqs).toHaveReceivedNthCommandWith(SendMessageBatchCommand, 3, {
      QueueUrl: urls.invitations,
      Entries: [
        { Id: '20', MessageBody: '{"invitationId":"inv-20"}' },
        { Id: '21', MessageBody: '{"invitationId":"inv-21"}' },
        { Id: '22', MessageBody: '{"invitationId":"inv-22"}' },
      ],
    });
  });

  it('makes no call when there is nothing to enqueue', async () => {
    // Prepare
    const queue = new SqsWorkQueue({ client, urls });

    // Act
    await queue.enqueue('alerts', []);

    // Assess
    expect(sqs).not.toHaveReceivedAnyCommand();
  });

  it('retries only the entries SQS reports as failed', async () => {
    // Prepare
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'm-0', MD5OfMessageBody: 'md5' }],
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
      })
      .callsFake(acceptAll);
    const queue = new SqsWorkQueue({ client, urls, sleep: noSleep });

    // Act
    await queue.enqueue('responses', [{ invitationId: 'a' }, { invitationId: 'b' }]);

    // Assess
    expect(sentIds()).toEqual([['0', '1'], ['1']]);
  });

  it('throws naming the count when entries still fail after 3 attempts', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchRequest) => ({
      Successful: [],
      Failed: (input.Entries ?? []).map((entry) => ({
        Id: entry.Id,
        Code: 'InternalError',
        SenderFault: false,
      })),
    }));
    const queue = new SqsWorkQueue({ client, urls, sleep: noSleep });

    // Act
    const enqueue = queue.enqueue('alerts', [{ caseId: 'c-1' }, { caseId: 'c-2' }]);

    // Assess
    await expect(enqueue).rejects.toThrow(
      'SQS did not accept 2 of 2 messages for queue alerts (InternalError)',
    );
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
  });

  it('does not retry a sender fault, still sends the other chunks, then throws', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).callsFake((input: SendMessageBatchRequest) => {
      const entries = input.Entries ?? [];
      return {
        Successful: entries
          .filter((e) => e.Id !== '0')
          .map((e) => ({ Id: e.Id, MessageId: 'm', MD5OfMessageBody: 'md5' })),
        Failed: entries
          .filter((e) => e.Id === '0')
          .map((e) => ({ Id: e.Id, Code: 'InvalidMessageContents', SenderFault: true })),
      };
    });
    const queue = new SqsWorkQueue({ client, urls, sleep: noSleep });
    const bodies = Array.from({ length: 12 }, (_, i) => ({ n: i }));

    // Act
    const enqueue = queue.enqueue('responses', bodies);

    // Assess
    await expect(enqueue).rejects.toThrow(
      'SQS did not accept 1 of 12 messages for queue responses (InvalidMessageContents)',
    );
    expect(sentIds().map((ids) => ids.length)).toEqual([10, 2]);
  });

  it('treats an entry SQS neither accepted nor rejected as failed', async () => {
    // Prepare
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const queue = new SqsWorkQueue({ client, urls, sleep: noSleep });

    // Act & Assess
    await expect(queue.enqueue('responses', [{ n: 1 }])).rejects.toThrow('did not accept 1 of 1');
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
  });

  it('lets a failed SendMessageBatch call reach the caller', async () => {
    // Prepare
    sqs
      .on(SendMessageBatchCommand)
      .rejects(Object.assign(new Error('Access denied'), { name: 'AccessDenied' }));
    const queue = new SqsWorkQueue({ client, urls, sleep: noSleep });

    // Act & Assess
    await expect(queue.enqueue('responses', [{ n: 1 }])).rejects.toThrow('Access denied');
  });
});
