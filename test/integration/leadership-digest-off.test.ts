/**
 * Without LIFELINE_DIGEST_RECIPIENTS the leadership digest is off: its function returns at once and
 * sends nothing, whatever the time. (A file of its own: configuration is read once per process.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import scheduledEvent from '../../events/scheduled-leadership-digest.json';
import { startTestRuntime, type TestRuntime } from '../support/runtime';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ scheduleIntervalsMs: { leadershipDigest: 3_600_000 } });
});
afterAll(async () => {
  await rt?.stop();
});

describe('leadership digest without recipients', () => {
  it('sends nothing, even when a digest would be due', async () => {
    // Act: Monday 08:05 UTC, right after the default schedule
    const run = await rt.invoke('leadershipDigest', structuredClone(scheduledEvent));

    // Assess
    expect(run).toEqual({ state: 'off' });
    const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as {
      messages: unknown[];
    };
    expect(messages).toEqual([]);
  });
});
