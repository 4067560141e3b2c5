/**
 * The weekly leadership digest as an email: NPS of the week with its margin, the change on the week
 * before and whether it is significant, an 8-week trend, the topics of the comments and the open
 * recovery cases, with a link to the dashboard. HTML (inline styles, a table with CSS bars: mail
 * clients drop style sheets, SVG and scripts) and the same in plain text.
 *
 * Aggregates only: no comment, key phrase, name or contact of any customer goes in — one email
 * reaches many people and could never be cleaned when a customer is erased.
 */
import type { DigestWeek } from './digest-schedule';
import { escapeHtml } from './html';

/** NPS figures as `GET /nps` reports them, with the low-sample flag. */
export interface DigestNps {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  nps: number | null;
  marginOfError: number | null;
  lowSample: boolean;
}

/** The week before and the test of the difference (this week − the week before). */
export interface DigestComparison {
  responses: number;
  nps: number | null;
  marginOfError: number | null;
  lowSample: boolean;
  delta: number | null;
  deltaMarginOfError: number | null;
  significant: boolean | null;
}

export interface DigestTrendPoint {
  /** The Monday of the week. */
  period: string;
  responses: number;
  nps: number | null;
  marginOfError: number | null;
  lowSample: boolean;
}

export interface DigestTopic {
  topic: string;
  responses: number;
  detractors: number;
  nps: number | null;
  marginOfError: number | null;
  lowSample: boolean;
}

export interface LeadershipDigestInput {
  week: DigestWeek;
  nps: DigestNps;
  comparison: DigestComparison;
  /** Oldest first; the last point is `week`. */
  trend: readonly DigestTrendPoint[];
  /** Answers of the week with a comment. */
  commented: number;
  topics: readonly DigestTopic[];
  topDetractorTopics: readonly string[];
  cases: { open: number; overdue: number };
  dashboardUrl: string;
  /** The low-sample threshold, for the note. */
  minResponses: number;
}

export interface LeadershipDigestEmail {
  subject: string;
  html: string;
  text: string;
}

/** Signed, one decimal: `+30.0`, `-12.5`, `0.0`. */
export const signed = (value: number): string => `${value > 0 ? '+' : ''}${value.toFixed(1)}`;

/** `+30.0 ± 7.7`, or `no answers`. */
export const npsWithMargin = (nps: number | null, margin: number | null): string =>
  nps === null ? 'no answers' : `${signed(nps)} ± ${(margin ?? 0).toFixed(1)}`;

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
const topicName = (topic: string) => topic.replaceAll('_', ' ');

function weekLine(week: DigestWeek): string {
  return `Week ${week.isoWeek}, ${week.from} to ${week.to} (UTC days)`;
}

function breakdown(nps: DigestNps): string {
  return `${plural(nps.responses, 'answer')}: ${plural(nps.promoters, 'promoter')}, ${plural(nps.passives, 'passive')}, ${plural(nps.detractors, 'detractor')}`;
}

function lowSampleNote(minResponses: number): string {
  return `Low sample: fewer than ${minResponses} answers, the margin is too wide to act on.`;
}

/** The week before and the change, as one sentence. */
function comparisonSentence(input: LeadershipDigestInput): string {
  const c = input.comparison;
  if (c.nps === null) return 'The week before had no answers: no comparison.';
  const before = `The week before: ${npsWithMargin(c.nps, c.marginOfError)} (${plural(c.responses, 'answer')}${c.lowSample ? ', low sample' : ''}).`;
  if (c.delta === null) return before;
  const direction = c.delta > 0 ? 'Up' : c.delta < 0 ? 'Down' : 'Unchanged,';
  const change = `${direction} ${Math.abs(c.delta).toFixed(1)} ± ${(c.deltaMarginOfError ?? 0).toFixed(1)} points`;
  const verdict =
    c.significant === true
      ? 'a significant change (95%).'
      : c.significant === false
        ? 'within the margin of error: not significant.'
        : 'no spread to test the change against.';
  return `${before} ${change}: ${verdict}`;
}

/** Bar width in pixels (100 points of NPS = 100 px on either side of zero). */
const barPx = (nps: number) => Math.min(100, Math.round(Math.abs(nps)));

function trendRowHtml(point: DigestTrendPoint): string {
  const nps = point.nps;
  const negative = nps !== null && nps < 0 ? barPx(nps) : 0;
  const positive = nps !== null && nps > 0 ? barPx(nps) : 0;
  const bar = (width: number, colour: string) =>
    width > 0
      ? `<div style="display:inline-block;width:${width}px;height:12px;background:${colour}"></div>`
      : '';
  return [
    '<tr>',
    `<td style="padding:4px 8px;white-space:nowrap">${escapeHtml(point.period)}</td>`,
    `<td style="padding:4px 8px;text-align:right;white-space:nowrap">${escapeHtml(npsWithMargin(nps, point.marginOfError))}${point.lowSample && nps !== null ? ' <span style="color:#92400e">(low sample)</span>' : ''}</td>`,
    `<td style="padding:4px 8px;text-align:right">${point.responses}</td>`,
    `<td style="width:100px;padding:4px 0;text-align:right;border-right:1px solid #6b7280">${bar(negative, '#b91c1c')}</td>`,
    `<td style="width:100px;padding:4px 0;text-align:left">${bar(positive, '#15803d')}</td>`,
    '</tr>',
  ].join('');
}

/** Text bar: ten points a character, detractor-heavy weeks to the left of `|`. */
function trendBarText(nps: number | null): string {
  const chars = (value: number) => Math.min(10, Math.round(Math.abs(value) / 10));
  const left = nps !== null && nps < 0 ? '-'.repeat(chars(nps)) : '';
  const right = nps !== null && nps > 0 ? '+'.repeat(chars(nps)) : '';
  return `${left.padStart(10)}|${right}`;
}

export function buildLeadershipDigest(input: LeadershipDigestInput): LeadershipDigestEmail {
  const { week, nps } = input;
  const headline = npsWithMargin(nps.nps, nps.marginOfError);
  const subject = `Lifeline weekly digest ${week.isoWeek}: NPS ${headline}`;
  const top = new Set(input.topDetractorTopics);
  const topList = input.topDetractorTopics.map(topicName).join(', ');
  const casesLine = `${plural(input.cases.open, 'open case')}, ${input.cases.overdue} overdue (past their first-contact due time).`;
  const themesIntro = `${plural(input.commented, 'answer')} with a comment; a comment can touch several topics.`;

  const text = [
    `Lifeline weekly digest. ${weekLine(week)}`,
    '',
    `NPS: ${headline}${nps.nps === null ? '' : ` (${breakdown(nps)})`}`,
    ...(nps.lowSample && nps.nps !== null ? [lowSampleNote(input.minResponses)] : []),
    comparisonSentence(input),
    '',
    `Trend, ${plural(input.trend.length, 'week')} (weekly NPS ± 95% margin, answers):`,
    ...input.trend.map(
      (p) =>
        `${p.period}  ${npsWithMargin(p.nps, p.marginOfError).padEnd(15)} ${String(p.responses).padStart(5)}  ${trendBarText(p.nps)}${p.lowSample && p.nps !== null ? '  (low sample)' : ''}`,
    ),
    '',
    'Themes of the comments:',
    themesIntro,
    ...(topList ? [`Top detractor topics: ${topList}.`] : []),
    ...input.topics.map(
      (t) =>
        `- ${topicName(t.topic)}: ${plural(t.responses, 'answer')}, NPS ${npsWithMargin(t.nps, t.marginOfError)}${t.lowSample ? ' (low sample)' : ''}`,
    ),
    '',
    `Recovery cases: ${casesLine}`,
    '',
    `Dashboard: ${input.dashboardUrl}`,
    '',
    'Margins are 95% confidence half-widths. This digest holds figures only, no customer data.',
  ].join('\n');

  const h2 = (title: string) =>
    `<h2 style="font-size:16px;margin:24px 0 8px;color:#111827">${escapeHtml(title)}</h2>`;
  const p = (content: string, style = '') => `<p style="margin:4px 0;${style}">${content}</p>`;
  const cell = 'padding:4px 8px;border-bottom:1px solid #e5e7eb';
  const topicsTable =
    input.topics.length === 0
      ? p('No comments this week.')
      : [
          '<table role="presentation" style="border-collapse:collapse;font-size:14px">',
          `<tr><th style="${cell};text-align:left">Topic</th><th style="${cell};text-align:right">Answers</th><th style="${cell};text-align:right">NPS</th><th style="${cell}"></th></tr>`,
          ...input.topics.map((t) =>
            [
              `<tr data-topic="${escapeHtml(t.topic)}">`,
              `<td style="${cell}">${escapeHtml(topicName(t.topic))}${top.has(t.topic) ? ' <strong style="color:#b91c1c">top detractor topic</strong>' : ''}</td>`,
              `<td style="${cell};text-align:right">${t.responses}</td>`,
              `<td style="${cell};text-align:right;white-space:nowrap">${escapeHtml(npsWithMargin(t.nps, t.marginOfError))}</td>`,
              `<td style="${cell};color:#92400e">${t.lowSample ? 'low sample' : ''}</td>`,
              '</tr>',
            ].join(''),
          ),
          '</table>',
        ].join('\n');

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:16px;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#111827;font-size:14px">
<div style="max-width:640px;margin:0 auto;background:#ffffff;padding:24px">
<h1 style="font-size:20px;margin:0 0 4px">Lifeline weekly digest</h1>
${p(escapeHtml(weekLine(week)), 'color:#6b7280')}
${h2('NPS')}
${p(`<span id="nps" style="font-size:32px;font-weight:bold">${escapeHtml(headline)}</span>`)}
${nps.nps === null ? '' : p(escapeHtml(breakdown(nps)))}
${nps.lowSample && nps.nps !== null ? p(escapeHtml(lowSampleNote(input.minResponses)), 'color:#92400e') : ''}
${p(escapeHtml(comparisonSentence(input)))}
${h2(`Trend, ${plural(input.trend.length, 'week')}`)}
<table role="presentation" style="border-collapse:collapse;font-size:14px">
<tr><th style="padding:4px 8px;text-align:left">Week of</th><th style="padding:4px 8px;text-align:right">NPS ± 95% margin</th><th style="padding:4px 8px;text-align:right">Answers</th><th colspan="2" style="padding:4px 8px">−100 … 0 … +100</th></tr>
${input.trend.map(trendRowHtml).join('\n')}
</table>
${h2('Themes of the comments')}
${p(escapeHtml(themesIntro))}
${topList ? p(`Top detractor topics: <strong>${escapeHtml(topList)}</strong>.`) : ''}
${topicsTable}
${h2('Recovery cases')}
${p(escapeHtml(casesLine))}
${p(`<a href="${escapeHtml(input.dashboardUrl)}" style="color:#1d4ed8">Open the dashboard</a>`, 'margin-top:24px')}
${p('Margins are 95% confidence half-widths. This digest holds figures only, no customer data.', 'color:#6b7280;font-size:12px;margin-top:24px')}
</div>
</body></html>
`;
  return { subject, html, text };
}
