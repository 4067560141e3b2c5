/**
 * A result whose body is produced while it is sent. Only a runtime that can stream a response
 * (`LIFELINE_RESPONSE_STREAMING`, the local runtime) gets one: it writes the chunks as they come,
 * with backpressure, and stops reading when the client goes away. HTTP API on AWS cannot stream.
 * Apart from http.ts (no logger, no config), so the local runtime can tell one without loading them.
 */
export interface StreamedHttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: AsyncIterable<string | Uint8Array>;
}

export const isStreamed = (result: unknown): result is StreamedHttpResult => {
  const body = (result as { body?: unknown } | undefined)?.body;
  return typeof body === 'object' && body !== null && Symbol.asyncIterator in body;
};

export const streamed = (
  statusCode: number,
  headers: Record<string, string>,
  body: AsyncIterable<string | Uint8Array>,
): StreamedHttpResult => ({ statusCode, headers, body });
