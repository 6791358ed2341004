import { ProfileMount, HOST_TAG } from './mount';
import type { SiteAdapter } from '@/utils/sites/types';

/**
 * Follows the single-page sites as they navigate: every batch of DOM changes (which every client-side navigation
 * makes) compares the URL with the last one. A new profile gets a fresh mount with its own AbortSignal; any other
 * page aborts the old one. No polling timers.
 */
export function watchProfiles(site: SiteAdapter, signal: AbortSignal): void {
  let url = '';
  let mount: { controller: AbortController; view: ProfileMount } | null = null;

  const evaluate = () => {
    if (signal.aborted) return;
    if (location.href !== url) {
      url = location.href;
      mount?.controller.abort();
      mount = null;
      // A button left by an earlier instance of this script (the extension was reloaded) must not double up.
      for (const stale of document.querySelectorAll(HOST_TAG)) stale.remove();
      const profile = site.detectProfile(new URL(url));
      if (profile) {
        const controller = new AbortController();
        mount = { controller, view: new ProfileMount(site, profile, controller.signal) };
      }
    }
    mount?.view.check();
  };

  const observer = new MutationObserver(evaluate);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  window.addEventListener('popstate', evaluate);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      window.removeEventListener('popstate', evaluate);
      mount?.controller.abort();
    },
    { once: true },
  );
  evaluate();
}
