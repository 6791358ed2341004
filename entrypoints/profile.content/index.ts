import { watchProfiles } from '@/components/follow/profile-watcher';
import { featuresItem } from '@/utils/storage';
import { ALL_MATCHES, siteForUrl } from '@/utils/sites';

export default defineContentScript({
  matches: [...ALL_MATCHES],
  runAt: 'document_idle',
  async main(ctx) {
    const site = siteForUrl(new URL(location.href));
    if (!site) return;
    let running: AbortController | null = null;
    const apply = (on: boolean) => {
      if (on && !running) {
        running = new AbortController();
        watchProfiles(site, running.signal);
      } else if (!on && running) {
        running.abort();
        running = null;
      }
    };
    ctx.onInvalidated(() => apply(false));
    featuresItem.watch((features) => apply(features.followButtons));
    try {
      apply((await featuresItem.getValue()).followButtons);
    } catch (error) {
      // Never break the host page: log once and stay out of the way.
      console.warn('Homeward: could not start the follow button', error);
    }
  },
});
