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
