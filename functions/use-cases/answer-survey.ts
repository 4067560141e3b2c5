/**
 * The customer's side: opening the survey (never records anything) and answering it (stores the
 * answer durably, then queues it for processing).
 */
import { UnauthorizedError } from '../domain/errors';
import type { Invitation } from '../domain/model';
import type { Clock, WorkQueue } from '../domain/ports';
import type { InvitationStore, ResponseStore } from '../domain/store';
import { type TokenKeys, verifySurveyToken } from '../domain/survey-token';

export interface SurveyDeps {
  invitations: Pick<InvitationStore, 'getInvitation'>;
  clock: Clock;
  tokenKeys: TokenKeys;
}

export interface AnswerDeps extends SurveyDeps {
  responses: Pick<ResponseStore, 'saveAnswer'>;
  queue: WorkQueue;
}

/** The invitation a token stands for: 401 when tampered or unknown, 410 when expired. */
export async function openSurvey(deps: SurveyDeps, token: string): Promise<Invitation> {
  const { invitationId } = verifySurveyToken(deps.tokenKeys, token, deps.clock.now());
  const invitation = await deps.invitations.getInvitation(invitationId);
  if (!invitation || invitation.status === 'suppressed') {
    throw new UnauthorizedError('This survey link is not valid.', 'invalid_token');
  }
  return invitation;
}

export interface Answer {
  score: number;
  comment?: string;
}

/**
 * Records an answer. The answer is in the table before the caller hears 2xx, so a crash between
 * here and the queue loses nothing: the sweeper finds answers whose revision is not counted yet.
 */
export async function answerSurvey(deps: AnswerDeps, token: string, answer: Answer): Promise<Invitation> {
  const invitation = await openSurvey(deps, token);
  const comment = answer.comment?.trim() ? answer.comment : undefined;
  await deps.responses.saveAnswer({
    invitation,
    score: answer.score,
    comment,
    submittedAt: deps.clock.now(),
  });
  await deps.queue.enqueue('responses', [{ invitationId: invitation.invitationId }]);
  return invitation;
}
