/**
 * `npm start`: the whole pipeline on this machine. Prints the base URL and the admin token; stops
 * cleanly (DynamoDB Local included) on SIGINT or SIGTERM.
 */
import { resolve } from 'node:path';

// Node 20 is supported; the SDK's notice about its releases after January 2027 is not for end users.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { startRuntime } from './runtime';

const dataDir = resolve(process.env.LIFELINE_DATA_DIR ?? '.lifeline');
const port = Number(process.env.PORT ?? 3000);
const startedAt = Date.now();

const runtime = await startRuntime({
  port,
  dataDir,
  env: { ...process.env },
  log: process.env.LIFELINE_VERBOSE ? (line) => console.error(line) : undefined,
}).catch((error: unknown) => {
  console.error(`Lifeline could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`Lifeline is running (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)
  URL:          ${runtime.url}
  Admin token:  ${runtime.adminToken}
  Data:         ${dataDir}
  Outbox:       curl -H "Authorization: Bearer ${runtime.adminToken}" ${runtime.url}/dev/outbox
Press Ctrl+C to stop.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await runtime.stop();
  console.log('Stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
