/**
 * How the browser tests find Chromium: CHROMIUM_PATH first, then the usual places, and when none
 * exists an error that says how to install one (a newcomer's first `npm test` must say what to do).
 */
import { describe, expect, it } from 'vitest';
import {
  CHROMIUM_INSTALL_LINE,
  chromiumCandidates,
  findChromium,
  USUAL_CHROMIUM_PATHS,
} from '../support/browser';

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe('chromiumCandidates', () => {
  it('tries the usual places of Debian, Ubuntu, Google Chrome, snap and macOS, Debian first', () => {
    expect(chromiumCandidates({})).toEqual([
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/snap/bin/chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ]);
  });

  it('puts CHROMIUM_PATH before them', () => {
    expect(chromiumCandidates({ CHROMIUM_PATH: '/opt/chrome/chrome' })).toEqual([
      '/opt/chrome/chrome',
      ...USUAL_CHROMIUM_PATHS,
    ]);
  });

  it('ignores an empty CHROMIUM_PATH', () => {
    expect(chromiumCandidates({ CHROMIUM_PATH: ' ' })).toEqual(USUAL_CHROMIUM_PATHS);
  });
});

describe('findChromium', () => {
  it('takes the first candidate that exists', () => {
    const candidates = chromiumCandidates({});
    expect(findChromium(candidates, only('/usr/bin/google-chrome', '/snap/bin/chromium'))).toBe(
      '/usr/bin/google-chrome',
    );
    expect(findChromium(candidates, only('/Applications/Chromium.app/Contents/MacOS/Chromium'))).toBe(
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    );
  });

  it('prefers CHROMIUM_PATH over an installed Chromium', () => {
    const candidates = chromiumCandidates({ CHROMIUM_PATH: '/opt/chrome/chrome' });
    expect(findChromium(candidates, only('/usr/bin/chromium', '/opt/chrome/chrome'))).toBe(
      '/opt/chrome/chrome',
    );
  });

  it('falls back to the usual places when CHROMIUM_PATH does not exist', () => {
    const candidates = chromiumCandidates({ CHROMIUM_PATH: '/nowhere/chrome' });
    expect(findChromium(candidates, only('/usr/bin/chromium'))).toBe('/usr/bin/chromium');
  });

  it('fails with the install line and every place it looked at when none exists', () => {
    const candidates = chromiumCandidates({ CHROMIUM_PATH: '/nowhere/chrome' });
    const looked: string[] = [];
    let message = '';
    try {
      findChromium(candidates, (path) => {
        looked.push(path);
        return false;
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(looked).toEqual(candidates);
    expect(message).toMatch(/need Chromium or Chrome, and none was found/);
    expect(CHROMIUM_INSTALL_LINE).toBe('sudo apt-get install -y chromium');
    expect(message).toContain('`sudo apt-get install -y chromium`');
    expect(message).toContain('set CHROMIUM_PATH');
    for (const path of candidates) expect(message).toContain(path);
  });
});
