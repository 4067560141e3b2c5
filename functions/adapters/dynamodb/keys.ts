/**
 * Key functions of the single table, one per entity, each beside the access patterns it serves.
 * Every item also carries `type`, its entity name. Internal keys never leave the adapter.
 */
import { createHash } from 'node:crypto';
import type { Dimension } from '../../domain/model';
import type { PendingKind } from '../../domain/store';

export type Key = {
  pk: string;
  sk: string;
};

export const keys = {
  /** Get a receipt by interaction id: the repeat of `POST /interactions` answers from it. */
  receipt: (interactionId: string): Key => ({ pk: `INTERACTION#${interactionId}`, sk: 'RECEIPT' }),
  /** Get an invitation by id (survey page, answer, sender). */
  invitation: (invitationId: string): Key => ({ pk: `INV#${invitationId}`, sk: 'INVITATION' }),
  /** Get the latest answer of an invitation (processor); same partition as its invitation. */
  response: (invitationId: string): Key => ({ pk: `INV#${invitationId}`, sk: 'RESPONSE' }),
  /** Get a customer's survey state (last surveyed, opted out). */
  customer: (customerId: string): Key => ({ pk: `CUST#${customerId}`, sk: 'PROFILE' }),
  /** Get the opt-out of a contact; keyed by a hash so the list keeps no address after erasure. */
  optOut: (contact: string): Key => ({ pk: `OPTOUT#${contactHash(contact)}`, sk: 'OPTOUT' }),
  /** Get a case by id. */
  recoveryCase: (caseId: string): Key => ({ pk: `CASE#${caseId}`, sk: 'CASE' }),
  /** Query one dimension's daily counts over a day range: one partition per dimension and month. */
  npsDay: (dimension: Dimension | 'all', day: string, group: string): Key => ({
    pk: npsPartition(dimension, day.slice(0, 7)),
    sk: `${day}#${group}`,
  }),
  /**
   * Query one dimension's invitation-funnel counts over a range of cohort days (the UTC day each
   * invitation was created): one partition per dimension and month, like `npsDay`.
   */
  rateDay: (dimension: Dimension | 'all', day: string, group: string): Key => ({
    pk: ratePartition(dimension, day.slice(0, 7)),
    sk: `${day}#${group}`,
  }),
  /**
   * Query the topic counts of answers submitted over a day range, overall (`all`, group `-`) or of
   * one team: one partition per scope and month; the group leads the sort key, so one team's days
   * are one contiguous range.
   */
  topicDay: (scope: TopicScope, day: string, group: string, topic: string): Key => ({
    pk: topicPartition(scope, day.slice(0, 7)),
    sk: `${group}#${day}#${topic}`,
  }),
  /** Get the SMS conversation of a phone (its newest open SMS invitation); keyed by a hash, no number in keys. */
  smsConversation: (phone: string): Key => ({ pk: `PHONE#${contactHash(phone)}`, sk: 'CONVERSATION' }),
  /** Get an inbound SMS by provider message id: a provider's retry gets the same reply, with no second effect. */
  inboundSms: (provider: string, messageId: string): Key => ({
    pk: `SMSIN#${provider}#${messageId}`,
    sk: 'SMSIN',
  }),
  /** Query the local outbox, oldest first. */
  outbox: (sentAt: string, id: string): Key => ({ pk: 'OUTBOX', sk: `${sentAt}#${id}` }),
  /** Get the alert digest's state (when the last digest went out): one item, claimed conditionally. */
  alertDigest: (): Key => ({ pk: 'ALERTDIGEST', sk: 'STATE' }),
  /**
   * Get (claim conditionally) the leadership digest of one ISO week to one recipient; the address
   * is hashed like opt-outs, so `Ana@Example.com` and `ana@example.com` are one recipient.
   */
  leadershipDigest: (isoWeek: string, recipient: string): Key => ({
    pk: `LEADDIGEST#${isoWeek}`,
    sk: `TO#${contactHash(recipient)}`,
  }),
  /** Get an asynchronous export job by id (status, progress; claimed conditionally by its worker). */
  exportJob: (exportId: string): Key => ({ pk: `EXPORT#${exportId}`, sk: 'EXPORT' }),
  /** Get the time every export file was last withdrawn (erasure): a job whose run began before it has no file. */
  exportWithdrawal: (): Key => ({ pk: 'EXPORTS', sk: 'WITHDRAWN' }),
};

export const npsPartition = (dimension: Dimension | 'all', month: string): string =>
  `NPS#${dimension}#${month}`;

export const ratePartition = (dimension: Dimension | 'all', month: string): string =>
  `RATE#${dimension}#${month}`;

export type TopicScope = 'all' | 'team';
export const topicPartition = (scope: TopicScope, month: string): string => `TOPIC#${scope}#${month}`;

/** GSI byCustomer: every item holding a customer's data, for erasure. */
export const byCustomer = (customerId: string, itemSk: string) => ({
  gsi1pk: `CUST#${customerId}`,
  gsi1sk: itemSk,
});

/** GSI byDay: responses of one UTC submission day, in submission order, for exports. */
export const byDay = (submittedAt: string, invitationId: string) => ({
  gsi2pk: `DAY#${submittedAt.slice(0, 10)}`,
  gsi2sk: `${submittedAt}#${invitationId}`,
});
export const dayPartition = (day: string): string => `DAY#${day}`;

/**
 * GSI byDay, second pattern: cases by UTC creation day, for the recovery report. Its own `CASEDAY#`
 * partitions, so exports (`DAY#`) never see a case. Set when a case is created; cases created before
 * this pattern existed are not in it.
 */
export const byCaseDay = (createdAt: string, caseId: string) => ({
  gsi2pk: `CASEDAY#${createdAt.slice(0, 10)}`,
  gsi2sk: `${createdAt}#${caseId}`,
});
export const caseDayPartition = (day: string): string => `CASEDAY#${day}`;

/** GSI byStatus: cases of one status ordered by due time. */
export const byStatus = (status: string, dueAt: string, caseId: string) => ({
  gsi3pk: `CASES#${status}`,
  gsi3sk: `${dueAt}#${caseId}`,
});
export const statusPartition = (status: string): string => `CASES#${status}`;

/** GSI pendingWork (sparse): work of a kind, by the time it became due; removed when done. */
export const pendingWork = (kind: PendingKind, dueAt: string) => ({
  gsi4pk: `PENDING#${kind}`,
  gsi4sk: dueAt,
});
export const pendingPartition = (kind: PendingKind): string => `PENDING#${kind}`;

/** Normalised (lower-case, no spaces) then hashed, so `Ana@Example.com` and `ana@example.com` match. */
export function contactHash(contact: string): string {
  return createHash('sha256').update(contact.trim().toLowerCase().replaceAll(/\s+/g, '')).digest('hex');
}
