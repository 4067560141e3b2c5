/**
 * What every SMS Lifeline sends costs, in every language: a wording change that would send a text
 * as UCS-2 or in more segments fails here.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language, textFor } from '../../functions/domain/i18n';
import { invitationSms, SMS_INVITATION_SEGMENTS } from '../../functions/domain/invitation-message';
import type { Invitation } from '../../functions/domain/model';
import { type SmsEncoding, smsSize } from '../../functions/domain/sms-segments';
import { issueSurveyToken } from '../../functions/domain/survey-token';
import { newInvitationId, surveyUrlOf } from '../../functions/use-cases/record-interaction';

/** A public URL of 30 characters and a real token (about 80 characters). */
const publicUrl = 'https://feedback.acme-corp.com';
const token = issueSurveyToken(
  { current: 'k1', keys: { k1: 'a-signing-key-of-at-least-32-characters' } },
  newInvitationId(),
  new Date('2026-12-23T12:00:00Z'),
);
const surveyUrl = surveyUrlOf(publicUrl, token);

const invitation = (locale: Language, customerName?: string): Invitation => ({
  invitationId: 'inv_1',
  interactionId: 'T-1',
  customerId: 'C-1',
  channel: 'sms',
  to: '+14155550100',
  locale,
  customerName,
  occurredAt: '2026-11-23T12:00:00Z',
  createdAt: '2026-11-23T12:00:00Z',
  status: 'sent',
  delivery: 'pending',
  sendAt: '2026-11-23T12:00:00Z',
  expiresAt: '2026-12-23T12:00:00Z',
});

const invitationCases = LANGUAGES.flatMap((lang) =>
  [false, true].flatMap((reminder) =>
    ['Maria Silva', 'Jean-Baptiste Dupont', undefined].map(
      (name) => [lang, reminder ? 'reminder' : 'invitation', name, reminder] as const,
    ),
  ),
);

describe('SMS invitations and reminders', () => {
  it('measures a real survey URL', () => {
    expect(publicUrl).toHaveLength(30);
    expect(token.length).toBeGreaterThanOrEqual(75);
    expect(surveyUrl.length).toBeGreaterThanOrEqual(108);
  });

  it.each(invitationCases)('%s %s to %s fits two GSM-7 segments', (lang, _kind, name, reminder) => {
    const text = invitationSms(invitation(lang, name), surveyUrl, { reminder });
    expect(text).toContain(surveyUrl);
    if (name) expect(text).toContain(name);
    if (reminder) expect(text.startsWith(`${textFor(lang).reminder} `)).toBe(true);
    const size = smsSize(text);
    expect(size.encoding).toBe('gsm7');
    expect(size.segments).toBeLessThanOrEqual(SMS_INVITATION_SEGMENTS.gsm7);
  });

  it.each(LANGUAGES)('in %s, a name with accents outside GSM-7 is sent without them', (lang) => {
    const text = invitationSms(invitation(lang, 'María Conceição'), surveyUrl, { reminder: true });
    expect(text).toContain('Maria Conceicao');
    expect(smsSize(text)).toMatchObject({ encoding: 'gsm7' });
    expect(smsSize(text).segments).toBeLessThanOrEqual(2);
  });

  it.each(LANGUAGES)('in %s, a name that needs UCS-2 and does not fit three segments is left out', (lang) => {
    const text = invitationSms(invitation(lang, '王芳'), surveyUrl);
    expect(text).toBe(textFor(lang).smsInvite(undefined, surveyUrl));
    expect(smsSize(text)).toMatchObject({ encoding: 'gsm7' });
  });

  it('keeps a name that needs UCS-2 when the text still fits three UCS-2 segments', () => {
    const text = invitationSms(invitation('en', '王芳'), 'https://x.io/s/abc');
    expect(text).toContain('王芳');
    expect(smsSize(text)).toMatchObject({ encoding: 'ucs2' });
    expect(smsSize(text).segments).toBeLessThanOrEqual(SMS_INVITATION_SEGMENTS.ucs2);
  });

  it('leaves out a name so long it would cost a third segment', () => {
    const text = invitationSms(invitation('fr', 'Maximilien'.repeat(8)), surveyUrl);
    expect(text).toBe(textFor('fr').smsInvite(undefined, surveyUrl));
  });
});

/**
 * The encoding each conversation reply goes in. Texts marked `ucs2` need a letter GSM-7 lacks
 * (á í ó ú ã ê …) and must stay within one UCS-2 segment (70 characters).
 */
const REPLY_ENCODINGS: Record<Language, Record<keyof ReturnType<typeof textFor>['sms'], SmsEncoding>> = {
  en: {
    ask_comment: 'gsm7',
    thanks: 'gsm7',
    ask_score: 'gsm7',
    help: 'gsm7',
    stopped: 'gsm7',
    started: 'gsm7',
    no_survey: 'gsm7',
  },
  es: {
    ask_comment: 'gsm7',
    thanks: 'ucs2',
    ask_score: 'ucs2',
    help: 'gsm7',
    stopped: 'ucs2',
    started: 'ucs2',
    no_survey: 'gsm7',
  },
  fr: {
    ask_comment: 'gsm7',
    thanks: 'gsm7',
    ask_score: 'gsm7',
    help: 'gsm7',
    stopped: 'gsm7',
    started: 'gsm7',
    no_survey: 'ucs2',
  },
  de: {
    ask_comment: 'gsm7',
    thanks: 'gsm7',
    ask_score: 'gsm7',
    help: 'gsm7',
    stopped: 'gsm7',
    started: 'gsm7',
    no_survey: 'gsm7',
  },
  pt: {
    ask_comment: 'gsm7',
    thanks: 'ucs2',
    ask_score: 'ucs2',
    help: 'gsm7',
    stopped: 'ucs2',
    started: 'ucs2',
    no_survey: 'ucs2',
  },
};

const replyCases = LANGUAGES.flatMap((lang) =>
  Object.entries(textFor(lang).sms).map(([reply, text]) => [lang, reply, text] as const),
);

describe('SMS conversation replies', () => {
  it('has an expected encoding for every reply', () => {
    for (const lang of LANGUAGES) {
      expect(Object.keys(REPLY_ENCODINGS[lang]).sort()).toEqual(Object.keys(textFor(lang).sms).sort());
    }
  });

  it.each(replyCases)('%s %s fits one segment', (lang, reply, text) => {
    const size = smsSize(text);
    expect(size.encoding).toBe(REPLY_ENCODINGS[lang][reply as keyof (typeof REPLY_ENCODINGS)['en']]);
    expect(size.segments).toBe(1);
  });
});
