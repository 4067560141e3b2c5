/**
 * Input schemas of the survey routes. JSON scores are integers; form fields arrive as strings.
 */
import { z } from 'zod';
import { UnauthorizedError } from '../domain/errors';
import type { HttpEvent } from '../platform/http';

export const MAX_COMMENT = 5000;

const score = z.number({ error: 'score must be an integer from 0 to 10' }).int().min(0).max(10);
const comment = z
  .string({ error: 'comment must be a string' })
  .max(MAX_COMMENT, 'comment is limited to 5,000 characters');

export const answerSchema = z.object({ score, comment: comment.optional() });

export const responseSchema = answerSchema.extend({ token: z.string().min(1).max(512) });

export const formAnswerSchema = z.object({
  score: z
    .string({ error: 'Please choose a score from 0 to 10.' })
    .regex(/^(10|[0-9])$/, 'Please choose a score from 0 to 10.')
    .transform(Number),
  comment: comment.optional(),
});

/** The token path parameter; anything malformed is simply an invalid link (401). */
export function tokenOf(event: HttpEvent): string {
  const token = event.pathParameters?.token;
  if (!token || token.length > 512)
    throw new UnauthorizedError('This survey link is not valid.', 'invalid_token');
  return token;
}

/** `?score=N` preselects a score on the page (it records nothing); ignored unless 0–10. */
export function previewScore(event: HttpEvent): number | undefined {
  const raw = event.queryStringParameters?.score;
  return raw !== undefined && /^(10|[0-9])$/.test(raw) ? Number(raw) : undefined;
}
