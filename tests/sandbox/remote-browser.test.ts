/**
 * The Threads and Instagram pages in real headless Chromium: the SPA script navigates without a page load under
 * the page's own CSP and Trusted Types. Pages are served by the host modules through Playwright's request
 * interception, so this needs neither the sandbox core nor TLS.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_QUIET_FLAGS } from '../../sandbox/core/browsers';
import { findBrowser } from '../../sandbox/core/find-browser';
import { remoteWorld, watchedPage, type WatchedPage } from './remote-harness';

const CHROMIUM_ARGS = ['--headless=new', ...CHROMIUM_QUIET_FLAGS];

const world = remoteWorld();
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: findBrowser('chromium').path, args: CHROMIUM_ARGS });
}, 30_000);

afterAll(async () => {
  await browser?.close();
});

const openPage = (): Promise<WatchedPage> => watchedPage(browser, world);

interface HeaderProbe {
  oldHeading: Element | null;
  order: string[];
}

/** A marker on window survives SPA navigation and disappears on a real page load. */
const markWindow = (page: Page) =>
  page.evaluate(() => ((window as unknown as { sandboxMark: boolean }).sandboxMark = true));
const stillMarked = (page: Page) =>
  page.evaluate(() => (window as unknown as { sandboxMark?: boolean }).sandboxMark === true);

describe('Threads and Instagram in Chromium', { timeout: 30_000 }, () => {
  it('Threads: a click on another profile swaps URL, h1 and alternate without a page load', async () => {
    const { page, problems } = await openPage();
    await page.goto('https://www.threads.com/@juno.field');
    await expect.poll(() => page.textContent('h1')).toBe('Juno Field');
    await markWindow(page);

    await page.click('[data-pressable-container="true"] a[href="/@quiet.harbor"]');
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Mara Quell');
    expect(page.url()).toBe('https://www.threads.com/@quiet.harbor');
    expect(await stillMarked(page)).toBe(true);
    expect(await page.getAttribute('link[rel="alternate"][type="application/activity+json"]', 'href')).toBe(
      'https://www.threads.net/ap/users/63055340102/',
    );
    expect(await page.title()).toBe('Mara Quell (@quiet.harbor) • Threads, Say more');

    await page.goBack();
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Juno Field');
    expect(page.url()).toBe('https://www.threads.com/@juno.field');
    expect(await stillMarked(page)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Threads: the header is a new element that arrives after the content', async () => {
    const { page, problems } = await openPage();
    await page.goto('https://www.threads.com/@juno.field');
    await page.evaluate(() => {
      const probe = window as unknown as HeaderProbe;
      probe.oldHeading = document.querySelector('h1');
      probe.order = [];
      new MutationObserver(() => {
        if (document.querySelector('[role="tablist"]') && !probe.order.includes('content'))
          probe.order.push('content');
        if (document.querySelector('h1') && !probe.order.includes('header')) probe.order.push('header');
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.click('[role="tablist"] a[aria-label="Replies"]');
    await page.waitForFunction(
      () =>
        document.querySelector('a[aria-label="Replies"]')?.getAttribute('aria-selected') === 'true' &&
        document.querySelector('h1'),
    );
    const result = await page.evaluate(() => {
      const probe = window as unknown as HeaderProbe;
      return { order: probe.order, sameHeading: probe.oldHeading === document.querySelector('h1') };
    });
    expect(result).toEqual({ order: ['content', 'header'], sameHeading: false });
    expect(page.url()).toBe('https://www.threads.com/@juno.field/replies');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Threads: Trusted Types are enforced for page scripts', async () => {
    const { page } = await openPage();
    await page.goto('https://www.threads.com/@juno.field');
    const outcome = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>raw</b>';
        return 'allowed';
      } catch (error) {
        return (error as Error).name;
      }
    });
    expect(outcome).toBe('TypeError');
    await page.close();
  });

  it('Instagram: a tab click re-renders in place; a login wall is a real navigation', async () => {
    const { page, problems } = await openPage();
    await page.goto('https://www.instagram.com/juno.field/?theme=dark');
    expect(await page.getAttribute('html', 'class')).toContain('__fb-dark-mode');
    await markWindow(page);
    await page.click('div[role="tablist"] a[href="/juno.field/reels/"]');
    await page.waitForFunction(
      () => document.querySelector('a[role="tab"][aria-selected="true"]')?.textContent?.trim() === 'Reels',
    );
    expect(page.url()).toBe('https://www.instagram.com/juno.field/reels/');
    expect(await stillMarked(page)).toBe(true);
    expect(await page.textContent('header section h2')).toBe('juno.field');
    expect(await page.getAttribute('html', 'class')).toContain('__fb-dark-mode');

    await page.click('a[href="/juno.field/followers/"]');
    await page.waitForURL('https://www.instagram.com/accounts/login/?next=%2Fjuno.field%2Ffollowers%2F');
    expect(await stillMarked(page)).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });
});
