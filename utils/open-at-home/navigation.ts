import { browser, type Browser } from 'wxt/browser';
import {
  accountsItem,
  featuresItem,
  homeServerItem,
  languageItem,
  neverRedirectItem,
  webClientItem,
} from '../storage';
import { forgetTab, rememberTabHost } from './tab-hosts';
import { allowOriginal, redirectsActive } from './redirect-rules';

import { homeHosts, isHttps } from './page-address';
import { MENU_ID, syncMenu, syncOpenAtHome } from './sync';
import { openingPage, originals, resolveOnCommit } from './opening';
import { readPageMarkers } from './page-markers';
import { DIRECT_EXPIRY_ALARM, pruneDirectRules } from './direct-rules';
/**
 * "Open it at home" in the browser: the background's events (install, settings, permissions, tabs, the context
 * menu, the shortcut) wired to the rules, the marker script and the Opening page, which resolves.
 */

export const COMMAND = 'open-at-home';

/** Reads the page's canonical ActivityPub id where activeTab allows (toolbar, menu, shortcut). */
async function activityIdInTab(tabId: number): Promise<string | undefined> {
  try {
    const [result] = await browser.scripting.executeScript({
      target: { tabId },
      func: () => {
        for (const link of document.querySelectorAll('link[rel~="alternate"][href]')) {
          const type = (link.getAttribute('type') ?? '').toLowerCase();
          if (type.startsWith('application/activity+json') || type.includes('activitystreams'))
            return (link as HTMLLinkElement).href;
        }
        return null;
      },
    });
    const id = result?.result;
    return isHttps(id) ? id : undefined;
  } catch {
    // Not scriptable (a browser page, a store page): the URL alone has to do.
    return undefined;
  }
}

/** Sends a tab (showing `url`) to the Opening page for it, at the person's request. */
export async function openTabAtHome(tabId: number, url: string): Promise<void> {
  if (!isHttps(url)) return;
  const home = await homeHosts();
  if (home.includes(new URL(url).hostname)) return;
  const activityId = await activityIdInTab(tabId);
  await browser.tabs.update(tabId, {
    url: await openingPage({ url, explicit: true, ...(activityId ? { activityId } : {}) }, tabId),
  });
}

/** The shortcut: from a remote page to its home copy, and from a home copy opened here back to its original. */
async function jump(tab: Browser.tabs.Tab): Promise<void> {
  if (tab.id === undefined || !tab.url) return;
  const original = await originals.get(tab.url);
  if (original) {
    await allowOriginal(tab.id, original);
    await browser.tabs.update(tab.id, { url: original });
    return;
  }
  await openTabAtHome(tab.id, tab.url);
}

const PEERS_ALARM = 'homeward-peers';

/** Wires the browser's events; called once from the background's main. */
export function listenForOpenAtHome(): void {
  browser.runtime.onInstalled.addListener(() => void syncOpenAtHome());
  browser.runtime.onStartup.addListener(() => void syncOpenAtHome());
  // The account too: the direct rules lead to pages of the account's server, and signed out home is elsewhere.
  for (const item of [featuresItem, homeServerItem, neverRedirectItem, webClientItem, accountsItem])
    item.watch(() => void syncOpenAtHome());
  languageItem.watch(() => void syncMenu());
  browser.permissions.onAdded.addListener(() => void syncOpenAtHome());
  browser.permissions.onRemoved.addListener(() => void syncOpenAtHome());
  // The peers are asked again once a day (peers.ts); the sync does nothing while they are fresh.
  void browser.alarms.create(PEERS_ALARM, { periodInMinutes: 24 * 60 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PEERS_ALARM) void syncOpenAtHome();
    // The first direct rule's answer expired (direct-rules.ts).
    if (alarm.name === DIRECT_EXPIRY_ALARM) void pruneDirectRules();
  });

  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
    // The Opening page committed: its answer is begun before its script asks (opening.ts).
    if (change.url !== undefined) resolveOnCommit(tabId, change.url);
    // Only while automatic opening is on: the one thing it is kept for (tab-hosts.ts).
    if (change.url !== undefined && isHttps(change.url)) {
      const host = new URL(change.url).hostname;
      void redirectsActive().then((on) => (on ? rememberTabHost(tabId, host) : undefined));
    }
    if (change.status === 'complete') void readPageMarkers(tabId, tab.url);
  });
  browser.tabs.onRemoved.addListener((tabId) => void forgetTab(tabId));

  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID) return;
    const url = info.linkUrl ?? info.pageUrl;
    if (!url || !isHttps(url)) return;
    if (info.linkUrl) {
      // A new tab: its ticket is bound to the first tab that shows it, this one.
      void openingPage({ url, explicit: true }, null).then((address) =>
        browser.tabs.create({
          url: address,
          ...(tab?.index !== undefined ? { index: tab.index + 1 } : {}),
          ...(tab?.id !== undefined ? { openerTabId: tab.id } : {}),
        }),
      );
    } else if (tab?.id !== undefined) void openTabAtHome(tab.id, url);
  });

  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== COMMAND) return;
    void (async () => {
      const active = tab ?? (await browser.tabs.query({ active: true, currentWindow: true }))[0];
      if (active) await jump(active);
    })();
  });
}
