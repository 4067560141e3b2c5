/**
 * Retries of a failing asynchronous export, end to end in the local runtime: a failed run gives the
 * job back, the sweeper queues it again in a new message (receive count 1 again), and the job fails
 * for good after `maxReceiveCount` runs, counted on the job. Its own runtime: the failed messages
 * stay in flight for the queue's visibility timeout, so this runtime's queues are never idle again.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbExportJobs } from '../../functions/adapters/dynamodb/export-jobs';
import { FAILED_REASON } from '../../functions/use-cases/run-export';
import { queues } from '../../functions/wiring';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

let rt: TestRuntime;
let jobs: DynamoDbExportJobs;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  rt = await startTestRuntime();
  jobs = new DynamoDbExportJobs(createDocumentClient(), rt.tableName);
});
afterAll(async () => {
  await rt?.stop();
});

describe('a failing export', () => {
  it('is queued again by the sweeper after each failed run and fails for good after maxReceiveCount runs', async () => {
    // Prepare: the export files' directory is a plain file, so every write of the worker fails.
    const exportsDir = join(rt.dataDir, 'exports');
    rmSync(exportsDir, { recursive: true, force: true });
    writeFileSync(exportsDir, 'not a directory');
    const maxRuns = queues.exports.maxReceiveCount;

    // Act: the job's own message, then one new message from the sweeper after each failed run.
    const started = await rt.api('POST', '/exports', { body: { from: today, to: today, format: 'csv' } });
    expect(started.status).toBe(202);
    const { exportId } = (await started.json()) as { exportId: string };
    for (let run = 1; run <= maxRuns; run++) {
      if (run > 1) {
        const swept = (await rt.invoke('sweeper', { graceMs: 0 })) as Record<string, number>;
        expect(swept.export).toBe(1);
      }
      // Assess: each run is counted on the job, though every message was received once only.
      const expected = { status: run < maxRuns ? 'queued' : 'failed', attempts: run };
      await expect
        .poll(
          async () => {
            const job = await jobs.getExportJob(exportId);
            return { status: job?.status, attempts: job?.attempts };
          },
          { timeout: 60_000 },
        )
        .toEqual(expected);
    }

    const res = await rt.api('GET', `/exports/${exportId}`);
    const view = (await res.json()) as Record<string, unknown>;
    expect(view).toMatchObject({ status: 'failed', error: FAILED_REASON });
    expect(view).not.toHaveProperty('url');
    // Failed: nothing is left for the sweeper, and a late message changes nothing.
    expect(((await rt.invoke('sweeper', { graceMs: 0 })) as Record<string, number>).export).toBe(0);
    rmSync(exportsDir, { force: true });
  }, 90_000);
});
