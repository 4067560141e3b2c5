/**
 * The DynamoDB adapter of every storage port, on one table (see table-design.ts and keys.ts).
 * Exactness comes from conditional writes and transactions, never from read-then-write.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { CHANNEL_MARKERS } from '../../domain/alerting';
import { ESCALATION_MARKERS, MAX_ESCALATION_LEVEL } from '../../domain/escalation';
import type { SurveyDecision } from '../../domain/fatigue';
import {
  type Category,
  DIMENSIONS,
  type Dimension,
  type Invitation,
  type NpsCounts,
  type RecoveryCase,
  type SurveyResponse,
  UNASSIGNED,
} from '../../domain/model';
import { addCounts, categorize, countsOf, emptyCounts, utcDay } from '../../domain/nps';
import type { AlertChannelName } from '../../domain/ports';
import { answerDeltas, hasComment, RATE_COUNTERS, type RateCounts } from '../../domain/rates';
import type { Conversation } from '../../domain/sms-conversation';
import type {
  AggregateRow,
  AlertStore,
  AnswerInput,
  CaseStore,
  CountInput,
  CreateInvitationResult,
  CustomerProfile,
  ErasureStore,
  EscalationStore,
  InteractionReceipt,
  InvitationStore,
  PendingKind,
  PendingWorkStore,
  RateRow,
  RateStore,
  RecoveryReportStore,
  ReportStore,
  ResponseStore,
  SmsStepRecord,
  SmsStore,
  ThemeStore,
  TopicRow,
} from '../../domain/store';
import { COMMENTED_ROW, type Topic } from '../../domain/themes';
import { conditional, isConditionFailure } from './conditions';
import {
  byCaseDay,
  byCustomer,
  byDay,
  byStatus,
  caseDayPartition,
  contactHash,
  dayPartition,
  keys,
  npsPartition,
  pendingPartition,
  pendingWork,
  ratePartition,
  statusPartition,
  type TopicScope,
  topicPartition,
} from './keys';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const INTERNAL = [
  'pk',
  'sk',
  'type',
  'gsi1pk',
  'gsi1sk',
  'gsi2pk',
  'gsi2sk',
  'gsi3pk',
  'gsi3sk',
  'gsi4pk',
  'gsi4sk',
];

/** Strips keys and bookkeeping attributes so internal keys never leak to callers. */
function entity<T>(item: Item | undefined, ...extra: string[]): T | undefined {
  if (!item) return undefined;
  const copy: Item = { ...item };
  for (const name of [...INTERNAL, ...extra]) delete copy[name];
  return copy as T;
}

const cancelledAt = (error: unknown, index: number): boolean =>
  error instanceof TransactionCanceledException &&
  error.CancellationReasons?.[index]?.Code === 'ConditionalCheckFailed';

/** Builds `SET a = :a, ...` / `REMOVE b` for the defined and undefined attributes of `values`. */
function setOrRemove(values: Record<string, unknown>, prefix = 'v') {
  const sets: string[] = [];
  const removes: string[] = [];
  const names: Record<string, string> = {};
  const vals: Record<string, unknown> = {};
  Object.entries(values).forEach(([name, value], i) => {
    names[`#${prefix}${i}`] = name;
    if (value === undefined) removes.push(`#${prefix}${i}`);
    else {
      sets.push(`#${prefix}${i} = :${prefix}${i}`);
      vals[`:${prefix}${i}`] = value;
    }
  });
  return { sets, removes, names, values: vals };
}

export class DynamoDbStore
  implements
    InvitationStore,
    ResponseStore,
    ReportStore,
    CaseStore,
    AlertStore,
    EscalationStore,
    ErasureStore,
    PendingWorkStore,
    SmsStore,
    RecoveryReportStore,
    RateStore,
    ThemeStore
{
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  // ---- invitations ----------------------------------------------------------------------------

  async getReceipt(interactionId: string): Promise<InteractionReceipt | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.receipt(interactionId), ConsistentRead: true }),
    );
    return entity<InteractionReceipt>(Item, 'interactionId', 'createdAt');
  }

  async getCustomerProfile(customerId: string, contacts: readonly string[]): Promise<CustomerProfile> {
    const items = await this.batchGetAll([keys.customer(customerId), ...contacts.map((c) => keys.optOut(c))]);
    const profile = items.find((i) => i.type === 'Customer');
    const contactOptedOut = items.some((i) => i.type === 'OptOut');
    return {
      customerId,
      optedOut: contactOptedOut || profile?.optedOut === true,
      lastSurveyedAt: profile?.lastSurveyedAt as string | undefined,
    };
  }

  async createInvitation(
    invitation: Invitation,
    decision: SurveyDecision,
    cooldownCutoff: Date,
  ): Promise<CreateInvitationResult> {
    const receipt: Item = {
      ...keys.receipt(invitation.interactionId),
      type: 'InteractionReceipt',
      interactionId: invitation.interactionId,
      invitationId: invitation.invitationId,
      status: invitation.status,
      reason: invitation.reason,
      createdAt: invitation.createdAt,
    };
    // A follow-up stays out of the funnel; any other invitation is counted below and marked so.
    const inFunnel = !invitation.followUpOf;
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: receipt, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...this.invitationItem(invitation), ...(inFunnel ? { inFunnel: true } : {}) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    // A follow-up survey bypasses the cooldown and leaves it as it was.
    if (decision.status !== 'suppressed' && !invitation.followUpOf) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.customer(invitation.customerId),
          UpdateExpression: 'SET #type = :type, lastSurveyedAt = :now, gsi1pk = :g1pk, gsi1sk = :g1sk',
          ConditionExpression: 'attribute_not_exists(lastSurveyedAt) OR lastSurveyedAt < :cutoff',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'Customer',
            ':now': invitation.createdAt,
            ':cutoff': cooldownCutoff.toISOString(),
            ':g1pk': byCustomer(invitation.customerId, 'PROFILE').gsi1pk,
            ':g1sk': 'PROFILE',
          },
        },
      });
    }
    // Counted in the transaction that creates the invitation (index 2 stays the cooldown's update).
    if (inFunnel) {
      const suppressed = decision.status === 'suppressed' ? 1 : 0;
      items.push(
        ...this.rateMoves(invitation, utcDay(invitation.createdAt), {
          invitations: 1,
          suppressed,
          sent: 1 - suppressed,
        }),
      );
    }
    try {
      await this.transact(items);
      return { outcome: 'created' };
    } catch (error) {
      if (cancelledAt(error, 0)) {
        const existing = await this.getReceipt(invitation.interactionId);
        if (existing) return { outcome: 'duplicate', receipt: existing };
      }
      if (cancelledAt(error, 2)) return { outcome: 'cooldown_taken' };
      throw error;
    }
  }

  private invitationItem(invitation: Invitation): Item {
    return {
      ...keys.invitation(invitation.invitationId),
      type: 'Invitation',
      ...invitation,
      ...byCustomer(invitation.customerId, `INV#${invitation.invitationId}`),
      ...(invitation.delivery === 'pending' ? pendingWork('invitation', invitation.sendAt) : {}),
    };
  }

  async getInvitation(invitationId: string): Promise<Invitation | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.invitation(invitationId), ConsistentRead: true }),
    );
    return entity<Invitation>(Item, 'deliveryClaimedAt', 'messageId', 'failedAt', 'failureReason');
  }

  claimDelivery(invitationId: string, now: Date, leaseMs: number): Promise<boolean> {
    return conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invitation(invitationId),
          UpdateExpression: 'SET deliveryClaimedAt = :now',
          ConditionExpression:
            'delivery = :pending AND (attribute_not_exists(deliveryClaimedAt) OR deliveryClaimedAt < :expired)',
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':pending': 'pending',
            ':expired': new Date(now.getTime() - leaseMs).toISOString(),
          },
        }),
      ),
    );
  }

  markDelivered(invitation: Invitation, at: Date, messageId: string, remindAt?: Date): Promise<boolean> {
    // The pending-work key moves from "to send" to "to remind" (or goes, without reminders).
    const reminder = remindAt ? pendingWork('reminder', remindAt.toISOString()) : undefined;
    return this.settleDelivery(invitation, 'delivered', {
      UpdateExpression: reminder
        ? 'SET delivery = :state, deliveredAt = :at, messageId = :id, gsi4pk = :g4pk, gsi4sk = :g4sk'
        : 'SET delivery = :state, deliveredAt = :at, messageId = :id REMOVE gsi4pk, gsi4sk',
      ExpressionAttributeValues: {
        ':at': at.toISOString(),
        ':id': messageId,
        ...(reminder ? { ':g4pk': reminder.gsi4pk, ':g4sk': reminder.gsi4sk } : {}),
      },
    });
  }

  /**
   * Ends a pending delivery and counts it in the invitation's cohort in one transaction, conditional
   * on the delivery still being pending: a second sender (an expired lease) or a repeated call
   * changes and counts nothing. Only an invitation whose creation the funnel counted (`inFunnel`) is
   * counted, so a cohort never gets deliveries of invitations it does not hold; the condition checks
   * the stored mark, and a copy that disagrees with it is settled again with the stored one.
   */
  private async settleDelivery(
    invitation: Invitation,
    state: 'delivered' | 'failed',
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    retried = false,
  ): Promise<boolean> {
    const counted = invitation.inFunnel === true;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.invitation(invitation.invitationId),
          ...update,
          ConditionExpression: `delivery = :pending AND ${counted ? 'inFunnel = :yes' : 'attribute_not_exists(inFunnel)'}`,
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ':state': state,
            ':pending': 'pending',
            ...(counted ? { ':yes': true } : {}),
          },
        },
      },
      ...(counted ? this.rateMoves(invitation, utcDay(invitation.createdAt), { [state]: 1 }) : []),
    ];
    try {
      await this.transact(items);
      return true;
    } catch (error) {
      if (!cancelledAt(error, 0)) throw error;
      if (retried) return false;
      const stored = await this.getInvitation(invitation.invitationId);
      if (stored?.delivery !== 'pending' || (stored.inFunnel === true) === counted) return false;
      return this.settleDelivery({ ...invitation, inFunnel: stored.inFunnel }, state, update, true);
    }
  }

  /** Takes the one reminder of an invitation; false when it was taken already (at most one reminder). */
  claimReminder(invitationId: string, at: Date): Promise<boolean> {
    return conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invitation(invitationId),
          UpdateExpression: 'SET remindedAt = :at REMOVE gsi4pk, gsi4sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(remindedAt)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      ),
    );
  }

  /** No reminder is needed any more (answered, opted out, expired). */
  async cancelReminder(invitationId: string): Promise<void> {
    await this.db
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.invitation(invitationId),
          UpdateExpression: 'REMOVE gsi4pk, gsi4sk',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  markDeliveryFailed(invitation: Invitation, at: Date, reason: string): Promise<boolean> {
    return this.settleDelivery(invitation, 'failed', {
      UpdateExpression:
        'SET delivery = :state, failedAt = :at, failureReason = :reason REMOVE gsi4pk, gsi4sk',
      ExpressionAttributeValues: { ':at': at.toISOString(), ':reason': reason },
    });
  }

  async optOut(contact: string, customerId?: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.optOut(contact), type: 'OptOut' } }),
    );
    if (customerId) {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.customer(customerId),
          UpdateExpression: 'SET #type = :type, optedOut = :yes, gsi1pk = :g1pk, gsi1sk = :g1sk',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'Customer',
            ':yes': true,
            ...{ ':g1pk': byCustomer(customerId, 'PROFILE').gsi1pk, ':g1sk': 'PROFILE' },
          },
        }),
      );
    }
  }

  // ---- responses ------------------------------------------------------------------------------

  async saveAnswer(answer: AnswerInput): Promise<{ revision: number }> {
    const { Attributes } = await this.db.send(
      new UpdateCommand({ ...this.answerUpdate(answer), ReturnValues: 'UPDATED_NEW' }),
    );
    return { revision: Number(Attributes?.revision) };
  }

  /** The update storing an answer as the invitation's latest, with a new revision to count. */
  private answerUpdate(answer: AnswerInput) {
    const { invitation } = answer;
    const submittedAt = answer.submittedAt.toISOString();
    const update = setOrRemove({
      type: 'Response',
      invitationId: invitation.invitationId,
      interactionId: invitation.interactionId,
      customerId: invitation.customerId,
      channel: invitation.channel,
      agentId: invitation.agentId,
      teamId: invitation.teamId,
      product: invitation.product,
      locale: invitation.locale,
      followUpOf: invitation.followUpOf,
      // Only an invitation the funnel counted gives its answer a cohort there.
      inFunnel: invitation.inFunnel,
      invitedAt: invitation.inFunnel ? invitation.createdAt : undefined,
      score: answer.score,
      comment: answer.comment,
      submittedAt,
      sentimentState: answer.comment ? 'pending' : 'none',
      sentiment: undefined,
      language: undefined,
      ...byCustomer(invitation.customerId, `RESP#${invitation.invitationId}`),
      ...byDay(submittedAt, invitation.invitationId),
      ...pendingWork('response', submittedAt),
    });
    return {
      TableName: this.tableName,
      Key: keys.response(invitation.invitationId),
      UpdateExpression: [
        `SET ${[...update.sets, 'countedRevision = if_not_exists(countedRevision, :zero)'].join(', ')}`,
        'ADD revision :one',
        update.removes.length ? `REMOVE ${update.removes.join(', ')}` : '',
      ].join(' '),
      ExpressionAttributeNames: update.names,
      ExpressionAttributeValues: { ...update.values, ':one': 1, ':zero': 0 },
    };
  }

  // ---- SMS conversations ----------------------------------------------------------------------

  async openConversation(phone: string, conversation: Conversation): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.smsConversation(phone),
          type: 'SmsConversation',
          ...conversation,
          ...byCustomer(conversation.customerId, `CONV#${contactHash(phone)}`),
        },
      }),
    );
  }

  async getConversation(phone: string): Promise<Conversation | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.smsConversation(phone), ConsistentRead: true }),
    );
    return entity<Conversation>(Item, 'ttl');
  }

  async getInboundReply(provider: string, messageId: string): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.inboundSms(provider, messageId),
        ConsistentRead: true,
      }),
    );
    return Item?.reply as string | undefined;
  }

  async recordSmsStep(step: SmsStepRecord): Promise<'applied' | 'duplicate'> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.inboundSms(step.provider, step.messageId),
            type: 'InboundSms',
            reply: step.reply,
            receivedAt: step.receivedAt.toISOString(),
            // Provider retries come within hours; a month is plenty.
            ttl: Math.floor(step.receivedAt.getTime() / 1000) + 30 * 86_400,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (step.conversation) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.smsConversation(step.phone),
          UpdateExpression: 'SET #state = :state, score = :score',
          // The newest invitation may have replaced the conversation meanwhile: then retry.
          ConditionExpression: 'invitationId = :invitation',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': step.conversation.state,
            ':score': step.conversation.score,
            ':invitation': step.conversation.invitationId,
          },
        },
      });
    }
    if (step.answer) items.push({ Update: this.answerUpdate(step.answer) });
    if (step.optOut === 'out') {
      items.push({
        Put: { TableName: this.tableName, Item: { ...keys.optOut(step.phone), type: 'OptOut' } },
      });
    } else if (step.optOut === 'in') {
      items.push({ Delete: { TableName: this.tableName, Key: keys.optOut(step.phone) } });
    }
    try {
      await this.transact(items);
      return 'applied';
    } catch (error) {
      if (cancelledAt(error, 0)) return 'duplicate';
      throw error;
    }
  }

  async removeOptOut(contact: string): Promise<void> {
    await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: keys.optOut(contact) }));
  }

  async getResponses(invitationIds: readonly string[]): Promise<SurveyResponse[]> {
    const items = await this.batchGetAll(invitationIds.map((id) => keys.response(id)));
    return items.map((item) => entity<SurveyResponse>(item) as SurveyResponse);
  }

  async countResponse(input: CountInput): Promise<boolean> {
    const { response, analysis } = input;
    const day = utcDay(response.submittedAt);
    // Only answers to invitations the funnel counted move it, and only if every earlier count of
    // the answer did: one counted before the counters existed has no `countedCommented`, and taking
    // its recount for a first count would add `answered` twice.
    const rated =
      !response.followUpOf &&
      response.inFunnel === true &&
      response.invitedAt !== undefined &&
      !(response.countedRevision > 0 && response.countedCommented === undefined);
    const commented = hasComment(response.comment);
    const update = setOrRemove({
      countedScore: response.score,
      countedDay: day,
      countedAt: input.countedAt.toISOString(),
      sentimentState: analysis.state,
      sentiment: analysis.sentiment,
      language: analysis.language,
      ...(rated ? { countedCommented: commented } : {}),
      // Comment text (erased with the customer) and its topics; absent without a comment.
      keyPhrases: input.themes?.keyPhrases,
      topics: input.themes?.topics,
      countedTopics: response.followUpOf ? undefined : input.themes?.topics,
    });
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.response(response.invitationId),
          UpdateExpression: `SET ${[...update.sets, 'countedRevision = :rev'].join(', ')} REMOVE ${[
            ...update.removes,
            'gsi4pk',
            'gsi4sk',
          ].join(', ')}`,
          // Only the revision read is counted, and only once; a newer answer has its own message.
          ConditionExpression: 'revision = :rev AND countedRevision < :rev',
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: { ...update.values, ':rev': response.revision },
        },
      },
      // A follow-up answer measures the recovery, not the first contact: it stays out of the NPS.
      ...(response.followUpOf ? [] : this.aggregateMoves(response, day)),
      ...(rated ? this.answerRateMoves(response, commented) : []),
      ...(response.followUpOf ? [] : this.topicMoves(response, day, input.themes?.topics ?? [])),
    ];
    // Far below DynamoDB's 100 items: 1 (response) + 10 (NPS: 5 groups × 2 days) + 5 (funnel) + 20
    // (topics: 2 scopes × 2 days × (4 topics + the commented row)) + 1 (case or follow-up) = 37 at
    // most; in fact 32, as the funnel moves only when the comment comes or goes, and then one side of
    // the topic move is empty (test/integration/count-transaction.test.ts).
    if (input.recoveryCase) items.push(this.casePut(input.recoveryCase.item, input.recoveryCase.isNew));
    if (input.followUp) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.recoveryCase(input.followUp.caseId),
          UpdateExpression: 'SET followUpScore = :score, followUpAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':score': input.followUp.score, ':at': input.followUp.at },
        },
      });
    }
    try {
      await this.transact(items);
      return true;
    } catch (error) {
      if (cancelledAt(error, 0)) return false;
      throw error;
    }
  }

  /**
   * The answer's `answered` / `commented` in its invitation's cohort, per dimension. `countedCommented`
   * is present exactly when the rate counters hold the answer, so it tells a first count from a recount.
   */
  private answerRateMoves(response: SurveyResponse, commented: boolean): TransactItem[] {
    const deltas = answerDeltas(
      { counted: response.countedCommented !== undefined, commented: response.countedCommented === true },
      commented,
    );
    return this.rateMoves(response, utcDay(response.invitedAt ?? ''), deltas);
  }

  /**
   * ADD updates of the funnel counters of one invitation's cohort day: overall and per dimension
   * (five items). Counters that do not change are left out; nothing at all when none changes.
   */
  private rateMoves(source: GroupSource, day: string, counts: Partial<RateCounts>): TransactItem[] {
    const changed = RATE_COUNTERS.filter((counter) => (counts[counter] ?? 0) !== 0);
    if (changed.length === 0) return [];
    const groups: [Dimension | 'all', string][] = [
      ['all', '-'],
      ...DIMENSIONS.map((dimension): [Dimension, string] => [dimension, groupOf(source, dimension)]),
    ];
    return groups.map(([dimension, group]) => ({
      Update: {
        TableName: this.tableName,
        Key: keys.rateDay(dimension, day, group),
        UpdateExpression: `SET #type = :type, #dim = :dim, #grp = :grp, #day = :day ADD ${changed
          .map((_, i) => `#c${i} :c${i}`)
          .join(', ')}`,
        ExpressionAttributeNames: {
          '#type': 'type',
          '#dim': 'dimension',
          '#grp': 'group',
          '#day': 'day',
          ...Object.fromEntries(changed.map((counter, i) => [`#c${i}`, counter])),
        },
        ExpressionAttributeValues: {
          ':type': 'RateDay',
          ':dim': dimension,
          ':grp': group,
          ':day': day,
          ...Object.fromEntries(changed.map((counter, i) => [`:c${i}`, counts[counter]])),
        },
      },
    }));
  }

  /**
   * ADD updates moving one commented answer from its previously counted (day, category, topics) to
   * its new ones, overall and for its team; a topic on both sides of the same day nets to one item
   * (a transaction may not touch an item twice) or to none when nothing changes.
   */
  private topicMoves(response: SurveyResponse, day: string, topics: readonly Topic[]): TransactItem[] {
    const sides: { day: string; category: Category; topics: readonly string[]; sign: 1 | -1 }[] = [];
    if (response.countedRevision > 0 && response.countedScore !== undefined && response.countedDay) {
      const before = response.countedTopics ?? [];
      if (before.length > 0)
        sides.push({
          day: response.countedDay,
          category: categorize(response.countedScore),
          topics: [...before, COMMENTED_ROW],
          sign: -1,
        });
    }
    if (topics.length > 0)
      sides.push({ day, category: categorize(response.score), topics: [...topics, COMMENTED_ROW], sign: 1 });
    const scopes: [TopicScope, string][] = [
      ['all', '-'],
      ['team', response.teamId ?? UNASSIGNED],
    ];
    const moves: TransactItem[] = [];
    for (const [scope, group] of scopes) {
      const deltas = new Map<string, { day: string; topic: string; counts: NpsCounts }>();
      for (const side of sides) {
        for (const topic of side.topics) {
          const key = `${side.day}#${topic}`;
          const entry = deltas.get(key) ?? { day: side.day, topic, counts: emptyCounts() };
          addCounts(entry.counts, countsOf(side.category, side.sign));
          deltas.set(key, entry);
        }
      }
      for (const { day: d, topic, counts } of deltas.values()) {
        if (counts.promoters === 0 && counts.passives === 0 && counts.detractors === 0) continue;
        moves.push({
          Update: {
            TableName: this.tableName,
            Key: keys.topicDay(scope, d, group, topic),
            UpdateExpression:
              'SET #type = :type, #scope = :scope, #grp = :grp, #day = :day, #topic = :topic ADD promoters :p, passives :a, detractors :d',
            ExpressionAttributeNames: {
              '#type': 'type',
              '#scope': 'scope',
              '#grp': 'group',
              '#day': 'day',
              '#topic': 'topic',
            },
            ExpressionAttributeValues: {
              ':type': 'TopicDay',
              ':scope': scope,
              ':grp': group,
              ':day': d,
              ':topic': topic,
              ':p': counts.promoters,
              ':a': counts.passives,
              ':d': counts.detractors,
            },
          },
        });
      }
    }
    return moves;
  }

  /** ADD updates moving one answer from its previously counted bucket to its new one, per dimension. */
  private aggregateMoves(response: SurveyResponse, day: string): TransactItem[] {
    const groups: [Dimension | 'all', string][] = [
      ['all', '-'],
      ...DIMENSIONS.map((dimension): [Dimension, string] => [dimension, groupOf(response, dimension)]),
    ];
    const moves: TransactItem[] = [];
    const previous =
      response.countedRevision > 0 && response.countedScore !== undefined && response.countedDay
        ? { category: categorize(response.countedScore), day: response.countedDay }
        : undefined;
    const next = { category: categorize(response.score), day };
    if (previous && previous.category === next.category && previous.day === next.day) return moves;
    for (const [dimension, group] of groups) {
      const deltas = new Map<string, Record<string, number>>();
      const add = (d: string, counts: Record<string, number>) => {
        const into = deltas.get(d) ?? { promoters: 0, passives: 0, detractors: 0 };
        for (const [k, v] of Object.entries(counts)) into[k] = (into[k] ?? 0) + v;
        deltas.set(d, into);
      };
      if (previous) add(previous.day, { ...countsOf(previous.category, -1) });
      add(next.day, { ...countsOf(next.category, 1) });
      for (const [d, counts] of deltas) {
        moves.push({
          Update: {
            TableName: this.tableName,
            Key: keys.npsDay(dimension, d, group),
            UpdateExpression:
              'SET #type = :type, #dim = :dim, #grp = :grp, #day = :day ADD promoters :p, passives :a, detractors :d',
            ExpressionAttributeNames: {
              '#type': 'type',
              '#dim': 'dimension',
              '#grp': 'group',
              '#day': 'day',
            },
            ExpressionAttributeValues: {
              ':type': 'NpsDay',
              ':dim': dimension,
              ':grp': group,
              ':day': d,
              ':p': counts.promoters ?? 0,
              ':a': counts.passives ?? 0,
              ':d': counts.detractors ?? 0,
            },
          },
        });
      }
    }
    return moves;
  }

  private caseItem(c: RecoveryCase): Item {
    return {
      ...keys.recoveryCase(c.caseId),
      type: 'Case',
      ...c,
      ...byCustomer(c.customerId, `CASE#${c.caseId}`),
      ...byStatus(c.status, c.dueAt, c.caseId),
      ...byCaseDay(c.createdAt, c.caseId),
      ...(c.alertedAt ? {} : pendingWork('alert', c.createdAt)),
    };
  }

  private casePut(c: RecoveryCase, isNew: boolean): TransactItem {
    if (isNew) {
      return {
        Put: {
          TableName: this.tableName,
          Item: this.caseItem(c),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      };
    }
    const update = setOrRemove({ score: c.score, comment: c.comment, sentiment: c.sentiment });
    return {
      Update: {
        TableName: this.tableName,
        Key: keys.recoveryCase(c.caseId),
        UpdateExpression: [
          update.sets.length ? `SET ${update.sets.join(', ')}` : '',
          update.removes.length ? `REMOVE ${update.removes.join(', ')}` : '',
        ].join(' '),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: update.names,
        ExpressionAttributeValues: Object.keys(update.values).length ? update.values : undefined,
      },
    };
  }

  // ---- reports --------------------------------------------------------------------------------

  async readAggregates(dimension: Dimension | 'all', from: string, to: string): Promise<AggregateRow[]> {
    const items = await this.readMonthly((month) => npsPartition(dimension, month), from, to);
    return items.map((item) => ({
      day: String(item.day),
      group: String(item.group),
      promoters: Number(item.promoters ?? 0),
      passives: Number(item.passives ?? 0),
      detractors: Number(item.detractors ?? 0),
    }));
  }

  async readRates(dimension: Dimension | 'all', from: string, to: string): Promise<RateRow[]> {
    const items = await this.readMonthly((month) => ratePartition(dimension, month), from, to);
    return items.map((item) => ({
      day: String(item.day),
      group: String(item.group),
      ...Object.fromEntries(RATE_COUNTERS.map((counter) => [counter, Number(item[counter] ?? 0)])),
    })) as RateRow[];
  }

  /**
   * Items of monthly partitions (one query per month, in parallel) whose sort key starts with a day
   * of `from`..`to`, or, in partitions that hold every group, with `<group>#` and such a day.
   */
  private async readMonthly(
    partitionOf: (month: string) => string,
    from: string,
    to: string,
    group?: string,
  ): Promise<Item[]> {
    // One group's days are one contiguous range of its partition: `<group>#<day>#...`.
    const prefix = group === undefined ? '' : `${group}#`;
    const months: string[] = [];
    for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) months.push(month);
    const pages = await Promise.all(
      months.map((month) =>
        this.queryAll({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': partitionOf(month),
            ':from': `${prefix}${from}#`,
            ':to': `${prefix}${to}#\u{10FFFF}`,
            ...(group === undefined ? {} : { ':grp': group }),
          },
          // A group may itself contain `#`: the exact group is checked too.
          ...(group === undefined
            ? {}
            : { FilterExpression: '#grp = :grp', ExpressionAttributeNames: { '#grp': 'group' } }),
        }),
      ),
    );
    return pages.flat();
  }

  async readTopics(from: string, to: string, teamId?: string): Promise<TopicRow[]> {
    const scope: TopicScope = teamId === undefined ? 'all' : 'team';
    const items = await this.readMonthly((month) => topicPartition(scope, month), from, to, teamId ?? '-');
    return items
      .filter((item) => String(item.day) >= from && String(item.day) <= to)
      .map((item) => ({
        day: String(item.day),
        topic: String(item.topic) as TopicRow['topic'],
        promoters: Number(item.promoters ?? 0),
        passives: Number(item.passives ?? 0),
        detractors: Number(item.detractors ?? 0),
      }));
  }

  async *recentResponsesOfDay(day: string): AsyncIterable<SurveyResponse[]> {
    yield* this.pages(
      {
        TableName: this.tableName,
        IndexName: 'byDay',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': dayPartition(day) },
        ScanIndexForward: false,
        Limit: 500,
      },
      (item) => entity<SurveyResponse>(item) as SurveyResponse,
    );
  }

  async *responsesOfDay(day: string): AsyncIterable<SurveyResponse[]> {
    yield* this.pages(
      {
        TableName: this.tableName,
        IndexName: 'byDay',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': dayPartition(day) },
        Limit: 1000,
      },
      (item) => entity<SurveyResponse>(item) as SurveyResponse,
    );
  }

  // ---- cases ----------------------------------------------------------------------------------

  async getCase(caseId: string): Promise<RecoveryCase | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.recoveryCase(caseId), ConsistentRead: true }),
    );
    return entity<RecoveryCase>(Item, 'alertClaimedAt');
  }

  async listCases(status: RecoveryCase['status']): Promise<RecoveryCase[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'byStatus',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': statusPartition(status) },
    });
    return items.map((item) => entity<RecoveryCase>(item, 'alertClaimedAt') as RecoveryCase);
  }

  async casesCreatedOn(day: string): Promise<RecoveryCase[]> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'byDay',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': caseDayPartition(day) },
    });
    return items.map((item) => entity<RecoveryCase>(item, 'alertClaimedAt') as RecoveryCase);
  }

  saveCase(next: RecoveryCase, expectedVersion: number | undefined): Promise<boolean> {
    const update = setOrRemove({
      version: next.version,
      status: next.status,
      assignee: next.assignee,
      outcome: next.outcome,
      firstContactAt: next.firstContactAt,
      resolvedAt: next.resolvedAt,
      history: next.history,
      ...byStatus(next.status, next.dueAt, next.caseId),
    });
    return conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCase(next.caseId),
          UpdateExpression: [
            `SET ${update.sets.join(', ')}`,
            update.removes.length ? `REMOVE ${update.removes.join(', ')}` : '',
          ].join(' '),
          ConditionExpression:
            expectedVersion === undefined
              ? 'attribute_exists(pk) AND attribute_not_exists(#ver)'
              : '#ver = :expected',
          ExpressionAttributeNames: { ...update.names, '#ver': 'version' },
          ExpressionAttributeValues: {
            ...update.values,
            ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
          },
        }),
      ),
    );
  }

  claimAlert(caseId: string, now: Date, leaseMs: number, digestId?: string): Promise<boolean> {
    return conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCase(caseId),
          UpdateExpression: digestId
            ? 'SET alertClaimedAt = :now, digestId = :digest'
            : 'SET alertClaimedAt = :now',
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(alertedAt) AND (attribute_not_exists(alertClaimedAt) OR alertClaimedAt < :expired)',
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':expired': new Date(now.getTime() - leaseMs).toISOString(),
            ...(digestId ? { ':digest': digestId } : {}),
          },
        }),
      ),
    );
  }

  async markAlerted(caseId: string, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.recoveryCase(caseId),
        UpdateExpression: 'SET alertedAt = :at REMOVE gsi4pk, gsi4sk',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }

  // ---- alert channels and digests -------------------------------------------------------------

  async releaseAlert(caseId: string, claimedAt: Date): Promise<void> {
    // Conditional: only our own lease is given back, never one a later sender took.
    await conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCase(caseId),
          UpdateExpression: 'REMOVE alertClaimedAt',
          ConditionExpression: 'alertClaimedAt = :claimed',
          ExpressionAttributeValues: { ':claimed': claimedAt.toISOString() },
        }),
      ),
    );
  }

  async markChannelAlerted(
    caseId: string,
    channel: AlertChannelName,
    at: Date,
    failure?: string,
  ): Promise<void> {
    const markers = CHANNEL_MARKERS[channel];
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.recoveryCase(caseId),
        UpdateExpression: 'SET #marker = :value',
        ExpressionAttributeNames: { '#marker': failure === undefined ? markers.sentAt : markers.failure },
        ExpressionAttributeValues: {
          ':value': failure === undefined ? at.toISOString() : `${at.toISOString()} ${failure}`,
        },
      }),
    );
  }

  async *unalertedCases(createdBefore: Date): AsyncIterable<RecoveryCase[]> {
    // The pendingWork key of a case is `PENDING#alert` / createdAt until markAlerted removes it.
    yield* this.pages(
      {
        TableName: this.tableName,
        IndexName: 'pendingWork',
        KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk <= :created',
        ExpressionAttributeValues: {
          ':pk': pendingPartition('alert'),
          ':created': createdBefore.toISOString(),
        },
        Limit: 100,
      },
      (item) => entity<RecoveryCase>(item, 'alertClaimedAt') as RecoveryCase,
    );
  }

  async claimDigestWindow(now: Date, intervalMs: number): Promise<{ claimed: boolean; previous?: string }> {
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.alertDigest(),
          UpdateExpression: 'SET #type = :type, lastDigestAt = :now',
          ConditionExpression: 'attribute_not_exists(lastDigestAt) OR lastDigestAt <= :since',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'AlertDigest',
            ':now': now.toISOString(),
            ':since': new Date(now.getTime() - intervalMs).toISOString(),
          },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      return { claimed: true, previous: Attributes?.lastDigestAt as string | undefined };
    } catch (error) {
      if (isConditionFailure(error)) return { claimed: false };
      throw error;
    }
  }

  async releaseDigestWindow(claimedAt: Date, previous: string | undefined): Promise<void> {
    await conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.alertDigest(),
          UpdateExpression: previous ? 'SET lastDigestAt = :previous' : 'REMOVE lastDigestAt',
          ConditionExpression: 'lastDigestAt = :claimed',
          ExpressionAttributeValues: {
            ':claimed': claimedAt.toISOString(),
            ...(previous ? { ':previous': previous } : {}),
          },
        }),
      ),
    );
  }

  // ---- escalation -----------------------------------------------------------------------------

  async *overdueCases(now: Date): AsyncIterable<RecoveryCase[]> {
    yield* this.pages(
      {
        TableName: this.tableName,
        IndexName: 'byStatus',
        // The sort key is `<dueAt>#<caseId>`: everything due up to and including `now`.
        KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :due',
        FilterExpression:
          'attribute_not_exists(firstContactAt) AND (attribute_not_exists(escalationLevel) OR escalationLevel < :max)',
        ExpressionAttributeValues: {
          ':pk': statusPartition('open'),
          ':due': `${now.toISOString()}#\u{10FFFF}`,
          ':max': MAX_ESCALATION_LEVEL,
        },
        Limit: 100,
      },
      (item) => entity<RecoveryCase>(item, 'alertClaimedAt') as RecoveryCase,
    );
  }

  async claimEscalation(caseId: string, level: number, at: Date): Promise<RecoveryCase | undefined> {
    try {
      // ALL_OLD: the case as the claim found it, so the channel markers the run goes by are the
      // ones written by the run that held the level before (never a stale page of the query).
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCase(caseId),
          UpdateExpression: 'SET escalationLevel = :level, escalatedAt = :at',
          ConditionExpression:
            'attribute_exists(pk) AND #status = :open AND attribute_not_exists(firstContactAt) AND (attribute_not_exists(escalationLevel) OR escalationLevel < :level)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':level': level, ':at': at.toISOString(), ':open': 'open' },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return entity<RecoveryCase>(Attributes, 'alertClaimedAt');
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async markEscalationChannel(
    caseId: string,
    channel: AlertChannelName,
    level: number,
    at: Date,
    failure?: string,
  ): Promise<void> {
    const markers = ESCALATION_MARKERS[channel];
    // Conditional: a marker only ever rises, so a late write cannot undo a higher level's.
    await conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCase(caseId),
          UpdateExpression:
            failure === undefined ? 'SET #level = :level' : 'SET #level = :level, #failure = :failure',
          ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#level) OR #level < :level)',
          ExpressionAttributeNames: {
            '#level': markers.level,
            ...(failure === undefined ? {} : { '#failure': markers.failure }),
          },
          ExpressionAttributeValues: {
            ':level': level,
            ...(failure === undefined ? {} : { ':failure': `level ${level} ${at.toISOString()} ${failure}` }),
          },
        }),
      ),
    );
  }

  async releaseEscalation(caseId: string, level: number, previousLevel: number): Promise<void> {
    // Conditional: only the claim this run took is given back, never a level another run reached.
    await conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.recoveryCase(caseId),
          UpdateExpression:
            previousLevel > 0 ? 'SET escalationLevel = :previous' : 'REMOVE escalationLevel, escalatedAt',
          ConditionExpression: 'escalationLevel = :level',
          ExpressionAttributeValues: {
            ':level': level,
            ...(previousLevel > 0 ? { ':previous': previousLevel } : {}),
          },
        }),
      ),
    );
  }

  // ---- erasure --------------------------------------------------------------------------------

  async eraseCustomer(customerId: string, at: Date): Promise<number> {
    const items = await this.queryAll({
      TableName: this.tableName,
      IndexName: 'byCustomer',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': byCustomer(customerId, '').gsi1pk },
    });
    let changed = 0;
    for (const item of items) {
      const erase = ERASE[String(item.type)];
      if (!erase) continue;
      const update = setOrRemove(erase(item, at.toISOString()));
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: [
            update.sets.length ? `SET ${update.sets.join(', ')}` : '',
            update.removes.length ? `REMOVE ${update.removes.join(', ')}` : '',
          ].join(' '),
          ExpressionAttributeNames: update.names,
          ExpressionAttributeValues: Object.keys(update.values).length ? update.values : undefined,
        }),
      );
      changed++;
    }
    // The profile may not exist (never surveyed): record the erasure anyway.
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.customer(customerId),
        UpdateExpression: 'SET #type = :type, erasedAt = :at',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'Customer', ':at': at.toISOString() },
      }),
    );
    return changed;
  }

  // ---- pending work ---------------------------------------------------------------------------

  async *pendingWork(kind: PendingKind, dueBefore: Date): AsyncIterable<string[]> {
    const idField = kind === 'alert' ? 'caseId' : kind === 'export' ? 'exportId' : 'invitationId';
    yield* this.pages(
      {
        TableName: this.tableName,
        IndexName: 'pendingWork',
        KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk <= :due',
        ExpressionAttributeValues: { ':pk': pendingPartition(kind), ':due': dueBefore.toISOString() },
        Limit: 100,
      },
      (item) => String(item[idField]),
    );
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Strongly consistent BatchGet of any number of keys, retrying what DynamoDB left unprocessed. */
  private async batchGetAll(wanted: readonly Item[]): Promise<Item[]> {
    const found: Item[] = [];
    for (let i = 0; i < wanted.length; i += 100) {
      let request: Record<string, { Keys: Item[]; ConsistentRead: boolean }> | undefined = {
        [this.tableName]: { Keys: wanted.slice(i, i + 100), ConsistentRead: true },
      };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 0) await backoff(attempt);
        const out = await this.db.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[this.tableName] ?? []));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  /**
   * TransactWriteItems, retried while DynamoDB cancels it for a conflict with another transaction
   * on the same items (the shared daily counters make that common under load). A cancellation for
   * a failed condition is the caller's answer and is not retried.
   */
  private async transact(items: TransactItem[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        const conflict =
          error instanceof TransactionCanceledException &&
          !error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed') &&
          error.CancellationReasons?.some((r) => r.Code === 'TransactionConflict');
        const retryable =
          conflict || (error instanceof Error && error.name === 'TransactionInProgressException');
        if (!retryable || attempt >= MAX_TRANSACTION_ATTEMPTS - 1) throw error;
        await backoff(attempt + 1);
      }
    }
  }

  private async *pages<T>(input: QueryCommandInput, map: (item: Item) => T): AsyncIterable<T[]> {
    let start: Item | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      yield (out.Items ?? []).map(map);
      start = out.LastEvaluatedKey;
    } while (start);
  }

  private async queryAll(input: QueryCommandInput): Promise<Item[]> {
    const all: Item[] = [];
    for await (const page of this.pages(input, (item) => item)) all.push(...page);
    return all;
  }
}

const MAX_TRANSACTION_ATTEMPTS = 8;

/** Full-jitter exponential backoff: up to 25 ms, 50 ms, 100 ms, ... capped at 1 s. */
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1000, 25 * 2 ** (attempt - 1))));

/** What erasure removes from each entity type; NPS counts and ids stay. */
const ERASE: Record<string, (item: Item, at: string) => Record<string, unknown>> = {
  Invitation: (item) => ({
    to: undefined,
    customerName: undefined,
    // An unsent invitation has no one to go to any more.
    ...(item.delivery === 'pending' ? { delivery: 'skipped', gsi4pk: undefined, gsi4sk: undefined } : {}),
  }),
  // Key phrases are pieces of the comment; its topics (labels, not text) stay with the counts.
  Response: () => ({ comment: undefined, keyPhrases: undefined }),
  Case: (item) => ({
    comment: undefined,
    customerName: undefined,
    customerContact: undefined,
    history: Array.isArray(item.history)
      ? item.history.map((entry: Item) => ({ ...entry, note: undefined }))
      : undefined,
  }),
  OutboxMessage: () => ({
    to: '[erased]',
    subject: undefined,
    body: '[erased]',
    html: undefined,
    headers: undefined,
    blocks: undefined,
  }),
  Customer: (_item, at) => ({ erasedAt: at }),
};

/** What an answer or an invitation is grouped by. */
type GroupSource = Pick<SurveyResponse, 'teamId' | 'agentId' | 'product' | 'channel'>;

function groupOf(response: GroupSource, dimension: Dimension): string {
  switch (dimension) {
    case 'team':
      return response.teamId ?? UNASSIGNED;
    case 'agent':
      return response.agentId ?? UNASSIGNED;
    case 'product':
      return response.product ?? UNASSIGNED;
    case 'channel':
      return response.channel;
  }
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}
