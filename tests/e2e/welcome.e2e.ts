import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { HOME } from '../../sandbox/hosts';
import { EXTENSION_DIRS } from '../../sandbox/harness/extension-build';
import { e2eSuite } from './harness/fixture';
import { connectAccount, LABELS, setHomeServer } from '../../sandbox/harness/flows';
import { isWelcomePage } from '../../sandbox/harness/first-run';
import { launchSession } from '../../sandbox/harness/launch';
import type { Session } from '../../sandbox/harness/session';
import { waitUntil } from '../../sandbox/harness/wait';

/** The extension pages every tab of `session` shows, by path. */
/**
 * Whether a welcome page shows up within 2 s, asked once the background has answered a page: a page it opened on
 * install or update would be listed by then.
 */
async function welcomeOpens(session: Session): Promise<boolean> {
  return waitUntil(
    'a welcome page',
    async () => ((await extensionPaths(session)).includes('/welcome.html') ? true : undefined),
    2_000,
  ).catch(() => false);
}

/** A version above the build's (package.json 0.1.0). */
const NEWER_VERSION = '0.1.1';

async function extensionPaths(session: Session): Promise<string[]> {
  const paths: string[] = [];
  for (const tab of await session.tabs()) {
    const url = await tab.url().catch(() => '');
    if (url.startsWith(session.extensionOrigin)) paths.push(new URL(url).pathname);
  }
  return paths;
}

/**
 * The welcome page needs a browser of its own: it opens when the extension is installed, which happens once per
 * profile, while the suite's browser has been installed into long before this test (and its tabs reset since).
 */
e2eSuite('first run', (e2e) => {
  it('opens the welcome page on install, connects from it, and then says where everything is', async () => {
    const fresh = await launchSession(e2e.browserName, e2e.sandbox, { keepWelcome: true });
    try {
      const welcome = await fresh.waitForNewTab(isWelcomePage, { timeoutMs: 15_000 });
      await welcome.waitForRole('heading', 'Welcome to Homeward');
      expect(await welcome.count('heading', 'You’re all set')).toBe(0);

      await setHomeServer(welcome, HOME);
      await welcome.waitForText(HOME, { role: 'status' });
      await connectAccount(fresh, welcome);
      await welcome.waitForRole('heading', 'You’re all set');
      expect(await welcome.bodyText()).toContain('Find them on the fediverse');
      expect(await welcome.count('switch', LABELS.redirectSwitch)).toBe(1);
      // What the welcome page set is what the popup shows.
      const popup = await fresh.openPopup();
      await popup.waitForText(`@maya@${HOME}`);
    } finally {
      await fresh.close();
    }
  });

  it('opens nothing when the browser starts again and installs the extension anew', async () => {
    // Chromium fires onInstalled "install" at every start for an extension loaded from the command line, and
    // Firefox for a temporary add-on: with the agreement stored, that is an update, and an update that changes
    // nothing the person agreed to opens nothing (utils/settings/first-run.ts).
    let fresh = await launchSession(e2e.browserName, e2e.sandbox, { keepWelcome: true });
    try {
      const welcome = await fresh.waitForNewTab(isWelcomePage, { timeoutMs: 15_000 });
      await welcome.waitForRole('heading', 'Welcome to Homeward');
      fresh = await fresh.restart();
      const popup = await fresh.openPopup();
      await popup.waitForRole('textbox', LABELS.homeServer);
      // The background has started and answered the popup.
      expect(await welcomeOpens(fresh)).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});

/**
 * Firefox only: WebDriver BiDi installs the same add-on id over the running one as an upgrade, so onInstalled says
 * "update"; Chromium's command-line extension has no way to be updated in place (Session.installUpdate).
 */
e2eSuite(
  'first run: updates',
  (e2e) => {
    it('opens nothing on an update that changes nothing the person agreed to', async () => {
      const fresh = await launchSession(e2e.browserName, e2e.sandbox, { keepWelcome: true });
      const newer = await mkdtemp(join(tmpdir(), 'homeward-update-'));
      try {
        const welcome = await fresh.waitForNewTab(isWelcomePage, { timeoutMs: 15_000 });
        await welcome.waitForRole('heading', 'Welcome to Homeward');
        await welcome.close();
        // The same build as a newer version: what a store update brings when nothing agreed to has changed.
        await cp(EXTENSION_DIRS.firefox, newer, { recursive: true });
        const manifestPath = join(newer, 'manifest.json');
        const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { version: string };
        await writeFile(manifestPath, JSON.stringify({ ...manifest, version: NEWER_VERSION }));
        await fresh.installUpdate!(newer);
        // The options page shows the version running: the update took effect, its onInstalled has run.
        const options = await fresh.openOptions();
        await options.waitForText(`Version ${NEWER_VERSION}`);
        expect(await welcomeOpens(fresh)).toBe(false);
      } finally {
        await fresh.close();
        await rm(newer, { recursive: true, force: true });
      }
    });
  },
  ['firefox'],
);
