/**
 * The leadership dashboard (`GET /dashboard`): a static HTML shell plus a small vanilla script (no
 * front-end framework) that calls the admin API itself, like the care page (`care-page.ts`).
 *
 * Why the shell is public: a plain browser navigation cannot carry an `Authorization: Bearer`
 * header, so the page itself cannot require the admin credential. The shell holds no data at all;
 * its script asks for the admin token once, keeps it in sessionStorage (never in the URL) and sends
 * it to `GET /nps`, `GET /response-rates`, `GET /themes`, `GET /cases?status=open` and the
 * asynchronous export (`POST /exports`, then `GET /exports/{id}` for its progress), the same
 * authenticated routes as any other client. The finished export is a time-limited signed link
 * (a presigned S3 URL on AWS), so the browser downloads it with a plain navigation and no token.
 * A part that fails (say the themes) says so in its place and the rest of the page still loads.
 * Everything that comes from data is rendered with textContent or as SVG attributes set from
 * numbers, never parsed as HTML.
 */
import type { HttpResult } from '../platform/http';
import { SIGN_IN, SIGN_IN_SCRIPT, scriptPage, scriptPageCsp } from './script-page';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;background:#f9fafb}
main{max-width:64rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.4rem;line-height:1.3;margin:0 0 1rem}
h2{font-size:1.15rem;margin:0 0 .75rem}
[hidden]{display:none!important}
.bar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
.bar>div{flex:1 1 9rem}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
input,select{width:100%;min-height:44px;font:inherit;padding:.4rem .6rem;border:2px solid #4b5563;border-radius:.5rem;background:#fff;color:#111827}
button{min-height:44px;min-width:44px;padding:0 1.1rem;border:2px solid #1d4ed8;border-radius:.5rem;background:#1d4ed8;color:#fff;font:600 1rem system-ui,sans-serif;cursor:pointer}
button.secondary{background:#fff;color:#1d4ed8}
button:disabled{opacity:.6;cursor:progress}
:focus-visible{outline:3px solid #b45309;outline-offset:2px}
.message{padding:.75rem 1rem;border-radius:.5rem;font-weight:600}
div.message:empty,p.message:empty{padding:0;border:0}
.message.error{background:#fef2f2;color:#991b1b;border:2px solid #991b1b}
.message.ok{background:#ecfdf5;color:#065f46;border:2px solid #065f46}
.cards{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));margin:1rem 0}
.card{background:#fff;border:2px solid #d1d5db;border-radius:.75rem;padding:1rem;min-width:0}
.big{font-size:2.6rem;font-weight:700;line-height:1.1}
.margin{font-size:1.2rem;font-weight:600;color:#374151;margin-left:.4rem}
.muted{color:#374151;margin:.25rem 0 0}
.warn{display:inline-block;margin:.5rem 0 0;padding:.1rem .5rem;border-radius:.4rem;background:#fef3c7;color:#78350f;font-weight:700;border:2px solid #b45309}
.tag{display:inline-block;padding:0 .5rem;border-radius:.4rem;font-size:.9rem;font-weight:700;background:#fef3c7;color:#78350f}
.sig{font-weight:700}
.tag.detractor{background:#fee2e2;color:#991b1b;margin-left:.4rem}
td.phrases{min-width:10rem}
svg{display:block;width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:#374151}
.band{fill:#bfdbfe;stroke:none}
.line{fill:none;stroke:#1d4ed8;stroke-width:2.5;stroke-linejoin:round}
.dot{fill:#1d4ed8}
.grid{stroke:#d1d5db;stroke-width:1}
.zero{stroke:#6b7280;stroke-width:1.5}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{padding:.5rem .6rem;border-bottom:1px solid #d1d5db;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
section.card{margin:1rem 0}
progress{width:100%;height:1.25rem;margin:.75rem 0 0}
#export-link{font-weight:700;color:#1d4ed8}
@media (max-width:30rem){th,td{padding:.4rem .3rem}.card{padding:.75rem}}
`;

/** Runs in the browser: no framework, no data ever parsed as HTML. */
const SCRIPT = `${SIGN_IN_SCRIPT}
const SVGNS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}
async function call(path) {
  const res = await fetch(path, { headers: { authorization: 'Bearer ' + sessionStorage.getItem(KEY) } });
  if (res.status === 401) throw unauthorized();
  if (!res.ok) {
    let detail = '';
    try { const data = await res.json(); if (data && data.error && data.error.message) detail = ' (' + data.error.message + ')'; } catch {}
    const error = new Error(res.status >= 500 ? 'The server could not answer right now. Please try again.' : 'The request was refused' + detail + '.');
    error.shown = true;
    error.status = res.status;
    throw error;
  }
  return res;
}
const getJson = async (path) => (await call(path)).json();

// Figures: one decimal as the API rounds them; a real minus sign.
const num = (v) => (v < 0 ? '\\u2212' : '') + Math.abs(v).toFixed(1);
const signed = (v) => (v > 0 ? '+' : '') + num(v);
const pm = (v) => (v === null || v === undefined ? '' : '\\u00b1 ' + Math.abs(v).toFixed(1));
const today = () => new Date().toISOString().slice(0, 10);
const shift = (day, days) => new Date(Date.parse(day + 'T00:00:00Z') + days * 86400000).toISOString().slice(0, 10);
const span = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86400000) + 1;

function range() {
  const from = $('from').value, to = $('to').value;
  return { from, to, interval: span(from, to) > 60 ? 'week' : 'day', groupBy: $('group').value };
}
function q(params) {
  return Object.entries(params).map(([k, v]) => k + '=' + encodeURIComponent(v)).join('&');
}

function renderSummary(r) {
  $('nps-value').textContent = r.nps === null ? '\\u2014' : num(r.nps);
  $('nps-margin').textContent = pm(r.marginOfError);
  $('nps-counts').textContent = r.responses + ' responses: ' + r.promoters + ' promoters, ' + r.passives + ' passives, ' + r.detractors + ' detractors';
  $('nps-low').hidden = !r.lowSample;
  const c = r.comparison;
  const out = $('comparison');
  out.replaceChildren();
  if (!c) return;
  out.append(el('span', {}, 'Previous ' + span(c.from, c.to) + ' days (' + c.from + ' to ' + c.to + '): ' + (c.nps === null ? 'no answers' : 'NPS ' + num(c.nps) + ' ' + pm(c.marginOfError))));
  out.append(el('br'));
  if (c.delta === null) {
    out.append(el('span', {}, 'Change: not comparable (a side has no answers).'));
    return;
  }
  out.append(el('span', { id: 'delta' }, 'Change: ' + signed(c.delta) + ' ' + pm(c.deltaMarginOfError) + ' points, '));
  out.append(el('span', { class: 'sig', id: 'significance' }, c.significant === true ? 'significant' : 'not significant'));
  if (c.lowSample) out.append(el('span', { class: 'tag' }, 'low sample'));
}

/** The trend: a line of NPS per period and a shaded band NPS ± margin; gaps where a period has no answers. */
function renderChart(r, interval) {
  const series = r.series || [];
  const W = 640, H = 260, L = 44, R = 12, T = 12, B = 34;
  const x = (i) => L + (series.length <= 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (series.length - 1));
  const y = (v) => T + ((100 - Math.max(-100, Math.min(100, v))) * (H - T - B)) / 200;
  const answered = series.filter((p) => p.nps !== null);
  const summary = answered.length === 0
    ? 'NPS by ' + interval + ', ' + r.from + ' to ' + r.to + ': no answers in this range.'
    : 'NPS by ' + interval + ', ' + r.from + ' to ' + r.to + ': ' + answered.length + ' of ' + series.length + ' periods with answers, from ' + num(Math.min(...answered.map((p) => p.nps))) + ' to ' + num(Math.max(...answered.map((p) => p.nps))) + '. The table below lists every period.';
  const chart = svg('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-labelledby': 'chart-desc', id: 'chart' });
  chart.append(svg('title', { id: 'chart-desc' }, summary));
  for (const v of [-100, -50, 0, 50, 100]) {
    chart.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: v === 0 ? 'zero' : 'grid' }));
    chart.append(svg('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end' }, v < 0 ? '\\u2212' + -v : v));
  }
  // Contiguous runs of answered periods: each is one subpath of the line and one of the band.
  let line = '', band = '', run = [];
  const flush = () => {
    if (run.length) {
      line += run.map((i, k) => (k ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(series[i].nps).toFixed(1)).join(' ') + ' ';
      const up = run.map((i) => x(i).toFixed(1) + ' ' + y(series[i].nps + series[i].marginOfError).toFixed(1));
      const down = run.slice().reverse().map((i) => x(i).toFixed(1) + ' ' + y(series[i].nps - series[i].marginOfError).toFixed(1));
      // A lone period gets a narrow band so its margin still shows.
      if (run.length === 1) {
        const i = run[0], w = 4;
        band += 'M' + (x(i) - w) + ' ' + y(series[i].nps + series[i].marginOfError) + ' H' + (x(i) + w) + ' V' + y(series[i].nps - series[i].marginOfError) + ' H' + (x(i) - w) + ' Z ';
      } else {
        band += 'M' + up.join(' L') + ' L' + down.join(' L') + ' Z ';
      }
    }
    run = [];
  };
  series.forEach((p, i) => { if (p.nps === null) flush(); else run.push(i); });
  flush();
  chart.append(svg('path', { d: band.trim() || 'M0 0', class: 'band', 'data-series': 'band' }));
  chart.append(svg('path', { d: line.trim() || 'M0 0', class: 'line', 'data-series': 'line' }));
  series.forEach((p, i) => { if (p.nps !== null) chart.append(svg('circle', { cx: x(i), cy: y(p.nps), r: 3.5, class: 'dot' })); });
  const ticks = series.length <= 3 ? series.map((_, i) => i) : [0, Math.floor((series.length - 1) / 2), series.length - 1];
  for (const i of ticks) {
    const anchor = series.length > 1 && i === 0 ? 'start' : series.length > 1 && i === series.length - 1 ? 'end' : 'middle';
    chart.append(svg('text', { x: x(i), y: H - 10, 'text-anchor': anchor }, series[i].period));
  }
  $('chart-box').replaceChildren(chart);

  const body = $('series-rows');
  body.replaceChildren();
  for (const p of series) {
    const tr = el('tr');
    tr.append(el('th', { scope: 'row' }, p.period));
    tr.append(el('td', {}, p.responses));
    tr.append(el('td', {}, p.nps === null ? 'no answers' : num(p.nps) + ' ' + pm(p.marginOfError) + (p.lowSample ? ' (low sample)' : '')));
    body.append(tr);
  }
}

const pct = (v) => (v === null || v === undefined ? '\\u2014' : v.toFixed(1) + '%');

/** Response and comment rates of the invitations created in the range (their cohort). */
function renderRates(r) {
  $('rate-value').textContent = pct(r.responseRate);
  $('rate-counts').textContent = r.answered + ' answered of ' + r.delivered + ' delivered (' + r.sent + ' sent, ' + r.suppressed + ' suppressed, ' + r.failed + ' failed)';
  $('comment-rate').textContent = pct(r.commentRate);
}

function renderGroups(r, dim, rates) {
  $('groups-title').textContent = 'NPS by ' + dim;
  $('groups-dim').textContent = dim.charAt(0).toUpperCase() + dim.slice(1);
  const body = $('group-rows');
  body.replaceChildren();
  const rateOf = new Map(((rates && rates.groups) || []).map((g) => [g.key, g]));
  const groups = (r.groups || []).slice().sort((a, b) => b.responses - a.responses || a.key.localeCompare(b.key));
  $('groups-empty').hidden = groups.length > 0;
  for (const g of groups) {
    const tr = el('tr', { 'data-key': g.key });
    tr.append(el('th', { scope: 'row' }, g.key));
    tr.append(el('td', { class: 'num' }, g.responses));
    tr.append(el('td', { class: 'num' }, g.nps === null ? '\\u2014' : num(g.nps) + ' ' + pm(g.marginOfError)));
    const rate = rateOf.get(g.key);
    tr.append(el('td', { class: 'num', 'data-col': 'rate' }, rate ? pct(rate.responseRate) : '\\u2014'));
    const flag = el('td');
    if (g.lowSample) flag.append(el('span', { class: 'tag' }, 'low sample'));
    tr.append(flag);
    body.append(tr);
  }
}

/** The themes table is a part of its own: if it cannot load, it says so in its place. */
async function fetchThemes(from, to) {
  try {
    return { report: await getJson('/themes?' + q({ from, to })) };
  } catch (error) {
    if (error.message === 'unauthorized') throw error;
    return { note: error.shown ? error.message : 'Could not load the themes. Check the connection and try again.' };
  }
}

function renderThemes(result) {
  const body = $('theme-rows');
  body.replaceChildren();
  const note = $('themes-note');
  if (!result.report) {
    $('themes-table').hidden = true;
    $('themes-commented').textContent = '';
    note.textContent = result.note;
    return;
  }
  const r = result.report;
  const top = new Set(r.topDetractorTopics || []);
  const topics = r.topics || [];
  $('themes-table').hidden = topics.length === 0;
  $('themes-commented').textContent = r.commented + (r.commented === 1 ? ' answer' : ' answers') + ' with a comment; a comment can touch several topics.';
  note.textContent = topics.length === 0 ? 'No comments in this range.' : '';
  for (const t of topics) {
    const tr = el('tr', { 'data-topic': t.topic });
    const name = el('th', { scope: 'row' });
    name.append(el('span', { class: 'topic' }, t.topic.replace(/_/g, ' ')));
    if (top.has(t.topic)) name.append(el('span', { class: 'tag detractor' }, 'top detractor topic'));
    tr.append(name);
    tr.append(el('td', { class: 'num' }, t.responses));
    tr.append(el('td', { class: 'num' }, t.nps === null ? '\\u2014' : num(t.nps) + ' ' + pm(t.marginOfError)));
    const flag = el('td');
    if (t.lowSample) flag.append(el('span', { class: 'tag' }, 'low sample'));
    tr.append(flag);
    tr.append(el('td', { class: 'phrases' }, (t.topPhrases || []).join(', ')));
    body.append(tr);
  }
}

function renderCases(cases) {
  const now = Date.now();
  $('cases-open').textContent = String(cases.length);
  $('cases-overdue').textContent = String(cases.filter((c) => Date.parse(c.dueAt) < now).length);
}

async function load() {
  const { from, to, interval, groupBy } = range();
  if (!from || !to || from > to) { say('Choose a start date on or before the end date.', 'error'); return; }
  $('update').disabled = true;
  try {
    const [overall, grouped, rates, open, themes] = await Promise.all([
      getJson('/nps?' + q({ from, to, interval, compare: 'previous' })),
      getJson('/nps?' + q({ from, to, groupBy })),
      getJson('/response-rates?' + q({ from, to, groupBy })),
      getJson('/cases?status=open'),
      fetchThemes(from, to),
    ]);
    signin.hidden = true;
    board.hidden = false;
    renderSummary(overall);
    renderChart(overall, interval);
    renderRates(rates);
    renderGroups(grouped, groupBy, rates);
    renderCases(open.cases);
    renderThemes(themes);
    $('range-label').textContent = from + ' to ' + to + ' (UTC days, by ' + interval + ')';
  } catch (error) {
    if (error.message === 'unauthorized') return;
    say(error.shown ? error.message : 'Could not load the dashboard. Check the connection and try again.', 'error');
  } finally {
    $('update').disabled = false;
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * An export of any size: the server writes it in the background (POST /exports) and reports its
 * progress (GET /exports/{id}); the finished file is a time-limited signed link, downloaded by a
 * plain navigation (a link cannot carry the bearer token, and needs none).
 */
async function exportResponses(format) {
  const { from, to } = range();
  const buttons = [$('export-csv'), $('export-jsonl')];
  const progress = $('export-progress'), status = $('export-status'), link = $('export-link');
  for (const b of buttons) b.disabled = true;
  link.hidden = true;
  link.textContent = '';
  link.removeAttribute('href');
  progress.hidden = false;
  progress.value = 0;
  status.textContent = 'Preparing the ' + format.toUpperCase() + ' export from ' + from + ' to ' + to + '\\u2026';
  try {
    const res = await fetch('/exports', {
      method: 'POST',
      headers: { authorization: 'Bearer ' + sessionStorage.getItem(KEY), 'content-type': 'application/json' },
      body: JSON.stringify({ from, to, format }),
    });
    if (res.status === 401) throw unauthorized();
    if (!res.ok) throw Object.assign(new Error('The export was refused.'), { shown: true });
    let job = await res.json();
    for (let wait = 250; job.status === 'queued' || job.status === 'running'; wait = Math.min(wait * 2, 2000)) {
      await sleep(wait);
      job = await getJson('/exports/' + encodeURIComponent(job.exportId));
      progress.value = job.progress ? job.progress.percent : 0;
      status.textContent = 'Exporting: ' + (job.progress ? job.progress.percent + '% (' + job.progress.rows + ' rows)' : 'waiting') + '\\u2026';
    }
    if (job.status !== 'done') throw Object.assign(new Error(job.error || 'The export failed. Please try again.'), { shown: true });
    progress.value = 100;
    status.textContent = 'Export ready: ' + job.progress.rows + ' rows.';
    link.href = job.url;
    link.setAttribute('download', 'responses-' + from + '-' + to + '.' + format);
    link.textContent = 'Download the ' + format.toUpperCase() + ' file (' + job.progress.rows + ' rows)';
    link.hidden = false;
    link.focus();
  } catch (error) {
    progress.hidden = true;
    status.textContent = '';
    if (error.message === 'unauthorized') return;
    say(error.shown ? error.message : 'Could not export. Check the connection and try again.', 'error');
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

$('to').value = today();
$('from').value = shift(today(), -27);
$('filters').addEventListener('submit', (event) => { event.preventDefault(); say('', 'ok'); load(); });
$('export-csv').addEventListener('click', () => exportResponses('csv'));
$('export-jsonl').addEventListener('click', () => exportResponses('jsonl'));
startSignIn(load);
`;

/** Only this page's own inline script runs, and it talks only to this origin. */
export const DASHBOARD_PAGE_CSP = scriptPageCsp(SCRIPT);

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Lifeline: NPS dashboard</title><style>${STYLE}</style></head>
<body><main>
<h1>NPS dashboard</h1>
<noscript><p>This page needs JavaScript to load the figures.</p></noscript>
${SIGN_IN}
<div id="board" hidden>
<form id="filters" class="bar" aria-label="Date range and grouping">
<div><label for="from">From</label><input id="from" name="from" type="date" required></div>
<div><label for="to">To</label><input id="to" name="to" type="date" required></div>
<div><label for="group">Group by</label><select id="group" name="group">
<option value="team">Team</option><option value="agent">Agent</option><option value="channel">Channel</option><option value="product">Product</option>
</select></div>
<button type="submit" id="update">Update</button>
<button type="button" id="signout" class="secondary">Sign out</button>
</form>
<p class="muted" id="range-label"></p>
<div class="cards">
<section class="card" aria-labelledby="nps-title">
<h2 id="nps-title">NPS</h2>
<p style="margin:0"><span class="big" id="nps-value">—</span><span class="margin" id="nps-margin"></span></p>
<p class="muted" id="nps-counts"></p>
<p class="warn" id="nps-low" hidden>Low sample: fewer answers than the minimum, so this figure can be noise.</p>
</section>
<section class="card" aria-labelledby="cmp-title">
<h2 id="cmp-title">Against the previous period</h2>
<p id="comparison" style="margin:0"></p>
</section>
<section class="card" aria-labelledby="rate-title">
<h2 id="rate-title">Response rate</h2>
<p style="margin:0"><span class="big" id="rate-value">—</span></p>
<p class="muted" id="rate-counts"></p>
<p class="muted">Comments: <span id="comment-rate">—</span> of answers. Invitations created in the range.</p>
</section>
<section class="card" aria-labelledby="cases-title">
<h2 id="cases-title">Open recovery cases</h2>
<p style="margin:0"><span class="big" id="cases-open">0</span> open</p>
<p class="muted"><span id="cases-overdue">0</span> overdue (past their due time)</p>
</section>
</div>
<section class="card" aria-labelledby="trend-title">
<h2 id="trend-title">Trend (shaded: 95% margin of error)</h2>
<div id="chart-box"></div>
<div class="sr-only"><table><caption>NPS per period</caption>
<thead><tr><th scope="col">Period</th><th scope="col">Responses</th><th scope="col">NPS ± margin</th></tr></thead>
<tbody id="series-rows"></tbody></table></div>
</section>
<section class="card" aria-labelledby="groups-title">
<h2 id="groups-title">NPS by team</h2>
<div class="scroll" tabindex="0" role="region" aria-labelledby="groups-title"><table id="groups">
<thead><tr><th scope="col" id="groups-dim">Team</th><th scope="col" class="num">Responses</th><th scope="col" class="num">NPS ± margin</th><th scope="col" class="num">Response rate</th><th scope="col">Sample</th></tr></thead>
<tbody id="group-rows"></tbody></table></div>
<p id="groups-empty" hidden>No answers in this range.</p>
</section>
<section class="card" aria-labelledby="themes-title">
<h2 id="themes-title">Themes in comments</h2>
<p class="muted" id="themes-commented"></p>
<div class="scroll" tabindex="0" role="region" aria-labelledby="themes-title" id="themes-table"><table id="themes">
<thead><tr><th scope="col">Topic</th><th scope="col" class="num">Responses</th><th scope="col" class="num">NPS ± margin</th><th scope="col">Sample</th><th scope="col">Top phrases</th></tr></thead>
<tbody id="theme-rows"></tbody></table></div>
<p id="themes-note" class="muted"></p>
</section>
<section class="card" aria-labelledby="export-title">
<h2 id="export-title">Export the responses of this range</h2>
<div class="bar">
<button type="button" id="export-csv" class="secondary">Export CSV</button>
<button type="button" id="export-jsonl" class="secondary">Export JSON Lines</button>
</div>
<progress id="export-progress" max="100" value="0" aria-label="Export progress" hidden></progress>
<p id="export-status" class="muted" role="status" aria-live="polite"></p>
<p><a id="export-link" hidden></a></p>
</section>
</div>
</main><script>${SCRIPT}</script></body></html>`;

/** The page's response: the shell, with a CSP that admits exactly its own script. */
export function dashboardPage(): HttpResult {
  return scriptPage(PAGE, DASHBOARD_PAGE_CSP);
}
