/**
 * The remote modules behind the real sandbox: TLS listener, routing by Host, Chromium through the resolver rules.
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, startSandbox, type Sandbox } from '../../sandbox';
import { CHROMIUM_QUIET_FLAGS } from '../../sandbox/core/browsers';
import { findBrowser } from '../../sandbox/core/find-browser';
import { THREADS_ACCOUNTS } from '../../sandbox/remote';
import { watchedPage } from './remote-harness';

let sandbox: Sandbox;
let browser: Browser;
const juno = THREADS_ACCOUNTS.find((a) => a.username === 'juno.field');
const harbor = THREADS_ACCOUNTS.find((a) => a.username === 'quiet.harbor');

beforeAll(async () => {
  sandbox = await startSandbox();
  browser = await chromium.launch({
    executablePath: findBrowser('chromium').path,
    args: [...sandbox.chromiumArgs(), '--headless=new', ...CHROMIUM_QUIET_FLAGS],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

describe('remote modules in the running sandbox', { timeout: 30_000 }, () => {
  it('answer server-to-server WebFinger and signed ActivityPub over HTTPS', async () => {
    const wf = await sandbox.ctx.serverFetch(
      HOME,
      `https://www.threads.net/.well-known/webfinger?resource=acct:${juno?.username}@threads.net`,
    );
    expect(wf.status).toBe(200);
    const self = (JSON.parse(wf.text) as { links: { rel: string; href: string }[] }).links.find(
      (l) => l.rel === 'self',
    )?.href;
    const actor = await sandbox.ctx.serverFetch(HOME, self ?? '', {
      headers: {
        accept: 'application/activity+json',
        signature: 'keyId="https://home.example/actor#main-key"',
      },
    });
    expect(actor.status).toBe(200);
    expect(JSON.parse(actor.text)).toMatchObject({ id: self, preferredUsername: juno?.username });
    const bob = await sandbox.ctx.serverFetch(HOME, 'https://remote.example/users/bob', {
      headers: { accept: 'application/activity+json' },
    });
    expect(JSON.parse(bob.text)).toMatchObject({ id: 'https://remote.example/users/bob' });
  });

  it('Chromium follows an in-site profile link on www.threads.com without a page load or CSP violation', async () => {
    const { page, problems } = await watchedPage(browser);
    let loads = 0;
    page.on('load', () => loads++);

    await page.goto(`https://www.threads.com/@${juno?.username}`);
    expect(await page.textContent('h1')).toBe(juno?.displayName);
    await page.click(`[data-pressable-container="true"] a[href="/@${harbor?.username}"]`);
    await page.waitForFunction(
      (name) => document.querySelector('h1')?.textContent === name,
      harbor?.displayName,
    );
    expect(page.url()).toBe(`https://www.threads.com/@${harbor?.username}`);
    expect(loads).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Chromium is sent from threads.net to www.threads.com', async () => {
    const page = await browser.newPage();
    await page.goto(`https://www.threads.net/@${juno?.username}`);
    expect(page.url()).toBe(`https://www.threads.com/@${juno?.username}`);
    expect(await page.textContent('h1')).toBe(juno?.displayName);
    await page.close();
  });
});
