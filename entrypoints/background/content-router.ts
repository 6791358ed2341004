import { browser, type Browser } from 'wxt/browser';
import { isFollowMessage, type FollowMessage, type FollowState } from '../../utils/follow/protocol';
import type { OpenPageRequests } from '../../utils/open-at-home/protocol';
import { isPeopleMessage } from '../../utils/people/protocol';
import { siteForUrl } from '../../utils/sites';
import type { SiteAdapter } from '../../utils/sites/types';
import { followHandlers } from '../../utils/follow/service';
import { openPageHandlers } from '../../utils/open-at-home/page-markers';
import { peopleFound } from '../../utils/people/service';

/**
 * Answers Homeward's content scripts: the marker script's `open:*`, and the Threads and Instagram script's
 * `follow:*` and `people:found`. The pages' own router (router.ts) ignores every sender that is not an extension
 * page, and this one every message it does not know, so both listeners coexist. Content scripts run in the web
 * page's process: they never get secrets back, and a failure reaches them as a state, never as a rejected promise.
 *
 * A content script is judged by where the browser says it runs (`sender.url`, `sender.frameId`), never by what its
 * payload claims (docs/security.md): each runs only in a tab's top frame, the marker script speaks only for its own
 * page's origin, and the follow button's messages come only from the sites it is made for.
 */
export function listenToContentScripts(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const tab = sender.tab;
    if (!tab || sender.id !== browser.runtime.id) return undefined;
    const page = topFramePage(sender);
    if (isOpenPageMessage(message)) {
      const nothing = nothingToOpen[message.type];
      if (!page || !isOnOrigin(message.payload, page)) return Promise.resolve(nothing);
      const handler = openPageHandlers[message.type] as (
        payload: unknown,
        from: typeof tab,
      ) => Promise<unknown>;
      return handler(message.payload, tab).catch((error: unknown) => {
        console.warn('Homeward: a page report failed', message.type, error);
        return nothing;
      });
    }
    const site = page && siteForUrl(page);
    if (!site) return undefined;
    if (isPeopleMessage(message) && message.type === 'people:found') {
      if (!isScanOf(message.payload, site))
        return Promise.resolve({ error: 'Homeward could not read this list.' });
      return peopleFound(message.payload, tab).catch((error: unknown) => {
        console.warn('Homeward: a scanned list could not be stored', error);
        return { error: 'Homeward ran into a problem. Try again.' };
      });
    }
    if (!isFollowMessage(message) || !(message.type in followHandlers)) return undefined;
    return answer(message);
  });
}

/**
 * The page a message comes from, when it comes from a tab's top frame: Homeward's content scripts run nowhere else
 * (the profile script is registered without `allFrames`; the marker script is injected into the top frame only).
 */
function topFramePage(sender: Browser.runtime.MessageSender): URL | null {
  if (sender.frameId !== 0 || !sender.url) return null;
  try {
    return new URL(sender.url);
  } catch {
    return null;
  }
}

/** What each `open:*` handler answers when there is nothing to do: also the answer to a message refused. */
const nothingToOpen: { [K in keyof OpenPageRequests]: OpenPageRequests[K]['response'] } = {
  'open:page': { redirect: null },
};

/** The marker script reports its own page: an address on another origin is not its to report or to let load. */
function isOnOrigin(payload: unknown, page: URL): boolean {
  const url = (payload as { url?: unknown } | null)?.url;
  if (typeof url !== 'string') return false;
  try {
    return new URL(url).origin === page.origin;
  } catch {
    return false;
  }
}

/** A scan is of the site whose page sent it: an Instagram page cannot hand over a Threads list. */
function isScanOf(payload: unknown, site: SiteAdapter): boolean {
  return (payload as { site?: unknown } | null)?.site === site.id;
}

async function answer(message: FollowMessage): Promise<unknown> {
  const handler = followHandlers[message.type] as (payload: unknown) => Promise<unknown>;
  try {
    return await handler(message.payload);
  } catch (error) {
    console.warn('Homeward: a follow request failed', message.type, error);
    const failed: FollowState = { kind: 'failed', reason: 'Homeward ran into a problem. Try again.' };
    return message.type.startsWith('follow:open-') ? { ok: true } : failed;
  }
}

function isOpenPageMessage(
  value: unknown,
): value is { type: keyof typeof openPageHandlers; payload: unknown } {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && Object.hasOwn(openPageHandlers, type);
}
