/**
 * The survey's server-rendered pages: work without JavaScript, fit a phone, keyboard and screen
 * reader friendly (a fieldset of labelled radio buttons, 44 px targets, visible focus, AA contrast).
 */
import { escapeHtml } from '../domain/html';
import { languageOf, textFor } from '../domain/i18n';
import type { Invitation } from '../domain/model';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:18px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f9fafb}
main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.35rem;line-height:1.3}
fieldset{border:0;padding:0;margin:0 0 1.25rem}
legend{font-weight:600;margin-bottom:.75rem;padding:0}
.scale{display:flex;flex-wrap:wrap;gap:.4rem}
.scale input{position:absolute;opacity:0;width:1px;height:1px}
.scale label{display:flex;align-items:center;justify-content:center;min-width:44px;min-height:44px;padding:0 .5rem;border:2px solid #4b5563;border-radius:.5rem;background:#fff;font-weight:600;cursor:pointer}
.scale input:checked+label{background:#1d4ed8;border-color:#1d4ed8;color:#fff}
.scale input:focus-visible+label{outline:3px solid #b45309;outline-offset:2px}
.ends{display:flex;justify-content:space-between;font-size:.9rem;color:#374151;margin-top:.4rem}
label.comment{display:block;font-weight:600;margin-bottom:.4rem}
textarea{width:100%;min-height:7rem;font:inherit;padding:.6rem;border:2px solid #4b5563;border-radius:.5rem}
textarea:focus-visible,button:focus-visible{outline:3px solid #b45309;outline-offset:2px}
button{min-height:48px;min-width:44px;padding:0 1.5rem;margin-top:1rem;border:0;border-radius:.5rem;background:#1d4ed8;color:#fff;font:600 1.05rem system-ui,sans-serif;cursor:pointer}
.error{color:#991b1b;font-weight:600}
`;

function layout(lang: string, title: string, content: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><main>${content}</main></body></html>`;
}

export interface SurveyPageInput {
  invitation: Invitation;
  token: string;
  score?: number;
  comment?: string;
  error?: string;
}

export function surveyPage({ invitation, token, score, comment, error }: SurveyPageInput): string {
  const t = textFor(invitation.locale);
  const radios = Array.from({ length: 11 }, (_, n) => {
    const checked = n === score ? ' checked' : '';
    // The two ends of the scale say what they mean to a screen reader too.
    const described = n === 0 || n === 10 ? ` aria-describedby="end-${n}"` : '';
    return `<input type="radio" id="score-${n}" name="score" value="${n}" required${checked}${described}><label for="score-${n}">${n}</label>`;
  }).join('');
  const content = `
<h1>${escapeHtml(t.greeting(invitation.customerName))}</h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(token)}">
<fieldset><legend>${escapeHtml(t.question)}</legend>
<div class="scale">${radios}</div>
<div class="ends" aria-hidden="true"><span id="end-0">0 = ${escapeHtml(t.notLikely)}</span><span id="end-10">10 = ${escapeHtml(t.veryLikely)}</span></div>
</fieldset>
<label class="comment" for="comment">${escapeHtml(t.commentLabel)}</label>
<textarea id="comment" name="comment" maxlength="5000">${escapeHtml(comment ?? '')}</textarea>
<button type="submit">${escapeHtml(t.submit)}</button>
</form>`;
  return layout(languageOf(invitation.locale), t.question, content);
}

export function thanksPage(locale: string | undefined): string {
  const t = textFor(locale);
  return layout(
    languageOf(locale),
    t.thanks,
    `<h1>${escapeHtml(t.thanks)}</h1><p>${escapeHtml(t.thanksDetail)}</p>`,
  );
}

/** A clear page for an expired or invalid link, never an error dump. */
export function problemPage(kind: 'expired' | 'invalid', locale?: string): string {
  const t = textFor(locale);
  const message = kind === 'expired' ? t.expired : t.invalid;
  return layout(languageOf(locale), message, `<h1>${escapeHtml(message)}</h1>`);
}

/**
 * Asks before unsubscribing: the link's GET changes nothing (mail scanners follow links), the button
 * POSTs the same body a mailbox provider's one-click unsubscribe does (RFC 8058).
 */
export function unsubscribePage(token: string, locale: string | undefined): string {
  const t = textFor(locale).unsubscribePage;
  const content = `
<h1>${escapeHtml(t.question)}</h1>
<p>${escapeHtml(t.detail)}</p>
<form method="post" action="${escapeHtml(token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(t.button)}</button>
</form>`;
  return layout(languageOf(locale), t.question, content);
}

export function unsubscribedPage(locale: string | undefined): string {
  const t = textFor(locale).unsubscribePage;
  return layout(
    languageOf(locale),
    t.done,
    `<h1>${escapeHtml(t.done)}</h1><p>${escapeHtml(t.doneDetail)}</p>`,
  );
}
