/**
 * The leadership digest's claims on the single table: one item per ISO week and recipient
 * (`keys.leadershipDigest`), written conditionally, so two runs at once cannot both send, and
 * expired by TTL once no run can ask for its week again.
 */
import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadershipDigestClaims } from '../../domain/store';
import { isConditionFailure } from './conditions';
import { keys } from './keys';

/** Claims outlive every run that could still send their week (two days late at most) by far. */
const CLAIM_TTL_SECONDS = 60 * 86_400;

export class DynamoDbDigestClaims implements LeadershipDigestClaims {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claimDigestSend(isoWeek: string, recipient: string, now: Date, leaseMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.leadershipDigest(isoWeek, recipient),
          UpdateExpression: 'SET #type = :type, isoWeek = :week, claimedAt = :now, #ttl = :ttl',
          ConditionExpression:
            'attribute_not_exists(pk) OR (attribute_not_exists(sentAt) AND claimedAt <= :staleBefore)',
          ExpressionAttributeNames: { '#type': 'type', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':type': 'LeadershipDigestSend',
            ':week': isoWeek,
            ':now': now.toISOString(),
            ':staleBefore': new Date(now.getTime() - leaseMs).toISOString(),
            ':ttl': Math.floor(now.getTime() / 1000) + CLAIM_TTL_SECONDS,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markDigestSent(
    isoWeek: string,
    recipient: string,
    at: Date,
    outcome: { messageId: string } | { refused: string },
  ): Promise<void> {
    const [name, value] =
      'messageId' in outcome ? ['messageId', outcome.messageId] : ['refused', outcome.refused];
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.leadershipDigest(isoWeek, recipient),
        UpdateExpression: 'SET sentAt = :at, #outcome = :outcome',
        ExpressionAttributeNames: { '#outcome': name },
        ExpressionAttributeValues: { ':at': at.toISOString(), ':outcome': value },
      }),
    );
  }

  async releaseDigestSend(isoWeek: string, recipient: string, claimedAt: Date): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.leadershipDigest(isoWeek, recipient),
          // Only our own claim, and never a sent one: another run may have taken it over meanwhile.
          ConditionExpression: 'claimedAt = :claimed AND attribute_not_exists(sentAt)',
          ExpressionAttributeValues: { ':claimed': claimedAt.toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
