/**
 * Nothing accepted is lost: the runtime (`npm start`'s entry, in its own process group) is killed
 * with SIGKILL in the middle of a load of answers, restarted on the same data dir, and every answer
 * that got a 2xx is counted. A second kill leaves DynamoDB Local orphaned, as a crash of the Node
 * process alone would; the restart must take over anyway.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/dynamodb-local';
import { interaction, tokenOf } from '../support/runtime';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'lifeline-durability-'));
const today = new Date().toISOString().slice(0, 10);
let child: ChildProcess | undefined;

interface Started {
  url: string;
  token: string;
  process: ChildProcess;
}

async function start(port: number): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), LIFELINE_DATA_DIR: dataDir },
    detached: true, // its own process group, so the test can kill it with its DynamoDB Local
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let output = '';
  return new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`runtime did not start: ${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /URL:\s+(\S+)/.exec(output)?.[1];
      const token = /Admin token:\s+(\S+)/.exec(output)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ url, token, process: proc });
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`runtime exited with ${code}: ${output}`));
    });
  });
}

const killGroup = (proc: ChildProcess) => {
  if (proc.pid) process.kill(-proc.pid, 'SIGKILL');
};

afterAll(async () => {
  if (child?.pid && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child?.once('exit', r));
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(
  rt: Started,
  method: string,
  path: string,
  body?: unknown,
  admin = true,
): Promise<Response> {
  return fetch(`${rt.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(admin ? { authorization: `Bearer ${rt.token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function countedResponses(rt: Started): Promise<number> {
  const res = await call(rt, 'GET', `/nps?from=${today}&to=${today}`);
  return ((await res.json()) as { responses: number }).responses;
}

describe('durability', () => {
  it('counts every answer that got a 2xx after the runtime is killed mid-load and restarted', async () => {
    const port = await freePort();
    let rt = await start(port);

    const tokens: { invitationId: string; token: string }[] = [];
    for (let i = 0; i < 120; i++) {
      const res = await call(rt, 'POST', '/interactions', interaction());
      const body = (await res.json()) as { invitationId: string; surveyUrl: string };
      tokens.push({ invitationId: body.invitationId, token: tokenOf(body.surveyUrl) });
    }

    // Answers at concurrency 8; the process group is killed once 60 have been accepted.
    const accepted = new Set<string>();
    let killed = false;
    let next = 0;
    const worker = async () => {
      while (next < tokens.length) {
        const item = tokens[next++];
        if (!item) break;
        try {
          const res = await call(
            rt,
            'POST',
            '/responses',
            { token: item.token, score: next % 11, comment: 'ok' },
            false,
          );
          if (res.status === 202) accepted.add(item.invitationId);
        } catch {
          // The connection died with the process: not accepted.
        }
        if (!killed && accepted.size >= 60) {
          killed = true;
          killGroup(rt.process);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(killed).toBe(true);
    expect(accepted.size).toBeGreaterThanOrEqual(60);

    // Restart on the same data dir: work found unfinished is queued again and processed.
    rt = await start(port);
    // Every stored answer (an export row) must end up counted; requests in flight at the kill may
    // have been stored without their 2xx: they count too, never twice.
    const storedAnswers = async () => {
      const csv = await (await call(rt, 'GET', `/exports/responses.csv?from=${today}&to=${today}`)).text();
      return new Set(
        csv
          .split('\r\n')
          .slice(1)
          .filter((line) => line.length > 0)
          .map((line) => line.split(',')[0]),
      );
    };
    const deadline = Date.now() + 60_000;
    let exported = await storedAnswers();
    let counted = await countedResponses(rt);
    while ((counted < accepted.size || counted !== exported.size) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      exported = await storedAnswers();
      counted = await countedResponses(rt);
    }
    for (const invitationId of accepted) expect(exported.has(invitationId)).toBe(true);
    expect(counted).toBeGreaterThanOrEqual(accepted.size);
    expect(counted).toBe(exported.size);

    // Kill only the Node process: DynamoDB Local lives on as an orphan holding the data dir.
    rt.process.kill('SIGKILL');
    await new Promise((r) => rt.process.once('exit', r));
    rt = await start(port);
    expect(await countedResponses(rt)).toBe(counted);

    // A clean stop ends the whole tree.
    rt.process.kill('SIGTERM');
    const code = await new Promise((r) => rt.process.once('exit', r));
    expect(code).toBe(0);
  }, 240_000);
});
