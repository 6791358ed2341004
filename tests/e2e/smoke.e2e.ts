import { expect, it } from 'vitest';
import { HOME } from '../../sandbox/hosts';
import { THREADS_ACCOUNTS } from '../../sandbox/remote/threads-accounts';
import { e2eSuite } from './harness/fixture';
import { INSTALLED_LOCAL_STORAGE } from '../../sandbox/harness/first-run';

/** Proves the harness itself: the extension loads, its pages open, the sandbox's hosts answer in the browser. */
e2eSuite('harness smoke', (e2e) => {
  it('loads the extension and opens its popup page', async () => {
    const popup = await e2e.session.openPopup();
    await popup.waitForText('Homeward');
    expect(await popup.url()).toBe(`${e2e.session.extensionOrigin}/popup.html`);
  });

  it('reaches the home server through the sandbox from a page', async () => {
    const tab = await e2e.session.openPage(`https://${HOME}/api/v2/instance`);
    const instance = JSON.parse(await tab.bodyText()) as { domain?: unknown; title?: unknown };
    expect(instance.domain).toBe(HOME);
    expect(instance.title).toEqual(expect.any(String));
  });

  it('loads a Threads profile page from the sandbox', async () => {
    const account = THREADS_ACCOUNTS[0]!;
    const tab = await e2e.session.openPage(`https://www.threads.com/@${account.username}`);
    await tab.waitForText(account.displayName);
    expect(new URL(await tab.url()).host).toBe('www.threads.com');
  });

  it('reads and resets the extension storage, to what the extension stored at install', async () => {
    expect(await e2e.session.extensionStorage('local')).toEqual(INSTALLED_LOCAL_STORAGE);
    await e2e.session.setExtensionStorage('local', { probe: 1 });
    expect(await e2e.session.extensionStorage('local')).toEqual({ ...INSTALLED_LOCAL_STORAGE, probe: 1 });
    await e2e.session.resetState();
    expect(await e2e.session.extensionStorage('local')).toEqual(INSTALLED_LOCAL_STORAGE);
  });
});
