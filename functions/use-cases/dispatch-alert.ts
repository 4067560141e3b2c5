/**
 * The alert dispatcher: one care-team alert per recovery case. The case's `alertedAt` is the
 * durable marker; a lease stops concurrent deliveries of the same message from both sending.
 */

import type { RecoveryCase } from '../domain/model';
import { categorize } from '../domain/nps';
import type { AlertPublisher, Clock } from '../domain/ports';
import type { CaseStore } from '../domain/store';

export interface DispatchAlertDeps {
  cases: CaseStore;
  alerts: AlertPublisher;
  clock: Clock;
  /** Base URL of the admin API, for the link to the case. */
  consoleUrl: string;
}

export const ALERT_LEASE_MS = 120_000;

export type AlertOutcome = 'sent' | 'already_sent' | 'busy' | 'missing';

export async function dispatchAlert(deps: DispatchAlertDeps, caseId: string): Promise<AlertOutcome> {
  const recoveryCase = await deps.cases.getCase(caseId);
  if (!recoveryCase) return 'missing';
  if (recoveryCase.alertedAt) return 'already_sent';
  if (!(await deps.cases.claimAlert(caseId, deps.clock.now(), ALERT_LEASE_MS))) return 'busy';
  await deps.alerts.publishAlert({
    caseId,
    customerId: recoveryCase.customerId,
    invitationId: recoveryCase.invitationId,
    subject: `Detractor ${recoveryCase.score}/10 - ${recoveryCase.teamId ?? 'no team'} - recovery case open`,
    body: alertBody(recoveryCase, deps.consoleUrl),
  });
  await deps.cases.markAlerted(caseId, deps.clock.now());
  return 'sent';
}

/** Everything the care team needs for the recovery call, in plain text for email and SMS subscribers. */
export function alertBody(c: RecoveryCase, consoleUrl: string): string {
  return [
    `A customer scored us ${c.score}/10 (${categorize(c.score)}).`,
    `Comment: ${c.comment ?? '(none)'}`,
    `Sentiment: ${c.sentiment ?? 'not analysed'}`,
    `Customer: ${c.customerName ?? c.customerId} ${c.customerContact ? `<${c.customerContact}>` : ''}`.trim(),
    `Interaction: ${c.interactionId} via ${c.channel}`,
    `Agent: ${c.agentId ?? '-'}  Team: ${c.teamId ?? '-'}  Product: ${c.product ?? '-'}`,
    `Severity: ${c.severity ?? 'normal'}  Owner: ${c.owner ?? '-'}`,
    `First contact due: ${c.dueAt}`,
    `Case: ${consoleUrl.replace(/\/$/, '')}/cases/${c.caseId}`,
  ].join('\n');
}
