/**
 * The local stand-in for the exports bucket, on a real temporary directory: files written whole,
 * signed links checked, expired files removed as the bucket's lifecycle rule would, and erasure
 * withdrawing every file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalExportStorage } from '../../../functions/adapters/local-export-storage';
import { ForbiddenError } from '../../../functions/domain/errors';
import { newDownloadId } from '../../../functions/use-cases/deliver-export';

let dir: string;
let now: Date;
let storage: LocalExportStorage;

const file = (exportId: string) => ({
  exportId,
  fileName: `responses-${exportId}.csv`,
  contentType: 'text/csv; charset=utf-8',
});

async function* chunks(...parts: string[]) {
  yield* parts;
}

async function read(body: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.from(part));
  return Buffer.concat(parts).toString('utf8');
}

const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-exports-'));
  now = new Date('2026-11-23T10:00:00Z');
  storage = new LocalExportStorage({
    dir,
    publicUrl: 'http://localhost:3000',
    linkKey: 'k'.repeat(32),
    clock: { now: () => now },
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('LocalExportStorage', () => {
  it('writes a file whole and serves it through its signed link until the link expires', async () => {
    expect(await storage.write(file('exp_1'), chunks('a,b\r\n', '1,2\r\n'))).toEqual({ bytes: 10 });
    const url = await storage.downloadUrl(file('exp_1'), new Date(now.getTime() + 15 * 60_000));
    expect(new URL(url).pathname).toBe('/exports/exp_1/file');

    const opened = await storage.open('exp_1', queryOf(url));
    expect(opened).toMatchObject({ fileName: 'responses-exp_1.csv', bytes: 10 });
    expect(await read(opened.body)).toBe('a,b\r\n1,2\r\n');

    now = new Date(now.getTime() + 16 * 60_000);
    await expect(storage.open('exp_1', queryOf(url))).rejects.toThrow(ForbiddenError);
  });

  it('refuses a link whose id, name or expiry was changed, and an id that is not a plain name', async () => {
    await storage.write(file('exp_1'), chunks('x'));
    await storage.write(file('exp_2'), chunks('y'));
    const query = queryOf(await storage.downloadUrl(file('exp_1'), new Date(now.getTime() + 60_000)));
    await expect(storage.open('exp_2', query)).rejects.toThrow(ForbiddenError);
    await expect(storage.open('exp_1', { ...query, name: 'other.csv' })).rejects.toThrow(ForbiddenError);
    await expect(
      storage.open('exp_1', { ...query, expires: String(Number(query.expires) + 3600) }),
    ).rejects.toThrow(ForbiddenError);
    await expect(storage.open('../secrets.json', query)).rejects.toThrow(ForbiddenError);
  });

  it('removes files older than a day when it writes a new one, spilled downloads too, as the bucket lifecycle does', async () => {
    const spilled = newDownloadId();
    const twoDaysAgo = new Date(now.getTime() - 2 * 86_400_000);
    for (const old of ['exp_old', spilled]) {
      writeFileSync(join(dir, old), 'old rows');
      utimesSync(join(dir, old), twoDaysAgo, twoDaysAgo);
    }
    writeFileSync(join(dir, 'exp_recent'), 'recent rows');

    await storage.write(file('exp_new'), chunks('new rows'));

    expect(readdirSync(dir).sort()).toEqual(['exp_new', 'exp_recent']);
  });

  it('withdraws every file (erasure), spilled downloads too, and says how many', async () => {
    await storage.write(file('exp_1'), chunks('x'));
    await storage.write(file('exp_2'), chunks('y'));
    await storage.write(file(newDownloadId()), chunks('z'));
    expect(await storage.withdrawAll()).toBe(3);
    expect(existsSync(join(dir, 'exp_1'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(await storage.withdrawAll()).toBe(0);
  });
});
