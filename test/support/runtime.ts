/**
 * A local runtime for one test file: its own table in the shared DynamoDB Local, its own queues,
 * a temporary data dir, a free port. Plus a small HTTP client for the contract's routes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { QueueName } from '../../functions/domain/ports';
import type { QueueSpec } from '../../functions/wiring';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime';

export interface TestRuntime extends Runtime {
  tableName: string;
  dataDir: string;
  api: (
    method: string,
    path: string,
    init?: {
      body?: unknown;
      admin?: boolean;
      form?: Record<string, string>;
      raw?: string;
      headers?: Record<string, string>;
    },
  ) => Promise<Response>;
  /** Waits until every queue is drained and every batch is finished. */
  settle: () => Promise<void>;
}

export async function startTestRuntime(
  options: {
    env?: Record<string, string>;
    queueOverrides?: Partial<Record<QueueName, Partial<QueueSpec>>>;
    /** Timers of scheduled functions (default: their wiring-table rate); tests usually invoke them instead. */
    scheduleIntervalsMs?: RuntimeOptions['scheduleIntervalsMs'];
  } = {},
): Promise<TestRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-test-'));
  const tableName = `t-${randomUUID()}`;
  const runtime = await startRuntime({
    port: 0,
    dataDir,
    tableName,
    dynamoEndpoint: inject('dynamoEndpoint'),
    env: options.env,
    queueOverrides: options.queueOverrides,
    sweepIntervalMs: 3_600_000,
    scheduleIntervalsMs: options.scheduleIntervalsMs,
  });
  const api: TestRuntime['api'] = (method, path, init = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.admin !== false) headers.authorization ??= `Bearer ${runtime.adminToken}`;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    } else if (init.raw !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = init.raw;
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    return fetch(`${runtime.url}${path}`, { method, headers, body });
  };
  return {
    ...runtime,
    tableName,
    dataDir,
    api,
    settle: () => runtime.queues.idle(20_000),
    async stop() {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let sequence = 0;
/** A valid `POST /interactions` body; each call a new interaction and customer unless overridden. */
export function interaction(overrides: Record<string, unknown> = {}, customer: Record<string, unknown> = {}) {
  sequence++;
  const id = `${Date.now().toString(36)}-${sequence}`;
  return {
    interactionId: `T-${id}`,
    channel: 'email',
    customer: { id: `C-${id}`, email: `customer-${id}@example.com`, name: 'Ana', ...customer },
    agentId: 'A-7',
    teamId: 'billing',
    product: 'fiber',
    occurredAt: '2026-11-23T10:00:00Z',
    ...overrides,
  };
}

/** The token of a survey URL. */
export const tokenOf = (surveyUrl: string): string => surveyUrl.split('/s/')[1] ?? '';
