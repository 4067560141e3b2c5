/**
 * Exports over HTTP against the local runtime, which streams: `GET /exports/responses.csv` and
 * `.jsonl` (same rows, chunked transfer), the signed local download route, and the asynchronous
 * export (`POST /exports`, `GET /exports/{exportId}`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;
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
