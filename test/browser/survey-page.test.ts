/**
 * The survey page in a real browser (headless Chromium): answered by mouse and by keyboard alone,
 * checked by axe-core for WCAG 2.1 A/AA, measured on a phone, and in Spanish. Also keeps the phone
 * screenshots in docs/screenshots/ current.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSurveyToken } from '../../functions/domain/survey-token';
import { loadOrCreateSecrets } from '../../local/runtime';
import {
  type AxeViolation,
  accessibleNode,
  type BrowserSession,
  browserSession,
  contrastRatio,
  describeViolations,
  PHONE,
  runAxe,
} from '../support/browser';
import { interaction, startTestRuntime, type TestRuntime } from '../support/runtime';

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const today = new Date().toISOString().slice(0, 10);

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

async function invite(customer: Record<string, unknown> = {}) {
  const res = await rt.api('POST', '/interactions', { body: interaction({}, customer) });
  expect(res.status).toBe(202);
  const receipt = (await res.json()) as { invitationId: string; status: string; surveyUrl: string };
  expect(receipt.status).toBe('sent');
  return receipt;
}

async function nps() {
  const res = await rt.api('GET', `/nps?from=${today}&to=${today}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { responses: number; promoters: number; passives: number; detractors: number };
}

async function csvRow(invitationId: string) {
  const res = await rt.api('GET', `/exports/responses.csv?from=${today}&to=${today}`);
  expect(res.status).toBe(200);
  return (await res.text()).split('\r\n').find((row) => row.startsWith(invitationId));
}

/** Clicks Send (or runs `submit`) and waits for the page the form post answers with. */
async function submitAndWait(page: Page, submit: () => Promise<void>) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/s/')),
    submit(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

const scrollsSideways = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');

const focusedId = (page: Page) => page.evaluate<string>('document.activeElement?.id ?? ""');

/**
 * The focused control shows a solid ring of at least 2 px with 3:1 contrast against the page
 * (WCAG 2.4.7 and 1.4.11; axe cannot check focus styles).
 */
async function expectVisibleFocusRing(page: Page, selector: string) {
  const ring = await page.evaluate<{ style: string; width: string; color: string; page: string }>(`(() => {
    const s = getComputedStyle(document.querySelector(${JSON.stringify(selector)}));
    return { style: s.outlineStyle, width: s.outlineWidth, color: s.outlineColor,
             page: getComputedStyle(document.body).backgroundColor };
  })()`);
  expect(ring.style, `focus ring of ${selector}`).toBe('solid');
  expect(Number.parseFloat(ring.width), `focus ring width of ${selector}`).toBeGreaterThanOrEqual(2);
  expect(contrastRatio(ring.color, ring.page), `focus ring contrast of ${selector}`).toBeGreaterThanOrEqual(
    3,
  );
}

function expectNoSeriousViolations(where: string, violations: AxeViolation[]) {
  const minor = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
  if (minor.length > 0) console.info(`axe, ${where}: minor/moderate findings\n${describeViolations(minor)}`);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe, ${where}:\n${describeViolations(serious)}`).toEqual([]);
}

describe('answering the survey', () => {
  it('by clicking: the linked score is preselected, a new score and a comment are sent and counted', async () => {
    const { surveyUrl, invitationId } = await invite();
    const page = await newPage();
    const opened = await page.goto(`${surveyUrl}?score=9`);
    expect(opened?.status()).toBe(200);
    expect(await page.locator('#score-9').isChecked()).toBe(true);

    await page.locator('label[for="score-3"]').click();
    expect(await page.locator('#score-3').isChecked()).toBe(true);
    expect(await page.locator('#score-9').isChecked()).toBe(false);
    const comment = 'The technician came late twice';
    await page.getByLabel('What is the main reason for your score?').click();
    await page.keyboard.type(comment);

    const before = await nps();
    const response = await submitAndWait(page, () => page.getByRole('button', { name: 'Send' }).click());
    expect(response.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you!');

    await rt.settle();
    const after = await nps();
    expect(after.responses).toBe(before.responses + 1);
    expect(after.detractors).toBe(before.detractors + 1);
    const row = await csvRow(invitationId);
    expect(row).toContain(`,3,detractor,${comment},`);
  });

  it('with the keyboard only: Tab to the scale, arrows to choose, Tab to Send, Enter', async () => {
    const { surveyUrl, invitationId } = await invite();
    const page = await newPage();
    await page.goto(surveyUrl);
    expect(await page.locator('input[name="score"]:checked').count()).toBe(0);

    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('score-0');
    // The focused radio's button shows a visible focus ring.
    await expectVisibleFocusRing(page, 'label[for="score-0"]');
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
    expect(await focusedId(page)).toBe('score-7');
    expect(await page.locator('#score-7').isChecked()).toBe(true);

    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('comment');
    await expectVisibleFocusRing(page, '#comment');
    await page.keyboard.type('Quick and friendly');
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.textContent ?? ""')).toBe('Send');
    await expectVisibleFocusRing(page, 'button');

    const before = await nps();
    const response = await submitAndWait(page, () => page.keyboard.press('Enter'));
    expect(response.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you!');

    await rt.settle();
    const after = await nps();
    expect(after.responses).toBe(before.responses + 1);
    expect(after.passives).toBe(before.passives + 1);
    expect(await csvRow(invitationId)).toContain(',7,passive,Quick and friendly,');
  });

  it('announces the scale as a group named by the question, each score a radio, the ends described', async () => {
    const { surveyUrl } = await invite();
    const page = await newPage();
    await page.goto(surveyUrl);
    const group = page.getByRole('group', {
      name: 'How likely are you to recommend us to a friend or colleague?',
    });
    expect(await group.count()).toBe(1);
    expect(await group.getByRole('radio').count()).toBe(11);
    for (const n of [0, 5, 10]) {
      expect(await group.getByRole('radio', { name: String(n), exact: true }).count()).toBe(1);
    }
    // What Chromium hands to a screen reader: the group named by the question, the ends described.
    expect(await accessibleNode(page, 'fieldset')).toMatchObject({
      role: 'group',
      name: 'How likely are you to recommend us to a friend or colleague?',
    });
    expect(await accessibleNode(page, '#score-0')).toEqual({
      role: 'radio',
      name: '0',
      description: '0 = Not at all likely',
    });
    expect(await accessibleNode(page, '#score-5')).toEqual({ role: 'radio', name: '5', description: '' });
    expect(await accessibleNode(page, '#score-10')).toEqual({
      role: 'radio',
      name: '10',
      description: '10 = Extremely likely',
    });
    expect(await accessibleNode(page, '#comment')).toMatchObject({
      role: 'textbox',
      name: 'What is the main reason for your score? (optional)',
    });
  });
});

describe('accessibility (axe-core, WCAG 2.1 A/AA)', () => {
  it('the survey page, the thank-you page and the expired-link page have no serious violations', async () => {
    const { surveyUrl, invitationId } = await invite();
    // The pages' Content-Security-Policy forbids inline scripts; let axe in.
    const page = await newPage({ bypassCSP: true });

    await page.goto(`${surveyUrl}?score=10`);
    expectNoSeriousViolations('survey page', await runAxe(page));

    await submitAndWait(page, () => page.getByRole('button', { name: 'Send' }).click());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you!');
    expectNoSeriousViolations('thank-you page', await runAxe(page));

    const secrets = loadOrCreateSecrets(rt.dataDir);
    const expired = issueSurveyToken(
      { current: secrets.tokenKid, keys: secrets.tokenKeys },
      invitationId,
      new Date(Date.now() - 1000),
    );
    const res = await page.goto(`${rt.url}/s/${expired}`);
    expect(res?.status()).toBe(410);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('expired');
    expectNoSeriousViolations('expired-link page', await runAxe(page));
  });
});

describe('on a phone (360×740, touch)', () => {
  it('fits without horizontal scrolling, with 44×44 px targets; keeps the screenshots current', async () => {
    const { surveyUrl } = await invite({ name: 'Ana' });
    const page = await newPage(PHONE);
    await page.goto(surveyUrl);
    await page.locator('label[for="score-9"]').tap();
    expect(await page.locator('#score-9').isChecked()).toBe(true);

    expect(await scrollsSideways(page)).toBe(false);
    const targets = [
      ...(await page.locator('.scale label').all()),
      page.getByRole('button', { name: 'Send' }),
    ];
    expect(targets).toHaveLength(12);
    for (const target of targets) {
      const box = await target.boundingBox();
      const name = await target.textContent();
      expect(box, `target "${name}"`).not.toBeNull();
      expect(box?.width, `width of "${name}"`).toBeGreaterThanOrEqual(44);
      expect(box?.height, `height of "${name}"`).toBeGreaterThanOrEqual(44);
      expect((box?.x ?? -1) + (box?.width ?? 0), `right edge of "${name}"`).toBeLessThanOrEqual(360);
    }

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: `${SCREENSHOTS}survey-page-phone.png`,
      fullPage: true,
      animations: 'disabled',
    });

    await page.getByLabel('What is the main reason for your score?').fill('Fast and friendly.');
    await submitAndWait(page, () => page.getByRole('button', { name: 'Send' }).tap());
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you!');
    expect(await scrollsSideways(page)).toBe(false);
    await page.screenshot({
      path: `${SCREENSHOTS}thank-you-phone.png`,
      fullPage: true,
      animations: 'disabled',
    });
  });
});

describe('in Spanish', () => {
  it('speaks the customer language: lang="es", the question and the button in Spanish', async () => {
    const { surveyUrl } = await invite({ locale: 'es' });
    const page = await newPage();
    await page.goto(surveyUrl);
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    const question = '¿Qué probabilidad hay de que nos recomiende a un amigo o colega?';
    expect(await page.locator('legend').textContent()).toBe(question);
    expect(await page.title()).toBe(question);
    expect(await page.getByRole('group', { name: question }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Enviar' }).count()).toBe(1);
  });
});
