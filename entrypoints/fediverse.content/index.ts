import { browser } from 'wxt/browser';
import { detectFediverseLink } from '@/utils/fediverse/links';
import { pageMarkers } from '@/utils/fediverse/links/markers';
import type { OpenPageRequests } from '@/utils/open-protocol';

/**
 * Registered at run time, on every https page, only while "Open fediverse links on my server" is on and the
 * all-sites permission is granted (utils/background/open-at-home-wiring.ts). On an ordinary page it costs two
 * selector look-ups and sends nothing; a page that shows fediverse markers is reported, and sent home when the
 * background says so. Alt-click on a fediverse link opens the original.
 */
export default defineContentScript({
  registration: 'runtime',
  matches: ['https://*/*'],
  runAt: 'document_idle',
  main() {
    try {
      const markers = pageMarkers(document, location.href);
      if (markers.isFediverse) {
        void ask('open:page', {
          url: location.href,
          activityId: markers.activityId,
          referrer: document.referrer,
        }).then((answer) => {
          if (answer?.redirect) location.replace(answer.redirect);
        });
      }
      document.addEventListener('click', openOriginalOnAltClick, true);
    } catch (error) {
      // A page we did not foresee must never break: say it once, stay out of the way.
      console.warn('Homeward: could not read this page', error);
    }
  },
});

function ask<K extends keyof OpenPageRequests>(
  type: K,
  payload: OpenPageRequests[K]['request'],
): Promise<OpenPageRequests[K]['response'] | undefined> {
  return (browser.runtime.sendMessage({ type, payload }) as Promise<OpenPageRequests[K]['response']>).catch(
    () => undefined,
  );
}

function openOriginalOnAltClick(event: MouseEvent): void {
  if (!event.altKey || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || !detectFediverseLink(link.href)) return;
  // Alt-click downloads the link in Chromium: take it over, let the tab load the original as it is.
  event.preventDefault();
  event.stopPropagation();
  const url = link.href;
  void ask('open:original', { url }).then(() => location.assign(url));
}
