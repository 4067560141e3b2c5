/**
 * Export files in the local data dir (`<dataDir>/exports/`), the local stand-in for the exports
 * bucket. A download link is an HMAC-signed, expiring URL of the local-only route
 * `GET /exports/{exportId}/file`, checked here in constant time.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ForbiddenError, NotFoundError } from '../domain/errors';
import { EXPORT_RETENTION_DAYS } from '../domain/export-job';
import type { Clock, ExportDownload, ExportFile, ExportStorage } from '../domain/ports';
import { countedUtf8 } from './byte-counter';

export interface LocalExportStorageOptions {
  /** Directory of the files, created when needed. */
  dir: string;
  /** Base URL of the local runtime. */
  publicUrl: string;
  /** HMAC key of the download links. */
  linkKey: string;
  clock: Clock;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SAFE_NAME = /^[A-Za-z0-9_.-]{1,200}$/;
const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

export class LocalExportStorage implements ExportStorage {
  constructor(private readonly options: LocalExportStorageOptions) {}

  private path(exportId: string): string {
    if (!SAFE_ID.test(exportId)) throw new Error('unsafe export id');
    return join(this.options.dir, exportId);
  }

  /** Written to a temporary file and renamed, so a reader never sees half a file and a rewrite replaces it whole. */
  async write(file: ExportFile, chunks: AsyncIterable<string>): Promise<{ bytes: number }> {
    await mkdir(this.options.dir, { recursive: true });
    const target = this.path(file.exportId);
    const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
    const counted = countedUtf8(chunks);
    try {
      await pipeline(Readable.from(counted.buffers), createWriteStream(partial));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
    await this.removeExpired();
    return { bytes: counted.bytes() };
  }

  /** Files older than their jobs (EXPORT_RETENTION_DAYS) go, as the bucket's lifecycle rule removes them on AWS. */
  private async removeExpired(): Promise<void> {
    const cutoff = this.options.clock.now().getTime() - EXPORT_RETENTION_DAYS * 86_400_000;
    for (const name of await readdir(this.options.dir).catch(() => [] as string[])) {
      const path = join(this.options.dir, name);
      const found = await stat(path).catch(() => undefined);
      if (found && found.mtimeMs < cutoff) await rm(path, { force: true });
    }
  }

  async downloadUrl(file: ExportFile, expiresAt: Date): Promise<string> {
    const expires = String(Math.floor(expiresAt.getTime() / 1000));
    const query = new URLSearchParams({
      name: file.fileName,
      expires,
      signature: this.sign(file.exportId, file.fileName, expires),
    });
    return `${this.options.publicUrl}/exports/${encodeURIComponent(file.exportId)}/file?${query}`;
  }

  /** Every finished file goes (a file being written is left to finish: its job then holds no erased data it read before). */
  async withdrawAll(): Promise<number> {
    const names = await readdir(this.options.dir).catch(() => [] as string[]);
    const files = names.filter((name) => SAFE_ID.test(name));
    await Promise.all(files.map((name) => rm(join(this.options.dir, name), { force: true })));
    return files.length;
  }

  /** The file behind a download link; 403 for a tampered, incomplete or expired link, 404 when the file is gone. */
  async open(exportId: string, query: Record<string, string | undefined>): Promise<ExportDownload> {
    const { name, expires, signature } = query;
    if (!SAFE_ID.test(exportId) || !name || !SAFE_NAME.test(name) || !expires || !/^\d{1,12}$/.test(expires))
      throw new ForbiddenError('This download link is not valid.');
    const expected = Buffer.from(this.sign(exportId, name, expires));
    const given = Buffer.from(signature ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new ForbiddenError('This download link is not valid.');
    if (Number(expires) * 1000 < this.options.clock.now().getTime())
      throw new ForbiddenError('This download link has expired.');
    const path = this.path(exportId);
    const found = await stat(path).catch(() => undefined);
    if (!found) throw new NotFoundError('This export file no longer exists.');
    const extension = name.slice(name.lastIndexOf('.') + 1);
    return {
      fileName: name,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      bytes: found.size,
      body: createReadStream(path),
    };
  }

  private sign(exportId: string, name: string, expires: string): string {
    return createHmac('sha256', this.options.linkKey)
      .update(`${exportId}\n${name}\n${expires}`)
      .digest('base64url');
  }
}
