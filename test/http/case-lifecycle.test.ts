/**
 * The recovery-case lifecycle over HTTP against the local runtime: reopen, assigning, the outcome
 * rules, the 409 of an invalid transition with the contract's error body, and a history that keeps
 * every step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

let rt: TestRuntime;

beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => {
  await rt?.stop();
});

interface CaseView {
  caseId: string;
  status: string;
  outcome?: string;
  assignee?: string;
  firstContactAt?: string;
  resolvedAt?: string;
  history: { at: string; status: string; note?: string; outcome?: string; assignee?: string }[];
}

/** A detractor answer, and the case it opens. */
async function openCase(): Promise<string> {
  const receipt = (await (await rt.api('POST', '/interactions', { body: interaction() })).json()) as {
    invitationId: string;
    surveyUrl: string;
  };
  await rt.api('POST', '/responses', { admin: false, body: { token: tokenOf(receipt.surveyUrl), score: 2 } });
  await rt.settle();
  const { cases } = (await (await rt.api('GET', '/cases?status=open')).json()) as {
    cases: { caseId: string; invitationId: string }[];
  };
  const found = cases.find((c) => c.invitationId === receipt.invitationId);
  if (!found) throw new Error('no case opened');
  return found.caseId;
}

async function patch(caseId: string, body: unknown): Promise<Response> {
  return rt.api('PATCH', `/cases/${caseId}`, { body });
}

async function patched(caseId: string, body: unknown): Promise<CaseView> {
  const res = await patch(caseId, body);
  expect(res.status).toBe(200);
  return (await res.json()) as CaseView;
}

async function getCase(caseId: string): Promise<CaseView> {
  return (await (await rt.api('GET', `/cases/${caseId}`)).json()) as CaseView;
}

async function idsWithStatus(status: string): Promise<string[]> {
  const { cases } = (await (await rt.api('GET', `/cases?status=${status}`)).json()) as {
    cases: { caseId: string }[];
  };
  return cases.map((c) => c.caseId);
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  return body.error;
}

describe('PATCH /cases/{caseId}: the lifecycle', () => {
  it('reopens a resolved case, keeps its history and its first contact, and clears the outcome', async () => {
    // Prepare
    const caseId = await openCase();
    const contacted = await patched(caseId, {
      status: 'contacted',
      note: 'left a voicemail',
      assignee: 'sam',
    });
    await patched(caseId, { status: 'resolved', outcome: 'recovered', note: 'refund issued' });
    // Act
    const reopened = await patched(caseId, {
      status: 'open',
      note: 'customer called back: refund never arrived',
    });
    // Assess
    expect(reopened).toMatchObject({ caseId, status: 'open', assignee: 'sam' });
    expect(reopened.outcome).toBeUndefined();
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.firstContactAt).toBe(contacted.firstContactAt);
    expect(reopened.history.map((h) => [h.status, h.note, h.outcome])).toEqual([
      ['open', undefined, undefined],
      ['contacted', 'left a voicemail', undefined],
      ['resolved', 'refund issued', 'recovered'],
      ['open', 'customer called back: refund never arrived', undefined],
    ]);
    expect(await getCase(caseId)).toEqual(reopened);
    expect(await idsWithStatus('open')).toContain(caseId);
    expect(await idsWithStatus('resolved')).not.toContain(caseId);
  });

  it('resolves a reopened case again, with a new outcome', async () => {
    const caseId = await openCase();
    await patched(caseId, { status: 'resolved', outcome: 'unreachable' });
    await patched(caseId, { status: 'open' });
    const again = await patched(caseId, { status: 'resolved', outcome: 'not_recovered' });
    expect(again).toMatchObject({ status: 'resolved', outcome: 'not_recovered' });
    expect(again.history.map((h) => h.status)).toEqual(['open', 'resolved', 'open', 'resolved']);
  });

  it('records when first contact and resolution happened', async () => {
    const caseId = await openCase();
    const before = Date.now();
    const contacted = await patched(caseId, { status: 'contacted' });
    const second = await patched(caseId, { status: 'contacted', note: 'second attempt' });
    const resolved = await patched(caseId, { status: 'resolved', outcome: 'recovered' });
    expect(Date.parse(contacted.firstContactAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
    expect(second.firstContactAt).toBe(contacted.firstContactAt);
    expect(resolved.firstContactAt).toBe(contacted.firstContactAt);
    expect(Date.parse(resolved.resolvedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(contacted.firstContactAt ?? ''),
    );
  });

  it.each([
    ['an open case reopened', [], { status: 'open' }],
    ['a contacted case reopened', [{ status: 'contacted' }], { status: 'open' }],
    [
      'a resolved case contacted',
      [{ status: 'resolved', outcome: 'recovered' }],
      { status: 'contacted', note: 'again' },
    ],
    [
      'a resolved case resolved again',
      [{ status: 'resolved', outcome: 'recovered' }],
      { status: 'resolved', outcome: 'unreachable' },
    ],
  ])(
    'answers 409 invalid_transition with the error body for %s, changing nothing',
    async (_name, steps, body) => {
      const caseId = await openCase();
      for (const step of steps) await patched(caseId, step);
      const before = await getCase(caseId);
      const error = await expectError(await patch(caseId, body), 409, 'invalid_transition');
      expect(error.message).toMatch(/cannot become/);
      expect(await getCase(caseId)).toEqual(before);
    },
  );
});

describe('PATCH /cases/{caseId}: assigning', () => {
  it('assigns an open case, which stays open and uncontacted, and says who in its history', async () => {
    // Prepare
    const caseId = await openCase();
    // Act
    const assigned = await patched(caseId, { status: 'open', assignee: 'sam' });
    // Assess
    expect(assigned).toMatchObject({ caseId, status: 'open', assignee: 'sam' });
    expect(assigned.firstContactAt).toBeUndefined();
    expect(assigned.history.map((h) => [h.status, h.assignee])).toEqual([
      ['open', undefined],
      ['open', 'sam'],
    ]);
    expect(await getCase(caseId)).toEqual(assigned);
    expect(await idsWithStatus('open')).toContain(caseId);
  });

  it('assigns a contacted case, which stays contacted', async () => {
    const caseId = await openCase();
    const contacted = await patched(caseId, { status: 'contacted', note: 'voicemail' });
    const assigned = await patched(caseId, { status: 'contacted', assignee: 'kim' });
    expect(assigned).toMatchObject({ status: 'contacted', assignee: 'kim' });
    expect(assigned.firstContactAt).toBe(contacted.firstContactAt);
  });
});

describe('PATCH /cases/{caseId}: outcome rules', () => {
  it('resolves without an outcome, which the contract leaves optional', async () => {
    const caseId = await openCase();
    await patched(caseId, { status: 'contacted' });
    const res = await patch(caseId, { status: 'resolved' });
    expect(res.status).toBe(200);
    const resolved = (await res.json()) as Record<string, unknown>;
    expect(resolved).toMatchObject({ status: 'resolved' });
    expect(resolved.outcome).toBeUndefined();
  });

  it.each([
    { status: 'contacted', outcome: 'recovered' },
    { status: 'open', outcome: 'recovered' },
    { status: 'resolved', outcome: 'delighted' },
  ])('answers 400 for %j', async (body) => {
    const caseId = await openCase();
    const before = await getCase(caseId);
    await expectError(await patch(caseId, body), 400, 'invalid_request');
    expect(await getCase(caseId)).toEqual(before);
  });

  it('answers 404 for an unknown case with a valid reopen body', async () => {
    await expectError(await patch('case_missing', { status: 'open' }), 404, 'not_found');
  });
});
