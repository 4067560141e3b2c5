/**
 * The dashboard in a real browser (headless Chromium) against the local runtime: sign in with the
 * admin token and check that the figures on the page are the API's own (NPS ± margin, trend, team
 * table with response rates, response rate, open cases, themes), that "Export CSV" runs an
 * asynchronous export to the end and offers the contract's CSV, that axe finds nothing serious and
 * that a phone does not scroll sideways. Keeps docs/screenshots/dashboard.png current.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_HEADER } from '../../functions/use-cases/export-responses';
import { type BrowserSession, browserSession, describeViolations, PHONE, runAxe } from '../support/browser';
import { interaction, startTestRuntime, type TestRuntime, tokenOf } from '../support/runtime';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

interface Figures {
  responses: number;
  nps: number | null;
  marginOfError: number | null;
  lowSample: boolean;
}
interface ThemesReport {
  commented: number;
  topics: (Figures & { topic: string; topPhrases: string[] })[];
  topDetractorTopics: string[];
}
interface RatesReport {
  delivered: number;
  answered: number;
  commented: number;
  responseRate: number | null;
  commentRate: number | null;
  groups?: { key: string; responseRate: number | null }[];
}
interface NpsReport extends Figures {
  series?: (Figures & { period: string })[];
  groups?: (Figures & { key: string })[];
  comparison?: Figures & {
    delta: number | null;
    deltaMarginOfError: number | null;
    significant: boolean | null;
  };
}

let rt: TestRuntime;
let session: BrowserSession | undefined;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TO = day(0);
const FROM = day(-27); // the page's default range: the last 28 days, today included

beforeAll(async () => {
  session = browserSession();
  rt = await startTestRuntime();
  // Team A: 2 promoters, 1 detractor (opens a case); team B: 1 promoter, 1 passive, 1 detractor.
  // The comments touch billing and waiting, so the theme table has rows and detractor topics.
  const answers: [string, number, string][] = [
    ['team-a', 10, 'Great help, my refund arrived quickly'],
    ['team-a', 9, 'Great'],
    ['team-a', 3, 'Waited on hold for hours'],
    ['team-b', 10, 'Sorted my billing question'],
    ['team-b', 8, 'Fine but the queue was long'],
    ['team-b', 2, 'Charged twice on my bill and still no refund'],
  ];
  for (const [teamId, score, comment] of answers) {
    const res = await rt.api('POST', '/interactions', { body: interaction({ teamId }) });
    expect(res.status).toBe(202);
    const { surveyUrl } = (await res.json()) as { surveyUrl: string };
    const answered = await rt.api('POST', '/responses', {
      admin: false,
      body: { token: tokenOf(surveyUrl), score, comment },
    });
    expect(answered.status).toBe(202);
  }
  await rt.settle();
});
afterAll(async () => {
  await session?.close();
  await rt?.stop();
});

const newPage = (options?: BrowserContextOptions): Promise<Page> => {
  if (!session) throw new Error('The browser session has not started');
  return session.newPage(options);
};

async function getJson<T>(path: string): Promise<T> {
  const res = await rt.api('GET', path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function signIn(page: Page) {
  const opened = await page.goto(`${rt.url}/dashboard`);
  expect(opened?.status()).toBe(200);
  await page.getByLabel('Admin token').fill(rt.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#board').waitFor({ state: 'visible' });
  await page.locator('#chart').waitFor();
}

/** The page shows numbers with a real minus sign. */
const parse = (text: string | null) => Number((text ?? '').replace('\u2212', '-').replace('±', '').trim());

describe('the dashboard', () => {
  it('shows the API figures: NPS ± margin, comparison, trend with band, teams, open cases', async () => {
    const page = await newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await signIn(page);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe(FROM);
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe(TO);

    const overall = await getJson<NpsReport>(`/nps?from=${FROM}&to=${TO}&interval=day&compare=previous`);
    expect(overall.responses).toBe(6);
    expect(parse(await page.locator('#nps-value').textContent())).toBe(overall.nps);
    expect(parse(await page.locator('#nps-margin').textContent())).toBe(overall.marginOfError);
    expect(await page.locator('#nps-counts').textContent()).toContain('6 responses');
    expect(await page.locator('#nps-low').isVisible()).toBe(overall.lowSample);
    // No answers in the previous 28 days: the change is not comparable.
    expect(overall.comparison?.delta).toBeNull();
    expect(await page.locator('#comparison').textContent()).toContain('not comparable');

    // The trend: one path for the line, one for the band, both drawn (today has answers).
    const line = page.locator('#chart path[data-series="line"]');
    const band = page.locator('#chart path[data-series="band"]');
    expect(await line.count()).toBe(1);
    expect(await band.count()).toBe(1);
    expect(await line.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+/);
    expect(await band.getAttribute('d')).toMatch(/Z$/);
    expect(await page.locator('#chart circle').count()).toBe(
      (overall.series ?? []).filter((p) => p.nps !== null).length,
    );
    expect(await page.locator('#series-rows tr').count()).toBe(28);
    expect(await page.locator('#chart title').textContent()).toContain('1 of 28 periods with answers');

    const byTeam = await getJson<NpsReport>(`/nps?from=${FROM}&to=${TO}&groupBy=team`);
    for (const key of ['team-a', 'team-b']) {
      const group = byTeam.groups?.find((g) => g.key === key);
      const row = page.locator(`#group-rows tr[data-key="${key}"]`);
      expect(await row.locator('td').nth(0).textContent()).toBe(String(group?.responses));
      expect(await row.locator('td').nth(1).textContent()).toBe(
        `${group?.nps?.toFixed(1).replace('-', '\u2212')} ± ${group?.marginOfError?.toFixed(1)}`,
      );
      expect(await row.locator('.tag').textContent()).toBe('low sample');
    }

    // Response rates: every invitation was delivered (the outbox) and answered, all with a comment.
    const rates = await getJson<RatesReport>(`/response-rates?from=${FROM}&to=${TO}&groupBy=team`);
    expect(rates).toMatchObject({
      delivered: 6,
      answered: 6,
      commented: 6,
      responseRate: 100,
      commentRate: 100,
    });
    expect(await page.locator('#rate-value').textContent()).toBe('100.0%');
    expect(await page.locator('#rate-counts').textContent()).toContain('6 answered of 6 delivered');
    expect(await page.locator('#comment-rate').textContent()).toBe('100.0%');
    for (const g of rates.groups ?? [])
      expect(
        await page.locator(`#group-rows tr[data-key="${g.key}"] td[data-col="rate"]`).textContent(),
      ).toBe(`${g.responseRate?.toFixed(1)}%`);

    const open = await getJson<{ cases: { dueAt: string }[] }>('/cases?status=open');
    expect(open.cases.length).toBe(2);
    expect(await page.locator('#cases-open').textContent()).toBe(String(open.cases.length));
    expect(await page.locator('#cases-overdue').textContent()).toBe('0');

    // Group by channel re-reads the groups.
    await page.getByLabel('Group by').selectOption('channel');
    await page.getByRole('button', { name: 'Update' }).click();
    await expect.poll(() => page.locator('#group-rows tr').getAttribute('data-key')).toBe('email');

    expect(page.url()).not.toContain(rt.adminToken);
    expect(blocked, 'the page script runs under its own CSP').toEqual([]);
  });

  it('shows the theme table of GET /themes, for long ranges too', async () => {
    const page = await newPage();
    await signIn(page);
    const themes = await getJson<ThemesReport>(`/themes?from=${FROM}&to=${TO}`);
    expect(themes.commented).toBe(6);
    const keys = themes.topics.map((t) => t.topic);
    expect(keys).toEqual(expect.arrayContaining(['billing', 'wait_time']));
    expect(themes.topDetractorTopics).toEqual(expect.arrayContaining(['billing', 'wait_time']));

    const rows = page.locator('#theme-rows tr');
    await expect.poll(() => rows.count()).toBe(themes.topics.length);
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-topic')))).toEqual(keys);
    for (const t of themes.topics) {
      const row = page.locator(`#theme-rows tr[data-topic="${t.topic}"]`);
      expect(await row.locator('th .topic').textContent()).toBe(t.topic.replace(/_/g, ' '));
      expect(await row.locator('th .tag').count()).toBe(themes.topDetractorTopics.includes(t.topic) ? 1 : 0);
      if (themes.topDetractorTopics.includes(t.topic))
        expect(await row.locator('th .tag').textContent()).toBe('top detractor topic');
      const cells = row.locator('td');
      expect(await cells.nth(0).textContent()).toBe(String(t.responses));
      expect(await cells.nth(1).textContent()).toBe(
        `${t.nps?.toFixed(1).replace('-', '\u2212')} ± ${t.marginOfError?.toFixed(1)}`,
      );
      expect(await cells.nth(2).textContent()).toBe(t.lowSample ? 'low sample' : '');
      expect(await cells.nth(3).textContent()).toBe(t.topPhrases.join(', '));
    }
    expect(await page.locator('#themes-commented').textContent()).toContain('6 answers with a comment');

    // Themes are read from daily topic aggregates, so a long range (the same answers) shows the same table.
    const from = day(-200);
    const longer = await getJson<ThemesReport>(`/themes?from=${from}&to=${TO}`);
    expect(longer.topics).toEqual(themes.topics);
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByRole('button', { name: 'Update' }).click();
    await expect.poll(() => page.locator('#range-label').textContent()).toContain(`${from} to ${TO}`);
    await expect.poll(() => rows.count()).toBe(themes.topics.length);
    expect(await page.locator('#themes-table').isVisible()).toBe(true);
    expect(await page.locator('#themes-note').textContent()).toBe('');
    expect(await page.locator('#message').textContent()).toBe('');
  });

  it('runs an asynchronous export with progress and offers the file as a signed link', async () => {
    const page = await newPage({ acceptDownloads: true });
    await signIn(page);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const link = page.locator('#export-link');
    await link.waitFor({ state: 'visible' });
    expect(await link.textContent()).toBe('Download the CSV file (6 rows)');
    expect(await page.locator('#export-progress').getAttribute('value')).toBe('100');
    expect(await page.locator('#export-status').textContent()).toBe('Export ready: 6 rows.');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).not.toContain(rt.adminToken);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(`${csv.split('\r\n')[0]}\r\n`).toBe(CSV_HEADER);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(7);

    await page.getByRole('button', { name: 'Export JSON Lines' }).click();
    await expect.poll(() => link.textContent(), { timeout: 20_000 }).toBe('Download the JSONL file (6 rows)');
    const [jsonl] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const lines = readFileSync(await jsonl.path(), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0] ?? '{}')).toHaveProperty('response_id');
  });

  it('switches the trend to weeks when the range exceeds 60 days', async () => {
    const page = await newPage();
    await signIn(page);
    const from = day(-89);
    await page.getByLabel('From', { exact: true }).fill(from);
    await page.getByRole('button', { name: 'Update' }).click();
    await expect.poll(() => page.locator('#range-label').textContent()).toContain('by week');
    const weekly = await getJson<NpsReport>(`/nps?from=${from}&to=${TO}&interval=week`);
    expect(await page.locator('#series-rows tr').count()).toBe(weekly.series?.length);
    expect(parse(await page.locator('#nps-value').textContent())).toBe(weekly.nps);
  });

  it('asks for the token again after a 401', async () => {
    const page = await newPage();
    await signIn(page);
    await page.evaluate("sessionStorage.setItem('lifeline.adminToken', 'wrong')");
    await page.getByRole('button', { name: 'Update' }).click();
    await expect.poll(() => page.locator('#signin-error').textContent()).toContain('not accepted');
  });

  it('has no serious axe violations, fits a phone; keeps the screenshot current', async () => {
    // axe is injected as an inline script, which the page's CSP (rightly) forbids.
    const serious = (v: Awaited<ReturnType<typeof runAxe>>) =>
      v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
    const phone = await newPage({ ...PHONE, bypassCSP: true });
    const opened = await phone.goto(`${rt.url}/dashboard`);
    expect(opened?.status()).toBe(200);
    await phone.getByLabel('Admin token').waitFor();
    const signin = await runAxe(phone);
    expect(serious(signin), describeViolations(serious(signin))).toEqual([]);
    await phone.getByLabel('Admin token').fill(rt.adminToken);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.locator('#chart').waitFor();
    const board = await runAxe(phone);
    expect(serious(board), describeViolations(serious(board))).toEqual([]);
    expect(await phone.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth')).toBe(
      false,
    );

    const desktop = await newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(desktop);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await desktop.screenshot({ path: `${SCREENSHOTS}dashboard.png`, fullPage: true, animations: 'disabled' });
  });
});
