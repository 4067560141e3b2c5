/**
 * Exports over HTTP against the local runtime, which streams: `GET /exports/responses.csv` and
 * `.jsonl` (same rows, chunked transfer), the signed local download route, and the asynchronous
 * export (`POST /exports`, `GET /exports/{exportId}`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../functions/adapters/dynamodb/client';
import { DynamoDbExportJobs } from '../../functions/adapters/dynamodb/export-jobs';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;
/** The jobs as stored (the API does not show how many runs a job had). */
const jobs = () => new DynamoDbExportJobs(createDocumentClient(), rt.tableName);
const today = new Date().toISOString().slice(0, 10);
const HEADER =
  'response_id,interaction_id,customer_id,channel,agent_id,team_id,product,score,category,comment,sentiment,language,submitted_at';

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

async function answer(score: number, comment?: string) {
  const res = await rt.api('POST', '/interactions', { body: interaction() });
  const { surveyUrl, invitationId } = (await res.json()) as { surveyUrl: string; invitationId: string };
  const posted = await rt.api('POST', '/responses', {
    admin: false,
    body: { token: tokenOf(surveyUrl), score, ...(comment === undefined ? {} : { comment }) },
  });
  expect(posted.status).toBe(202);
  return invitationId;
}

async function expectError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
}

beforeAll(async () => {
  rt = await startTestRuntime();
  await answer(10, 'Great support, thanks');
  await answer(4, '=HYPERLINK("http://evil.example")');
  await answer(8);
  await answer(0, 'He said "never", then hung up,\nrude');
  await rt.settle();
});
afterAll(async () => {
  await rt?.stop();
});

describe('GET /exports/responses.csv and .jsonl', () => {
  it('stream the same rows in the same order, with chunked transfer', async () => {
    const csvRes = await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`);
    const jsonlRes = await rt.api('GET', `/exports/responses.jsonl?from=${today}&to=${today}`);
    expect(csvRes.status).toBe(200);
    expect(jsonlRes.status).toBe(200);
    expect(jsonlRes.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    for (const res of [csvRes, jsonlRes]) {
      expect(res.headers.get('content-length')).toBeNull();
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
    }
    const [header, ...rows] = parseCsv(await csvRes.text());
    expect(header?.join(',')).toBe(HEADER);
    const jsonlText = await jsonlRes.text();
    expect(jsonlText.endsWith('\n')).toBe(true);
    const records = jsonlText
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.length).toBe(4);
    expect(records.length).toBe(rows.length);
    const columns = HEADER.split(',');
    records.forEach((record, i) => {
      expect(Object.keys(record)).toEqual(columns);
      const row = rows[i] ?? [];
      expect(record.response_id).toBe(row[0]);
      expect(record.score).toBe(Number(row[7]));
      expect(typeof record.score).toBe('number');
      expect(record.category).toBe(row[8]);
      expect(record.submitted_at).toBe(row[12]);
      expect(record.sentiment).toBe(row[10] === '' ? null : row[10]);
      // Cells equal, except the formula prefix the CSV adds.
      expect(String(record.comment ?? '')).toBe(row[9]?.replace(/^'(?=[=+\-@\t\r])/, ''));
    });
  });

  it('neutralise formulas in the CSV only, and keep quotes and line breaks intact', async () => {
    const csv = await (await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`)).text();
    expect(csv).toContain(`,4,detractor,"'=HYPERLINK(""http://evil.example"")",`);
    const jsonl = await (await rt.api('GET', `/exports/responses.jsonl?from=${today}&to=${today}`)).text();
    const records = jsonl
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { comment: string | null; score: number });
    expect(records.map((r) => r.comment)).toContain('=HYPERLINK("http://evil.example")');
    expect(records.map((r) => r.comment)).toContain('He said "never", then hung up,\nrude');
    expect(records.find((r) => r.score === 8)?.comment).toBeNull();
  });

  it('answer a day without answers with the header only (CSV) or nothing (JSONL)', async () => {
    const csv = await rt.api('GET', '/exports/responses.csv?from=2020-01-01&to=2020-01-03');
    expect(await csv.text()).toBe(`${HEADER}\r\n`);
    const jsonl = await rt.api('GET', '/exports/responses.jsonl?from=2020-01-01&to=2020-01-03');
    expect(jsonl.status).toBe(200);
    expect(await jsonl.text()).toBe('');
  });

  it.each(['csv', 'jsonl'])('%s rejects bad ranges with 400', async (format) => {
    const path = `/exports/responses.${format}`;
    await expectError(await rt.api('GET', `${path}?from=yesterday&to=today`), 400);
    await expectError(await rt.api('GET', `${path}?from=${today}`), 400);
    await expectError(await rt.api('GET', `${path}?from=2026-02-01&to=2026-01-01`), 400, 'invalid_range');
    await expectError(await rt.api('GET', `${path}?from=2020-01-01&to=2026-01-01`), 400, 'invalid_range');
  });

  it.each(['csv', 'jsonl'])('%s answers 401 without a token', async (format) => {
    const path = `/exports/responses.${format}?from=${today}&to=${today}`;
    await expectError(await rt.api('GET', path, { admin: false }), 401, 'unauthorized');
    await expectError(
      await rt.api('GET', path, { headers: { authorization: 'Bearer wrong-token-0123456789' } }),
      401,
    );
  });
});

describe('asynchronous export (POST /exports, GET /exports/{exportId})', () => {
  const threeDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);

  type JobView = {
    exportId: string;
    status: string;
    format: string;
    from: string;
    to: string;
    createdAt: string;
    progress: { daysDone: number; daysTotal: number; rows: number; percent: number };
    bytes?: number;
    url?: string;
    urlExpiresAt?: string;
  };

  /** Polls the job until it is done or failed; generous, for a loaded machine. */
  async function waitUntilFinished(exportId: string, timeout = 60_000): Promise<JobView> {
    let job: JobView | undefined;
    await expect
      .poll(
        async () => {
          const res = await rt.api('GET', `/exports/${exportId}`);
          expect(res.status).toBe(200);
          job = (await res.json()) as JobView;
          return job.status;
        },
        { interval: 100, timeout },
      )
      .toMatch(/^(done|failed)$/);
    return job as JobView;
  }

  function sqsEvent(exportId: string) {
    return {
      Records: [
        {
          messageId: `dup-${exportId}`,
          receiptHandle: 'local',
          body: JSON.stringify({ exportId }),
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: String(Date.now()),
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:exports',
          awsRegion: 'us-east-1',
        },
      ],
    };
  }

  it.each(['csv', 'jsonl'] as const)(
    'exports %s in the background with progress, once, and links to the same content as the synchronous export',
    async (format) => {
      const started = await rt.api('POST', '/exports', { body: { from: threeDaysAgo, to: today, format } });
      expect(started.status).toBe(202);
      const queued = (await started.json()) as JobView;
      expect(queued).toMatchObject({
        status: 'queued',
        format,
        from: threeDaysAgo,
        to: today,
        progress: { daysDone: 0, daysTotal: 3, rows: 0, percent: 0 },
      });
      expect(queued.exportId).toMatch(/^exp_[\w-]+$/);
      // The same job message twice at once, as SQS may deliver it: only one run does the work.
      const duplicate = rt.invoke('exportWorker', sqsEvent(queued.exportId));

      const done = await waitUntilFinished(queued.exportId);
      await duplicate;
      await rt.settle();
      const sync = await (
        await rt.api('GET', `/exports/responses.${format}?from=${threeDaysAgo}&to=${today}`)
      ).text();
      const syncRows = format === 'csv' ? parseCsv(sync).length - 1 : sync.trimEnd().split('\n').length;
      expect(done.status).toBe('done');
      expect(done.progress).toEqual({ daysDone: 3, daysTotal: 3, rows: syncRows, percent: 100 });
      expect(done.bytes).toBe(Buffer.byteLength(sync));
      expect(Date.parse(done.urlExpiresAt ?? '')).toBeGreaterThan(Date.now());

      const file = await fetch(done.url ?? '');
      expect(file.status).toBe(200);
      expect(await file.text()).toBe(sync);

      // One run did the work: the job was claimed once, whichever message came first.
      expect((await jobs().getExportJob(queued.exportId))?.attempts).toBe(1);

      // A late duplicate after the job is done changes nothing.
      const late = (await rt.invoke('exportWorker', sqsEvent(queued.exportId))) as {
        batchItemFailures: unknown[];
      };
      expect(late.batchItemFailures).toEqual([]);
      const again = (await (await rt.api('GET', `/exports/${queued.exportId}`)).json()) as JobView;
      expect(again.progress.rows).toBe(syncRows);
      expect(again.bytes).toBe(done.bytes);
      expect(await (await fetch(again.url ?? '')).text()).toBe(sync);
      expect((await jobs().getExportJob(queued.exportId))?.attempts).toBe(1);
    },
    90_000,
  );

  it('answers 404 for an unknown export', async () => {
    await expectError(await rt.api('GET', '/exports/exp_doesnotexist'), 404, 'not_found');
  });

  it.each([
    ['a missing format', { from: today, to: today }],
    ['an unknown format', { from: today, to: today, format: 'xlsx' }],
    ['a missing date', { from: today, format: 'csv' }],
    ['an impossible date', { from: '2026-02-30', to: today, format: 'csv' }],
    ['an unknown field', { from: today, to: today, format: 'csv', email: 'x@example.com' }],
  ])('POST /exports rejects %s with 400', async (_name, body) => {
    await expectError(await rt.api('POST', '/exports', { body }), 400);
  });

  it('POST /exports rejects a reversed or too long range and bad JSON with 400', async () => {
    const reversed = { from: '2026-02-01', to: '2026-01-01', format: 'csv' };
    await expectError(await rt.api('POST', '/exports', { body: reversed }), 400, 'invalid_range');
    const tooLong = { from: '2020-01-01', to: '2026-01-01', format: 'csv' };
    await expectError(await rt.api('POST', '/exports', { body: tooLong }), 400, 'invalid_range');
    await expectError(await rt.api('POST', '/exports', { raw: '{"from":' }), 400, 'invalid_json');
  });

  it('accepts the longest range /nps allows, and runs it to the end', async () => {
    const res = await rt.api('POST', '/exports', {
      body: { from: '2024-01-01', to: '2026-12-31', format: 'jsonl' },
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as JobView;
    expect(job.progress.daysTotal).toBe(1096);
    // Finished before the runtime stops: no run is left reading the table in the background.
    const done = await waitUntilFinished(job.exportId, 120_000);
    expect(done.status).toBe('done');
    expect(done.progress).toMatchObject({ daysDone: 1096, daysTotal: 1096, percent: 100 });
  }, 150_000);

  it('answers 401 without a token', async () => {
    await expectError(
      await rt.api('POST', '/exports', { admin: false, body: { from: today, to: today, format: 'csv' } }),
      401,
    );
    await expectError(await rt.api('GET', '/exports/exp_doesnotexist', { admin: false }), 401);
  });
});
