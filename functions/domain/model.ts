/**
 * Lifeline's entities. Pure data: no cloud, no I/O.
 */
import type { Topic } from './themes';

export type Channel = 'email' | 'sms';
export type Category = 'promoter' | 'passive' | 'detractor';
export type Sentiment = 'positive' | 'negative' | 'neutral' | 'mixed';

/**
 * Where a comment's analysis stands. `none`: no comment to analyse; `pending`: not analysed yet;
 * `unsupported_language`: the analyzer has no model for the comment's language (a state, not an error).
 */
export type SentimentState = 'none' | 'pending' | 'done' | 'unsupported_language' | 'failed';

/** The dimensions NPS is aggregated by, besides the overall figure. */
export const DIMENSIONS = ['team', 'agent', 'channel', 'product'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Group key used when an interaction has no value for a dimension (agent, team, product are optional). */
export const UNASSIGNED = 'unassigned';

export interface CustomerContact {
  id: string;
  email?: string;
  phone?: string;
  name?: string;
  /** BCP 47 tag, e.g. `es`, `pt-BR`. */
  locale?: string;
  /** IANA zone, e.g. `Europe/Madrid`. */
  timeZone?: string;
}

/** A finished support interaction, as reported by the contact-centre system. */
export interface Interaction {
  interactionId: string;
  channel: Channel;
  customer: CustomerContact;
  agentId?: string;
  teamId?: string;
  product?: string;
  occurredAt: string;
}

export type InvitationStatus = 'sent' | 'scheduled' | 'suppressed';
export type SuppressionReason = 'cooldown' | 'opted_out' | 'sampled_out';
/** Delivery of the invitation message itself, apart from what `POST /interactions` answered. */
export type DeliveryState = 'pending' | 'delivered' | 'skipped' | 'failed';

export interface Invitation {
  invitationId: string;
  interactionId: string;
  customerId: string;
  channel: Channel;
  /** Email address or E.164 phone the invitation goes to; erased with the customer. */
  to?: string;
  customerName?: string;
  locale?: string;
  timeZone?: string;
  agentId?: string;
  teamId?: string;
  product?: string;
  occurredAt: string;
  createdAt: string;
  status: InvitationStatus;
  reason?: SuppressionReason;
  delivery: DeliveryState;
  /** When the message may go out (quiet hours push it later). */
  sendAt: string;
  deliveredAt?: string;
  /** When the single reminder went out. */
  remindedAt?: string;
  expiresAt: string;
  /** Set on a follow-up survey after a resolved case: the case its answer belongs to. */
  followUpOf?: string;
  /**
   * Set by the store when the funnel counters counted this invitation's creation: only then do its
   * delivery and its answer move them (invitations created before the counters existed lack it).
   */
  inFunnel?: boolean;
}

/** The latest answer given for an invitation, with what processing has made of it. */
export interface SurveyResponse {
  invitationId: string;
  interactionId: string;
  customerId: string;
  channel: Channel;
  agentId?: string;
  teamId?: string;
  product?: string;
  locale?: string;
  score: number;
  comment?: string;
  submittedAt: string;
  /** Incremented by every submission; processing is keyed on it. */
  revision: number;
  /** The revision whose score the aggregates currently hold (0: none). */
  countedRevision: number;
  countedScore?: number;
  countedDay?: string;
  sentimentState: SentimentState;
  sentiment?: Sentiment;
  language?: string;
  /** Copied from a follow-up invitation: the answer updates that case and stays out of the NPS. */
  followUpOf?: string;
  /** Copied from the invitation: only such an answer moves the funnel counters. */
  inFunnel?: boolean;
  /** The invitation's `createdAt`: its cohort in the response-rate counters (only with `inFunnel`). */
  invitedAt?: string;
  /** Whether the counted revision had a comment (what the `commented` rate counter holds). */
  countedCommented?: boolean;
  /** Key phrases of the counted comment; comment text, so erased with the customer. */
  keyPhrases?: string[];
  /** Topics of the counted comment (at most MAX_TOPICS_PER_ANSWER). */
  topics?: Topic[];
  /** The topics the topic aggregates hold for this answer (moved from on a re-submission). */
  countedTopics?: Topic[];
}

export type CaseStatus = 'open' | 'contacted' | 'resolved';
export type CaseOutcome = 'recovered' | 'not_recovered' | 'unreachable';

export interface CaseNote {
  at: string;
  status: CaseStatus;
  note?: string;
  assignee?: string;
  outcome?: CaseOutcome;
}

export interface RecoveryCase {
  caseId: string;
  invitationId: string;
  interactionId: string;
  customerId: string;
  score: number;
  comment?: string;
  sentiment?: Sentiment;
  status: CaseStatus;
  createdAt: string;
  dueAt: string;
  agentId?: string;
  teamId?: string;
  product?: string;
  channel: Channel;
  assignee?: string;
  /** The team queue that owns the case until someone takes it (assignee). */
  owner?: string;
  /** `high` for scores 0–3 or a negative comment: first contact due sooner. */
  severity?: 'high' | 'normal';
  outcome?: CaseOutcome;
  customerName?: string;
  customerContact?: string;
  history: CaseNote[];
  /** Set once the care-team alert has gone out; the durable marker that stops a second alert. */
  alertedAt?: string;
  /**
   * Per alert channel (see domain/alerting.ts): when it took the case's alert, or why it refused it
   * for good. A retry after a partial failure skips the channels that have either.
   */
  alertedSnsAt?: string;
  alertedSlackAt?: string;
  alertSnsFailure?: string;
  alertSlackFailure?: string;
  /** The digest that listed this normal-severity case, when alerts are bundled. */
  digestId?: string;
  /** First time the case became contacted (or resolved without a contact first); kept on reopen. */
  firstContactAt?: string;
  /** When the case was resolved; cleared by a reopen. */
  resolvedAt?: string;
  /** Highest escalation level reached (0 or absent: none); raised only by a conditional write. */
  escalationLevel?: number;
  /** When the last escalation level was reached. */
  escalatedAt?: string;
  /**
   * Per alert channel (see domain/escalation.ts): the highest escalation level the channel is done
   * with (it took the alert, or refused it for good), and the last refusal. Raised conditionally.
   */
  escalatedSnsLevel?: number;
  escalatedSlackLevel?: number;
  escalationSnsFailure?: string;
  escalationSlackFailure?: string;
  /** Bumped by every change through the admin API, so two concurrent changes cannot lose one. */
  version?: number;
  /** Latest score of the follow-up survey (`POST /cases/{caseId}/follow-up`), and when it was given. */
  followUpScore?: number;
  followUpAt?: string;
}

/** Counts of one NPS bucket (a day, a group, a period). */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}
