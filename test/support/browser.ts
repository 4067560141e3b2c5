/**
 * A headless Chromium for browser tests: an installed Chromium or Chrome driven by playwright-core
 * (Playwright's own browser download needs the internet, which CI and many machines do not have).
 * A missing browser fails the test loudly with the line that installs one, never skips it.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/** Where Chromium or Chrome usually lives: Debian/Ubuntu packages, Google's packages, snap, macOS. */
export const USUAL_CHROMIUM_PATHS: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const CHROMIUM_INSTALL_LINE = 'sudo apt-get install -y chromium';

/** The executables to try, in order: `CHROMIUM_PATH` when set, then the usual places. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env.CHROMIUM_PATH?.trim();
  return chosen ? [chosen, ...USUAL_CHROMIUM_PATHS] : [...USUAL_CHROMIUM_PATHS];
}

/**
 * The first candidate that exists. None: an error naming every place looked at and how to get a
 * browser, so a newcomer's first `npm test` says what to do instead of a bare launch failure.
 */
export function findChromium(candidates: readonly string[], exists: (path: string) => boolean): string {
  const found = candidates.find((path) => exists(path));
  if (found) return found;
  throw new Error(
    'The browser tests need Chromium or Chrome, and none was found (looked at: ' +
      `${candidates.join(', ')}). Install it with \`${CHROMIUM_INSTALL_LINE}\` ` +
      '(Debian/Ubuntu; run `sudo apt-get update` first on a fresh machine), ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
  );
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A file, not a directory: `/Applications/Chromium.app` exists but is not what to launch. */
const isFile = (path: string): boolean => statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium(chromiumCandidates(), isFile);
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/**
 * One browser for a test file. It is launched at once but awaited only by `newPage`, so a launch
 * failure (no Chromium) fails every test with its message (a failing beforeAll would only mark the
 * tests skipped).
 */
export interface BrowserSession {
  /** A fresh page in its own context (no shared cookies, storage or history), English by default. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export function browserSession(): BrowserSession {
  const browser = launchBrowser();
  browser.catch(() => {}); // reported by each test, through newPage()
  return {
    async newPage(options = {}) {
      const context = await (await browser).newContext({ locale: 'en-US', ...options });
      return context.newPage();
    },
    close: () =>
      browser.then(
        (b) => b.close(),
        () => {},
      ),
  };
}

/** A phone: a 360×740 CSS-pixel viewport, touch, mobile layout. */
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
} as const;

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/** Runs axe-core's WCAG 2.0/2.1 A and AA rules and best practices on the page as it is now. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  // A string, so the test code needs no DOM types.
  return page.evaluate<AxeViolation[]>(`
    axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    })))
  `);
}

/** One line per violation, for the test log and failure messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .map((n) => `    ${n.html}${n.failureSummary ? `\n      ${n.failureSummary}` : ''}`)
          .join('\n'),
    )
    .join('\n');
}

/** What Chromium tells assistive technology about the element `selector` matches. */
export async function accessibleNode(
  page: Page,
  selector: string,
): Promise<{ role: string; name: string; description: string }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    if (!nodeId) throw new Error(`no element matches ${selector}`);
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false });
    const node = nodes[0];
    return {
      role: String(node?.role?.value ?? ''),
      name: String(node?.name?.value ?? ''),
      description: String(node?.description?.value ?? ''),
    };
  } finally {
    await cdp.detach();
  }
}

/** WCAG contrast ratio of two CSS `rgb()`/`rgba()` colours (alpha ignored). */
export function contrastRatio(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r = 0, g = 0, bl = 0] = (css.match(/[\d.]+/g) ?? []).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
