/**
 * The invitation itself: an email with the 0–10 scale as eleven links (each opens the survey with
 * that score preselected; opening records nothing) or a short SMS. Emails name the interaction and
 * carry a one-click unsubscribe (RFC 8058) besides a visible unsubscribe link.
 */
import { escapeHtml } from './html';
import { type Language, languageOf, textFor } from './i18n';
import type { Invitation } from './model';
import { foldToGsm7, type SegmentBudget, smsSize } from './sms-segments';

export interface InvitationEmail {
  subject: string;
  text: string;
  html: string;
  /** `List-Unsubscribe` and `List-Unsubscribe-Post`: mail clients show their own unsubscribe button. */
  headers: Record<string, string>;
}

/**
 * The interaction's day in the customer's language and time zone (UTC when none is known or the
 * zone is not one Intl knows), e.g. `23 de noviembre de 2026`.
 */
export function interactionDate(
  invitation: Invitation,
  lang: Language = languageOf(invitation.locale),
): string {
  const day = new Date(invitation.occurredAt);
  try {
    return new Intl.DateTimeFormat(lang, {
      dateStyle: 'long',
      timeZone: invitation.timeZone ?? 'UTC',
    }).format(day);
  } catch {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(day);
  }
}

/**
 * RFC 8058 one-click unsubscribe: the mailbox provider POSTs `List-Unsubscribe=One-Click` to the
 * URL; a GET of it only shows a confirmation page.
 */
export const unsubscribeHeaders = (unsubscribeUrl: string): Record<string, string> => ({
  'List-Unsubscribe': `<${unsubscribeUrl}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

export function invitationEmail(
  invitation: Invitation,
  surveyUrl: string,
  unsubscribeUrl: string,
): InvitationEmail {
  const t = textFor(invitation.locale);
  const lang = languageOf(invitation.locale);
  const about = t.aboutInteraction(interactionDate(invitation, lang));
  const scores = Array.from({ length: 11 }, (_, score) => score);
  const buttons = scores
    .map(
      (score) =>
        `<td style="padding:2px"><a href="${escapeHtml(`${surveyUrl}?score=${score}`)}" style="display:inline-block;min-width:36px;padding:12px 4px;text-align:center;border:1px solid #4b5563;border-radius:6px;color:#111827;text-decoration:none;font:bold 16px sans-serif">${score}</a></td>`,
    )
    .join('');
  const html = `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif;color:#111827">
<p>${escapeHtml(t.greeting(invitation.customerName))}</p>
<p>${escapeHtml(about)}</p>
<p>${escapeHtml(t.question)}</p>
<table role="presentation"><tr>${buttons}</tr></table>
<p style="font-size:13px;color:#374151">0 = ${escapeHtml(t.notLikely)} · 10 = ${escapeHtml(t.veryLikely)}</p>
<p style="font-size:13px;color:#374151"><a href="${escapeHtml(unsubscribeUrl)}" style="color:#374151">${escapeHtml(t.unsubscribe)}</a></p>
</body></html>`;
  const text = [
    t.greeting(invitation.customerName),
    '',
    about,
    t.question,
    '',
    ...scores.map((score) => `${score}: ${surveyUrl}?score=${score}`),
    '',
    `0 = ${t.notLikely}, 10 = ${t.veryLikely}`,
    '',
    `${t.unsubscribe}: ${unsubscribeUrl}`,
  ].join('\n');
  return { subject: t.subject, text, html, headers: unsubscribeHeaders(unsubscribeUrl) };
}

/**
 * What an SMS invitation or reminder may cost: two GSM-7 segments, or three UCS-2 segments when
 * the customer's name needs UCS-2 (the texts themselves are GSM-7).
 */
export const SMS_INVITATION_SEGMENTS = { gsm7: 2, ucs2: 3 } as const satisfies SegmentBudget;

/**
 * The SMS invitation, or its reminder (the same text after the language's `Reminder:`), kept
 * within `SMS_INVITATION_SEGMENTS`. The customer's name is used as given when the text stays in
 * two GSM-7 segments; else with its accents removed when that makes it GSM-7 (`María` → `Maria`:
 * one accent would otherwise send the whole text as UCS-2, at twice the segments); else as given
 * if the UCS-2 text fits three segments; else the text goes without the name (`Hello`-form). A
 * survey URL so long that even that does not fit is sent anyway: the link matters more.
 */
export function invitationSms(
  invitation: Invitation,
  surveyUrl: string,
  options: { reminder?: boolean } = {},
): string {
  const t = textFor(invitation.locale);
  const compose = (name: string | undefined) => {
    const text = t.smsInvite(name, surveyUrl);
    return options.reminder ? `${t.reminder} ${text}` : text;
  };
  const name = invitation.customerName?.trim() || undefined;
  if (!name) return compose(undefined);
  const folded = foldToGsm7(name);
  const candidates = [
    { text: compose(name), gsm7Only: true },
    { text: compose(folded), gsm7Only: true },
    { text: compose(name), gsm7Only: false },
  ];
  const fitting = candidates.find(({ text, gsm7Only }) => {
    const size = smsSize(text);
    if (size.encoding === 'gsm7') return size.segments <= SMS_INVITATION_SEGMENTS.gsm7;
    return !gsm7Only && size.segments <= SMS_INVITATION_SEGMENTS.ucs2;
  });
  return fitting?.text ?? compose(undefined);
}
