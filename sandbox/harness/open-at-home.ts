import { HOME, HOME_USER } from '../hosts';
import type { SandboxAdmin } from '../core/admin-client';
import type { Session, Tab } from './session';
import { waitUntil } from './wait';

export const OPEN_AT_HOME_SWITCH = 'Open fediverse links on my server';
export const LINKS_PAGE = 'https://plain.example/links';

/** Turns "Open fediverse links on my server" on through the popup, as a person would (the permission included). */
export async function turnOnOpenAtHome(session: Session): Promise<void> {
  const popup = await session.openPopup();
  await popup.click('switch', OPEN_AT_HOME_SWITCH);
  await waitUntil('the switch to stay on (the all-sites permission granted)', async () =>
    (await popup.isChecked('switch', OPEN_AT_HOME_SWITCH)) ? true : undefined,
  );
  await popup.close();
}

/** Waits until the tab shows a page of the home server, and returns its URL. */
export async function waitForHome(tab: Tab, timeoutMs = 10_000): Promise<string> {
  return waitUntil(
    'a home server page',
    async () => {
      const url = await tab.url();
      return url.startsWith(`https://${HOME}/`) ? url : undefined;
    },
    timeoutMs,
  );
}

/** Signs the browser in to the home server's web UI, as the person is in real life (the home copy needs it). */
export async function signInToHomeWeb(session: Session): Promise<void> {
  const tab = await session.openPage(`https://${HOME}/auth/sign_in`);
  await tab.fill('E-mail address', HOME_USER.email);
  await tab.fill('Password', HOME_USER.password);
  await tab.click('button', 'Log in');
  // Until the timeline has loaded: closing a tab while its next document commits can hang Chromium's close.
  await waitUntil('the sign-in to finish', async () =>
    !(await tab.url()).includes('/auth/sign_in') &&
    (await tab.evaluate(() => document.readyState)) === 'complete'
      ? true
      : undefined,
  );
  await tab.close();
}

/**
 * Waits until the tab shows `url` and the marker script has had the background's answer for it, then checks the
 * tab is still there: the original loaded and stayed (no redirect, no loop).
 */
export async function expectOriginalStays(tab: Tab, url: string): Promise<void> {
  await waitUntil(`the original ${url}, answered`, async () =>
    (await tab.url()) === url &&
    (await tab.evaluate(() => performance.getEntriesByName('homeward:page-stays').length)) > 0
      ? true
      : undefined,
  );
  const now = await tab.url();
  if (now !== url) throw new Error(`the tab left the original for ${now}`);
}

/**
 * On a never-listed site Homeward reads nothing, so nothing answers: waits until the tab has loaded `url`, gives
 * a redirect the time one takes here (a few hundred ms, bench/open-at-home.ts), and checks the tab is still there.
 */
export async function expectOriginalLoaded(tab: Tab, url: string): Promise<void> {
  await waitUntil(`the original ${url}, loaded`, async () =>
    (await tab.url()) === url && (await tab.evaluate(() => document.readyState)) === 'complete'
      ? true
      : undefined,
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const now = await tab.url();
  if (now !== url) throw new Error(`the tab left the original for ${now}`);
}

/** Waits until the extension has asked the home server for its peers, which turning automatic opening on does. */
export async function waitForPeersAsked(admin: SandboxAdmin): Promise<void> {
  await waitUntil('the home server to be asked for its peers', async () =>
    (await admin.log()).some((entry) => entry.host === HOME && entry.path === '/api/v1/instance/peers')
      ? true
      : undefined,
  );
}

/**
 * What a toolbar popup's button sends for the tab it was opened over (`{ type, payload: { tabId } }`), sent from the
 * popup page: automation opens the popup as a tab of its own, so the tab is found by its address (`tabUrl`, a match
 * pattern; Firefox answers that with the sites permission). Resolves to the background's answer.
 */
export async function sendForTab(popup: Tab, tabUrl: string, type: string): Promise<unknown> {
  return popup.evaluateSource(`(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const [tab] = await api.tabs.query({ url: ${JSON.stringify(tabUrl)} });
    if (tab?.id === undefined) throw new Error('no tab at ' + ${JSON.stringify(tabUrl)});
    return api.runtime.sendMessage({ type: ${JSON.stringify(type)}, payload: { tabId: tab.id } });
  })()`);
}
