/**
 * The case escalator: every open case nobody has contacted by its due time is escalated to the
 * team lead, once per level. The level is raised by a conditional write before the alert goes out,
 * so two runs (or a retried one) can never send the same level twice; an alert the publisher
 * refuses gives its level back, so a throttled or failing topic delays an escalation instead of
 * losing it.
 */

import { MAX_ESCALATION_LEVEL, nextEscalation } from '../domain/escalation';
import type { RecoveryCase } from '../domain/model';
import type { AlertPublisher, Clock } from '../domain/ports';
import type { TeamRouting } from '../domain/recovery';
import type { EscalationStore } from '../domain/store';
import { alertBody } from './dispatch-alert';

export interface EscalateCasesDeps {
  cases: EscalationStore;
  alerts: AlertPublisher;
  /** The run's "now"; a fake clock in tests. */
  clock: Clock;
  routing: (teamId: string | undefined) => TeamRouting;
  /** Base URL of the admin API, for the link to the case. */
  consoleUrl: string;
}

export interface Escalation {
  caseId: string;
  level: number;
  to?: string;
}

export interface EscalationRun {
  /** Overdue cases looked at. */
  checked: number;
  escalated: Escalation[];
  /** Cases whose alert could not be sent (their level was given back for the next run). */
  failed: { caseId: string; level: number; error: unknown }[];
}

export async function escalateOverdueCases(deps: EscalateCasesDeps): Promise<EscalationRun> {
  const now = deps.clock.now();
  const run: EscalationRun = { checked: 0, escalated: [], failed: [] };
  for await (const page of deps.cases.overdueCases(now)) {
    for (const recoveryCase of page) {
      run.checked++;
      const routing = deps.routing(recoveryCase.teamId);
      const level = nextEscalation(recoveryCase, routing, now);
      if (level === undefined) continue;
      if (!(await deps.cases.claimEscalation(recoveryCase.caseId, level, now))) continue;
      const to = routing.escalationContact;
      try {
        await deps.alerts.publishAlert({
          caseId: recoveryCase.caseId,
          customerId: recoveryCase.customerId,
          invitationId: recoveryCase.invitationId,
          to,
          escalationLevel: level,
          subject: escalationSubject(recoveryCase, level),
          body: escalationBody(recoveryCase, level, deps.consoleUrl),
        });
        run.escalated.push({ caseId: recoveryCase.caseId, level, to });
      } catch (error) {
        await deps.cases.releaseEscalation(recoveryCase.caseId, level, recoveryCase.escalationLevel ?? 0);
        run.failed.push({ caseId: recoveryCase.caseId, level, error });
      }
    }
  }
  return run;
}

export function escalationSubject(c: RecoveryCase, level: number): string {
  return `Escalation level ${level}: detractor ${c.score}/10 not contacted - ${c.teamId ?? 'no team'} - case ${c.caseId}`;
}

export function escalationBody(c: RecoveryCase, level: number, consoleUrl: string): string {
  const why =
    level >= MAX_ESCALATION_LEVEL
      ? `Still nobody has contacted this customer, a full first-contact period after it was due (${c.dueAt}).`
      : `Nobody has contacted this customer yet; first contact was due ${c.dueAt}.`;
  return [`Escalation level ${level} of ${MAX_ESCALATION_LEVEL}. ${why}`, '', alertBody(c, consoleUrl)].join(
    '\n',
  );
}
