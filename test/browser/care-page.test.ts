/**
 * The care team's page in a real browser (headless Chromium) against the local runtime: sign in
 * with the admin token, see open cases by due time, mark one contacted, resolve another, assign one,
 * reopen a resolved one from the "Resolved" view, and check that customer text stays text. Keeps
 * docs/screenshots/care-page.png current.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, browserSession, describeViolations, PHONE, runAxe } from '../support/browser';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const XSS = '<img src=x onerror=alert(1)>';

interface CaseView {
  caseId: string;
  invitationId: string;
  status: string;
  dueAt: string;
  createdAt: string;
  severity?: string;
  comment: string | null;
  customerName?: string;
  customerContact?: string;
  outcome?: string;
  assignee?: string;
  resolvedAt?: string;
  history: { status: string; note?: string; outcome?: string; assignee?: string }[];
}

let rt: TestRuntime;
let session: BrowserSession | undefined;

beforeAll(async () => {
  session = browserSession();
  rt = await startTestRuntime();
});
afterAll(async () => {
  await session?.close();
  await rt?.stop();
});

const newPage = (options?: BrowserContextOptions): Promise<Page> => {
  if (!session) throw new Error('The browser session has not started');
  return session.newPage(options);
};

/** A detractor answer through the public API; returns its invitation id once its case is open. */
async function detractor(customer: Record<string, unknown>, score: number, comment: string) {
  const res = await rt.api('POST', '/interactions', { body: interaction({}, customer) });
  expect(res.status).toBe(202);
  const { invitationId, surveyUrl } = (await res.json()) as { invitationId: string; surveyUrl: string };
  const answer = await rt.api('POST', '/responses', {
    admin: false,
    body: { token: tokenOf(surveyUrl), score, comment },
  });
  expect(answer.status).toBe(202);
  return invitationId;
}

async function cases(status: string): Promise<CaseView[]> {
  const res = await rt.api('GET', `/cases?status=${status}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { cases: CaseView[] }).cases;
}

async function caseById(caseId: string): Promise<CaseView> {
  const res = await rt.api('GET', `/cases/${encodeURIComponent(caseId)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as CaseView;
}

async function signIn(page: Page) {
  const opened = await page.goto(`${rt.url}/care`);
  expect(opened?.status()).toBe(200);
  await page.getByLabel('Admin token').fill(rt.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#board').waitFor({ state: 'visible' });
}

const caseItem = (page: Page, caseId: string): Locator => page.locator(`li[data-case-id="${caseId}"]`);
const listedIds = (page: Page) =>
  page.evaluate<string[]>(
    "[...document.querySelectorAll('#cases > li')].map((li) => li.getAttribute('data-case-id'))",
  );

describe('the care page', () => {
  let urgent: CaseView; // score 1: high severity, due first
  let normal: CaseView; // score 5, a friendly comment with HTML in it: normal severity, due later

  beforeAll(async () => {
    const urgentInvitation = await detractor(
      { name: 'Bea Urgent', email: 'bea@example.com' },
      1,
      'Nobody called me back about the outage',
    );
    const normalInvitation = await detractor(
      { name: 'Carl Normal', email: 'carl@example.com' },
      5,
      `Thanks, friendly and helpful ${XSS}`,
    );
    await rt.settle();
    const open = await cases('open');
    const find = (invitationId: string) => {
      const found = open.find((c) => c.invitationId === invitationId);
      expect(found, `a case for ${invitationId}`).toBeDefined();
      return found as CaseView;
    };
    urgent = find(urgentInvitation);
    normal = find(normalInvitation);
  });

  it('lists open cases by due time with comment and contact, the token only in sessionStorage', async () => {
    const page = await newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page);

    const expectedOrder = [...(await cases('open')), ...(await cases('contacted'))]
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.createdAt.localeCompare(b.createdAt))
      .map((c) => c.caseId);
    expect(await listedIds(page)).toEqual(expectedOrder);
    expect(expectedOrder.indexOf(urgent.caseId)).toBeLessThan(expectedOrder.indexOf(normal.caseId));

    const first = caseItem(page, urgent.caseId);
    await expect
      .poll(() => first.locator('blockquote').textContent())
      .toBe('Nobody called me back about the outage');
    expect(await first.getByRole('heading', { level: 3 }).textContent()).toContain('Bea Urgent');
    expect(await first.getByRole('link', { name: 'bea@example.com' }).getAttribute('href')).toBe(
      'mailto:bea@example.com',
    );

    // Customer text that looks like HTML stays text: no element is created, no script runs.
    const second = caseItem(page, normal.caseId);
    expect(await second.locator('blockquote').textContent()).toBe(`Thanks, friendly and helpful ${XSS}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);

    expect(page.url()).not.toContain(rt.adminToken);
    expect(await page.evaluate<string | null>("sessionStorage.getItem('lifeline.adminToken')")).toBe(
      rt.adminToken,
    );
    expect(blocked, 'the page script runs under its own CSP').toEqual([]);
  });

  it('marks one case contacted and resolves another as recovered', async () => {
    const page = await newPage();
    await signIn(page);

    const first = caseItem(page, urgent.caseId);
    await first.getByLabel('Contact note (optional)').fill('Called, will visit Monday');
    await first.getByRole('button', { name: 'Mark contacted' }).click();
    await expect.poll(() => page.locator('#message').textContent()).toContain('contacted');
    await expect.poll(async () => (await caseById(urgent.caseId)).status).toBe('contacted');
    // Still listed (contacted cases stay on the board until resolved), with no contact button left.
    await expect.poll(() => first.locator('.tag.status').textContent()).toBe('contacted');
    expect(await first.getByRole('button', { name: 'Mark contacted' }).count()).toBe(0);

    const second = caseItem(page, normal.caseId);
    await second.getByLabel('Outcome').selectOption('recovered');
    await second.getByLabel('Resolution note (optional)').fill('Refunded the install fee');
    await second.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => second.count()).toBe(0);
    const resolved = await caseById(normal.caseId);
    expect(resolved.status).toBe('resolved');
    expect(resolved.outcome).toBe('recovered');
    expect((await cases('open')).map((c) => c.caseId)).not.toContain(normal.caseId);
  });

  it('says so when a change is refused (409) and asks for the token again after a 401', async () => {
    const page = await newPage();
    await signIn(page);
    const first = caseItem(page, urgent.caseId);
    await first.waitFor();
    // Someone else resolves the case meanwhile; resolving it again here is not allowed.
    const patched = await rt.api('PATCH', `/cases/${urgent.caseId}`, {
      body: { status: 'resolved', outcome: 'unreachable' },
    });
    expect(patched.status).toBe(200);
    await first.getByRole('button', { name: 'Resolve' }).click();
    await expect
      .poll(() => page.locator('#message').textContent())
      .toContain('changed in the meantime, or that change is not allowed');
    await expect.poll(() => first.count()).toBe(0);
    // Reopen it for the checks below.
    expect((await rt.api('PATCH', `/cases/${urgent.caseId}`, { body: { status: 'open' } })).status).toBe(200);

    await page.evaluate("sessionStorage.setItem('lifeline.adminToken', 'wrong')");
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => page.locator('#signin-error').textContent()).toContain('not accepted');
    expect(await page.getByLabel('Admin token').isVisible()).toBe(true);
  });

  it('assigns a case in place, keeping its status; the API shows the assignee', async () => {
    // Prepare
    const page = await newPage();
    await signIn(page);
    const card = caseItem(page, urgent.caseId);
    const before = await caseById(urgent.caseId);
    expect(before.status).toBe('open');
    // An empty name is refused on the page, before any request.
    await card.getByRole('button', { name: 'Assign' }).click();
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe('Enter who takes the case of Bea Urgent.');
    const inputId = await card.getByLabel('Assign to').getAttribute('id');
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe(inputId);
    expect((await caseById(urgent.caseId)).history).toHaveLength(before.history.length);
    // A mark on the card: a re-render of the list would drop it.
    await page.evaluate(
      `document.querySelector('li[data-case-id="${urgent.caseId}"]').dataset.mark = 'kept'`,
    );
    // Act
    await card.getByLabel('Assign to').fill('  Ana Care ');
    await card.getByRole('button', { name: 'Assign' }).click();
    // Assess
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe('Assigned the case of Bea Urgent to Ana Care.');
    expect(await page.locator('#message').getAttribute('role')).toBe('status');
    const after = await caseById(urgent.caseId);
    expect(after).toMatchObject({ status: 'open', assignee: 'Ana Care' });
    expect(after.history.at(-1)).toMatchObject({ status: 'open', assignee: 'Ana Care' });
    expect(after.history).toHaveLength(before.history.length + 1);
    // The card changed in place, as text, and still offers its actions.
    expect(await card.getAttribute('data-mark')).toBe('kept');
    const assigned = card.locator('dt:text-is("Assigned to") + dd');
    expect(await assigned.textContent()).toBe('Ana Care');
    expect(await card.getByLabel('Assign to').inputValue()).toBe('Ana Care');
    expect(await card.getByRole('button', { name: 'Mark contacted' }).isEnabled()).toBe(true);

    // A reload shows the same assignee.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => assigned.textContent()).toBe('Ana Care');
  });

  it('resolves a case, finds it under "Resolved" and reopens it with a note', async () => {
    // Prepare
    const invitationId = await detractor({ name: 'Eve Reopen', email: 'eve@example.com' }, 2, 'Still broken');
    await rt.settle();
    const opened = (await cases('open')).find((c) => c.invitationId === invitationId);
    expect(opened).toBeDefined();
    const caseId = (opened as CaseView).caseId;
    const page = await newPage();
    await signIn(page);
    const card = caseItem(page, caseId);
    await card.getByLabel('Outcome').selectOption('not_recovered');
    await card.getByLabel('Resolution note (optional)').fill('Could not fix it today');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => card.count()).toBe(0);
    expect((await caseById(caseId)).status).toBe('resolved');

    // Act: the "Resolved" view lists it, latest first, with its outcome and a Reopen action.
    await page.getByRole('button', { name: 'Resolved' }).click();
    expect(await page.getByRole('button', { name: 'Resolved' }).getAttribute('aria-pressed')).toBe('true');
    await card.waitFor();
    expect(await page.locator('#board-title').textContent()).toContain('Recently resolved cases');
    expect((await listedIds(page))[0]).toBe(caseId);
    expect(await card.locator('dt:text-is("Outcome") + dd').textContent()).toBe('Not recovered');
    expect(await card.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
    await card.getByLabel('Reason to reopen (optional)').fill('Customer called back: still broken');
    await card.getByRole('button', { name: 'Reopen' }).click();

    // Assess
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe('Reopened the case of Eve Reopen: it is open again.');
    await expect.poll(() => card.count()).toBe(0);
    const reopened = await caseById(caseId);
    expect(reopened.status).toBe('open');
    expect(reopened.outcome).toBeUndefined();
    expect(reopened.resolvedAt).toBeUndefined();
    expect(reopened.history.map((h) => [h.status, h.note, h.outcome])).toEqual([
      ['open', undefined, undefined],
      ['resolved', 'Could not fix it today', 'not_recovered'],
      ['open', 'Customer called back: still broken', undefined],
    ]);
    await page.getByRole('button', { name: 'Open and contacted' }).click();
    await card.waitFor();
    expect(await card.locator('.tag.status').textContent()).toBe('open');
  });

  it('shows the API refusal as text when a case was reopened elsewhere meanwhile', async () => {
    const page = await newPage();
    await signIn(page);
    await page.getByRole('button', { name: 'Resolved' }).click();
    const card = caseItem(page, normal.caseId);
    await card.waitFor();
    // Someone else reopens it first; reopening it again is an invalid transition (409).
    expect((await rt.api('PATCH', `/cases/${normal.caseId}`, { body: { status: 'open' } })).status).toBe(200);
    await card.getByRole('button', { name: 'Reopen' }).click();
    await expect
      .poll(() => page.locator('#message').textContent())
      .toBe(
        'This case changed in the meantime, or that change is not allowed for it now ' +
          '(A open case cannot become open.). The list has been refreshed.',
      );
    await expect.poll(() => card.count()).toBe(0);
    // Resolve it again for the checks below.
    const resolvedAgain = await rt.api('PATCH', `/cases/${normal.caseId}`, {
      body: { status: 'resolved', outcome: 'recovered' },
    });
    expect(resolvedAgain.status).toBe(200);
  });

  it('has no serious axe violations, fits a phone with 44 px targets; keeps the screenshot current', async () => {
    const sms = await rt.api('POST', '/interactions', {
      body: interaction({ channel: 'sms' }, { name: 'Dee Phone', email: undefined, phone: '+14155550123' }),
    });
    const { surveyUrl } = (await sms.json()) as { surveyUrl: string };
    const answered = await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(surveyUrl), score: 4, comment: 'Billed twice for October' },
    });
    expect(answered.status).toBe(202);
    await rt.settle();
    // axe is injected as an inline script, which the page's CSP (rightly) forbids.
    const page = await newPage({ ...PHONE, bypassCSP: true });
    const signin = await runAxe(await signInPage(page));
    const serious = (v: typeof signin) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
    expect(serious(signin), describeViolations(serious(signin))).toEqual([]);

    await page.getByLabel('Admin token').fill(rt.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await caseItem(page, urgent.caseId).waitFor();
    const board = await runAxe(page);
    expect(serious(board), describeViolations(serious(board))).toEqual([]);
    expect(await caseItem(page, urgent.caseId).getByLabel('Assign to').count()).toBe(1);
    await fitsAPhone(page);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}care-page.png`, fullPage: true, animations: 'disabled' });

    await page.getByRole('button', { name: 'Resolved' }).click();
    await caseItem(page, normal.caseId).getByRole('button', { name: 'Reopen' }).waitFor();
    const resolvedView = await runAxe(page);
    expect(serious(resolvedView), describeViolations(serious(resolvedView))).toEqual([]);
    await fitsAPhone(page);
  });
});

/** No sideways scroll; every control at least 44 × 44 CSS pixels and inside the 360 px viewport. */
async function fitsAPhone(page: Page) {
  expect(await page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth')).toBe(
    false,
  );
  for (const target of await page.locator('#board button, #board select, #board a, #board input').all()) {
    const box = await target.boundingBox();
    const name = (await target.textContent()) || ((await target.getAttribute('id')) ?? '');
    expect(box?.height, `height of "${name}"`).toBeGreaterThanOrEqual(44);
    expect(box?.width, `width of "${name}"`).toBeGreaterThanOrEqual(44);
    expect((box?.x ?? -1) + (box?.width ?? 0), `right edge of "${name}"`).toBeLessThanOrEqual(360);
  }
}

async function signInPage(page: Page): Promise<Page> {
  const opened = await page.goto(`${rt.url}/care`);
  expect(opened?.status()).toBe(200);
  await page.getByLabel('Admin token').waitFor();
  return page;
}
