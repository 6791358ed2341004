import { WATCHED_KEYS, watchStored } from '@/utils/storage/watch';
import type { Features } from '@/utils/storage';
import { useSuppliedCatalogue } from '@/utils/i18n/content';
import { profileWatcher } from '@/components/follow/profile-watcher';
import { watchPage } from '@/utils/sites/page-watch';
import { followingListWatcher } from '@/components/people/list-watcher';
import { ALL_MATCHES, siteForUrl } from '@/utils/sites';

export default defineContentScript({
  matches: [...ALL_MATCHES],
  // From the start, so the button can appear the moment the site renders the header, not after the page idles.
  runAt: 'document_start',
  // The background registers it only while the follow buttons are on (utils/sites/content-script.ts), so it
  // starts at once, without waiting for storage, and only watches the setting for this page's lifetime.
  registration: 'runtime',
  main(ctx) {
    const site = siteForUrl(new URL(location.href));
    const running = globalThis as { homewardProfile?: boolean };
    if (!site || running.homewardProfile === true) return;
    useSuppliedCatalogue();
    // Seen by the background's probe in this isolated world (utils/sites/content-script.ts), never by the page.
    running.homewardProfile = true;
    let watching: AbortController | null = null;
    const apply = (on: boolean) => {
      if (on && !watching) {
        watching = new AbortController();
        const watchers = [profileWatcher(site), followingListWatcher(site)];
        watchPage(
          watching.signal,
          watchers.filter((watcher) => watcher !== null),
        );
      } else if (!on && watching) {
        watching.abort();
        watching = null;
      }
    };
    ctx.onInvalidated(() => {
      apply(false);
      running.homewardProfile = false;
    });
    const start = (on: boolean) => {
      try {
        apply(on);
      } catch (error) {
        // Never break the host page: log once and stay out of the way.
        console.warn('Homeward: could not start the follow button', error);
      }
    };
    // Removed (storage cleared): the setting's default, on.
    watchStored(WATCHED_KEYS.features, (features) =>
      start((features as Features | undefined)?.followButtons ?? true),
    );
    start(true);
  },
});
