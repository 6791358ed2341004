import { pageMarkers } from '@/utils/fediverse/links/markers';
import { MARKERS_READ_MARK, PAGE_ANSWERED_MARK } from '@/utils/marks';
import type { OpenPageRequests } from '@/utils/open-at-home/protocol';

/**
 * Injected by the background (utils/open-at-home/page-markers.ts), while automatic redirects are on, into pages
 * whose address has the shape of a fediverse post or profile and whose host is not yet known: ordinary pages
 * never get it. It stays tiny: no polyfill (both browsers' `runtime.sendMessage` return promises in MV3), no
 * detectors (the background has them). A page that shows fediverse markers is reported, and sent home when the
 * background says so.
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

/**
 * Whether a service worker controls the page, so answered its load (Firefox reports no `workerStart` for it in
 * Navigation Timing, measured on ESR 153).
 */
function workerAnswered(): boolean {
  try {
    return (navigator.serviceWorker?.controller ?? null) !== null;
  } catch {
    return false;
  }
}

export default defineUnlistedScript(() => {
  try {
    const markers = pageMarkers(document, location.href);
    if (markers.isFediverse) {
      void ask('open:page', {
        url: location.href,
        activityId: markers.activityId,
        referrer: document.referrer,
        workerAnswered: workerAnswered(),
      }).then((answer) => {
        performance.mark(PAGE_ANSWERED_MARK);
        if (answer?.reload) location.reload();
        else if (answer?.redirect) location.replace(answer.redirect);
      });
    }
    // A local mark (never sent anywhere): tests and benchmarks read it to know the script ran.
    performance.mark(MARKERS_READ_MARK);
  } catch (error) {
    // A page we did not foresee must never break: say it once, stay out of the way.
    console.warn('Homeward: could not read this page', error);
  }
});
