/**
 * Export jobs in the single table (`EXPORT#<id>`). A run's claim is a conditional update; every
 * later write of the run is conditional on its `runId`, so a run that lost its job (a duplicate
 * message, a redelivery after its lease expired) can change nothing. While a job is queued or
 * running it carries a pending-work marker, due when its message counts as lost (queued) or its
 * lease ends (running), which the sweeper uses to re-queue it.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ExportJob } from '../../domain/export-job';
import type { ExportJobStore } from '../../domain/store';
import { conditional } from './conditions';
import { keys, pendingWork } from './keys';

const INTERNAL = ['pk', 'sk', 'type', 'gsi4pk', 'gsi4sk', 'ttl', 'runId', 'claimedAt', 'updatedAt'];

export class DynamoDbExportJobs implements ExportJobStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async createExportJob(job: ExportJob): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.exportJob(job.exportId),
          type: 'ExportJob',
          ...job,
          ...pendingWork('export', job.createdAt),
          // DynamoDB removes the item some time after this; reads check expiresAt themselves.
          ttl: Math.floor(Date.parse(job.expiresAt) / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getExportJob(exportId: string): Promise<ExportJob | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.exportJob(exportId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const job: Record<string, unknown> = { ...Item };
    for (const name of INTERNAL) delete job[name];
    return job as unknown as ExportJob;
  }

  async claimExportJob(
    exportId: string,
    runId: string,
    now: Date,
    leaseMs: number,
  ): Promise<number | undefined> {
    let attempts: number | undefined;
    const claimed = await conditional(async () => {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.exportJob(exportId),
          UpdateExpression:
            'SET #status = :running, runId = :run, claimedAt = :now, startedAt = :now, updatedAt = :now, daysDone = :zero, #rows = :zero, attempts = if_not_exists(attempts, :zero) + :one, gsi4sk = :leaseEnd REMOVE #bytes, #error',
          ConditionExpression:
            'attribute_exists(pk) AND (#status = :queued OR (#status = :running AND claimedAt < :expired))',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#rows': 'rows',
            '#bytes': 'bytes',
            '#error': 'error',
          },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':queued': 'queued',
            ':run': runId,
            ':now': now.toISOString(),
            ':expired': new Date(now.getTime() - leaseMs).toISOString(),
            ':leaseEnd': new Date(now.getTime() + leaseMs).toISOString(),
            ':zero': 0,
            ':one': 1,
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      attempts = Number(Attributes?.attempts);
    });
    return claimed ? attempts : undefined;
  }

  recordExportProgress(
    exportId: string,
    runId: string,
    progress: { daysDone: number; rows: number },
    at: Date,
  ): Promise<boolean> {
    return this.updateRun(exportId, runId, 'SET daysDone = :days, #rows = :rows, updatedAt = :at', {
      ':days': progress.daysDone,
      ':rows': progress.rows,
      ':at': at.toISOString(),
    });
  }

  completeExportJob(
    exportId: string,
    runId: string,
    result: { rows: number; bytes: number },
    at: Date,
  ): Promise<boolean> {
    return this.updateRun(
      exportId,
      runId,
      'SET #status = :done, daysDone = daysTotal, #rows = :rows, #bytes = :bytes, finishedAt = :at, updatedAt = :at REMOVE gsi4pk, gsi4sk',
      { ':done': 'done', ':rows': result.rows, ':bytes': result.bytes, ':at': at.toISOString() },
    );
  }

  async releaseExportJob(exportId: string, runId: string, at: Date): Promise<void> {
    await this.updateRun(
      exportId,
      runId,
      'SET #status = :queued, updatedAt = :at, gsi4sk = :at REMOVE runId, claimedAt',
      { ':queued': 'queued', ':at': at.toISOString() },
    );
  }

  async failExportJob(exportId: string, runId: string, reason: string, at: Date): Promise<void> {
    await this.updateRun(
      exportId,
      runId,
      'SET #status = :failed, #error = :reason, finishedAt = :at, updatedAt = :at REMOVE gsi4pk, gsi4sk',
      { ':failed': 'failed', ':reason': reason, ':at': at.toISOString() },
    );
  }

  /** One item for all jobs: an erasure writes once, however many jobs there are. */
  async recordExportWithdrawal(at: Date): Promise<void> {
    await conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.exportWithdrawal(),
          UpdateExpression: 'SET #type = :type, withdrawnAt = :at',
          // Two erasures at once: the later time stays.
          ConditionExpression: 'attribute_not_exists(withdrawnAt) OR withdrawnAt < :at',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':type': 'ExportWithdrawal', ':at': at.toISOString() },
        }),
      ),
    );
  }

  async lastExportWithdrawal(): Promise<string | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.exportWithdrawal(), ConsistentRead: true }),
    );
    return typeof Item?.withdrawnAt === 'string' ? Item.withdrawnAt : undefined;
  }

  /** An update of the run holding the job; false when another run (or none) holds it now. */
  private updateRun(
    exportId: string,
    runId: string,
    update: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    return conditional(() =>
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.exportJob(exportId),
          UpdateExpression: update,
          ConditionExpression: 'runId = :run AND #status = :running',
          ExpressionAttributeNames: Object.fromEntries(
            [
              ['#status', 'status'],
              ['#rows', 'rows'],
              ['#bytes', 'bytes'],
              ['#error', 'error'],
            ].filter(([name]) => update.includes(name as string) || name === '#status'),
          ),
          ExpressionAttributeValues: { ...values, ':run': runId, ':running': 'running' },
        }),
      ),
    );
  }
}
