import { describe, expect, it } from 'vitest';
import { isValidTwilioRequest, twilioSignature } from '../../functions/adapters/twilio-signature';
import { type Conversation, interpretReply, nextStep } from '../../functions/domain/sms-conversation';

const now = new Date('2026-11-23T12:00:00Z');
const open = (state: Conversation['state'], score?: number): Conversation => ({
  invitationId: 'inv_1',
  customerId: 'C-1',
  state,
  score,
  expiresAt: '2026-11-26T12:00:00Z',
});

describe('reading an SMS reply', () => {
  it.each([
    ['9', { kind: 'score', score: 9, text: '9' }],
    [' 10 ', { kind: 'score', score: 10, text: '10' }],
    ['9/10', { kind: 'score', score: 9, text: '9/10' }],
    ['9 great support', { kind: 'score', score: 9, comment: 'great support', text: '9 great support' }],
    ['7, ok I guess', { kind: 'score', score: 7, comment: 'ok I guess', text: '7, ok I guess' }],
    ['0 - useless', { kind: 'score', score: 0, comment: 'useless', text: '0 - useless' }],
  ])('reads %j as a score', (body, expected) => {
    expect(interpretReply(body)).toEqual(expected);
  });

  it.each(['100', '9.5', '11', 'nine', '', 'great support'])('does not read %j as a score', (body) => {
    expect(interpretReply(body).kind).toBe('text');
  });

  it.each([
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['Unsubscribe', 'stop'],
    ['START', 'start'],
    ['unstop', 'start'],
    ['HELP', 'help'],
    ['ayuda', 'help'],
  ])('reads the carrier keyword %j', (body, kind) => {
    expect(interpretReply(body).kind).toBe(kind);
  });
});

describe('the SMS conversation', () => {
  it('records a score and asks for a comment, then takes the next text as the comment', () => {
    expect(nextStep(open('awaiting_score'), interpretReply('9'), now)).toEqual({
      action: 'answer',
      score: 9,
      next: 'awaiting_comment',
      reply: 'ask_comment',
    });
    expect(nextStep(open('awaiting_comment', 9), interpretReply('Quick and kind'), now)).toEqual({
      action: 'answer',
      score: 9,
      comment: 'Quick and kind',
      next: 'done',
      reply: 'thanks',
    });
  });

  it('completes at once when the score comes with a comment', () => {
    expect(nextStep(open('awaiting_score'), interpretReply('3 still no internet'), now)).toMatchObject({
      score: 3,
      comment: 'still no internet',
      next: 'done',
      reply: 'thanks',
    });
  });

  it('takes "2 hours on hold" as the comment while a comment is awaited, not as a new score', () => {
    expect(nextStep(open('awaiting_comment', 4), interpretReply('2 hours on hold'), now)).toMatchObject({
      score: 4,
      comment: '2 hours on hold',
      next: 'done',
    });
  });

  it('answers an unreadable first reply with a short help text, recording nothing', () => {
    expect(nextStep(open('awaiting_score'), interpretReply('what is this?'), now)).toEqual({
      action: 'none',
      reply: 'ask_score',
    });
  });

  it('opts out on STOP and back in on START, whatever the conversation', () => {
    expect(nextStep(undefined, interpretReply('STOP'), now)).toEqual({ action: 'opt_out', reply: 'stopped' });
    expect(nextStep(open('done'), interpretReply('START'), now)).toEqual({
      action: 'opt_in',
      reply: 'started',
    });
  });

  it('records nothing once the conversation has expired', () => {
    const expired = { ...open('awaiting_score'), expiresAt: '2026-11-23T11:59:59Z' };
    expect(nextStep(expired, interpretReply('9'), now)).toEqual({ action: 'none', reply: 'no_survey' });
    expect(nextStep(undefined, interpretReply('hello'), now)).toEqual({ action: 'none', reply: 'help' });
  });
});

describe('Twilio request signatures', () => {
  // The example of Twilio's webhook security documentation.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };

  it("computes the signature of Twilio's documented example", () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('accepts the right signature and rejects a changed parameter, URL or missing signature', () => {
    expect(isValidTwilioRequest('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, params)).toBe(true);
    expect(
      isValidTwilioRequest('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, { ...params, Digits: '1235' }),
    ).toBe(false);
    expect(isValidTwilioRequest('12345', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', `${url}&x=1`, params)).toBe(false);
    expect(isValidTwilioRequest('12345', undefined, url, params)).toBe(false);
    expect(isValidTwilioRequest('54321', '0/KCTR6DLpKmkAf8muzZqo1nDgQ=', url, params)).toBe(false);
  });
});
