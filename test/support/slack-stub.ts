/**
 * A stand-in for a Slack incoming webhook on 127.0.0.1: records every JSON post and answers
 * `200 ok`, or the statuses it was told to answer next (`500`, `400`, ...), as Slack does.
 */
import { createServer } from 'node:http';

export interface SlackPost {
  status: number;
  payload: { text: string; blocks: Record<string, unknown>[] };
  /** The raw JSON, for searching. */
  raw: string;
}

export interface SlackStub {
  /** The webhook URL to configure (LIFELINE_SLACK_WEBHOOK_URL). */
  url: string;
  /** Every request, in order, whatever it was answered. */
  requests: SlackPost[];
  /** Answers the next requests with these statuses, one each, then 200 again. */
  answerNext(...statuses: number[]): void;
  /** Requests that mention `text` (a case id, a link), optionally only those answered `status`. */
  about(text: string, status?: number): SlackPost[];
  stop(): Promise<void>;
}

const BODIES: Record<number, string> = {
  400: 'invalid_payload',
  404: 'no_service',
  429: 'rate_limited',
  500: 'internal_error',
};

export async function startSlackStub(): Promise<SlackStub> {
  const requests: SlackPost[] = [];
  const planned: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const status = planned.shift() ?? 200;
      requests.push({ status, payload: JSON.parse(raw) as SlackPost['payload'], raw });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : (BODIES[status] ?? 'error'));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/services/T0001/B0001/local-test-token`,
    requests,
    answerNext: (...statuses) => planned.push(...statuses),
    about: (text, status) =>
      requests.filter((r) => r.raw.includes(text) && (status === undefined || r.status === status)),
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
