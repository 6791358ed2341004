import { pageMarkers } from '@/utils/fediverse/links/markers';
import { MARKERS_READ_MARK, PAGE_STAYS_MARK } from '@/utils/marks';
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
  const send = () => runtime.sendMessage({ type, payload }) as Promise<OpenPageRequests[K]['response']>;
  // A service worker the browser stopped while answering fails the message: once more starts it again (the report
  // only asks where to go, so it is safe to repeat).
  return send()
    .catch(send)
    .catch(() => undefined);
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

/**
 * The address this document reported, kept on the script's own global (one per document and extension; a page
 * cannot reach it). The background injects this script at each load the browser reports complete: two reports for
 * one document inject it twice, and the second report would find the first one's one-shot rule and remove it while
 * the page reloads, so the reloaded page would go through the rule's making again, one load more
 * (utils/open-at-home/redirect-rules.ts). A same-document navigation to another address reports that one.
 */
const REPORTED = Symbol.for('homeward.fediverseMarkers.reported');
const scope = globalThis as { [REPORTED]?: string };

function firstReport(url: string): boolean {
  if (scope[REPORTED] === url) return false;
  scope[REPORTED] = url;
  return true;
}

/** A report that found no background did nothing: a later injection into the page may ask again. */
function forgetReport(url: string): void {
  if (scope[REPORTED] === url) delete scope[REPORTED];
}

export default defineUnlistedScript(() => {
  try {
    const markers = pageMarkers(document, location.href);
    const url = location.href;
    if (markers.isFediverse && firstReport(url)) {
      void ask('open:page', {
        url,
        activityId: markers.activityId,
        referrer: document.referrer,
        workerAnswered: workerAnswered(),
      }).then((answer) => {
        // Only a real answer: a page whose report found no background stays as it is, unmarked.
        if (!answer) forgetReport(url);
        else if (answer.reload) location.reload();
        else if (answer.redirect) location.replace(answer.redirect);
        else performance.mark(PAGE_STAYS_MARK);
      });
    }
    // A local mark (never sent anywhere): tests and benchmarks read it to know the script ran.
    performance.mark(MARKERS_READ_MARK);
  } catch (error) {
    // A page we did not foresee must never break: say it once, stay out of the way.
    console.warn('Homeward: could not read this page', error);
  }
});
