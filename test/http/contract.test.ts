/**
 * Every contract route over HTTP against the local runtime (DynamoDB Local, the local queue, the
 * outbox), including the bad inputs the contract names: each gets its 4xx and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessHours, DEFAULT_CALENDAR } from '../../functions/domain/business-hours';
import { issueSurveyToken } from '../../functions/domain/survey-token';
import { routes } from '../../functions/wiring';
import { loadOrCreateSecrets } from '../../local/runtime';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt?.stop();
});

async function invite(overrides: Record<string, unknown> = {}, customer: Record<string, unknown> = {}) {
  const res = await rt.api('POST', '/interactions', { body: interaction(overrides, customer) });
  expect(res.status).toBe(202);
  return (await res.json()) as { invitationId: string; status: string; surveyUrl: string };
}

async function nps(query = `from=${today}&to=${today}`) {
  const res = await rt.api('GET', `/nps?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown> & { responses: number };
}

async function outbox() {
  const res = await rt.api('GET', '/dev/outbox');
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: Record<string, string>[] }).messages;
}

async function expectError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.code).toMatch(/^[a-z_]+$/);
  if (code) expect(body.error.code).toBe(code);
}

/** A snapshot of everything a bad request must not change. */
async function state() {
  await rt.settle();
  const cases = await (await rt.api('GET', '/cases')).json();
  return { nps: await nps(), outbox: (await outbox()).length, cases };
}

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const res = await rt.api('GET', '/healthz', { admin: false });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('admin authentication', () => {
  // Every admin route of the wiring table, with its parameters filled in and a valid query: no API
  // Gateway authorizer stands in front of them on AWS, so a route that forgot the check would fail here.
  const adminRoutes = routes
    .filter((route) => route.auth === 'admin')
    .map((route) => [route.method, `${route.path.replace(/\{\w+\}/g, 'x_1')}?from=${today}&to=${today}`]);

  it('covers the admin routes of the wiring table', () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(15);
    expect(adminRoutes).toContainEqual(['DELETE', `/customers/x_1?from=${today}&to=${today}`]);
  });

  it.each(adminRoutes)('%s %s answers 401 without a token or with a wrong one', async (method, path) => {
    await expectError(await rt.api(method, path, { admin: false }), 401, 'unauthorized');
    await expectError(
      await rt.api(method, path, { headers: { authorization: 'Bearer wrong-token-0123456789' } }),
      401,
    );
  });
});

describe('POST /interactions', () => {
  it('sends an email invitation with a survey link, once, and answers a repeat with 200 and the same body', async () => {
    const body = interaction();
    const first = await rt.api('POST', '/interactions', { body });
    expect(first.status).toBe(202);
    const receipt = (await first.json()) as Record<string, string>;
    expect(receipt).toEqual({
      invitationId: expect.stringMatching(/^inv_/),
      status: 'sent',
      surveyUrl: expect.stringMatching(new RegExp(`^${rt.url}/s/`)),
    });
    const again = await rt.api('POST', '/interactions', { body });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(receipt);

    await rt.settle();
    const emails = (await outbox()).filter((m) => m.invitationId === receipt.invitationId);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ kind: 'email', to: body.customer.email });
    expect(emails[0]?.body).toContain(`${receipt.surveyUrl}?score=10`);
  });

  it('sends an SMS invitation to the customer phone', async () => {
    const receipt = await invite({ channel: 'sms' }, { email: undefined, phone: '+14155550100' });
    await rt.settle();
    const sms = (await outbox()).filter((m) => m.invitationId === receipt.invitationId);
    expect(sms).toEqual([expect.objectContaining({ kind: 'sms', to: '+14155550100' })]);
    expect(sms[0]?.body).toContain(receipt.surveyUrl);
  });

  it('suppresses a customer surveyed within the cooldown, without a survey link', async () => {
    const first = interaction();
    await rt.api('POST', '/interactions', { body: first });
    const second = interaction({}, { id: first.customer.id });
    const res = await rt.api('POST', '/interactions', { body: second });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({
      invitationId: expect.any(String),
      status: 'suppressed',
      reason: 'cooldown',
    });
  });

  it('schedules the invitation when it is night in the customer time zone, and sends nothing yet', async () => {
    const nightZone = zoneWhereHourIs(23);
    const receipt = await invite({}, { timeZone: nightZone });
    expect(receipt.status).toBe('scheduled');
    expect(receipt.surveyUrl).toMatch(/\/s\//);
    await rt.settle();
    expect((await outbox()).filter((m) => m.invitationId === receipt.invitationId)).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '{"interactionId": ', 400, 'invalid_json'],
    ['an unknown channel', JSON.stringify(interaction({ channel: 'fax' })), 400, 'invalid_request'],
    [
      'an email invitation without email',
      JSON.stringify(interaction({}, { email: undefined })),
      400,
      undefined,
    ],
    [
      'an SMS invitation with a phone not in E.164',
      JSON.stringify(interaction({ channel: 'sms' }, { phone: '555-0100' })),
      400,
      undefined,
    ],
    [
      'an interactionId over 128 characters',
      JSON.stringify(interaction({ interactionId: 'x'.repeat(129) })),
      400,
      undefined,
    ],
    ['a wrong type', JSON.stringify(interaction({ teamId: 42 })), 400, undefined],
    ['an invalid time zone', JSON.stringify(interaction({}, { timeZone: 'Mars/Olympus' })), 400, undefined],
    [
      'a body over 64 KB',
      JSON.stringify(interaction({ product: 'p', padding: 'x'.repeat(70_000) })),
      413,
      'payload_too_large',
    ],
  ])('rejects %s and changes nothing', async (_name, raw, status, code) => {
    const before = await state();
    await expectError(await rt.api('POST', '/interactions', { raw }), status, code);
    expect(await state()).toEqual(before);
  });
});

describe('the survey page and answers', () => {
  it('GET shows the question with the linked score preselected and records nothing', async () => {
    const { surveyUrl } = await invite({}, { locale: 'es' });
    const before = await state();
    const res = await fetch(`${surveyUrl}?score=9`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const page = await res.text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('¿Qué probabilidad hay');
    expect(page).toMatch(/id="score-9" name="score" value="9" required checked/);
    expect(await state()).toEqual(before);
  });

  it('answers a tampered link with 401 and an expired one with 410, as pages', async () => {
    const { surveyUrl, invitationId } = await invite();
    const tampered = await fetch(`${surveyUrl.slice(0, -2)}xx`);
    expect(tampered.status).toBe(401);
    expect(await tampered.text()).toContain('not valid');

    const secrets = loadOrCreateSecrets(rt.dataDir);
    const expiredToken = issueSurveyToken(
      { current: secrets.tokenKid, keys: secrets.tokenKeys },
      invitationId,
      new Date(Date.now() - 1000),
    );
    const expired = await rt.api('GET', `/s/${expiredToken}`, { admin: false });
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('expired');
    await expectError(
      await rt.api('POST', '/responses', { admin: false, body: { token: expiredToken, score: 5 } }),
      410,
      'expired',
    );
    await expectError(
      await rt.api('POST', '/responses', {
        admin: false,
        body: { token: `${tokenOf(surveyUrl)}x`, score: 5 },
      }),
      401,
    );
    const malformed = await rt.api('GET', '/s/%E0%A4%A', { admin: false });
    expect(malformed.status).toBe(401);
  });

  it('a detractor answer counts once, opens one case with its sentiment and alerts the care team once', async () => {
    const { surveyUrl, invitationId } = await invite({ teamId: 'support' });
    const before = await nps();
    const res = await rt.api('POST', '/responses', {
      admin: false,
      body: {
        token: tokenOf(surveyUrl),
        score: 2,
        comment: 'Still waiting for a refund, I will cancel my account.',
      },
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ invitationId });
    await rt.settle();

    const after = await nps();
    expect(after.responses).toBe(before.responses + 1);
    expect(after.detractors).toBe((before.detractors as number) + 1);
    const cases = (
      (await (await rt.api('GET', '/cases?status=open')).json()) as { cases: Record<string, unknown>[] }
    ).cases;
    const mine = cases.filter((c) => c.invitationId === invitationId);
    expect(mine).toEqual([
      expect.objectContaining({
        caseId: expect.any(String),
        invitationId,
        score: 2,
        comment: 'Still waiting for a refund, I will cancel my account.',
        sentiment: 'negative',
        severity: 'high',
        owner: 'support-care',
        status: 'open',
        teamId: 'support',
        agentId: 'A-7',
      }),
    ]);
    const alerts = (await outbox()).filter((m) => m.kind === 'alert' && m.caseId === mine[0]?.caseId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.body).toContain('cancel my account');
    // High severity: first contact within four business hours (09–17 Monday–Friday, UTC by default).
    const opened = mine[0] as { createdAt: string; dueAt: string };
    expect(opened.dueAt).toBe(
      addBusinessHours(new Date(opened.createdAt), 4, DEFAULT_CALENDAR).toISOString(),
    );
  });

  it('a form post answers with a thank-you page; a JSON post with JSON', async () => {
    const { surveyUrl } = await invite();
    const form = await fetch(surveyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ score: '10', comment: 'Great help' }).toString(),
    });
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toContain('text/html');
    expect(await form.text()).toContain('Thank you');

    const second = await invite();
    const asJson = await fetch(second.surveyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ score: 8 }),
    });
    expect(asJson.status).toBe(200);
    expect(await asJson.json()).toEqual({ invitationId: second.invitationId, status: 'received' });
  });

  it('a re-submitted answer replaces the first: the invitation counts once, with its latest score', async () => {
    const { surveyUrl } = await invite();
    await rt.settle();
    const before = await nps();
    const token = tokenOf(surveyUrl);
    await rt.api('POST', '/responses', { admin: false, body: { token, score: 3 } });
    await rt.settle();
    await rt.api('POST', '/responses', { admin: false, body: { token, score: 10 } });
    await rt.settle();
    const after = await nps();
    expect(after.responses).toBe(before.responses + 1);
    expect(after.promoters).toBe((before.promoters as number) + 1);
    expect(after.detractors).toBe(before.detractors);
  });

  it.each([
    ['a score above 10', { score: 11 }],
    ['a negative score', { score: -1 }],
    ['a fractional score', { score: 2.5 }],
    ['a score as a string', { score: '7' }],
    ['no score', { comment: 'hi' }],
    ['a comment over 5,000 characters', { score: 5, comment: 'x'.repeat(5001) }],
    ['a comment that is not a string', { score: 5, comment: 42 }],
  ])('rejects %s with 400 and changes nothing', async (_name, answer) => {
    const { surveyUrl } = await invite();
    const before = await state();
    await expectError(
      await rt.api('POST', '/responses', { admin: false, body: { token: tokenOf(surveyUrl), ...answer } }),
      400,
    );
    await expectError(await rt.api('POST', `/s/${tokenOf(surveyUrl)}`, { admin: false, body: answer }), 400);
    expect(await state()).toEqual(before);
  });

  it('re-shows the form with a message when a form post has no valid score', async () => {
    const { surveyUrl } = await invite();
    const res = await fetch(surveyUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'comment=forgot+the+score',
    });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('forgot the score');
  });
});

describe('GET /nps', () => {
  it('groups by team and gives a daily series with every period of the range', async () => {
    const { surveyUrl } = await invite({ teamId: 'nps-team' });
    await rt.api('POST', '/responses', { admin: false, body: { token: tokenOf(surveyUrl), score: 9 } });
    await rt.settle();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const report = await nps(`from=${yesterday}&to=${today}&groupBy=team&interval=day`);
    const team = (report.groups as Record<string, unknown>[]).find((g) => g.key === 'nps-team');
    expect(team).toEqual({
      key: 'nps-team',
      responses: 1,
      promoters: 1,
      passives: 0,
      detractors: 0,
      nps: 100,
      marginOfError: 0,
      // An addition to the contract's fields: one answer is far below the default minimum of 30.
      lowSample: true,
    });
    expect((report.series as Record<string, unknown>[]).map((s) => s.period)).toEqual([yesterday, today]);
    expect((report.series as Record<string, unknown>[])[0]).toMatchObject({
      responses: 0,
      nps: null,
      marginOfError: null,
    });
    expect(Object.keys(report)).toEqual([
      'from',
      'to',
      'responses',
      'promoters',
      'passives',
      'detractors',
      'nps',
      'marginOfError',
      'groups',
      'series',
      // Additions come after the contract's keys, which keep their order.
      'lowSample',
    ]);
  });

  it.each([
    ['a missing range', ''],
    ['a malformed date', 'from=2026-13-01&to=2026-12-01'],
    ['a reversed range', 'from=2026-11-30&to=2026-11-01'],
    ['an unknown groupBy', `from=${today}&to=${today}&groupBy=planet`],
    ['an unknown interval', `from=${today}&to=${today}&interval=hour`],
  ])('rejects %s with 400', async (_name, query) => {
    await expectError(await rt.api('GET', `/nps?${query}`), 400);
  });
});

describe('GET /exports/responses.csv', () => {
  it('exports one row per answered invitation with the exact header, safe from formula injection', async () => {
    const { surveyUrl, invitationId } = await invite();
    await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(surveyUrl), score: 4, comment: '=HYPERLINK("x")' },
    });
    await rt.settle();
    const res = await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    const [header, ...rows] = text.split('\r\n');
    expect(header).toBe(
      'response_id,interaction_id,customer_id,channel,agent_id,team_id,product,score,category,comment,sentiment,language,submitted_at',
    );
    const row = rows.find((r) => r.startsWith(invitationId));
    expect(row).toContain(`,4,detractor,"'=HYPERLINK(""x"")",`);
  });

  it('rejects a bad range with 400', async () => {
    await expectError(await rt.api('GET', '/exports/responses.csv?from=yesterday&to=today'), 400);
  });
});

describe('cases', () => {
  async function openCase() {
    const { surveyUrl, invitationId } = await invite();
    await rt.api('POST', '/responses', { admin: false, body: { token: tokenOf(surveyUrl), score: 1 } });
    await rt.settle();
    const { cases } = (await (await rt.api('GET', '/cases')).json()) as { cases: Record<string, string>[] };
    const found = cases.find((c) => c.invitationId === invitationId);
    if (!found) throw new Error('no case opened');
    return found.caseId as string;
  }

  it('moves a case to contacted then resolved and filters by status', async () => {
    const caseId = await openCase();
    const one = await rt.api('GET', `/cases/${caseId}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({
      caseId,
      status: 'open',
      score: 1,
      comment: null,
      customerName: 'Ana',
    });
    const contacted = await rt.api('PATCH', `/cases/${caseId}`, {
      body: { status: 'contacted', note: 'called', assignee: 'sam' },
    });
    expect(contacted.status).toBe(200);
    expect(await contacted.json()).toMatchObject({ caseId, status: 'contacted', assignee: 'sam' });
    const resolved = await rt.api('PATCH', `/cases/${caseId}`, {
      body: { status: 'resolved', outcome: 'recovered' },
    });
    expect(await resolved.json()).toMatchObject({ status: 'resolved', outcome: 'recovered' });
    const list = (await (await rt.api('GET', '/cases?status=resolved')).json()) as {
      cases: { caseId: string }[];
    };
    expect(list.cases.map((c) => c.caseId)).toContain(caseId);
    const open = (await (await rt.api('GET', '/cases?status=open')).json()) as {
      cases: { caseId: string }[];
    };
    expect(open.cases.map((c) => c.caseId)).not.toContain(caseId);

    await expectError(
      await rt.api('PATCH', `/cases/${caseId}`, { body: { status: 'contacted' } }),
      409,
      'invalid_transition',
    );
  });

  it('never loses a note when two people update the same case at once', async () => {
    const caseId = await openCase();
    const results = await Promise.all(
      ['first note', 'second note', 'third note'].map((note) =>
        rt.api('PATCH', `/cases/${caseId}`, { body: { status: 'contacted', note } }),
      ),
    );
    const accepted = results.filter((r) => r.status === 200).length;
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(accepted).toBeGreaterThanOrEqual(1);
    const saved = (await (await rt.api('GET', `/cases/${caseId}`)).json()) as {
      history: { note?: string }[];
    };
    expect(saved.history.filter((h) => h.note).length).toBe(accepted);
  });

  it('answers 404 for an unknown case and 400 for a bad body or status filter', async () => {
    await expectError(
      await rt.api('PATCH', '/cases/case_missing', { body: { status: 'contacted' } }),
      404,
      'not_found',
    );
    await expectError(await rt.api('GET', '/cases/case_missing'), 404, 'not_found');
    const caseId = await openCase();
    await expectError(await rt.api('PATCH', `/cases/${caseId}`, { body: { status: 'closed' } }), 400);
    await expectError(
      await rt.api('PATCH', `/cases/${caseId}`, { body: { status: 'contacted', colour: 'red' } }),
      400,
    );
    await expectError(await rt.api('PATCH', `/cases/${caseId}`, { raw: 'not json' }), 400, 'invalid_json');
    await expectError(await rt.api('GET', '/cases?status=lost'), 400);
  });
});

describe('DELETE /customers/{customerId}', () => {
  it('erases contact details and comments everywhere while the NPS counts stay', async () => {
    const body = interaction(
      { teamId: 'erasure-team' },
      { name: 'Zoë Erasable', email: 'zoe.erasable@example.com' },
    );
    const receipt = (await (await rt.api('POST', '/interactions', { body })).json()) as { surveyUrl: string };
    const secret = 'my card number is in this comment';
    await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(receipt.surveyUrl), score: 0, comment: secret },
    });
    await rt.settle();
    const before = await nps();
    // The comment's key phrases are comment text too: stored with the answer, shown by /themes.
    const themes = async () =>
      (await rt.api('GET', `/themes?from=${today}&to=${today}&teamId=erasure-team`)).text();
    expect(await themes()).toContain('card number');
    // An asynchronous export made before the erasure holds the comment; its file must go.
    const job = (await (
      await rt.api('POST', '/exports', { body: { from: today, to: today, format: 'csv' } })
    ).json()) as { exportId: string };
    await rt.settle();
    const done = (await (await rt.api('GET', `/exports/${job.exportId}`)).json()) as { url: string };
    const file = await fetch(done.url);
    expect(await file.text()).toContain(secret);

    const res = await rt.api('DELETE', `/customers/${body.customer.id}`);
    expect(res.status).toBe(202);
    expect((await fetch(done.url)).status).toBe(404);
    // The job says its file is gone, with no fresh link to it; an export made now has a file again.
    const withdrawn = (await (await rt.api('GET', `/exports/${job.exportId}`)).json()) as Record<
      string,
      unknown
    >;
    expect(withdrawn).toMatchObject({ exportId: job.exportId, status: 'withdrawn' });
    expect(String(withdrawn.error)).toMatch(/erasure/);
    expect(withdrawn).not.toHaveProperty('url');
    const after = (await (
      await rt.api('POST', '/exports', { body: { from: today, to: today, format: 'csv' } })
    ).json()) as { exportId: string };
    await rt.settle();
    const fresh = (await (await rt.api('GET', `/exports/${after.exportId}`)).json()) as {
      status: string;
      url: string;
    };
    expect(fresh.status).toBe('done');
    const freshFile = await (await fetch(fresh.url)).text();
    expect(freshFile).not.toContain(secret);

    const everything = [
      await (await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`)).text(),
      await (await rt.api('GET', '/cases')).text(),
      await (await rt.api('GET', '/dev/outbox')).text(),
      await themes(),
    ].join('\n');
    for (const pii of ['zoe.erasable@example.com', 'Zoë Erasable', secret, 'card number'])
      expect(everything).not.toContain(pii);
    expect(await nps()).toEqual(before);
  });
});

describe('routing', () => {
  it('answers 404 on the Twilio webhook when no Twilio auth token is configured', async () => {
    const res = await rt.api('POST', '/webhooks/twilio/sms', {
      admin: false,
      form: { MessageSid: 'SM1', From: '+14155550100', Body: '9' },
    });
    await expectError(res, 404, 'not_found');
  });

  it('answers 404 with the error body for an unknown route', async () => {
    await expectError(await rt.api('GET', '/nope'), 404, 'not_found');
  });
});

/** An IANA zone (Etc/GMT±N) where the local hour is `hour` right now. */
function zoneWhereHourIs(hour: number): string {
  const utcHour = new Date().getUTCHours();
  let offset = (hour - utcHour + 24) % 24;
  if (offset > 14) offset -= 24;
  // Etc/GMT zones have inverted signs: Etc/GMT-3 is UTC+3.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
