/**
 * Synchronous exports where nothing streams (inline up to the bound, spilled beyond it, stopped
 * before the function's time runs out) and where the local runtime streams (backpressure, a
 * client that goes away).
 */
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/domain/errors';
import type { ExportFile, ExportStorage } from '../../functions/domain/ports';
import { deliverExport, TIME_MARGIN_MS } from '../../functions/use-cases/deliver-export';
import { responseJsonLine } from '../../functions/use-cases/export-responses';
import { writeStreamedBody } from '../../local/stream-response';

const clock = { now: () => new Date('2026-11-23T10:00:00Z') };
const file = { fileName: 'responses-2026-11-01-2026-11-30.csv', contentType: 'text/csv; charset=utf-8' };

/** Chunks `row-0\r\n`, `row-1\r\n`, ...; `state` tells how many were produced and whether it was stopped. */
function rows(count: number, state = { produced: 0, stopped: false }) {
  const generator = (async function* () {
    try {
      for (let i = 0; i < count; i++) {
        state.produced++;
        yield `row-${i}\r\n`;
      }
    } finally {
      state.stopped = true;
    }
  })();
  return { generator, state };
}

class MemoryStorage implements ExportStorage {
  files = new Map<string, string>();
  async write(f: ExportFile, chunks: AsyncIterable<string>) {
    let text = '';
    for await (const chunk of chunks) text += chunk;
    this.files.set(f.exportId, text);
    return { bytes: Buffer.byteLength(text) };
  }
  async downloadUrl(f: ExportFile, expiresAt: Date) {
    return `https://files.example/${f.exportId}?until=${expiresAt.toISOString()}`;
  }
  async withdrawAll() {
    const count = this.files.size;
    this.files.clear();
    return count;
  }
}

const deps = (storage: ExportStorage, overrides: Partial<Parameters<typeof deliverExport>[0]> = {}) => ({
  storage,
  clock,
  inlineBytes: 1000,
  urlMinutes: 15,
  remainingMs: () => 20_000,
  ...overrides,
});

describe('deliverExport', () => {
  it('answers inline when the whole export fits under the bound', async () => {
    const storage = new MemoryStorage();
    const delivery = await deliverExport(deps(storage), rows(3).generator, file);
    expect(delivery).toEqual({ kind: 'inline', body: 'row-0\r\nrow-1\r\nrow-2\r\n' });
    expect(storage.files.size).toBe(0);
  });

  it('counts the bound on the JSON-escaped size Lambda returns (a line break takes two bytes there)', async () => {
    // 7 bytes a row, 9 once escaped: 100 rows are 700 bytes but 900 in the payload.
    const storage = new MemoryStorage();
    const delivery = await deliverExport(deps(storage, { inlineBytes: 800 }), rows(100).generator, file);
    expect(delivery.kind).toBe('stored');
  });

  it('stores the buffered part and the rest beyond the bound and links to it for urlMinutes', async () => {
    const storage = new MemoryStorage();
    const { generator } = rows(500);
    const delivery = await deliverExport(deps(storage, { inlineBytes: 100 }), generator, file);
    expect(delivery.kind).toBe('stored');
    if (delivery.kind !== 'stored') return;
    const stored = storage.files.get(delivery.exportId) ?? '';
    expect(stored.split('\r\n').length - 1).toBe(500);
    expect(stored.startsWith('row-0\r\nrow-1\r\n')).toBe(true);
    expect(delivery.bytes).toBe(Buffer.byteLength(stored));
    expect(delivery.urlExpiresAt).toBe('2026-11-23T10:15:00.000Z');
    expect(delivery.url).toBe(`https://files.example/${delivery.exportId}?until=2026-11-23T10:15:00.000Z`);
  });

  it('stops producing and answers a 4xx pointing to POST /exports when the time runs short', async () => {
    const storage = new MemoryStorage();
    const state = { produced: 0, stopped: false };
    let left = 20_000;
    const { generator } = rows(1_000_000, state);
    const slowClock = () => {
      left -= 10; // each chunk "takes" 10 ms
      return left;
    };
    const attempt = deliverExport(
      deps(storage, { inlineBytes: 100, remainingMs: slowClock }),
      generator,
      file,
    );
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('export_too_large');
    expect((error as ValidationError).message).toContain('POST /exports');
    expect(state.stopped).toBe(true);
    expect(state.produced).toBeLessThan((20_000 - TIME_MARGIN_MS) / 10 + 2);
  });
});

describe('responseJsonLine', () => {
  it('keys the CSV columns, keeps the score a number, null for what is missing, no formula prefix', () => {
    const line = responseJsonLine({
      invitationId: 'inv_1',
      interactionId: 'T-1',
      customerId: 'C-1',
      channel: 'email',
      score: 4,
      comment: '=1+1',
      sentimentState: 'pending',
      submittedAt: '2026-11-23T10:00:00.000Z',
      revision: 1,
      countedRevision: 0,
    } as never);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toEqual({
      response_id: 'inv_1',
      interaction_id: 'T-1',
      customer_id: 'C-1',
      channel: 'email',
      agent_id: null,
      team_id: null,
      product: null,
      score: 4,
      category: 'detractor',
      comment: '=1+1',
      sentiment: null,
      language: null,
      submitted_at: '2026-11-23T10:00:00.000Z',
    });
  });
});

describe('writeStreamedBody (local runtime)', () => {
  async function serve(body: AsyncIterable<string>) {
    const done: Promise<boolean>[] = [];
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      done.push(writeStreamedBody(res, body).catch(() => false));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return { server, port: (server.address() as AddressInfo).port, done };
  }

  it('reads no further than the socket takes while the client does not read, and stops when it leaves', async () => {
    const state = { produced: 0, stopped: false };
    const chunk = 'x'.repeat(64 * 1024);
    const endless = (async function* () {
      try {
        for (;;) {
          state.produced++;
          yield chunk;
        }
      } finally {
        state.stopped = true;
      }
    })();
    const { server, port, done } = await serve(endless);
    try {
      const req = request({ port, host: '127.0.0.1', path: '/' });
      req.end();
      const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
      expect(res.headers['transfer-encoding']).toBe('chunked');
      res.pause(); // a client that does not read
      // Backpressure: production stops once the buffers are full (the same count on two successive
      // reads, however slow the machine), at a few MB at most.
      let previous = -1;
      await expect
        .poll(
          () => {
            const unchanged = state.produced === previous;
            previous = state.produced;
            return unchanged;
          },
          { interval: 200, timeout: 20_000 },
        )
        .toBe(true);
      expect(state.produced * chunk.length).toBeLessThan(16 * 1024 * 1024);
      req.destroy(); // the client goes away
      expect(await done[0]).toBe(false);
      expect(state.stopped).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('sends the whole body and ends the response', async () => {
    const { server, port, done } = await serve(rows(1000).generator);
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/`)).text();
      expect(text.split('\r\n').length - 1).toBe(1000);
      expect(await done[0]).toBe(true);
    } finally {
      server.close();
    }
  });
});
