/**
 * The admin pages' shared shape: a public HTML shell with no data, whose one inline script (the only
 * script allowed, by its hash) signs in with the admin token and calls the admin API of this origin.
 */
import { createHash } from 'node:crypto';
import { type HttpResult, html } from '../platform/http';

/** A CSP that admits exactly `script` and lets it talk only to this origin. */
export function scriptPageCsp(script: string): string {
  const hash = createHash('sha256').update(script).digest('base64');
  return [
    "default-src 'none'",
    `script-src 'sha256-${hash}'`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "form-action 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The page's response: the shell with its script's CSP. */
export function scriptPage(page: string, csp: string): HttpResult {
  const result = html(200, page);
  return { ...result, headers: { ...result.headers, 'content-security-policy': csp } };
}

/** The sign-in form (the admin token, kept in sessionStorage by the page's script) and the status line. */
export const SIGN_IN = `<section id="signin" aria-labelledby="signin-title" hidden>
<h2 id="signin-title">Sign in</h2>
<form id="signin-form">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="off" required>
<p id="signin-error" class="message error" role="alert"></p>
<button type="submit">Sign in</button>
</form>
</section>
<div id="message" class="message" role="status" aria-live="polite"></div>`;
