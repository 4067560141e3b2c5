/**
 * Asynchronous export jobs against DynamoDB Local: the conditional claim, a run that lost its job,
 * retries and the last attempt, and the sweeper re-queueing a job whose message was lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbExportJobs } from '../../functions/adapters/dynamodb/export-jobs';
import type { ExportJob } from '../../functions/domain/export-job';
import type { ExportStorage } from '../../functions/domain/ports';
import { createContainer } from '../../functions/platform/container';
import { FAILED_REASON, newExportId, runExport } from '../../functions/use-cases/run-export';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

let rt: TestRuntime;
let jobs: DynamoDbExportJobs;
const now = new Date();
const today = now.toISOString().slice(0, 10);

function queuedJob(createdAt = now): ExportJob {
  return {
    exportId: newExportId(),
    status: 'queued',
    format: 'csv',
    from: today,
    to: today,
    createdAt: createdAt.toISOString(),
    expiresAt: new Date(createdAt.getTime() + 86_400_000).toISOString(),
    daysDone: 0,
    daysTotal: 1,
    rows: 0,
  };
}

const failingStorage: ExportStorage = {
  async write(_file, chunks) {
    for await (const _chunk of chunks) throw new Error('S3 is down');
    throw new Error('S3 is down');
  },
  async downloadUrl() {
    return 'https://unused.example/';
  },
  async withdrawAll() {
    return 0;
  },
};

beforeAll(async () => {
  rt = await startTestRuntime();
  jobs = new DynamoDbExportJobs(createDocumentClient(), rt.tableName);
});
afterAll(async () => {
  await rt?.stop();
});

describe('export job claims', () => {
  it('lets one run hold a job; a second claim fails until the lease has expired, then the first run can change nothing', async () => {
    const job = queuedJob();
    await jobs.createExportJob(job);
    expect(await jobs.claimExportJob(job.exportId, 'run-a', now, 60_000)).toBe(1);
    expect(
      await jobs.claimExportJob(job.exportId, 'run-b', new Date(now.getTime() + 1_000), 60_000),
    ).toBeUndefined();
    expect(await jobs.recordExportProgress(job.exportId, 'run-a', { daysDone: 1, rows: 5 }, now)).toBe(true);

    // run-a died; after its lease, a redelivery takes the job over from the start.
    const later = new Date(now.getTime() + 61_000);
    // The second run of the job: runs are counted on the job.
    expect(await jobs.claimExportJob(job.exportId, 'run-b', later, 60_000)).toBe(2);
    expect((await jobs.getExportJob(job.exportId))?.daysDone).toBe(0);
    expect(await jobs.recordExportProgress(job.exportId, 'run-a', { daysDone: 1, rows: 99 }, later)).toBe(
      false,
    );
    expect(await jobs.completeExportJob(job.exportId, 'run-a', { rows: 99, bytes: 1 }, later)).toBe(false);
    expect(await jobs.completeExportJob(job.exportId, 'run-b', { rows: 5, bytes: 200 }, later)).toBe(true);

    const done = await jobs.getExportJob(job.exportId);
    expect(done).toMatchObject({ status: 'done', rows: 5, bytes: 200, daysDone: 1 });
    expect(done).not.toHaveProperty('runId');
    expect(done).not.toHaveProperty('pk');
    // Finished: no claim takes it again, even with an expired lease.
    expect(
      await jobs.claimExportJob(job.exportId, 'run-c', new Date(now.getTime() + 3_600_000), 1),
    ).toBeUndefined();
  });

  it('gives a failed run back to the queue, and fails the job with a reason on the last attempt', async () => {
    const job = queuedJob();
    await jobs.createExportJob(job);
    const container = createContainer();
    const deps = {
      jobs,
      store: container.store(),
      storage: failingStorage,
      clock: { now: () => new Date() },
      remainingMs: () => 600_000,
    };

    await expect(runExport(deps, job.exportId, { maxAttempts: 2 })).rejects.toThrow('S3 is down');
    expect((await jobs.getExportJob(job.exportId))?.status).toBe('queued');

    expect(await runExport(deps, job.exportId, { maxAttempts: 2 })).toBe('failed');
    const failed = await jobs.getExportJob(job.exportId);
    expect(failed).toMatchObject({ status: 'failed', error: FAILED_REASON, attempts: 2 });
    expect(await runExport(deps, job.exportId, { maxAttempts: 2 })).toBe('skipped');

    const res = await rt.api('GET', `/exports/${job.exportId}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ status: 'failed', error: FAILED_REASON });
    expect(view).not.toHaveProperty('url');
  });
});

describe('runs beyond the allowed attempts', () => {
  it('fail the job without running when the earlier runs died without failing it', async () => {
    const job = queuedJob();
    await jobs.createExportJob(job);
    // Two runs that died (killed, out of memory): their leases expired, nothing marked the job.
    const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    expect(await jobs.claimExportJob(job.exportId, 'run-a', minutesAgo(40), 60_000)).toBe(1);
    expect(await jobs.claimExportJob(job.exportId, 'run-b', minutesAgo(20), 60_000)).toBe(2);
    const deps = {
      jobs,
      store: createContainer().store(),
      storage: failingStorage,
      clock: { now: () => new Date() },
      remainingMs: () => 600_000,
    };

    expect(await runExport(deps, job.exportId, { maxAttempts: 2 })).toBe('failed');
    expect(await jobs.getExportJob(job.exportId)).toMatchObject({
      status: 'failed',
      error: FAILED_REASON,
      attempts: 3,
    });
  });
});

describe('sweeper', () => {
  it('queues again a job whose message was lost, which then completes', async () => {
    // A job stored ten minutes ago whose message never reached the queue.
    const job = queuedJob(new Date(Date.now() - 10 * 60_000));
    await jobs.createExportJob(job);
    const swept = (await rt.invoke('sweeper', {})) as Record<string, number>;
    expect(swept.export).toBeGreaterThanOrEqual(1);
    await rt.settle();
    const res = await rt.api('GET', `/exports/${job.exportId}`);
    const view = (await res.json()) as { status: string; progress: { percent: number }; url?: string };
    expect(view.status).toBe('done');
    expect(view.progress.percent).toBe(100);
    expect((await fetch(view.url ?? '')).status).toBe(200);
  });
});
