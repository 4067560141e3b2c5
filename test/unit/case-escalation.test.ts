/**
 * Escalation rules (pure) and how an escalation reaches SNS subscribers.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { describe, expect, it } from 'vitest';
import { SnsAlertPublisher } from '../../functions/adapters/sns-alert-publisher';
import { DEFAULT_CALENDAR } from '../../functions/domain/business-hours';
import {
  escalationChannelDone,
  escalationThresholds,
  nextEscalation,
} from '../../functions/domain/escalation';
import type { RecoveryCase } from '../../functions/domain/model';
import type { TeamRouting } from '../../functions/domain/recovery';

const routing: TeamRouting = {
  calendar: DEFAULT_CALENDAR,
  owner: 'billing-care',
  highSeverityHours: 4,
  normalHours: 8,
};

const overdue: RecoveryCase = {
  caseId: 'case_1',
  invitationId: 'inv_1',
  interactionId: 'T-1',
  customerId: 'C-1',
  score: 5,
  status: 'open',
  createdAt: '2026-11-23T09:00:00.000Z',
  dueAt: '2026-11-23T17:00:00.000Z', // Monday, end of a UTC business day
  channel: 'email',
  severity: 'normal',
  history: [],
};

describe('escalation thresholds', () => {
  it('puts level 2 one more first-contact span of business hours after the due time', () => {
    expect(escalationThresholds(overdue, routing).map((d) => d.toISOString())).toEqual([
      '2026-11-23T17:00:00.000Z',
      '2026-11-24T17:00:00.000Z',
    ]);
    expect(escalationThresholds({ ...overdue, severity: 'high' }, routing)[1].toISOString()).toBe(
      '2026-11-24T13:00:00.000Z',
    );
  });

  it('skips the weekend', () => {
    const friday = { ...overdue, dueAt: '2026-11-27T12:00:00.000Z' };
    expect(escalationThresholds(friday, routing)[1].toISOString()).toBe('2026-11-30T12:00:00.000Z');
  });
});

describe('next escalation', () => {
  const at = (iso: string) => new Date(iso);

  it('is level 1 from the due time and level 2 from the second threshold', () => {
    expect(nextEscalation(overdue, routing, at('2026-11-23T16:59:59Z'))).toBeUndefined();
    expect(nextEscalation(overdue, routing, at('2026-11-23T17:00:00Z'))).toBe(1);
    expect(
      nextEscalation({ ...overdue, escalationLevel: 1 }, routing, at('2026-11-24T16:00:00Z')),
    ).toBeUndefined();
    expect(nextEscalation({ ...overdue, escalationLevel: 1 }, routing, at('2026-11-24T17:00:00Z'))).toBe(2);
    expect(
      nextEscalation({ ...overdue, escalationLevel: 2 }, routing, at('2027-01-01T00:00:00Z')),
    ).toBeUndefined();
  });

  it('never escalates a case someone has contacted, resolved or reopened after contact', () => {
    const late = at('2026-12-01T12:00:00Z');
    expect(nextEscalation({ ...overdue, status: 'contacted' }, routing, late)).toBeUndefined();
    expect(nextEscalation({ ...overdue, status: 'resolved' }, routing, late)).toBeUndefined();
    expect(nextEscalation({ ...overdue, firstContactAt: overdue.createdAt }, routing, late)).toBeUndefined();
  });
});

describe('escalations on SNS', () => {
  it('carry the recipient and the level as message attributes, for subscription filter policies', async () => {
    // Prepare
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const publisher = new SnsAlertPublisher({
      client: new SNSClient({ region: 'eu-west-1' }),
      topicArn: 'arn:t',
    });
    // Act
    await publisher.publishAlert({
      subject: 'Escalation level 2',
      body: 'Still not contacted',
      caseId: 'case_1',
      to: 'lead@example.com',
      escalationLevel: 2,
    });
    // Assess
    expect(sns).toHaveReceivedCommandWith(PublishCommand, {
      MessageAttributes: {
        caseId: { DataType: 'String', StringValue: 'case_1' },
        recipient: { DataType: 'String', StringValue: 'lead@example.com' },
        escalationLevel: { DataType: 'Number', StringValue: '2' },
      },
    });
    sns.restore();
  });
});

describe('escalation channel markers', () => {
  it('count a channel done with a level when its marker reached that level or a higher one', () => {
    expect(escalationChannelDone(overdue, 'sns', 1)).toBe(false);
    const sentLevel1 = { ...overdue, escalatedSnsLevel: 1 };
    expect(escalationChannelDone(sentLevel1, 'sns', 1)).toBe(true);
    expect(escalationChannelDone(sentLevel1, 'sns', 2)).toBe(false);
    expect(escalationChannelDone(sentLevel1, 'slack', 1)).toBe(false);
    expect(escalationChannelDone({ ...overdue, escalatedSlackLevel: 2 }, 'slack', 1)).toBe(true);
  });
});
