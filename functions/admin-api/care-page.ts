/**
 * The care team's page (`GET /care`): a static HTML shell plus a small vanilla script that calls
 * the admin API itself. The shell holds no customer data, so it is served publicly; the script asks
 * for the admin token once, keeps it in sessionStorage (never in the URL) and sends it as a bearer
 * token to `GET /cases` and `PATCH /cases/{caseId}`, the same routes and auth as any other client.
 * Two views: open and contacted cases (mark contacted, resolve, assign) and the recently resolved
 * ones (reopen). Everything that comes from data is rendered with textContent, never as HTML.
 */
import type { HttpResult } from '../platform/http';
import { SIGN_IN, SIGN_IN_SCRIPT, scriptPage, scriptPageCsp } from './script-page';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f9fafb}
main{max-width:56rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.4rem;line-height:1.3;margin:0 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .75rem}
h3{font-size:1.05rem;margin:0 0 .5rem}
[hidden]{display:none!important}
.bar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,select,textarea{width:100%;min-height:44px;font:inherit;padding:.4rem .6rem;border:2px solid #4b5563;border-radius:.5rem;background:#fff;color:#111827}
button{min-height:44px;min-width:44px;padding:0 1.1rem;border:2px solid #1d4ed8;border-radius:.5rem;background:#1d4ed8;color:#fff;font:600 1rem system-ui,sans-serif;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8}
button:disabled{opacity:.6;cursor:progress}
a{color:#1d4ed8;display:inline-block;min-height:44px;padding:.6rem 0}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.message{padding:.75rem 1rem;border-radius:.5rem;font-weight:600}
div.message:empty,p.message:empty{padding:0;border:0}
.message.error{background:#fef2f2;color:#991b1b;border:2px solid #991b1b}
.message.ok{background:#ecfdf5;color:#065f46;border:2px solid #065f46}
ol.cases{list-style:none;margin:0;padding:0;display:grid;gap:1rem}
.case{background:#fff;border:2px solid #d1d5db;border-radius:.75rem;padding:1rem}
.case.overdue{border-color:#991b1b}
.tag{display:inline-block;padding:0 .5rem;border-radius:.4rem;font-size:.9rem;font-weight:700;margin-left:.4rem}
.tag.high{background:#fee2e2;color:#7f1d1d}
.tag.overdue{background:#991b1b;color:#fff}
.tag.status{background:#e0e7ff;color:#1e3a8a}
blockquote{margin:.25rem 0 .75rem;padding:.5rem .75rem;border-left:4px solid #6b7280;background:#f3f4f6;white-space:pre-wrap;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0 0 .75rem}
dt{font-weight:600;color:#374151}
dd{margin:0;overflow-wrap:anywhere}
.actions{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr))}
.actions form{border-top:1px solid #d1d5db;padding-top:.5rem}
.actions button{margin-top:.6rem;width:100%}
.views button{padding:0 .75rem}
.views button[aria-pressed="true"]{background:#1d4ed8;color:#fff}
`;

/** Runs in the browser: no framework, no data ever parsed as HTML. */
const SCRIPT = `${SIGN_IN_SCRIPT}
const list = $('cases'), count = $('count');
const OUTCOMES = [['recovered', 'Recovered'], ['not_recovered', 'Not recovered'], ['unreachable', 'Unreachable']];
// How many resolved cases the "Resolved" view shows, latest first.
const RECENT = 50;
const VIEWS = {
  active: { title: 'Open and contacted cases, by due time', empty: 'No open cases. Well done.' },
  resolved: { title: 'Recently resolved cases, latest first', empty: 'No resolved cases yet.' },
};
const FORMS = {
  contact: { status: 'contacted', note: 'Contact note (optional)', button: 'Mark contacted', done: 'Marked the case of @ as contacted.' },
  resolve: { status: 'resolved', note: 'Resolution note (optional)', button: 'Resolve', done: 'Resolved the case of @.' },
  reopen: { status: 'open', note: 'Reason to reopen (optional)', button: 'Reopen', done: 'Reopened the case of @: it is open again.' },
};
let view = 'active';

async function api(method, path, body) {
  const token = sessionStorage.getItem(KEY);
  const headers = { authorization: 'Bearer ' + token };
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  let data = null;
  try { data = await res.json(); } catch { data = null; }
  if (res.status === 401) throw unauthorized();
  if (!res.ok) {
    const detail = data && data.error && data.error.message ? ' (' + data.error.message + ')' : '';
    const text = res.status === 409
      ? 'This case changed in the meantime, or that change is not allowed for it now' + detail + '. The list has been refreshed.'
      : res.status === 404 ? 'This case no longer exists. The list has been refreshed.'
      : res.status >= 500 ? 'The server could not do that right now. Please try again.'
      : 'The request was refused' + detail + '.';
    const error = new Error(text);
    error.shown = true;
    error.status = res.status;
    throw error;
  }
  return data;
}
function when(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
function contactLink(contact) {
  if (/^[^\\s@<>"]+@[^\\s@<>"]+$/.test(contact)) return el('a', { href: 'mailto:' + contact }, contact);
  if (/^\\+[1-9]\\d{6,14}$/.test(contact)) return el('a', { href: 'tel:' + contact }, contact);
  return el('span', {}, contact);
}
function field(dl, name, value) {
  dl.append(el('dt', {}, name));
  const dd = el('dd');
  if (value instanceof Node) dd.append(value); else dd.textContent = value === undefined || value === null || value === '' ? '—' : String(value);
  dl.append(dd);
  return dd;
}
function failed(error, fallback) {
  say(error.shown ? error.message : fallback || 'Could not reach the server. Check the connection and try again.', 'error');
}
function actionForm(c, i, kind) {
  const form = el('form');
  if (kind === 'resolve') {
    form.append(el('label', { for: 'case-' + i + '-outcome' }, 'Outcome'));
    const select = el('select', { id: 'case-' + i + '-outcome', name: 'outcome' });
    for (const [value, label] of OUTCOMES) select.append(el('option', { value }, label));
    form.append(select);
  }
  const spec = FORMS[kind];
  const noteId = 'case-' + i + '-' + kind + '-note';
  form.append(el('label', { for: noteId }, spec.note));
  form.append(el('textarea', { id: noteId, name: 'note', maxlength: '5000', rows: '2' }));
  const button = el('button', { type: 'submit', 'aria-describedby': 'case-' + i + '-title' }, spec.button);
  if (kind === 'resolve') button.className = 'secondary';
  form.append(button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const update = { status: spec.status };
    const note = form.elements.note.value.trim();
    if (note) update.note = note;
    if (kind === 'resolve') update.outcome = form.elements.outcome.value;
    button.disabled = true;
    try {
      await api('PATCH', '/cases/' + encodeURIComponent(c.caseId), update);
      say(spec.done.replace('@', c.customerName || c.customerId), 'ok');
    } catch (error) {
      if (error.message === 'unauthorized') return;
      failed(error);
    }
    await load();
  });
  return form;
}
/** Who takes the case: the same status, a new assignee; the card changes in place, focus stays. */
function assignForm(c, i, shown) {
  const form = el('form');
  const inputId = 'case-' + i + '-assignee';
  form.append(el('label', { for: inputId }, 'Assign to'));
  const input = el('input', { id: inputId, name: 'assignee', type: 'text', maxlength: '128', autocomplete: 'off' });
  input.value = c.assignee || '';
  form.append(input);
  const button = el('button', { type: 'submit', class: 'secondary', 'aria-describedby': 'case-' + i + '-title' }, 'Assign');
  form.append(button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const who = c.customerName || c.customerId;
    const assignee = input.value.trim();
    if (!assignee) {
      say('Enter who takes the case of ' + who + '.', 'error');
      input.focus();
      return;
    }
    button.disabled = true;
    try {
      const updated = await api('PATCH', '/cases/' + encodeURIComponent(c.caseId), { status: c.status, assignee });
      c.assignee = updated.assignee;
      input.value = updated.assignee;
      shown.textContent = updated.assignee;
      say('Assigned the case of ' + who + ' to ' + updated.assignee + '.', 'ok');
    } catch (error) {
      if (error.message === 'unauthorized') return;
      failed(error);
      // The message says the list was refreshed: the case changed or is gone.
      if (error.status === 409 || error.status === 404) await load();
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
function render(cases) {
  const now = Date.now();
  list.replaceChildren();
  count.textContent = String(cases.length);
  $('empty').hidden = cases.length > 0;
  const resolved = view === 'resolved';
  cases.forEach((c, i) => {
    const overdue = c.status === 'open' && Date.parse(c.dueAt) < now;
    const item = el('li', { class: 'case' + (overdue ? ' overdue' : ''), 'data-case-id': c.caseId });
    const title = el('h3', { id: 'case-' + i + '-title' }, (c.customerName || c.customerId) + ' — score ' + c.score);
    if (c.severity === 'high') title.append(el('span', { class: 'tag high' }, 'high severity'));
    title.append(el('span', { class: 'tag status' }, c.status));
    if (overdue) title.append(el('span', { class: 'tag overdue' }, 'overdue'));
    item.append(title);
    item.append(el('blockquote', { 'aria-label': 'Comment' }, c.comment || 'No comment.'));
    const dl = el('dl');
    if (resolved) {
      field(dl, 'Resolved', c.resolvedAt ? el('time', { datetime: c.resolvedAt }, when(c.resolvedAt)) : null);
      field(dl, 'Outcome', c.outcome ? Object.fromEntries(OUTCOMES)[c.outcome] || c.outcome : 'not given');
    } else {
      field(dl, 'Due', el('time', { datetime: c.dueAt }, when(c.dueAt) + (overdue ? ' (overdue)' : '')));
    }
    field(dl, 'Contact', c.customerContact ? contactLink(c.customerContact) : null);
    field(dl, 'Sentiment', c.sentiment || 'pending');
    field(dl, 'Severity', c.severity);
    field(dl, 'Interaction', c.interactionId + (c.channel ? ' (' + c.channel + ')' : ''));
    field(dl, 'Agent / team', [c.agentId, c.teamId].filter(Boolean).join(' / '));
    field(dl, 'Owner', c.owner);
    const assigned = field(dl, 'Assigned to', c.assignee || 'nobody yet');
    item.append(dl);
    const actions = el('div', { class: 'actions' });
    if (resolved) actions.append(actionForm(c, i, 'reopen'));
    else {
      actions.append(assignForm(c, i, assigned));
      if (c.status === 'open') actions.append(actionForm(c, i, 'contact'));
      actions.append(actionForm(c, i, 'resolve'));
    }
    item.append(actions);
    list.append(item);
  });
}
async function load() {
  const wanted = view;
  try {
    let cases;
    if (wanted === 'resolved') {
      cases = (await api('GET', '/cases?status=resolved')).cases
        .sort((a, b) => (b.resolvedAt || '').localeCompare(a.resolvedAt || '') || b.createdAt.localeCompare(a.createdAt))
        .slice(0, RECENT);
    } else {
      const [open, contacted] = await Promise.all([api('GET', '/cases?status=open'), api('GET', '/cases?status=contacted')]);
      cases = open.cases.concat(contacted.cases)
        // Earliest due first; among equal due times, the older case first.
        .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.createdAt.localeCompare(b.createdAt));
    }
    // Another view was chosen while this one loaded: that load renders.
    if (view !== wanted) return;
    signin.hidden = true;
    board.hidden = false;
    render(cases);
  } catch (error) {
    if (error.message === 'unauthorized') return;
    failed(error, 'Could not load the cases. Check the connection and try again.');
  }
}
function show(next) {
  view = next;
  for (const name of Object.keys(VIEWS)) $('show-' + name).setAttribute('aria-pressed', String(name === next));
  $('board-name').textContent = VIEWS[next].title;
  $('empty').textContent = VIEWS[next].empty;
  $('empty').hidden = true;
  count.textContent = '…';
  list.replaceChildren();
  say('', 'ok');
  load();
}
$('refresh').addEventListener('click', () => { say('', 'ok'); load(); });
$('show-active').addEventListener('click', () => show('active'));
$('show-resolved').addEventListener('click', () => show('resolved'));
startSignIn(load, () => list.replaceChildren());
`;

/** Only this page's own inline script runs, and it talks only to this origin. */
export const CARE_PAGE_CSP = scriptPageCsp(SCRIPT);

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Care team: cases</title><style>${STYLE}</style></head>
<body><main>
<h1>Care team: cases</h1>
<noscript><p>This page needs JavaScript to load the cases.</p></noscript>
${SIGN_IN}
<section id="board" aria-labelledby="board-title" hidden>
<div class="bar views" role="group" aria-label="Which cases">
<button type="button" id="show-active" class="secondary" aria-pressed="true">Open and contacted</button>
<button type="button" id="show-resolved" class="secondary" aria-pressed="false">Resolved</button>
</div>
<div class="bar">
<h2 id="board-title"><span id="board-name">Open and contacted cases, by due time</span> (<span id="count">0</span>)</h2>
</div>
<div class="bar"><button type="button" id="refresh" class="secondary">Refresh</button>
<button type="button" id="signout" class="secondary">Sign out</button></div>
<p id="empty" hidden>No open cases. Well done.</p>
<ol id="cases" class="cases"></ol>
</section>
</main><script>${SCRIPT}</script></body></html>`;

/** The page's response: the shell, with a CSP that admits exactly its own script. */
export function carePage(): HttpResult {
  return scriptPage(PAGE, CARE_PAGE_CSP);
}
