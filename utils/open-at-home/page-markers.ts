import { browser, type Browser } from 'wxt/browser';
import { detectFediverseLink } from '../fediverse/links';
import { asksForOriginal } from '../fediverse/links/original';
import { type OpenPageRequests } from './protocol';
import { isKnownHost, learnHost, rememberBareProfileHost } from './known-hosts';
import { previousTabHost } from './tab-hosts';
import { httpsUrl } from './resolve';
import { isAllowed, sendThroughOnce, redirectsActive } from './redirect-rules';

import { homeHosts, isBarePath, isHttps, neverFor, recognised } from './page-address';
import { syncOpenAtHome } from './sync';
import { openingPage } from './opening';
/**
 * Fediverse pages' own markers: the marker script is injected only where an address has a post or profile shape,
 * and its report decides whether the page goes home.
 */

/**
 * After a page has loaded: its markers are read only when its address has the shape of a post or profile (or a
 * bare `/<name>` on a host known to be fediverse), so that ordinary pages get no script at all.
 */
export async function readPageMarkers(tabId: number, address: string | undefined): Promise<void> {
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
    if (await learnHost(url.hostname)) await syncOpenAtHome({ peers: false });
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
    if (!link && isBarePath(url) && (await rememberBareProfileHost(url.hostname)))
      await syncOpenAtHome({ peers: false });
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
