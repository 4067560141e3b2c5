/**
 * An inbound SMS, from Twilio's webhook or AWS End User Messaging (through SNS): keywords first
 * (STOP, START, HELP), then the conversation of the phone's newest open SMS invitation. Each
 * provider message id is applied once; a provider's retry gets the same reply and changes nothing.
 */
import { textFor } from '../domain/i18n';
import type { Clock, WorkQueue } from '../domain/ports';
import { type Conversation, interpretReply, nextStep } from '../domain/sms-conversation';
import type { AnswerInput, SmsStepRecord, SmsStore } from '../domain/store';

export interface InboundSms {
  provider: 'twilio' | 'aws';
  /** The provider's message id (Twilio MessageSid, End User Messaging inboundMessageId). */
  messageId: string;
  /** The customer's number, E.164. */
  from: string;
  body: string;
}

export interface ReceiveSmsDeps {
  store: SmsStore;
  queue: WorkQueue;
  clock: Clock;
}

/** How many times a conflicting conversation update (a newer invitation arriving) is retried. */
const ATTEMPTS = 3;

export async function receiveSms(deps: ReceiveSmsDeps, sms: InboundSms): Promise<{ reply: string }> {
  for (let attempt = 1; ; attempt++) {
    const earlier = await deps.store.getInboundReply(sms.provider, sms.messageId);
    if (earlier !== undefined) return { reply: earlier };
    try {
      return await applyOnce(deps, sms);
    } catch (error) {
      // The conversation was re-pointed at a newer invitation between read and write: read again.
      if (
        attempt >= ATTEMPTS ||
        !(error instanceof Error) ||
        !/ConditionalCheckFailed/.test(conditionCodes(error))
      ) {
        throw error;
      }
    }
  }
}

async function applyOnce(deps: ReceiveSmsDeps, sms: InboundSms): Promise<{ reply: string }> {
  const now = deps.clock.now();
  const conversation = await deps.store.getConversation(sms.from);
  const step = nextStep(conversation, interpretReply(sms.body), now);
  const reply = textFor(conversation?.locale).sms[step.reply];
  const record: SmsStepRecord = {
    provider: sms.provider,
    messageId: sms.messageId,
    phone: sms.from,
    receivedAt: now,
    reply,
  };

  if (step.action === 'opt_out') record.optOut = 'out';
  if (step.action === 'opt_in') record.optOut = 'in';
  if (step.action === 'answer' && conversation) {
    const answer = await answerFor(deps, conversation, step.score, step.comment, now);
    if (answer) {
      record.answer = answer;
      record.conversation = { invitationId: conversation.invitationId, state: step.next, score: step.score };
    }
  }
  const outcome = await deps.store.recordSmsStep(record);
  if (outcome === 'duplicate') {
    return { reply: (await deps.store.getInboundReply(sms.provider, sms.messageId)) ?? reply };
  }
  // The answer is stored (and marked pending) already: the sweeper would find it if this failed.
  if (record.answer)
    await deps.queue.enqueue('responses', [{ invitationId: record.answer.invitation.invitationId }]);
  return { reply };
}

async function answerFor(
  deps: ReceiveSmsDeps,
  conversation: Conversation,
  score: number,
  comment: string | undefined,
  now: Date,
): Promise<AnswerInput | undefined> {
  const invitation = await deps.store.getInvitation(conversation.invitationId);
  // An invitation past its expiry no longer takes answers, like its expired link.
  if (!invitation || new Date(invitation.expiresAt) <= now) return undefined;
  return { invitation, score, comment, submittedAt: now };
}

function conditionCodes(error: Error): string {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return `${error.name} ${reasons.map((r) => r.Code ?? '').join(' ')}`;
}
