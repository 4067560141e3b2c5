/**
 * Slack Block Kit of care-team alerts: a case (header, the facts as fields, the comment as a quote,
 * a button to the case), an escalation of a case (the same, under an escalation header saying the
 * level, why and to whom) or a digest (one line and one button per case). Pure, so it is unit
 * tested and the local outbox keeps exactly what Slack would get.
 *
 * Everything that comes from a customer or an admin is escaped (`&`, `<`, `>`), so a comment can
 * neither fake a link nor ping `<!channel>`, and user text is `verbatim` so Slack does not turn
 * `#channel` or `@name` into links either.
 */
import { MAX_ESCALATION_LEVEL } from '../domain/escalation';
import type { AlertMessage, CaseAlert } from '../domain/ports';

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
  verbatim?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[]; accessory?: SlackButton }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'actions'; elements: SlackButton[] }
  | { type: 'divider' };

export interface SlackButton {
  type: 'button';
  text: SlackText;
  url: string;
  action_id: string;
  style?: 'primary' | 'danger';
}

/** What an incoming webhook takes: `text` is the notification and screen-reader fallback. */
export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

/** Block Kit's own limits (characters, blocks per message). */
export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fieldText: 2000,
  blocksPerMessage: 50,
} as const;

/** Cases a digest message lists one by one; the rest are counted in a last line. */
export const MAX_DIGEST_LINES = SLACK_LIMITS.blocksPerMessage - 5;

/** Escapes Slack's three control characters; nothing else (Slack decodes only these entities). */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function slackPayload(message: AlertMessage): SlackPayload {
  if (message.digest) return digestPayload(message.digest.cases);
  if (message.case && message.escalationLevel !== undefined)
    return escalationPayload(message.case, message.escalationLevel, message.to);
  if (message.case) return casePayload(message.case);
  // An alert without structure (none is sent to Slack today): its subject and text as they are.
  return {
    text: escapeSlack(message.subject),
    blocks: [
      { type: 'header', text: plain(message.subject, SLACK_LIMITS.headerText) },
      { type: 'section', text: userText(message.body, SLACK_LIMITS.sectionText) },
    ],
  };
}

function casePayload(c: CaseAlert): SlackPayload {
  const who = c.customerName ?? c.customerId;
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: plain(
        `${c.severity === 'high' ? ':rotating_light: ' : ''}Detractor ${c.score}/10 · ${c.severity} severity`,
        SLACK_LIMITS.headerText,
      ),
    },
    ...caseBlocks(c),
  ];
  return {
    text: escapeSlack(
      `Detractor ${c.score}/10 (${c.severity} severity) from ${who}${c.teamId ? `, team ${c.teamId}` : ''}: recovery case open`,
    ),
    blocks,
  };
}

/**
 * An escalation shows the case as its alert did (no more of the customer), under a header with the
 * level and a line saying why and for whom.
 */
function escalationPayload(c: CaseAlert, level: number, to: string | undefined): SlackPayload {
  const why =
    level >= MAX_ESCALATION_LEVEL
      ? `Still nobody has contacted this customer, a full first-contact period after it was due (${slackDate(c.dueAt)}).`
      : `Nobody has contacted this customer yet; first contact was due ${slackDate(c.dueAt)}.`;
  const blocks: SlackBlock[] = [
    {
      type: 'header',
      text: plain(
        `:rotating_light: Escalation level ${level} of ${MAX_ESCALATION_LEVEL} · detractor ${c.score}/10 not contacted`,
        SLACK_LIMITS.headerText,
      ),
    },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        verbatim: true,
        text: truncate(`${why}${to ? `\n*Escalated to* ${escapeSlack(to)}` : ''}`, SLACK_LIMITS.sectionText),
      },
    },
    ...caseBlocks(c),
  ];
  return {
    text: escapeSlack(
      `Escalation level ${level}: detractor ${c.score}/10 not contacted${c.teamId ? `, team ${c.teamId}` : ''}, case ${c.caseId}`,
    ),
    blocks,
  };
}

/** The case itself: its facts as fields, the comment as a quote, a button to it, its ids. */
function caseBlocks(c: CaseAlert): SlackBlock[] {
  const who = c.customerName ?? c.customerId;
  return [
    {
      type: 'section',
      fields: [
        field('Score', `${c.score}/10 (${c.category})`),
        field('Severity', c.severity),
        field('Sentiment', c.sentiment ?? 'not analysed'),
        field('Customer', [who, c.customerContact].filter(Boolean).join('\n')),
        field('Interaction', `${c.interactionId} via ${c.channel}`),
        field('Agent / team / product', [c.agentId, c.teamId, c.product].map((v) => v ?? '-').join(' / ')),
        field('Owner', c.owner ?? '-'),
        { type: 'mrkdwn', text: `*First contact due*\n${slackDate(c.dueAt)}` },
      ],
    },
    { type: 'section', text: quote('Comment', c.comment) },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: plain('Open case', 75),
          url: c.url,
          action_id: 'open_case',
          ...(c.severity === 'high' ? { style: 'danger' as const } : { style: 'primary' as const }),
        },
      ],
    },
    { type: 'context', elements: [userText(`Case ${c.caseId} · customer ${c.customerId}`, 300)] },
  ];
}

function digestPayload(cases: readonly CaseAlert[]): SlackPayload {
  const count = `${cases.length} detractor case${cases.length === 1 ? '' : 's'}`;
  const listed = cases.slice(0, MAX_DIGEST_LINES);
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(`Detractor digest · ${count} (normal severity)`, SLACK_LIMITS.headerText) },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: "Opened since the last digest. Open a case for the customer's contact details and comment.",
        },
      ],
    },
    ...listed.map(
      (c): SlackBlock => ({
        type: 'section',
        text: {
          type: 'mrkdwn',
          verbatim: true,
          text: truncate(
            [
              `*${c.score}/10* ${c.category} · ${escapeSlack(c.sentiment ?? 'not analysed')} · ${escapeSlack(`${c.interactionId} via ${c.channel}`)}`,
              `${escapeSlack(`Agent ${c.agentId ?? '-'} · team ${c.teamId ?? '-'} · product ${c.product ?? '-'} · owner ${c.owner ?? '-'}`)} · due ${slackDate(c.dueAt)}`,
            ].join('\n'),
            SLACK_LIMITS.sectionText,
          ),
        },
        accessory: {
          type: 'button',
          text: plain('Open case', 75),
          url: c.url,
          action_id: `open_case_${c.caseId}`,
        },
      }),
    ),
  ];
  if (cases.length > listed.length) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `…and ${cases.length - listed.length} more: see the open cases.` }],
    });
  }
  return { text: escapeSlack(`Lifeline digest: ${count} of normal severity`), blocks };
}

const plain = (text: string, max: number): SlackText => ({
  type: 'plain_text',
  text: truncate(escapeSlack(text), max),
  emoji: true,
});

/** Customer or admin text: escaped, and verbatim so Slack links nothing in it. */
const userText = (text: string, max: number): SlackText => ({
  type: 'mrkdwn',
  text: truncate(escapeSlack(text), max),
  verbatim: true,
});

const field = (label: string, value: string): SlackText => ({
  type: 'mrkdwn',
  text: truncate(`*${label}*\n${escapeSlack(value)}`, SLACK_LIMITS.fieldText),
  verbatim: true,
});

function quote(label: string, comment: string | undefined): SlackText {
  if (!comment?.trim()) return { type: 'mrkdwn', text: `*${label}*\n_No comment_` };
  // Cut before escaping would be simpler but could split an entity; cut the text, then escape.
  const room = SLACK_LIMITS.sectionText - label.length - 200;
  const text = comment.length > room ? `${comment.slice(0, room).trimEnd()}…` : comment;
  const lines = escapeSlack(text)
    .split(/\r?\n/)
    .map((line) => `>${line}`);
  return {
    type: 'mrkdwn',
    text: truncate(`*${label}*\n${lines.join('\n')}`, SLACK_LIMITS.sectionText),
    verbatim: true,
  };
}

/** Slack shows the time in each reader's own zone; the ISO time is the fallback. */
function slackDate(iso: string): string {
  const seconds = Math.floor(Date.parse(iso) / 1000);
  const fallback = escapeSlack(iso.replace(/\.\d{3}Z$/, 'Z'));
  return Number.isFinite(seconds) ? `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>` : fallback;
}

/** At most `max` characters, never cutting an entity (`&amp;`) in two. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1).replace(/&[a-z]{0,3}$/, '');
  return `${cut}…`;
}
