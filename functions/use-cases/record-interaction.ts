/**
 * `POST /interactions`: a finished support interaction. Decides whether and when its customer is
 * surveyed, records the invitation and queues it for sending. Idempotent on the interaction id.
 */
import { randomBytes } from 'node:crypto';
import { decideSurvey, type FatigueRules, stableDraw } from '../domain/fatigue';
import type { Interaction, Invitation } from '../domain/model';
import type { Clock, WorkQueue } from '../domain/ports';
import type { InteractionReceipt, InvitationStore } from '../domain/store';
import { issueSurveyToken, type TokenKeys } from '../domain/survey-token';

export interface RecordInteractionDeps {
  store: InvitationStore;
  queue: WorkQueue;
  clock: Clock;
  tokenKeys: TokenKeys;
  publicUrl: string;
  tokenTtlDays: number;
  rules: (teamId: string | undefined) => FatigueRules;
}

export interface RecordInteractionResult {
  /** false when the interaction was already recorded (the contract's 200 instead of 202). */
  created: boolean;
  body: InteractionReceipt & { surveyUrl?: string };
}

export const newInvitationId = (): string => `inv_${randomBytes(15).toString('base64url')}`;

export const surveyUrlOf = (publicUrl: string, token: string): string =>
  `${publicUrl.replace(/\/$/, '')}/s/${token}`;

export async function recordInteraction(
  deps: RecordInteractionDeps,
  interaction: Interaction,
): Promise<RecordInteractionResult> {
  const existing = await deps.store.getReceipt(interaction.interactionId);
  if (existing) return { created: false, body: await withUrl(deps, existing) };

  const now = deps.clock.now();
  const contact = interaction.channel === 'email' ? interaction.customer.email : interaction.customer.phone;
  const contacts = [interaction.customer.email, interaction.customer.phone].filter((c): c is string => !!c);
  const profile = await deps.store.getCustomerProfile(interaction.customer.id, contacts);
  const rules = deps.rules(interaction.teamId);
  let decision = decideSurvey({
    rules,
    state: profile,
    now,
    draw: stableDraw(`${interaction.customer.id}`),
    timeZone: interaction.customer.timeZone,
  });

  const invitation = buildInvitation(deps, interaction, contact, now);
  const cutoff = new Date(now.getTime() - rules.cooldownDays * 86_400_000);
  let result = await deps.store.createInvitation(applyDecision(invitation, decision), decision, cutoff);
  if (result.outcome === 'cooldown_taken') {
    // Another interaction of the same customer won the race for the cooldown: this one is suppressed.
    decision = { status: 'suppressed', reason: 'cooldown', sendAt: now };
    result = await deps.store.createInvitation(applyDecision(invitation, decision), decision, cutoff);
  }
  if (result.outcome === 'duplicate') return { created: false, body: await withUrl(deps, result.receipt) };

  if (decision.status === 'sent')
    await deps.queue.enqueue('invitations', [{ invitationId: invitation.invitationId }]);
  const receipt: InteractionReceipt = { invitationId: invitation.invitationId, status: decision.status };
  if (decision.reason) receipt.reason = decision.reason;
  return { created: true, body: await withUrl(deps, receipt) };
}

function buildInvitation(
  deps: RecordInteractionDeps,
  interaction: Interaction,
  to: string | undefined,
  now: Date,
): Invitation {
  const { customer } = interaction;
  return {
    invitationId: newInvitationId(),
    interactionId: interaction.interactionId,
    customerId: customer.id,
    channel: interaction.channel,
    to,
    customerName: customer.name,
    locale: customer.locale,
    timeZone: customer.timeZone,
    agentId: interaction.agentId,
    teamId: interaction.teamId,
    product: interaction.product,
    occurredAt: interaction.occurredAt,
    createdAt: now.toISOString(),
    status: 'sent',
    delivery: 'pending',
    sendAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + deps.tokenTtlDays * 86_400_000).toISOString(),
  };
}

function applyDecision(invitation: Invitation, decision: ReturnType<typeof decideSurvey>): Invitation {
  return {
    ...invitation,
    status: decision.status,
    reason: decision.reason,
    delivery: decision.status === 'suppressed' ? 'skipped' : 'pending',
    sendAt: decision.sendAt.toISOString(),
  };
}

/** Survey links are derived from the invitation, so a repeated request answers the same URL. */
export async function withUrl(
  deps: Pick<RecordInteractionDeps, 'store' | 'tokenKeys' | 'publicUrl'>,
  receipt: InteractionReceipt,
): Promise<InteractionReceipt & { surveyUrl?: string }> {
  if (receipt.status === 'suppressed') return receipt;
  const invitation = await deps.store.getInvitation(receipt.invitationId);
  if (!invitation) return receipt;
  const token = issueSurveyToken(deps.tokenKeys, invitation.invitationId, new Date(invitation.expiresAt));
  return { ...receipt, surveyUrl: surveyUrlOf(deps.publicUrl, token) };
}
