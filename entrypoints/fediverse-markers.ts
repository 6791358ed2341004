import { pageMarkers } from '@/utils/fediverse/links/markers';
import { OBJECT_PATH_RE2 } from '@/utils/fediverse/links/object-path';
import { MARKERS_READ_MARK, PAGE_ANSWERED_MARK } from '@/utils/marks';
import type { OpenPageRequests } from '@/utils/open-protocol';

/**
 * Registered at run time on every https page but the home server's, only while "Open fediverse links on my
 * server" is on and the all-sites permission is granted (utils/background/open-navigation.ts). It runs on every
 * page, so it stays tiny: no polyfill (both browsers' `runtime.sendMessage` return promises in MV3), no
 * detectors (the background has them). On an ordinary page it costs a few selector look-ups and sends nothing;
 * a page that shows fediverse markers is reported, and sent home when the background says so.
 */

interface Runtime {
  sendMessage(message: unknown): Promise<unknown>;
}

/**
 * Touched only when there is something to say: Chromium builds an isolated world's extension API bindings on
 * first use, which costs more than everything else this script does on an ordinary page.
 */
function ask<K extends keyof OpenPageRequests>(
  type: K,
  payload: OpenPageRequests[K]['request'],
): Promise<OpenPageRequests[K]['response'] | undefined> {
  const runtime = ((globalThis as { browser?: { runtime: Runtime } }).browser ??
    (globalThis as { chrome?: { runtime: Runtime } }).chrome)!.runtime;
  return (runtime.sendMessage({ type, payload }) as Promise<OpenPageRequests[K]['response']>).catch(
    () => undefined,
  );
}

/** The shapes the redirect rules send home: an Alt-click on one of them opens the original instead. */
let objectPaths: RegExp[] | undefined;

function openOriginalOnAltClick(event: MouseEvent): void {
  if (!event.altKey || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement)) return;
  const url = link.href;
  objectPaths ??= OBJECT_PATH_RE2.map((pattern) => new RegExp(pattern));
  if (!objectPaths.some((pattern) => pattern.test(url))) return;
  // Alt-click downloads the link in Chromium: take it over, and let the tab load the original as it is.
  event.preventDefault();
  event.stopPropagation();
  void ask('open:original', { url }).then(() => location.assign(url));
}

export default defineUnlistedScript(() => {
  try {
    const markers = pageMarkers(document, location.href);
    if (markers.isFediverse) {
      void ask('open:page', {
        url: location.href,
        activityId: markers.activityId,
        referrer: document.referrer,
      }).then((answer) => {
        performance.mark(PAGE_ANSWERED_MARK);
        if (answer?.redirect) location.replace(answer.redirect);
      });
    }
    document.addEventListener('click', openOriginalOnAltClick, true);
    // A local mark (never sent anywhere): tests and benchmarks read it to know the script ran.
    performance.mark(MARKERS_READ_MARK);
  } catch (error) {
    // A page we did not foresee must never break: say it once, stay out of the way.
    console.warn('Homeward: could not read this page', error);
  }
});
