/**
 * Two-way SMS surveys: what a customer's reply means and what the conversation does next. One
 * conversation per phone number, pointing at the newest open SMS invitation: a score records the
 * answer and asks for an optional comment, the next free text becomes the comment, then thanks.
 * Pure: the use case supplies the conversation state and the clock.
 */

/** Carrier keywords (CTIA, and what Twilio and AWS End User Messaging recognise by default). */
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE']);
const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'OPTIN']);
const HELP_WORDS = new Set(['HELP', 'INFO', 'AYUDA', 'AIDE', 'HILFE', 'AJUDA']);

export type SmsReply =
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'help' }
  /** A score, with the rest of the message as a comment (`9 great support`); `text` as sent. */
  | { kind: 'score'; score: number; comment?: string; text: string }
  | { kind: 'text'; text: string };

/** `9`, `9/10`, `10 - great`, `7, ok` are scores; `100` or `9.5` are not. */
const SCORE = /^(10|[0-9])(?:\s*\/\s*10)?(?![\d.,]\d)(?:[\s,.:;!-]+([\s\S]*))?$/;

export function interpretReply(body: string): SmsReply {
  const text = body.trim();
  const word = text.toUpperCase().replace(/[.!]+$/, '');
  if (STOP_WORDS.has(word)) return { kind: 'stop' };
  if (START_WORDS.has(word)) return { kind: 'start' };
  if (HELP_WORDS.has(word)) return { kind: 'help' };
  const match = SCORE.exec(text);
  if (match) {
    const comment = match[2]?.trim();
    const score = Number(match[1]);
    return comment ? { kind: 'score', score, comment, text } : { kind: 'score', score, text };
  }
  return { kind: 'text', text };
}

export type ConversationState = 'awaiting_score' | 'awaiting_comment' | 'done';

export interface Conversation {
  invitationId: string;
  customerId: string;
  locale?: string;
  state: ConversationState;
  score?: number;
  expiresAt: string;
}

/** Which text the customer gets back. */
export type ReplyText = 'ask_comment' | 'thanks' | 'ask_score' | 'help' | 'stopped' | 'started' | 'no_survey';

export type ConversationStep =
  /** Record this answer for the conversation's invitation and move to `next`. */
  | { action: 'answer'; score: number; comment?: string; next: ConversationState; reply: ReplyText }
  | { action: 'opt_out'; reply: 'stopped' }
  | { action: 'opt_in'; reply: 'started' }
  | { action: 'none'; reply: ReplyText };

/**
 * The next step of a conversation given a reply. `conversation` is undefined, or expired, when the
 * phone has no open SMS survey.
 */
export function nextStep(
  conversation: Conversation | undefined,
  reply: SmsReply,
  now: Date,
): ConversationStep {
  if (reply.kind === 'stop') return { action: 'opt_out', reply: 'stopped' };
  if (reply.kind === 'start') return { action: 'opt_in', reply: 'started' };
  if (reply.kind === 'help') return { action: 'none', reply: 'help' };
  const open = conversation && new Date(conversation.expiresAt) > now ? conversation : undefined;
  if (!open) return { action: 'none', reply: reply.kind === 'score' ? 'no_survey' : 'help' };

  // Waiting for a comment, "2 hours on hold" is a comment, not a new score of 2.
  if (
    reply.kind === 'score' &&
    reply.comment &&
    open.state === 'awaiting_comment' &&
    open.score !== undefined
  ) {
    return { action: 'answer', score: open.score, comment: reply.text, next: 'done', reply: 'thanks' };
  }
  if (reply.kind === 'score') {
    // A comment in the same message completes the survey; otherwise ask for one. A new score
    // later replaces the earlier one (the invitation counts once, with its latest score).
    return reply.comment
      ? { action: 'answer', score: reply.score, comment: reply.comment, next: 'done', reply: 'thanks' }
      : {
          action: 'answer',
          score: reply.score,
          next: open.state === 'done' ? 'done' : 'awaiting_comment',
          reply: open.state === 'done' ? 'thanks' : 'ask_comment',
        };
  }
  if (open.state === 'awaiting_comment' && open.score !== undefined) {
    return { action: 'answer', score: open.score, comment: reply.text, next: 'done', reply: 'thanks' };
  }
  if (open.state === 'done') return { action: 'none', reply: 'thanks' };
  return { action: 'none', reply: 'ask_score' };
}
