/**
 * The response processor: analyses the comments of a batch (sentiment, key phrases) in as few calls
 * as possible, classifies their topics, then counts each answer exactly once and opens its recovery case. Every step is idempotent, so a
 * message delivered twice, retried or redriven from the dead-letter queue changes nothing twice.
 */
import type { RecoveryCase, SurveyResponse } from '../domain/model';
import type { Clock, SentimentAnalyzer, SentimentOutcome, WorkQueue } from '../domain/ports';
import { hasComment } from '../domain/rates';
import { caseIdFor, opensRecoveryCase, routeCase, type TeamRouting } from '../domain/recovery';
import type { CountInput, ResponseStore } from '../domain/store';
import { type KeyPhraseExtractor, keptPhrases, topicsOf } from '../domain/themes';

export interface ProcessResponsesDeps {
  store: ResponseStore;
  analyzer: SentimentAnalyzer;
  keyPhrases: KeyPhraseExtractor;
  queue: WorkQueue;
  clock: Clock;
  /** How the team of an answer works its cases (calendar, owner, first-contact targets). */
  routingOf: (teamId: string | undefined) => TeamRouting;
  /** Contact details for the care team, looked up from the invitation. */
  contactOf: (invitationId: string) => Promise<{ name?: string; contact?: string }>;
  /** Told of an unexpected failure of one answer (which is then retried, not the whole batch). */
  onError?: (invitationId: string, error: unknown) => void;
}

export type ProcessOutcome = 'counted' | 'already_counted' | 'missing' | 'retry';

const isPending = (r: SurveyResponse) => r.countedRevision < r.revision;

/** Answers whose key phrases and topics are counted: commented, in the NPS (no follow-up). */
const hasThemes = (r: SurveyResponse) => !r.followUpOf && hasComment(r.comment);

/** Key phrases of the batch, or why there are none this time (the answers needing them are retried). */
type Phrases = { ok: true; byId: Map<string, string[]> } | { ok: false; error: unknown };

export async function processResponses(
  deps: ProcessResponsesDeps,
  invitationIds: readonly string[],
): Promise<Map<string, ProcessOutcome>> {
  const unique = [...new Set(invitationIds)];
  const responses = await deps.store.getResponses(unique);
  const byId = new Map(responses.map((r) => [r.invitationId, r]));

  const toAnalyse = responses.filter((r) => isPending(r) && r.comment && r.sentimentState === 'pending');
  const outcomes = new Map<string, SentimentOutcome>();
  if (toAnalyse.length > 0) {
    const results = await deps.analyzer.analyze(
      toAnalyse.map((r) => ({ id: r.invitationId, text: r.comment ?? '', language: r.locale })),
    );
    for (const outcome of results) outcomes.set(outcome.id, outcome);
  }
  const phrases = await extractPhrases(
    deps,
    responses.filter((r) => isPending(r) && hasThemes(r)),
    outcomes,
  );

  const result = new Map<string, ProcessOutcome>();
  for (const id of unique) {
    const response = byId.get(id);
    if (!response) {
      // An answer is stored before its message is sent, so this is a message for an erased or
      // never-answered invitation: nothing to do, and retrying would not change that.
      result.set(id, 'missing');
      continue;
    }
    try {
      result.set(id, await processOne(deps, response, outcomes.get(id), phrases));
    } catch (error) {
      deps.onError?.(id, error);
      result.set(id, 'retry');
    }
  }
  return result;
}

async function processOne(
  deps: ProcessResponsesDeps,
  response: SurveyResponse,
  outcome: SentimentOutcome | undefined,
  phrases: Phrases,
): Promise<ProcessOutcome> {
  const caseId = caseIdFor(response.invitationId);
  if (!isPending(response)) {
    await requeueUnsentAlert(deps, caseId);
    return 'already_counted';
  }
  if (outcome?.state === 'failed' && outcome.retryable) return 'retry';

  const analysis = analysisOf(response, outcome);
  const now = deps.clock.now();
  const input: CountInput = { response, analysis, countedAt: now };
  if (hasThemes(response)) {
    if (!phrases.ok) throw phrases.error;
    const text = response.comment ?? '';
    input.themes = {
      keyPhrases: keptPhrases(phrases.byId.get(response.invitationId) ?? []),
      topics: topicsOf(text, languageOf(response, outcome)),
    };
  }
  let alertCase: RecoveryCase | undefined;
  if (response.followUpOf) {
    // A follow-up answer measures how its case was recovered: it lands on that case and never opens
    // one of its own (the customer was just worked with; a second alert loop would help no one).
    const followed = await deps.store.getCase(response.followUpOf);
    if (followed)
      input.followUp = { caseId: followed.caseId, score: response.score, at: response.submittedAt };
  } else if (opensRecoveryCase(response.score)) {
    const existing = await deps.store.getCase(caseId);
    const item = existing
      ? { ...existing, score: response.score, comment: response.comment, sentiment: analysis.sentiment }
      : await newCase(deps, response, analysis.sentiment, now);
    input.recoveryCase = { item, isNew: !existing };
    if (!item.alertedAt) alertCase = item;
  }
  const counted = await deps.store.countResponse(input);
  if (alertCase) await deps.queue.enqueue('alerts', [{ caseId: alertCase.caseId }]);
  return counted ? 'counted' : 'already_counted';
}

/** The comment's language: the analysis's, else the stored one, else the customer's locale. */
function languageOf(response: SurveyResponse, outcome: SentimentOutcome | undefined): string | undefined {
  const analysed = outcome && outcome.state !== 'failed' ? outcome.language : undefined;
  return analysed ?? response.language ?? response.locale;
}

/** One batched key-phrase call for the answers that need one; a failure is kept, not thrown. */
async function extractPhrases(
  deps: ProcessResponsesDeps,
  answers: readonly SurveyResponse[],
  outcomes: ReadonlyMap<string, SentimentOutcome>,
): Promise<Phrases> {
  if (answers.length === 0) return { ok: true, byId: new Map() };
  try {
    const results = await deps.keyPhrases.keyPhrases(
      answers.map((r) => ({
        id: r.invitationId,
        text: r.comment ?? '',
        language: languageOf(r, outcomes.get(r.invitationId)) ?? 'und',
      })),
    );
    return { ok: true, byId: new Map(results.map((result) => [result.id, result.phrases])) };
  } catch (error) {
    // Throttling or an outage: the answers needing phrases are retried; the others are counted now.
    return { ok: false, error };
  }
}

function analysisOf(response: SurveyResponse, outcome: SentimentOutcome | undefined): CountInput['analysis'] {
  if (!response.comment) return { state: 'none' };
  if (!outcome)
    return { state: response.sentimentState, sentiment: response.sentiment, language: response.language };
  switch (outcome.state) {
    case 'done':
      return { state: 'done', sentiment: outcome.sentiment, language: outcome.language };
    case 'unsupported_language':
      return { state: 'unsupported_language', language: outcome.language };
    case 'failed':
      return { state: 'failed' };
  }
}

async function newCase(
  deps: ProcessResponsesDeps,
  response: SurveyResponse,
  sentiment: RecoveryCase['sentiment'],
  now: Date,
): Promise<RecoveryCase> {
  const contact = await deps.contactOf(response.invitationId);
  const route = routeCase(response.score, sentiment, deps.routingOf(response.teamId), now);
  return {
    caseId: caseIdFor(response.invitationId),
    invitationId: response.invitationId,
    interactionId: response.interactionId,
    customerId: response.customerId,
    score: response.score,
    comment: response.comment,
    sentiment,
    status: 'open',
    createdAt: now.toISOString(),
    dueAt: route.dueAt.toISOString(),
    severity: route.severity,
    owner: route.owner,
    agentId: response.agentId,
    teamId: response.teamId,
    product: response.product,
    channel: response.channel,
    customerName: contact.name,
    customerContact: contact.contact,
    history: [{ at: now.toISOString(), status: 'open' }],
  };
}

/** A crash after counting but before queueing the alert leaves a case unalerted: queue it again. */
async function requeueUnsentAlert(deps: ProcessResponsesDeps, caseId: string): Promise<void> {
  const existing = await deps.store.getCase(caseId);
  if (existing && !existing.alertedAt) await deps.queue.enqueue('alerts', [{ caseId }]);
}
