/**
 * The invitation itself: an email with the 0–10 scale as eleven links (each opens the survey with
 * that score preselected; opening records nothing) or a short SMS.
 */
import { escapeHtml } from './html';
import { languageOf, textFor } from './i18n';
import type { Invitation } from './model';

export interface InvitationEmail {
  subject: string;
  text: string;
  html: string;
}

export function invitationEmail(invitation: Invitation, surveyUrl: string): InvitationEmail {
  const t = textFor(invitation.locale);
  const lang = languageOf(invitation.locale);
  const scores = Array.from({ length: 11 }, (_, score) => score);
  const buttons = scores
    .map(
      (score) =>
        `<td style="padding:2px"><a href="${escapeHtml(`${surveyUrl}?score=${score}`)}" style="display:inline-block;min-width:36px;padding:12px 4px;text-align:center;border:1px solid #4b5563;border-radius:6px;color:#111827;text-decoration:none;font:bold 16px sans-serif">${score}</a></td>`,
    )
    .join('');
  const html = `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif;color:#111827">
<p>${escapeHtml(t.greeting(invitation.customerName))}</p>
<p>${escapeHtml(t.question)}</p>
<table role="presentation"><tr>${buttons}</tr></table>
<p style="font-size:13px;color:#374151">0 = ${escapeHtml(t.notLikely)} · 10 = ${escapeHtml(t.veryLikely)}</p>
</body></html>`;
  const text = [
    t.greeting(invitation.customerName),
    '',
    t.question,
    '',
    ...scores.map((score) => `${score}: ${surveyUrl}?score=${score}`),
    '',
    `0 = ${t.notLikely}, 10 = ${t.veryLikely}`,
  ].join('\n');
  return { subject: t.subject, text, html };
}

export function invitationSms(invitation: Invitation, surveyUrl: string): string {
  return textFor(invitation.locale).smsInvite(invitation.customerName, surveyUrl);
}
