import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { currentCatalogue } from '../i18n/load';
import { homeServerItem } from '../storage';
import { redirectsActive, syncRedirectRules } from './redirect-rules';

import { homeHosts } from './page-address';
import { refreshPeers } from './peers';
import { pruneDirectRules } from './direct-rules';
/**
 * What "Open it at home" puts in the browser follows the settings and the permission: the redirect rules, the
 * Alt-click script and the context menu.
 */

const ALT_CLICK_SCRIPT_ID = 'homeward-alt-click';
/** Registered on every page by earlier builds; the marker script is now injected only where it has work. */
const LEGACY_SCRIPT_IDS = ['homeward-fediverse-markers'];
export const MENU_ID = 'open-at-home';

/**
 * The Alt-click script runs in the page's own world (utils/open-at-home/alt-click.ts) on every https page but the home
 * server's, only while redirects are active. It is the only thing Homeward puts in an ordinary page.
 */
async function syncAltClickScript(): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts();
  const legacy = registered.filter((script) => LEGACY_SCRIPT_IDS.includes(script.id)).map((s) => s.id);
  if (legacy.length > 0) await browser.scripting.unregisterContentScripts({ ids: legacy });
  const current = registered.find((script) => script.id === ALT_CLICK_SCRIPT_ID);
  const wanted = (await redirectsActive()) ? (await homeHosts()).map((host) => `https://${host}/*`) : null;
  // Earlier builds registered it at document_idle: it must run before the page's scripts now (alt-click.ts).
  const same =
    JSON.stringify(current ? (current.excludeMatches ?? []) : null) === JSON.stringify(wanted) &&
    (!current || current.runAt === 'document_start');
  if (same) return;
  if (current) await browser.scripting.unregisterContentScripts({ ids: [ALT_CLICK_SCRIPT_ID] });
  if (!wanted) return;
  await browser.scripting.registerContentScripts([
    {
      id: ALT_CLICK_SCRIPT_ID,
      js: ['alt-click.js'],
      matches: ['https://*/*'],
      excludeMatches: wanted,
      runAt: 'document_start',
      world: 'MAIN',
      persistAcrossSessions: true,
    },
  ]);
}

/** The right-click menu's item, in the person's language; also when only the language changed. */
export async function syncMenu(): Promise<void> {
  const [server] = await Promise.all([homeServerItem.getValue(), currentCatalogue()]);
  // Its own item only: Share on your server has one too (utils/share/menu.ts).
  await browser.contextMenus.remove(MENU_ID).catch(() => undefined);
  if (!server) return;
  browser.contextMenus.create({
    id: MENU_ID,
    title: t('menu_openOn', { server: server.host }),
    contexts: ['link', 'page'],
    documentUrlPatterns: ['https://*/*'],
    targetUrlPatterns: ['https://*/*'],
  });
}

let syncing: Promise<void> = Promise.resolve();

/** The rules, the Alt-click script and the menu from what is stored now (serialised: one sync at a time). */
function syncFromStorage(): Promise<void> {
  const run = async () => {
    await Promise.all([syncRedirectRules(), syncAltClickScript(), syncMenu()]);
  };
  syncing = syncing.then(run, run).catch((error: unknown) => {
    console.warn('Homeward: could not update the redirect rules', error);
  });
  return syncing;
}

/**
 * The home server's peers, only while links are sent home automatically (the one use they have), asked beside the
 * sync rather than inside it: a server down or slow (up to its timeout, peers.ts) never holds up the rules, which
 * a page's report waits on (page-markers.ts). A changed list is synced again.
 */
async function syncPeers(): Promise<void> {
  if ((await redirectsActive()) && (await refreshPeers())) await syncFromStorage();
}

/**
 * Everything that depends on the settings and the permission, brought up to date. `peers: false` leaves the home
 * server's peers as they are (a host learned from a page changes nothing there): the answer then depends on this
 * browser alone.
 */
export function syncOpenAtHome(options: { peers?: boolean } = {}): Promise<void> {
  // At once, not behind a sync under way or the peers' request: a direct rule made for another server or account
  // must not take one more click there (direct-rules.ts).
  const pruning = pruneDirectRules().catch((error: unknown) => {
    console.warn('Homeward: could not update the direct rules', error);
  });
  const synced = syncFromStorage();
  const peers = options.peers === false ? undefined : syncPeers();
  return Promise.all([synced, pruning, peers]).then(() => undefined);
}
