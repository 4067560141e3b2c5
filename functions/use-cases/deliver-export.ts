/**
 * A synchronous export where the response cannot be streamed (HTTP API on AWS, whose Lambda
 * responses are also capped at 6 MB): answered inline when the whole export fits under a bound;
 * beyond it, the part already produced and the rest are written to export storage as they come
 * (bounded memory) and the caller gets a time-limited download link instead.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../domain/errors';
import type { Clock, ExportFile, ExportStorage } from '../domain/ports';

/** Left for aborting the upload and answering once the function's time runs short. */
export const TIME_MARGIN_MS = 5_000;

export interface DeliverExportDeps {
  storage: ExportStorage;
  clock: Clock;
  /** Largest body answered inline, counted as the JSON-escaped size of Lambda's response payload. */
  inlineBytes: number;
  /** How long the download link works. */
  urlMinutes: number;
  /** Time left before the function is stopped (Lambda's `getRemainingTimeInMillis`). */
  remainingMs: () => number;
}

export type ExportDelivery =
  | { kind: 'inline'; body: string }
  | { kind: 'stored'; exportId: string; url: string; urlExpiresAt: string; bytes: number };

export const newDownloadId = (): string => `dl_${randomBytes(12).toString('base64url')}`;

/**
 * Lambda returns the body inside a JSON document: a quote or a line break takes two bytes there,
 * so the bound is checked on that size, not on the CSV's own.
 */
const payloadBytes = (chunk: string): number => Buffer.byteLength(JSON.stringify(chunk), 'utf8') - 2;

export async function deliverExport(
  deps: DeliverExportDeps,
  chunks: AsyncGenerator<string>,
  file: Omit<ExportFile, 'exportId'>,
): Promise<ExportDelivery> {
  const checkTime = () => {
    if (deps.remainingMs() < TIME_MARGIN_MS)
      throw new ValidationError(
        'This export is too large to produce within one request. Start an asynchronous export with POST /exports and download it when it is done.',
        'export_too_large',
      );
  };
  const buffered: string[] = [];
  let size = 0;
  try {
    for (;;) {
      checkTime();
      const next = await chunks.next();
      if (next.done) return { kind: 'inline', body: buffered.join('') };
      buffered.push(next.value);
      size += payloadBytes(next.value);
      if (size > deps.inlineBytes) break;
    }
    const spilled: ExportFile = { ...file, exportId: newDownloadId() };
    const { bytes } = await deps.storage.write(
      spilled,
      (async function* () {
        // The buffered part first, let go of chunk by chunk, then the rest as it is produced.
        while (buffered.length > 0) yield buffered.shift() as string;
        for (;;) {
          checkTime();
          const next = await chunks.next();
          if (next.done) return;
          yield next.value;
        }
      })(),
    );
    const expiresAt = new Date(deps.clock.now().getTime() + deps.urlMinutes * 60_000);
    return {
      kind: 'stored',
      exportId: spilled.exportId,
      url: await deps.storage.downloadUrl(spilled, expiresAt),
      urlExpiresAt: expiresAt.toISOString(),
      bytes,
    };
  } finally {
    // Stops the store queries when the export ends early (an error, the time limit).
    await chunks.return(undefined);
  }
}
