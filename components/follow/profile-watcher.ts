import { ProfileMount, HOST_TAG } from './mount';
import type { PageWatcher } from '@/utils/sites/page-watch';
import { WATCHED_KEYS, watchStored } from '@/utils/storage/watch';
import type { SiteAdapter } from '@/utils/sites/types';

/**
 * Follows the single-page sites as they navigate: every batch of DOM changes (which every client-side navigation
 * makes, and which the page's parsing makes from document_start on) compares the URL with the last one. A new
 * profile gets a fresh mount with its own AbortSignal; another tab of the same profile keeps it; any other page
 * aborts it.
 */
export function profileWatcher(site: SiteAdapter): PageWatcher {
  let url = '';
  let mount: { handle: string; controller: AbortController; view: ProfileMount } | null = null;

  const route = () => {
    url = location.href;
    const profile = site.detectProfile(new URL(url));
    if (profile && profile.handle === mount?.handle) return;
    mount?.controller.abort();
    mount = null;
    // A button left by an earlier instance of this script (the extension was reloaded) must not double up.
    for (const stale of document.querySelectorAll(HOST_TAG)) stale.remove();
    if (profile) {
      const controller = new AbortController();
      mount = {
        handle: profile.handle,
        controller,
        view: new ProfileMount(site, profile, controller.signal),
      };
    }
  };

  // Connecting in the settings tab, or a new home server, changes what the button can do: ask again.
  const refresh = () => mount?.view.refresh();
  const unwatch = [watchStored(WATCHED_KEYS.account, refresh), watchStored(WATCHED_KEYS.homeServer, refresh)];

  return {
    name: 'the follow button',
    evaluate() {
      if (location.href !== url) route();
      mount?.view.check();
    },
    stop() {
      unwatch.forEach((stop) => stop());
      mount?.controller.abort();
    },
  };
}
