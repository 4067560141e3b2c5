/**
 * Export text as UTF-8 buffers, counting the bytes as they pass: the export storages write the
 * buffers and report the size once the last one is written.
 */
export function countedUtf8(chunks: AsyncIterable<string>): {
  buffers: AsyncIterable<Buffer>;
  bytes: () => number;
} {
  let bytes = 0;
  const buffers = (async function* () {
    for await (const chunk of chunks) {
      const data = Buffer.from(chunk, 'utf8');
      bytes += data.length;
      yield data;
    }
  })();
  return { buffers, bytes: () => bytes };
}
