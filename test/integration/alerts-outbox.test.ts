/**
 * Locally without a Slack webhook URL, the outbox stands in for the alert topic and Slack at once:
 * one alert per case carrying the topic's plain text and Slack's Block Kit, erased with the customer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime({ scheduleIntervalsMs: { alertDigest: 3_600_000, caseEscalator: 3_600_000 } });
});
afterAll(async () => {
  await rt?.stop();
});

interface OutboxAlert {
  kind: string;
  caseId?: string;
  body: string;
  blocks?: { type: string; text?: { text: string } }[];
}

async function alertsOf(customerId: string): Promise<OutboxAlert[]> {
  const { cases } = (await (await rt.api('GET', '/cases')).json()) as {
    cases: { caseId: string; customerId: string }[];
  };
  const caseIds = new Set(cases.filter((c) => c.customerId === customerId).map((c) => c.caseId));
  const { messages } = (await (await rt.api('GET', '/dev/outbox')).json()) as { messages: OutboxAlert[] };
  return messages.filter((m) => m.kind === 'alert' && m.caseId !== undefined && caseIds.has(m.caseId));
}

describe('alerts in the local outbox', () => {
  it('keeps one alert per case with the Block Kit Slack would get, and erases it with the customer', async () => {
    // Prepare
    const body = interaction({}, { name: 'Zoë Slack' });
    const { surveyUrl } = (await (await rt.api('POST', '/interactions', { body })).json()) as {
      surveyUrl: string;
    };
    const comment = 'The <b>router</b> still drops & nobody calls';

    // Act
    await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(surveyUrl), score: 2, comment },
    });
    await rt.settle();

    // Assess
    const [alert, ...more] = await alertsOf(body.customer.id);
    expect(more).toHaveLength(0);
    expect(alert?.body).toContain(comment);
    expect(alert?.blocks?.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect(JSON.stringify(alert?.blocks)).toContain(
      'The &lt;b&gt;router&lt;/b&gt; still drops &amp; nobody calls',
    );
    expect(JSON.stringify(alert?.blocks)).toContain('Zoë Slack');

    // Act: the customer is erased
    expect((await rt.api('DELETE', `/customers/${body.customer.id}`)).status).toBe(202);

    // Assess
    const [erased] = await alertsOf(body.customer.id);
    expect(erased?.blocks).toBeUndefined();
    const everything = await (await rt.api('GET', '/dev/outbox')).text();
    for (const pii of ['Zoë Slack', 'router']) expect(everything).not.toContain(pii);
  });
});
