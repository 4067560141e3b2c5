/**
 * The local runtime: the same handlers as on AWS, wired by the same table, against real local parts
 * (DynamoDB Local, an SQS-protocol queue with an event-source-mapping poller, the outbox, the local
 * analyzer). Used by `npm start`, the HTTP tests and the benchmark.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { QueueName } from '../functions/domain/ports';
import { isStreamed } from '../functions/platform/streamed-response';
import type { QueueSpec } from '../functions/wiring';
import {
  type FunctionName,
  functions,
  queues,
  queueUrlVariable,
  type RouteSpec,
  routes,
} from '../functions/wiring';
import {
  type DynamoDbLocal,
  ensureTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
} from './dynamodb-local';
import { type LocalQueues, type SqsHandler, startLocalQueues } from './local-queues';
import { writeStreamedBody } from './stream-response';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Body size the local server reads before answering 413 itself (handlers enforce the 64 KB). */
const MAX_READ_BYTES = 1024 * 1024;

export interface RuntimeOptions {
  /** HTTP port; 0 picks a free one. */
  port?: number;
  dataDir: string;
  /** Extra settings (the variables of the contract and config.ts). */
  env?: Record<string, string | undefined>;
  /** Reuse a running DynamoDB Local (tests) instead of starting one in the data dir. */
  dynamoEndpoint?: string;
  tableName?: string;
  queueOverrides?: Partial<Record<QueueName, Partial<QueueSpec>>>;
  /** How often the sweeper runs, as the scheduled rule does on AWS (same as `scheduleIntervalsMs.sweeper`). */
  sweepIntervalMs?: number;
  /** How often each scheduled function runs; default: its `scheduleMinutes` in the wiring table. */
  scheduleIntervalsMs?: Partial<Record<FunctionName, number>>;
  log?: (line: string) => void;
}

export interface Runtime {
  url: string;
  adminToken: string;
  queues: LocalQueues;
  /** Invokes a function the way its trigger would (tests, local scripts). */
  invoke(fn: FunctionName, event: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

interface LocalSecrets {
  adminToken: string;
  tokenKid: string;
  tokenKeys: Record<string, string>;
}

/** The admin token and signing keys, generated once and kept (0600) in the data dir. */
export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  const file = resolve(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    adminToken: randomBytes(24).toString('base64url'),
    tokenKid: 'k1',
    tokenKeys: { k1: randomBytes(32).toString('base64url') },
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => {});
  mkdirSync(options.dataDir, { recursive: true });
  const secrets = loadOrCreateSecrets(options.dataDir);
  const settings = options.env ?? {};
  const adminToken = settings.LIFELINE_ADMIN_TOKEN ?? secrets.adminToken;
  const tableName = options.tableName ?? 'lifeline';

  let dynamo: DynamoDbLocal | undefined;
  const started: { stop(): Promise<void> }[] = [];
  try {
    let dynamoEndpoint = options.dynamoEndpoint;
    if (!dynamoEndpoint) {
      dynamo = await startDynamoDbLocal({ dataDir: options.dataDir });
      started.push(dynamo);
      dynamoEndpoint = dynamo.endpoint;
    }
    await ensureTable(dynamoEndpoint, tableName);

    // The handlers are loaded lazily below; the queue needs them, they need the queue's URLs.
    const handlers = new Map<FunctionName, (event: unknown, context: Context) => Promise<unknown>>();
    const handlerOf = (fn: FunctionName) => {
      const handler = handlers.get(fn);
      if (!handler) throw new Error(`Function ${fn} is not loaded`);
      return handler;
    };
    const invoke = (fn: FunctionName, event: unknown) => handlerOf(fn)(event, lambdaContext(fn));
    const sqsHandlers: Partial<Record<QueueName, SqsHandler>> = {};
    for (const [queue, spec] of Object.entries(queues) as [QueueName, QueueSpec][]) {
      sqsHandlers[queue] = (event, context) =>
        handlerOf(spec.consumer)(event, context) as ReturnType<SqsHandler>;
    }
    const localQueues = await startLocalQueues({
      handlers: sqsHandlers,
      overrides: options.queueOverrides,
      log,
    });
    started.unshift(localQueues);

    const server = createServer();
    // Requests that arrive before the handlers are loaded wait for them instead of hanging.
    let ready: () => void = () => {};
    const loaded = new Promise<void>((done) => {
      ready = done;
    });
    server.on('request', (req, res) => {
      loaded
        .then(() => serveHttp(req, res, invoke))
        .catch((error: unknown) => {
          log(`request failed: ${error instanceof Error ? error.message : String(error)}`);
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: { code: 'internal_error', message: 'Something went wrong on our side.' },
            }),
          );
        });
    });
    await new Promise<void>((done) => server.listen(options.port ?? 3000, '127.0.0.1', done));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const url = `http://localhost:${port}`;

    configureEnvironment({
      ...settings,
      TABLE_NAME: tableName,
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_SQS: localQueues.endpoint,
      LIFELINE_PUBLIC_URL: settings.LIFELINE_PUBLIC_URL ?? url,
      LIFELINE_ADMIN_AUTH: 'token',
      LIFELINE_ADMIN_TOKEN: adminToken,
      LIFELINE_TOKEN_KEYS: JSON.stringify(secrets.tokenKeys),
      LIFELINE_TOKEN_KID: secrets.tokenKid,
      LIFELINE_DELIVERY: 'outbox',
      // Like a function URL with response streaming; `false` exercises what HTTP API on AWS does.
      LIFELINE_RESPONSE_STREAMING: settings.LIFELINE_RESPONSE_STREAMING ?? 'true',
      LIFELINE_EXPORTS_DIR: resolve(options.dataDir, 'exports'),
      // Derived from the survey-token key kept in the data dir, so links survive a restart.
      LIFELINE_EXPORT_LINK_KEY: createHmac('sha256', Object.values(secrets.tokenKeys)[0] ?? adminToken)
        .update('export-download-links')
        .digest('base64url'),
      ...Object.fromEntries(
        (Object.keys(queues) as QueueName[]).map((q) => [queueUrlVariable(q), localQueues.urls[q]]),
      ),
    });
    for (const fn of Object.keys(functions) as FunctionName[]) {
      const module = (await import(pathToFileURL(resolve(ROOT, functions[fn].entry)).href)) as {
        handler: (event: unknown, context: Context) => Promise<unknown>;
      };
      handlers.set(fn, module.handler);
    }
    ready();
    started.unshift({ stop: () => closeServer(server) });

    // Recover at start: anything accepted before a crash and not finished is queued again.
    await invoke('sweeper', { graceMs: 0 });
    localQueues.start();
    // Every scheduled function of the wiring table runs on a timer, as its EventBridge rule does on AWS.
    for (const fn of Object.keys(functions) as FunctionName[]) {
      const minutes = functions[fn].scheduleMinutes;
      if (minutes === undefined) continue;
      const every =
        options.scheduleIntervalsMs?.[fn] ??
        (fn === 'sweeper' ? options.sweepIntervalMs : undefined) ??
        minutes * 60_000;
      const timer = setInterval(() => {
        invoke(fn, scheduledEvent(fn)).catch((error: unknown) => log(`${fn} failed: ${String(error)}`));
      }, every);
      timer.unref();
      started.unshift({ stop: async () => clearInterval(timer) });
    }

    return {
      url,
      adminToken,
      queues: localQueues,
      invoke,
      async stop() {
        for (const part of started.splice(0)) await part.stop();
      },
    };
  } catch (error) {
    for (const part of started.splice(0)) await part.stop().catch(() => {});
    throw error;
  }
}

function configureEnvironment(values: Record<string, string | undefined>): void {
  const defaults: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // Node 20 is supported here; the SDK's notice about its future releases is not for end users.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  for (const [name, value] of Object.entries(defaults)) process.env[name] ??= value;
  // Fake credentials for the local parts, unless real ones are there (LIFELINE_SENTIMENT=comprehend).
  if (!process.env.AWS_ACCESS_KEY_ID && !process.env.AWS_PROFILE) {
    process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  }
  for (const [name, value] of Object.entries(values)) if (value !== undefined) process.env[name] = value;
}

/** The event an EventBridge schedule rule delivers. */
function scheduledEvent(fn: FunctionName) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:123456789012:rule/lifeline-${fn}`],
    detail: {},
  };
}

function lambdaContext(fn: FunctionName): Context {
  const deadline = Date.now() + functions[fn].timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `lifeline-${fn}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${LOCAL_REGION}:123456789012:function:lifeline-${fn}`,
    memoryLimitInMB: String(functions[fn].memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/lifeline-${fn}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

const paramCount = (path: string): number => path.split('/').filter((part) => part.startsWith('{')).length;

function matchRoute(
  method: string,
  path: string,
): { route: RouteSpec; params: Record<string, string> } | undefined {
  const segments = path.split('/');
  // Like API Gateway, a literal segment wins over a `{param}` (`/cases/report` before `/cases/{caseId}`),
  // whatever the order of the wiring table.
  const literalFirst = [...routes].sort((a, b) => paramCount(a.path) - paramCount(b.path));
  for (const route of literalFirst) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const segment = segments[i] ?? '';
      const param = /^\{(\w+)\}$/.exec(part)?.[1];
      if (param) {
        if (!segment) return false;
        params[param] = decodePathSegment(segment);
        return true;
      }
      return part === segment;
    });
    if (matches) return { route, params };
  }
  return undefined;
}

/** Like API Gateway: percent-decoded, and a malformed escape is passed on as it came. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too_large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_READ_BYTES) return 'too_large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const TEXTUAL = /^(text\/|application\/(json|x-www-form-urlencoded|xml))/i;

/** Turns a request into an API Gateway HTTP API (v2) event, invokes the route's function, writes its result. */
async function serveHttp(
  req: IncomingMessage,
  res: ServerResponse,
  invoke: (fn: FunctionName, event: unknown) => Promise<unknown>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const match = matchRoute(method, url.pathname);
  if (!match) {
    req.resume();
    writeJson(res, 404, { error: { code: 'not_found', message: 'No such route.' } });
    return;
  }
  const body = await readBody(req);
  if (body === 'too_large') {
    writeJson(res, 413, {
      error: { code: 'payload_too_large', message: 'The request body is larger than 64 KB.' },
    });
    req.destroy();
    return;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams)
    query[name] = name in query ? `${query[name]},${value}` : value;
  const textual = TEXTUAL.test(headers['content-type'] ?? 'application/json');
  const now = new Date();
  const routeKey = `${match.route.method} ${match.route.path}`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(match.params).length ? match.params : undefined,
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (textual ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !textual,
  };
  const result = (await invoke(match.route.fn, event)) as
    | (Omit<APIGatewayProxyStructuredResultV2, 'body'> & {
        body?: string | AsyncIterable<string | Uint8Array>;
      })
    | undefined;
  const status = result?.statusCode ?? 200;
  const responseHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result?.headers ?? {})) responseHeaders[name] = String(value);
  if (result?.cookies?.length) responseHeaders['set-cookie'] = result.cookies;
  if (isStreamed(result)) {
    // No content-length: Node sends the body with chunked transfer encoding.
    res.writeHead(status, responseHeaders);
    await writeStreamedBody(res, result.body);
    return;
  }
  const payload = typeof result?.body === 'string' ? result.body : '';
  const data = Buffer.from(payload, result?.isBase64Encoded ? 'base64' : 'utf8');
  // A buffered body has a length, as API Gateway sends it; only a streamed one goes chunked.
  responseHeaders['content-length'] = String(data.length);
  res.writeHead(status, responseHeaders);
  res.end(data);
}

function writeJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}
