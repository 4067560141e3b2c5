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

/**
 * The start of every admin page's script (it runs in the browser): the token kept in
 * sessionStorage, the status line, safe element building (text only, never HTML), the sign-in
 * form and a 401 that asks for the token again. A page's own script follows it and ends with
 * `startSignIn(load, onSignOut)`.
 */
export const SIGN_IN_SCRIPT = `
'use strict';
const KEY = 'lifeline.adminToken';
const $ = (id) => document.getElementById(id);
const signin = $('signin'), board = $('board'), message = $('message');

function say(text, kind) {
  message.className = 'message ' + (kind || 'ok');
  message.textContent = text;
}
function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}
function showSignin(error) {
  board.hidden = true;
  signin.hidden = false;
  $('signin-error').textContent = error || '';
  $('token').focus();
}
/** The token was refused: forget it, ask again, and stop the caller (its catch ignores this error). */
function unauthorized() {
  sessionStorage.removeItem(KEY);
  showSignin('That token was not accepted. Enter a valid admin token.');
  return new Error('unauthorized');
}
function startSignIn(load, onSignOut) {
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) { $('signin-error').textContent = 'Enter the admin token.'; return; }
    sessionStorage.setItem(KEY, token);
    $('token').value = '';
    say('', 'ok');
    load();
  });
  $('signout').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    say('', 'ok');
    if (onSignOut) onSignOut();
    showSignin('');
  });
  if (sessionStorage.getItem(KEY)) load(); else showSignin('');
}
`;
