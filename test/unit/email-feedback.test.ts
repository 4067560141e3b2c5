import { describe, expect, it } from 'vitest';
import bounceEvent from '../../events/sns-ses-bounce.json';
import complaintEvent from '../../events/sns-ses-complaint.json';
import { addressesToSuppress } from '../../functions/domain/email-feedback';
import { sesEventOf } from '../../functions/email-events/schemas';

/** The SES event inside a sample SNS event. */
function sesEventIn(sample: { Records: { Sns: { Message: string } }[] }) {
  const event = sesEventOf(sample.Records[0]?.Sns.Message ?? '');
  if (!event) throw new Error('The sample holds no SES event');
  return event;
}

describe('which SES feedback opts an address out', () => {
  it('opts out the recipients of a permanent bounce', () => {
    expect(addressesToSuppress(sesEventIn(bounceEvent))).toEqual(['ana@example.com']);
  });

  it('opts out the recipients of a complaint', () => {
    expect(addressesToSuppress(sesEventIn(complaintEvent))).toEqual(['ana@example.com']);
  });

  it('leaves transient and undetermined bounces alone', () => {
    for (const bounceType of ['Transient', 'Undetermined']) {
      const bounce = { bounceType, bouncedRecipients: [{ emailAddress: 'ana@example.com' }] };
      expect(addressesToSuppress({ eventType: 'Bounce', bounce })).toEqual([]);
    }
  });

  it('does not treat a not-spam report as a complaint', () => {
    const complaint = {
      complainedRecipients: [{ emailAddress: 'ana@example.com' }],
      complaintFeedbackType: 'not-spam',
    };
    expect(addressesToSuppress({ eventType: 'Complaint', complaint })).toEqual([]);
  });

  it('takes the bare address of a recipient given with a display name, once', () => {
    const bouncedRecipients = [
      { emailAddress: 'Ana Pérez <ana@example.com>' },
      { emailAddress: 'ana@example.com' },
    ];
    expect(
      addressesToSuppress({ eventType: 'Bounce', bounce: { bounceType: 'Permanent', bouncedRecipients } }),
    ).toEqual(['ana@example.com']);
  });

  it('ignores events other than bounces and complaints, and messages that are not SES events', () => {
    expect(addressesToSuppress({ eventType: 'Delivery' })).toEqual([]);
    expect(sesEventOf('Successfully validated SNS topic for Amazon SES event publishing.')).toBeUndefined();
  });
});
