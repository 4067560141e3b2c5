/**
 * A synchronous export where the response cannot be streamed (HTTP API on AWS, whose Lambda
 * responses are also capped at 6 MB): answered inline when the whole export fits under a bound;
 * beyond it, the part already produced and the rest are written to export storage as they come
 * (bounded memory) and the caller gets a time-limited download link instead.
 */
import { randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError } from '../domain/errors';
import type { Clock, ExportDownload, ExportFile, ExportStorage } from '../domain/ports';
import type { ReportStore } from '../domain/store';
import { EXPORT_FORMATS, type ExportFormat, exportFileName, exportResponses } from './export-responses';

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

export interface ExportNowDeps extends DeliverExportDeps {
  store: ReportStore;
  /** The runtime streams responses (the local runtime, a function URL); HTTP API on AWS does not. */
  streaming: boolean;
}

/** A synchronous export: the file it is offered as, and its body streamed, inline or stored. */
export type ExportNow = { file: Omit<ExportFile, 'exportId'> } & (
  | { kind: 'streamed'; chunks: AsyncIterable<string> }
  | ExportDelivery
);

/**
 * `GET /exports/responses.csv` and `.jsonl`: streamed where the runtime can stream; otherwise
 * inline up to the bound, beyond it stored as it is produced, with a download link.
 */
export async function exportNow(
  deps: ExportNowDeps,
  request: { from: string; to: string; format: ExportFormat },
): Promise<ExportNow> {
  const chunks = exportResponses(deps.store, request);
  const file = {
    fileName: exportFileName(request.from, request.to, request.format),
    contentType: EXPORT_FORMATS[request.format].contentType,
  };
  if (deps.streaming) return { file, kind: 'streamed', chunks };
  return { file, ...(await deliverExport(deps, chunks, file)) };
}

/** The file behind a download link the storage serves itself (locally); 404 where it does not (S3). */
export async function openExportFile(
  storage: ExportStorage,
  exportId: string,
  query: Record<string, string | undefined>,
): Promise<ExportDownload> {
  if (!storage.open) throw new NotFoundError('No such route.');
  return storage.open(exportId, query);
}
