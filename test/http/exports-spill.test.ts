/**
 * What HTTP API on AWS does (no response streaming, 6 MB cap), on the local runtime with streaming
 * turned off and a tiny inline bound: a small export is answered inline; a larger one is stored as
 * it is produced and answered `303 See Other` with a signed, expiring download link that gives the
 * same bytes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer } from '../../functions/platform/container';
import { exportResponses } from '../../functions/use-cases/export-responses';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;
const today = new Date().toISOString().slice(0, 10);

/** The export's bytes, produced directly from the store the runtime uses. */
async function expected(format: 'csv' | 'jsonl'): Promise<string> {
  let text = '';
  for await (const chunk of exportResponses(createContainer().store(), { from: today, to: today, format }))
    text += chunk;
  return text;
}

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${rt.url}${path}`, {
    redirect: 'manual',
    ...init,
    headers: { authorization: `Bearer ${rt.adminToken}`, ...(init.headers ?? {}) },
  });

beforeAll(async () => {
  rt = await startTestRuntime({
    env: { LIFELINE_RESPONSE_STREAMING: 'false', LIFELINE_EXPORT_INLINE_BYTES: '400' },
  });
  for (const score of [9, 3, 7, 10, 6]) {
    const res = await rt.api('POST', '/interactions', { body: interaction() });
    const { surveyUrl } = (await res.json()) as { surveyUrl: string };
    await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(surveyUrl), score, comment: `Comment for a ${score}, "quoted", with a comma` },
    });
  }
  await rt.settle();
});
afterAll(async () => {
  await rt?.stop();
});

describe('synchronous exports without streaming', () => {
  it('answers an export under the bound inline, with a length', async () => {
    const res = await get('/exports/responses.csv?from=2020-01-01&to=2020-01-02');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).not.toBeNull();
    expect((await res.text()).startsWith('response_id,')).toBe(true);
  });

  it.each(['csv', 'jsonl'] as const)(
    'answers a %s export over the bound with 303 and a link to the same bytes',
    async (format) => {
      const asked = Date.now();
      const res = await get(`/exports/responses.${format}?from=${today}&to=${today}`);
      const answered = Date.now();
      expect(res.status).toBe(303);
      const location = res.headers.get('location') ?? '';
      const body = (await res.json()) as { status: string; url: string; urlExpiresAt: string; bytes: number };
      expect(body.status).toBe('stored');
      expect(body.url).toBe(location);
      // The link works for the configured 15 minutes from when the export was stored, however slow the request.
      const expiresAt = Date.parse(body.urlExpiresAt);
      expect(expiresAt).toBeGreaterThanOrEqual(asked + 15 * 60_000);
      expect(expiresAt).toBeLessThanOrEqual(answered + 15 * 60_000);
      expect(location).toMatch(/\/exports\/dl_[\w-]+\/file\?name=responses-.+&expires=\d+&signature=/);

      // The link works without the admin token, as a presigned URL does.
      const file = await fetch(location);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-disposition')).toBe(
        `attachment; filename="responses-${today}-${today}.${format}"`,
      );
      const text = await file.text();
      expect(Buffer.byteLength(text)).toBe(body.bytes);
      expect(text).toBe(await expected(format));
      expect(text.length).toBeGreaterThan(400);
    },
  );

  it('follows like curl -L: a client that follows redirects gets the CSV', async () => {
    const res = await fetch(`${rt.url}/exports/responses.csv?from=${today}&to=${today}`, {
      headers: { authorization: `Bearer ${rt.adminToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await res.text()).toBe(await expected('csv'));
  });

  it('refuses a tampered, expired or incomplete download link with 403', async () => {
    const res = await get(`/exports/responses.csv?from=${today}&to=${today}`);
    const location = new URL(res.headers.get('location') ?? '');
    const signature = location.searchParams.get('signature') ?? '';

    const tampered = new URL(location);
    tampered.searchParams.set('signature', `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`);
    expect((await fetch(tampered)).status).toBe(403);

    const extended = new URL(location);
    extended.searchParams.set('expires', String(Number(location.searchParams.get('expires')) + 3600));
    expect((await fetch(extended)).status).toBe(403);

    const renamed = new URL(location);
    renamed.searchParams.set('name', 'other.csv');
    expect((await fetch(renamed)).status).toBe(403);

    const unsigned = new URL(location);
    unsigned.searchParams.delete('signature');
    const refused = await fetch(unsigned);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');

    const otherFile = `${rt.url}/exports/dl_nothere/file${location.search}`;
    expect((await fetch(otherFile)).status).toBe(403);
  });
});
