/**
 * `POST /cases/{caseId}/follow-up`: one follow-up survey to the customer of a resolved case, on the
 * channel and contact of the case's original invitation, to measure whether the recovery worked.
 *
 * It bypasses the cooldown (and leaves it as it was: the follow-up is asked for on purpose, once) and
 * sampling, but still respects opt-outs and quiet hours. Idempotent per case: its interaction id is
 * derived from the case, so `createInvitation`'s receipt makes a second request answer the first.
 */
import { ConflictError, NotFoundError } from '../domain/errors';
import { decideSurvey } from '../domain/fatigue';
import type { Invitation } from '../domain/model';
import type { CaseStore, InteractionReceipt } from '../domain/store';
import {
  newInvitationId,
  type RecordInteractionDeps,
  type RecordInteractionResult,
  withUrl,
} from './record-interaction';

export interface FollowUpDeps extends RecordInteractionDeps {
  store: RecordInteractionDeps['store'] & Pick<CaseStore, 'getCase'>;
}

/** The interaction id of a case's follow-up: one per case, whatever the number of requests. */
export const followUpInteractionId = (caseId: string): string => `followup-${caseId}`;

export async function requestFollowUp(deps: FollowUpDeps, caseId: string): Promise<RecordInteractionResult> {
  const found = await deps.store.getCase(caseId);
  if (!found) throw new NotFoundError(`No case ${caseId}.`);
  const interactionId = followUpInteractionId(caseId);
  const existing = await deps.store.getReceipt(interactionId);
  if (existing) return { created: false, body: await withUrl(deps, existing) };
  if (found.status !== 'resolved') {
    throw new ConflictError('Only a resolved case gets a follow-up survey.', 'case_not_resolved');
  }
  const original = await deps.store.getInvitation(found.invitationId);
  if (!original?.to) {
    // Erased customer, or an invitation that never had a contact: nobody to ask.
    throw new ConflictError('The customer of this case has no contact to survey.', 'no_contact');
  }

  const now = deps.clock.now();
  const profile = await deps.store.getCustomerProfile(original.customerId, [original.to]);
  const rules = deps.rules(original.teamId);
  const decision = decideSurvey({
    rules: { ...rules, samplingRate: 1 },
    // No lastSurveyedAt: the cooldown does not apply to a follow-up.
    state: { optedOut: profile.optedOut },
    now,
    draw: 0,
    timeZone: original.timeZone,
  });
  const invitation: Invitation = {
    invitationId: newInvitationId(),
    interactionId,
    customerId: original.customerId,
    channel: original.channel,
    to: original.to,
    customerName: original.customerName,
    locale: original.locale,
    timeZone: original.timeZone,
    agentId: original.agentId,
    teamId: original.teamId,
    product: original.product,
    occurredAt: found.resolvedAt ?? now.toISOString(),
    createdAt: now.toISOString(),
    status: decision.status,
    reason: decision.reason,
    delivery: decision.status === 'suppressed' ? 'skipped' : 'pending',
    sendAt: decision.sendAt.toISOString(),
    expiresAt: new Date(now.getTime() + deps.tokenTtlDays * 86_400_000).toISOString(),
    followUpOf: caseId,
  };
  // The cutoff is unused: a follow-up invitation never takes part in the cooldown.
  const result = await deps.store.createInvitation(invitation, decision, now);
  if (result.outcome === 'duplicate') return { created: false, body: await withUrl(deps, result.receipt) };
  if (result.outcome === 'cooldown_taken') throw new Error('A follow-up invitation touched the cooldown.');

  if (decision.status === 'sent')
    await deps.queue.enqueue('invitations', [{ invitationId: invitation.invitationId }]);
  const receipt: InteractionReceipt = { invitationId: invitation.invitationId, status: decision.status };
  if (decision.reason) receipt.reason = decision.reason;
  return { created: true, body: await withUrl(deps, receipt) };
}
