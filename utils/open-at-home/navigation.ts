import { browser, type Browser } from 'wxt/browser';
import { detectFediverseLink } from '../fediverse/links';
import { asksForOriginal } from '../fediverse/links/original';
import {
  openingAddress,
  type OpeningRequest,
  type OpenOutcome,
  type OpenPageRequests,
  type OpenTarget,
} from './protocol';
import { featuresItem, homeServerItem, neverRedirectItem } from '../storage';
import { storageCache } from '../storage/cache';
import { canonicalActivityId } from './activity-id';
import {
  bareProfileHosts,
  isKnownHost,
  isLearnable,
  learnHost,
  rememberBareProfileHost,
} from './known-hosts';
import { issueTicket, redeemTicket } from './opening-tickets';
import { forgetTab, previousTabHost, rememberTabHost } from './tab-hosts';
import { httpsUrl, resolveTarget } from './resolve';
import {
  allowOriginal,
  forgetSendThrough,
  homeHostsOf,
  isAllowed,
  sendThroughOnce,
  isNeverRedirected,
  OPENING_PAGE,
  redirectsActive,
  syncRedirectRules,
} from './redirect-rules';

/**
 * "Open it at home" in the browser: the redirect rules and the marker script follow the settings and the
 * permission; pages, the context menu, the toolbar and the shortcut all end on the Opening page, which resolves.
 */

const ALT_CLICK_SCRIPT_ID = 'homeward-alt-click';
/** Registered on every page by earlier builds; the marker script is now injected only where it has work. */
const LEGACY_SCRIPT_IDS = ['homeward-fediverse-markers'];
const MENU_ID = 'open-at-home';
export const COMMAND = 'open-at-home';
/** Home URL → the original it was opened from, so the shortcut can jump back. */
const originals = storageCache<string>('local:openedOriginals', 500);
const ORIGINAL_TTL_MS = 24 * 60 * 60 * 1000;

/** The Opening page for `target`, with a ticket for it (utils/open-at-home/opening-tickets.ts). */
async function openingPage(target: OpenTarget, tabId: number | null): Promise<string> {
  const url = new URL(target.url).href;
  const ticket = await issueTicket({ ...target, url }, tabId);
  return openingAddress(browser.runtime.getURL(OPENING_PAGE), url, ticket);
}

async function homeHosts(): Promise<string[]> {
  return homeHostsOf(await homeServerItem.getValue());
}

function isHttps(value: unknown): value is string {
  return httpsUrl(value) !== null;
}

async function neverFor(host: string): Promise<boolean> {
  return isNeverRedirected(host, await neverRedirectItem.getValue());
}

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

/**
 * After a page has loaded: its markers are read only when its address has the shape of a post or profile (or a
 * bare `/<name>` on a host known to be fediverse), so that ordinary pages get no script at all.
 */
async function readPageMarkers(tabId: number, address: string | undefined): Promise<void> {
  const url = httpsUrl(address);
  if (!url) return;
  // The address first: most loads are ordinary pages, decided without reading storage.
  const shaped = detectFediverseLink(url) !== null;
  if (!shaped && !(isBarePath(url) && (await isKnownHost(url.hostname)))) return;
  if (!(await redirectsActive())) return;
  if ((await homeHosts()).includes(url.hostname) || (await neverFor(url.hostname))) return;
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: ['/fediverse-markers.js'] });
  } catch {
    // The tab moved on, or the page cannot be scripted: it loads as it is.
  }
}

async function syncMenu(): Promise<void> {
  const server = await homeServerItem.getValue();
  await browser.contextMenus.removeAll();
  if (!server) return;
  browser.contextMenus.create({
    id: MENU_ID,
    title: `Open on ${server.host}`,
    contexts: ['link', 'page'],
    documentUrlPatterns: ['https://*/*'],
    targetUrlPatterns: ['https://*/*'],
  });
}

let syncing: Promise<void> = Promise.resolve();
/** Everything that depends on the settings and the permission, brought up to date (serialised). */
export function syncOpenAtHome(): Promise<void> {
  const run = async () => {
    await Promise.all([syncRedirectRules(), syncAltClickScript(), syncMenu()]);
  };
  syncing = syncing.then(run, run).catch((error: unknown) => {
    console.warn('Homeward: could not update the redirect rules', error);
  });
  return syncing;
}

/**
 * Whether a page is a post or profile worth sending home: its URL has a post or profile shape that names the
 * object itself, or it carries a local id and the page gave the canonical one, or the URL's shape is too
 * plain to claim (Pixelfed's `/<username>`) but the page's own ActivityPub id, on the same host, has such a
 * shape (`/users/<username>`).
 */
function recognised(url: URL, activityId: string | undefined): boolean {
  const link = detectFediverseLink(url);
  if (link) return !link.localId || activityId !== undefined;
  if (!activityId || new URL(activityId).hostname !== url.hostname) return false;
  return detectFediverseLink(activityId) !== null;
}

function isBarePath(url: URL): boolean {
  return /^\/[A-Za-z0-9_.-]{1,30}\/?$/.test(url.pathname);
}

/** What a message from the Opening page carries about its sender: the browser fills it in, the page cannot. */
export interface OpeningSender {
  tab?: { id?: number };
  frameId?: number;
}

/** Answered to an Opening page that is not a tab's own page (framed by a site): nothing was asked or allowed. */
const FRAMED: OpenOutcome = {
  kind: 'failed',
  server: '',
  reason: 'Homeward opens links only in a tab of its own.',
};

/**
 * What an Opening page may act on (docs/security.md, "The Opening page"). Its address is open to every site, so
 * only the browser's facts count: it must be a tab's top frame; what it asks for on request, and any ActivityPub id,
 * come from the ticket the background gave that tab; without one, it is what the browser's redirect rule sends
 * here (a post or profile address on a known fediverse host), or nothing.
 */
async function openingTarget(
  payload: unknown,
  sender: OpeningSender,
): Promise<{ tabId: number; target: OpenTarget | null } | null> {
  const tabId = sender.tab?.id;
  const request = payload as Partial<OpeningRequest> | undefined;
  const url = httpsUrl(request?.url);
  if (tabId === undefined || sender.frameId !== 0 || !url) return null;
  if (!import.meta.env.FIREFOX) await forgetSendThrough(tabId);
  const ticketed = await redeemTicket(request?.ticket, url.href, tabId);
  return { tabId, target: ticketed ?? ((await fromRedirectRule(url)) ? { url: url.href } : null) };
}

/** Whether the browser's redirect rule could have sent `url` here: the rule's own conditions, from storage. */
async function fromRedirectRule(url: URL): Promise<boolean> {
  if (!(await redirectsActive()) || !(await isKnownHost(url.hostname))) return false;
  if (!isLearnable(url.hostname, await homeHosts(), await neverRedirectItem.getValue())) return false;
  if (detectFediverseLink(url)) return true;
  return isBarePath(url) && (await bareProfileHosts()).includes(url.hostname);
}

/** The Opening page asks: resolve, after finding the canonical id where the URL carries a local one. */
export async function resolveForPage(payload: unknown, sender: OpeningSender): Promise<OpenOutcome> {
  const opening = await openingTarget(payload, sender);
  if (!opening) return FRAMED;
  const { tabId, target } = opening;
  // An address nobody made: the page loads it as a link to it would, without asking the home server anything.
  if (!target) return { kind: 'load-original' };
  const url = target.url;
  // For a minute this tab may load the original as it is: Back from the home copy and View original never loop.
  await allowOriginal(tabId, url);
  let activityId = isHttps(target.activityId) ? target.activityId : undefined;
  const link = detectFediverseLink(url);
  if (!link && activityId && !target.explicit && !recognised(new URL(url), activityId))
    return { kind: 'load-original' };
  const bareProfile =
    !link && isBarePath(new URL(url)) && (await bareProfileHosts()).includes(new URL(url).hostname);
  if (!activityId && !bareProfile && (!link || link.localId)) {
    if (!link && !target.explicit) return { kind: 'load-original' };
    activityId = link ? ((await canonicalActivityId(url)) ?? undefined) : undefined;
    if (!activityId && !target.explicit) return { kind: 'load-original' };
  }
  const outcome = await resolveTarget({ url, ...(activityId ? { activityId } : {}) });
  if (outcome.kind === 'found') await originals.set(outcome.homeUrl, url, ORIGINAL_TTL_MS);
  return outcome;
}

/** View original: this tab may load its target as it is; then it goes there. Same checks as resolving. */
export async function viewOriginal(payload: unknown, sender: OpeningSender): Promise<{ ok: true }> {
  const opening = await openingTarget(payload, sender);
  if (!opening?.target) return { ok: true };
  await allowOriginal(opening.tabId, opening.target.url);
  await browser.tabs.update(opening.tabId, { url: opening.target.url });
  return { ok: true };
}

type PageHandlers = {
  [K in keyof OpenPageRequests]: (
    payload: OpenPageRequests[K]['request'],
    tab: Browser.tabs.Tab,
  ) => Promise<OpenPageRequests[K]['response']>;
};

/** The marker script's messages. It runs in any web page's process: every field is checked. */
export const openPageHandlers: PageHandlers = {
  async 'open:page'(payload, tab) {
    const none = { redirect: null };
    if (!isHttps(payload?.url) || tab.id === undefined) return none;
    const url = new URL(payload.url);
    // The page's own markers: evidence about its own host (Threads, Instagram, home: never, known-hosts.ts).
    // Awaited: the reload below must meet the rules that knowing the host makes (redirect-rules.ts).
    if (await learnHost(url.hostname)) await syncOpenAtHome();
    // The original, asked for with Alt-click (utils/open-at-home/alt-click.ts).
    if (asksForOriginal(url.href)) return none;
    if (!(await redirectsActive())) return none;
    const home = await homeHosts();
    if (home.includes(url.hostname) || (await neverFor(url.hostname))) return none;
    // Mastodon's "open original page" links, from the home server, must open the original. A page its service
    // worker answered has no referrer in Firefox: there the page the tab showed before says it.
    const from = isHttps(payload.referrer)
      ? new URL(payload.referrer).hostname
      : payload.workerAnswered === true
        ? await previousTabHost(tab.id, url.hostname)
        : null;
    if (from !== null && home.includes(from)) return none;
    // An id on another host is the page's word only where the address names no object itself (a Lemmy copy, a
    // Threads post). Where it does, the address is resolved as it is: a page cannot choose what the home server
    // fetches elsewhere (docs/security.md, "What a page's markers can cause").
    const link = detectFediverseLink(url);
    const claimed = isHttps(payload.activityId) ? payload.activityId : undefined;
    const activityId =
      claimed && link && !link.localId && new URL(claimed).hostname !== url.hostname ? undefined : claimed;
    if (!recognised(url, activityId)) return none;
    // A plain `/<username>` page whose own id is a profile: this host's profiles can go home before they load.
    if (!link && isBarePath(url) && (await rememberBareProfileHost(url.hostname))) await syncOpenAtHome();
    if (await isAllowed(tab.id, url.href)) return none;
    const destination = await openingPage({ url: url.href, ...(activityId ? { activityId } : {}) }, tab.id);
    // Chromium fires the page's own navigate event for a script's location.replace, with the destination in it:
    // the page would read the Opening page's address and ticket. A reload that the browser sends there instead
    // shows the page only its own address. Firefox fires no such event (docs/security.md). A page asking again
    // while its rule waits had its reload answered by its own service worker, out of the rules' sight: it is sent
    // by location.replace, not told to reload forever.
    if (!import.meta.env.FIREFOX && (await sendThroughOnce(tab.id, url.href, destination)))
      return { redirect: null, reload: true };
    return { redirect: destination };
  },
};

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

/** Wires the browser's events; called once from the background's main. */
export function listenForOpenAtHome(): void {
  browser.runtime.onInstalled.addListener(() => void syncOpenAtHome());
  browser.runtime.onStartup.addListener(() => void syncOpenAtHome());
  for (const item of [featuresItem, homeServerItem, neverRedirectItem])
    item.watch(() => void syncOpenAtHome());
  browser.permissions.onAdded.addListener(() => void syncOpenAtHome());
  browser.permissions.onRemoved.addListener(() => void syncOpenAtHome());

  browser.tabs.onUpdated.addListener((tabId, change, tab) => {
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
