import { profileWatcher } from '@/components/follow/profile-watcher';
import { followingListWatcher } from '@/components/people-scan/list-watcher';
import { watchPage } from '@/utils/content/page-watch';
import { featuresItem } from '@/utils/storage';
import { ALL_MATCHES, siteForUrl } from '@/utils/sites';

export default defineContentScript({
  matches: [...ALL_MATCHES],
  // From the start, so the button can appear the moment the site renders the header, not after the page idles.
  runAt: 'document_start',
  async main(ctx) {
    const site = siteForUrl(new URL(location.href));
    if (!site) return;
    let running: AbortController | null = null;
    const apply = (on: boolean) => {
      if (on && !running) {
        running = new AbortController();
        const watchers = [profileWatcher(site), followingListWatcher(site)];
        watchPage(
          running.signal,
          watchers.filter((watcher) => watcher !== null),
        );
      } else if (!on && running) {
        running.abort();
        running = null;
      }
    };
    ctx.onInvalidated(() => apply(false));
    const start = (on: boolean) => {
      try {
        apply(on);
      } catch (error) {
        // Never break the host page: log once and stay out of the way.
        console.warn('Homeward: could not start the follow button', error);
      }
    };
    featuresItem.watch((features) => start(features.followButtons));
    start((await featuresItem.getValue()).followButtons);
  },
});
