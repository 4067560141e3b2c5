/**
 * Writes a streamed body to an HTTP response the way Lambda response streaming would: chunk by
 * chunk, waiting for `drain` whenever the socket's buffer is full, and no longer reading the body
 * once the client has gone away. Memory stays at one chunk plus the socket buffer whatever the size.
 */
import type { ServerResponse } from 'node:http';

/** Resolves when the response can take more data, or has closed. */
function drainedOrClosed(res: ServerResponse): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      res.off('drain', finish);
      res.off('close', finish);
      done();
    };
    res.on('drain', finish);
    res.on('close', finish);
  });
}

/**
 * Sends `body` after the head already written; ends the response when the body ends. The body's
 * iterator is returned (its producer stops) when the client goes away; when the body fails midway,
 * the connection is destroyed so the client sees an incomplete response rather than a short file.
 * @returns whether the whole body was sent.
 */
export async function writeStreamedBody(
  res: ServerResponse,
  body: AsyncIterable<string | Uint8Array>,
): Promise<boolean> {
  let closed = false;
  const onClose = () => {
    closed = true;
  };
  res.on('close', onClose);
  const gone = () => closed || res.destroyed || res.writableEnded;
  try {
    for await (const chunk of body) {
      if (gone()) return false;
      if (!res.write(chunk)) await drainedOrClosed(res);
      if (gone()) return false;
    }
  } catch (error) {
    res.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    res.off('close', onClose);
  }
  res.end();
  return true;
}
