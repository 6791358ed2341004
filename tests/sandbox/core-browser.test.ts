import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_QUIET_FLAGS } from '../../sandbox/core/browsers';
import { findBrowser } from '../../sandbox/core/find-browser';
import { startSandbox, type Sandbox } from '../../sandbox/core/server';
import { DOWN, HOME, INSTAGRAM_WEB } from '../../sandbox/hosts';

// A real Chromium with only the sandbox's own switches for routing and certificates: proves the resolver rules
// and the SPKI allow-list work end to end, not just that the strings look right.
let sb: Sandbox;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sb = await startSandbox({
    modules: [
      () => [
        {
          hosts: [HOME, INSTAGRAM_WEB[0]],
          handle: (req) => ({ status: 200, body: `<title>${req.host}</title><p>sandbox page</p>` }),
          reset: () => {},
        },
      ],
    ],
  });
  browser = await chromium.launch({
    executablePath: findBrowser('chromium').path,
    args: [...sb.chromiumArgs(), '--headless=new', ...CHROMIUM_QUIET_FLAGS],
  });
  page = await browser.newPage();
}, 20_000);

afterAll(async () => {
  await browser?.close();
  await sb?.close();
});

// Generous per-test time: these share two cores with the rest of the suite.
describe('Chromium through the sandbox', { timeout: 15_000 }, () => {
  it('loads a sandbox host over HTTPS and logs it as a page navigation', async () => {
    const res = await page.goto(`https://${HOME}/hello?x=1`);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe(HOME);
    const entry = (await sb.admin.log()).find((e) => e.host === HOME && e.path === '/hello?x=1');
    expect(entry).toMatchObject({
      method: 'GET',
      status: 200,
      client: 'page',
      secFetchMode: 'navigate',
      secFetchDest: 'document',
    });
  });

  it('accepts the sandbox certificate for an HSTS-preloaded host', async () => {
    const res = await page.goto(`https://${INSTAGRAM_WEB[0]}/zuck/`);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe(INSTAGRAM_WEB[0]);
  });

  it('fails the DOWN host at once with a refused connection', async () => {
    await expect(page.goto(`https://${DOWN}/`, { timeout: 5000 })).rejects.toThrow(/ERR_CONNECTION_REFUSED/);
  });

  it('sends hosts the sandbox does not serve to the listener, which logs them', async () => {
    // Chromium retries a 421 once on a fresh connection, then shows its own error page.
    await page.goto('https://mastodon.social/about').catch(() => {});
    const entries = (await sb.admin.log()).filter((e) => e.host === 'mastodon.social');
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ path: '/about', status: 421 });
  });
});
