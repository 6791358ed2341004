import { browser } from 'wxt/browser';

/** What this browser lets Homeward do: shared by the background and the extension pages. */

/** False where `identity.launchWebAuthFlow` does not exist (Firefox for Android). */
export function canConnect(): boolean {
  return typeof browser.identity?.launchWebAuthFlow === 'function';
}

/** What automatic redirects need from the browser: access to every https site (asked for at run time). */
export const ALL_SITES = { origins: ['https://*/*'] };

export function hasAllSites(): Promise<boolean> {
  return browser.permissions.contains(ALL_SITES).catch(() => false);
}
