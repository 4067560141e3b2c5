import { describe, expect, it } from 'vitest';
import { SlackAlertPublisher, SlackUnavailableError } from '../../../functions/adapters/slack-alerts';
import { PermanentDeliveryError } from '../../../functions/domain/ports';

const webhook = 'https://hooks.slack.com/services/T000/B000/very-secret-token';
const message = { subject: 'Detractor 2/10', body: 'Call Ana back', caseId: 'case-1' };

/** A fetch that answers `status` with `body` and records what it was sent. */
function fakeFetch(status: number, body = 'ok', headers: Record<string, string> = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body, { status, headers });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const publisher = (fetch: typeof globalThis.fetch, timeoutMs?: number) =>
  new SlackAlertPublisher({ webhookUrl: async () => webhook, fetch, timeoutMs });

describe('SlackAlertPublisher', () => {
  it('posts the Block Kit JSON to the webhook', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(200);

    // Act
    const receipt = await publisher(fetch).publishAlert(message);

    // Assess
    expect(receipt.messageId).toMatch(/^slack-/);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(webhook);
    expect(calls[0]?.init.method).toBe('POST');
    const posted = JSON.parse(String(calls[0]?.init.body)) as { text: string; blocks: unknown[] };
    expect(posted.text).toBe('Detractor 2/10');
    expect(posted.blocks.length).toBeGreaterThan(0);
  });

  it.each([400, 403, 404, 410])('treats %i as permanent: retrying cannot help', async (status) => {
    const { fetch } = fakeFetch(status, 'invalid_payload');
    const error = await publisher(fetch)
      .publishAlert(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as Error).message).toBe(`Slack answered ${status} invalid_payload`);
  });

  it.each([429, 500, 503])('treats %i as retryable', async (status) => {
    const { fetch } = fakeFetch(status, 'rate_limited', { 'retry-after': '30' });
    const error = await publisher(fetch)
      .publishAlert(message)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SlackUnavailableError);
    expect(error).not.toBeInstanceOf(PermanentDeliveryError);
  });

  it('treats a network failure as retryable and never puts the webhook URL in the error', async () => {
    const failing = (async () => {
      throw new TypeError(`fetch failed for ${webhook}`, { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof globalThis.fetch;
    const error = (await publisher(failing)
      .publishAlert(message)
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SlackUnavailableError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('very-secret-token');
  });

  it('gives up on a hung request after its timeout, as retryable', async () => {
    const hanging = ((_url: string, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as unknown as typeof globalThis.fetch;
    const error = (await publisher(hanging, 50)
      .publishAlert(message)
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(SlackUnavailableError);
    expect(error.message).toContain('timed out');
  });

  it('drops an answer that is not a Slack error code (it could echo anything)', async () => {
    const { fetch } = fakeFetch(400, '<html>Bad request from proxy for customer Ana</html>');
    const error = (await publisher(fetch)
      .publishAlert(message)
      .catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('Slack answered 400');
  });
});
