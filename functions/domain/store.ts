/**
 * Storage ports. The DynamoDB adapter implements all of them; each use case asks only for the
 * part it needs.
 */

import type { ExportJob } from './export-job';
import type { SurveyDecision } from './fatigue';
import type {
  Dimension,
  Invitation,
  NpsCounts,
  RecoveryCase,
  Sentiment,
  SentimentState,
  SurveyResponse,
} from './model';
import type { AlertChannelName } from './ports';
import type { RateCounts } from './rates';
import type { Conversation, ConversationState } from './sms-conversation';
import type { COMMENTED_ROW, Topic } from './themes';

/** What `POST /interactions` answered, kept so that a repeat answers the same. */
export interface InteractionReceipt {
  invitationId: string;
  status: Invitation['status'];
  reason?: Invitation['reason'];
}

export interface CustomerProfile {
  customerId: string;
  optedOut: boolean;
  lastSurveyedAt?: string;
}

export type CreateInvitationResult =
  | { outcome: 'created' }
  | { outcome: 'duplicate'; receipt: InteractionReceipt }
  /** Another invitation claimed the customer's cooldown first (a race between two interactions). */
  | { outcome: 'cooldown_taken' };

export interface InvitationStore {
  getReceipt(interactionId: string): Promise<InteractionReceipt | undefined>;
  getCustomerProfile(customerId: string, contacts: readonly string[]): Promise<CustomerProfile>;
  /**
   * Records the interaction and its invitation at once; when the invitation is to be sent, also
   * starts the customer's cooldown, on condition that no other invitation started it meanwhile.
   * A follow-up invitation (`followUpOf`) neither checks nor restarts the cooldown.
   */
  createInvitation(
    invitation: Invitation,
    decision: SurveyDecision,
    cooldownCutoff: Date,
  ): Promise<CreateInvitationResult>;
  getInvitation(invitationId: string): Promise<Invitation | undefined>;
  /** Takes the right to send for `leaseMs`; false when it was delivered or someone holds the lease. */
  claimDelivery(invitationId: string, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * Delivered; with `remindAt`, the single reminder becomes due then. Counts the invitation in its
   * cohort's `delivered` at once, only if it was still pending: false (nothing changed) otherwise.
   */
  markDelivered(invitation: Invitation, at: Date, messageId: string, remindAt?: Date): Promise<boolean>;
  /** Takes the one reminder of an invitation; false when it was taken already. */
  claimReminder(invitationId: string, at: Date): Promise<boolean>;
  cancelReminder(invitationId: string): Promise<void>;
  /**
   * The provider refused the message for good: no more attempts. Counts it in its cohort's `failed`
   * at once, only if it was still pending: false (nothing changed) otherwise.
   */
  markDeliveryFailed(invitation: Invitation, at: Date, reason: string): Promise<boolean>;
  /** Permanent opt-out of a contact (email address or phone number) and of the customer. */
  optOut(contact: string, customerId?: string): Promise<void>;
}

export interface AnswerInput {
  invitation: Invitation;
  score: number;
  comment?: string;
  submittedAt: Date;
}

export interface ResponseStore {
  /** Stores the latest answer durably and bumps its revision; processing follows from the queue. */
  saveAnswer(answer: AnswerInput): Promise<{ revision: number }>;
  getResponses(invitationIds: readonly string[]): Promise<SurveyResponse[]>;
  getCase(caseId: string): Promise<RecoveryCase | undefined>;
  /**
   * Counts `response.revision` exactly once: in one transaction, conditional on that revision not
   * being counted yet, it moves the aggregates from the previously counted score, stores the
   * analysis and opens or refreshes the recovery case. Answers `false` when it was already counted.
   */
  countResponse(input: CountInput): Promise<boolean>;
}

export interface CountInput {
  response: SurveyResponse;
  analysis: { state: SentimentState; sentiment?: Sentiment; language?: string };
  /** The case to open (new) or refresh (existing); absent when the answer opens none. */
  recoveryCase?: { item: RecoveryCase; isNew: boolean };
  /** A follow-up answer: stored on its case instead of opening one, and kept out of the NPS aggregates. */
  followUp?: { caseId: string; score: number; at: string };
  /** Key phrases and topics of a commented answer (never of a follow-up): stored and counted. */
  themes?: { keyPhrases: string[]; topics: Topic[] };
  countedAt: Date;
}

export interface AggregateRow extends NpsCounts {
  day: string;
  group: string;
}

export interface ReportStore {
  /** Daily aggregates of one dimension (or the overall figure) over a day range: O(days × groups) items. */
  readAggregates(dimension: Dimension | 'all', from: string, to: string): Promise<AggregateRow[]>;
  /** Responses submitted on one UTC day, page by page, oldest first. */
  responsesOfDay(day: string): AsyncIterable<SurveyResponse[]>;
}

export interface RateRow extends RateCounts {
  /** The cohort: UTC day the invitations were created. */
  day: string;
  group: string;
}

/** Invitation-funnel counters, written with the state changes they count (see rates.ts). */
export interface RateStore {
  /** Daily funnel counts of one dimension (or overall) over a range of cohort days: O(days × groups) items. */
  readRates(dimension: Dimension | 'all', from: string, to: string): Promise<RateRow[]>;
}

/** One day's NPS counts of one topic (or of COMMENTED_ROW) in the topic aggregates. */
export interface TopicRow extends NpsCounts {
  day: string;
  topic: Topic | typeof COMMENTED_ROW;
}

/** Topic aggregates, moved when answers are counted, and the stored key phrases of recent answers. */
export interface ThemeStore {
  /**
   * Daily topic counts over a range of submission days, overall (`teamId` absent) or of one team:
   * O(days × topics) items.
   */
  readTopics(from: string, to: string, teamId?: string): Promise<TopicRow[]>;
  /** Responses submitted on one UTC day, page by page, newest first. */
  recentResponsesOfDay(day: string): AsyncIterable<SurveyResponse[]>;
}

/** Recovery cases by the UTC day they were created, for the recovery report. */
export interface RecoveryReportStore {
  casesCreatedOn(day: string): Promise<RecoveryCase[]>;
}

export interface CaseStore {
  getCase(caseId: string): Promise<RecoveryCase | undefined>;
  listCases(status: RecoveryCase['status']): Promise<RecoveryCase[]>;
  /** Saves the case if it is still at `expectedVersion`; false when someone changed it first. */
  saveCase(next: RecoveryCase, expectedVersion: number | undefined): Promise<boolean>;
  claimAlert(caseId: string, now: Date, leaseMs: number): Promise<boolean>;
  markAlerted(caseId: string, at: Date): Promise<void>;
}

/**
 * Care-team alert bookkeeping of cases: a lease against concurrent senders, a durable marker per
 * channel (so a retry after a partial failure skips the channels already done) and one for the case.
 */
export interface AlertStore {
  getCase(caseId: string): Promise<RecoveryCase | undefined>;
  /** Takes the right to alert for `leaseMs`; false when the case was alerted or the lease is held. */
  claimAlert(caseId: string, now: Date, leaseMs: number, digestId?: string): Promise<boolean>;
  /** Gives back the lease taken at `claimedAt` (a channel failed), so a retry need not wait for it. */
  releaseAlert(caseId: string, claimedAt: Date): Promise<void>;
  /** One channel took the alert (or, with `failure`, refused it for good): never send to it again. */
  markChannelAlerted(caseId: string, channel: AlertChannelName, at: Date, failure?: string): Promise<void>;
  /** Every channel is done: the durable marker that ends all retries, sweeps and redrives. */
  markAlerted(caseId: string, at: Date): Promise<void>;
  /** Cases not alerted yet, created at or before `createdBefore`, oldest first, page by page. */
  unalertedCases(createdBefore: Date): AsyncIterable<RecoveryCase[]>;
  /**
   * Takes the digest window: true when the last digest went out at least `intervalMs` before `now`
   * (or never), and records `now` as the last one. `previous` is what to give back on failure.
   */
  claimDigestWindow(now: Date, intervalMs: number): Promise<{ claimed: boolean; previous?: string }>;
  /** Gives a claimed window back (its digest could not be sent), so the next run tries again. */
  releaseDigestWindow(claimedAt: Date, previous: string | undefined): Promise<void>;
}

/**
 * Sends of the weekly leadership digest: one claim per ISO week and recipient, taken before the
 * email goes out, so a recipient never gets a week twice however often the schedule fires.
 */
export interface LeadershipDigestClaims {
  /**
   * Takes the send of `isoWeek` to `recipient`: false when it was sent, or another run claimed it
   * less than `leaseMs` before `now` (a run that crashed mid-send is taken over after the lease).
   */
  claimDigestSend(isoWeek: string, recipient: string, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * The email went out (`messageId`) or the provider refused it for good (`refused`): the durable
   * marker that ends every retry.
   */
  markDigestSent(
    isoWeek: string,
    recipient: string,
    at: Date,
    outcome: { messageId: string } | { refused: string },
  ): Promise<void>;
  /** Gives back the claim taken at `claimedAt` (the send failed), so the next run retries. */
  releaseDigestSend(isoWeek: string, recipient: string, claimedAt: Date): Promise<void>;
}

export interface EscalationStore {
  /**
   * Open cases due at or before `now` that nobody has contacted and that have not reached the
   * highest escalation level, page by page, oldest due first.
   */
  overdueCases(now: Date): AsyncIterable<RecoveryCase[]>;
  /**
   * Raises the case to `level` if it is still open, uncontacted and below `level`, and answers the
   * case as it was just before (its channel markers current); undefined when another run escalated
   * it first or it moved on. Taken before the alert goes out, so no two runs send the same level.
   */
  claimEscalation(caseId: string, level: number, at: Date): Promise<RecoveryCase | undefined>;
  /** Gives a claimed level back (a channel could not take it now), so the next run tries again. */
  releaseEscalation(caseId: string, level: number, previousLevel: number): Promise<void>;
  /**
   * One channel took the escalation of `level` (or, with `failure`, refused it for good): raises
   * the channel's marker to `level`, only if it is lower, so the channel never gets that level again.
   */
  markEscalationChannel(
    caseId: string,
    channel: AlertChannelName,
    level: number,
    at: Date,
    failure?: string,
  ): Promise<void>;
}

export interface ErasureStore {
  /** Removes the customer's contact details and comment text everywhere; returns the items changed. */
  eraseCustomer(customerId: string, at: Date): Promise<number>;
}

export type PendingKind = 'invitation' | 'response' | 'alert' | 'reminder' | 'export';

export interface PendingWorkStore {
  /** Ids of work of a kind that became due at or before `dueBefore`. */
  pendingWork(kind: PendingKind, dueBefore: Date): AsyncIterable<string[]>;
}

/** One inbound SMS and everything it changes, applied at once and only once per provider message id. */
export interface SmsStepRecord {
  provider: 'twilio' | 'aws';
  messageId: string;
  phone: string;
  receivedAt: Date;
  /** The text sent back; a provider retry gets it again. */
  reply: string;
  conversation?: { invitationId: string; state: ConversationState; score?: number };
  answer?: AnswerInput;
  optOut?: 'out' | 'in';
}

export interface SmsStore {
  /** Points the phone's conversation at a newly delivered SMS invitation. */
  openConversation(phone: string, conversation: Conversation): Promise<void>;
  getConversation(phone: string): Promise<Conversation | undefined>;
  getInboundReply(provider: string, messageId: string): Promise<string | undefined>;
  /** `duplicate` when this provider message id was already recorded. */
  recordSmsStep(step: SmsStepRecord): Promise<'applied' | 'duplicate'>;
  getInvitation(invitationId: string): Promise<Invitation | undefined>;
}

/**
 * Asynchronous export jobs. A run claims its job first, and every later write of the run is
 * conditional on still holding the claim, so a duplicate message never runs a job twice at once.
 */
export interface ExportJobStore {
  /** Stores a new queued job, with its pending-work marker (the sweeper re-queues it if its message is lost). */
  createExportJob(job: ExportJob): Promise<void>;
  getExportJob(exportId: string): Promise<ExportJob | undefined>;
  /**
   * Takes the job for run `runId` for `leaseMs`, from the start (progress reset): when it is queued,
   * or running under a lease that has expired (its run died). Resolves with the job's runs so far,
   * this one included (counted on the job, whatever message carried them); undefined when not taken.
   */
  claimExportJob(exportId: string, runId: string, now: Date, leaseMs: number): Promise<number | undefined>;
  /** Progress of the run; false when the run no longer holds the job. */
  recordExportProgress(
    exportId: string,
    runId: string,
    progress: { daysDone: number; rows: number },
    at: Date,
  ): Promise<boolean>;
  /** Done with its size; false when the run no longer holds the job. */
  completeExportJob(
    exportId: string,
    runId: string,
    result: { rows: number; bytes: number },
    at: Date,
  ): Promise<boolean>;
  /** Gives the job back (queued) after a failure worth retrying, so the retry need not wait for the lease. */
  releaseExportJob(exportId: string, runId: string, at: Date): Promise<void>;
  /** Failed for good, with a reason for the caller; no more runs. */
  failExportJob(exportId: string, runId: string, reason: string, at: Date): Promise<void>;
  /** Records that every export file made by a run begun before `at` is withdrawn (keeps the latest time). */
  recordExportWithdrawal(at: Date): Promise<void>;
  /** The latest withdrawal's time (ISO), if any. */
  lastExportWithdrawal(): Promise<string | undefined>;
}
