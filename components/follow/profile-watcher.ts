import { ProfileMount, HOST_TAG } from './mount';
import { accountItem, homeServerItem } from '@/utils/storage';
import type { SiteAdapter } from '@/utils/sites/types';

/**
 * Follows the single-page sites as they navigate: every batch of DOM changes (which every client-side navigation
 * makes, and which the page's parsing makes from document_start on) compares the URL with the last one. A new
 * profile gets a fresh mount with its own AbortSignal; another tab of the same profile keeps it; any other page
 * aborts it. No polling timers.
 */
export function watchProfiles(site: SiteAdapter, signal: AbortSignal): void {
  let url = '';
  let mount: { handle: string; controller: AbortController; view: ProfileMount } | null = null;
  let warned = false;

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

  const evaluate = () => {
    if (signal.aborted) return;
    try {
      if (location.href !== url) route();
      mount?.view.check();
    } catch (error) {
      // Markup we did not foresee must never break the page, nor flood its console: say it once.
      if (!warned) console.warn('Homeward: the follow button could not be placed', error);
      warned = true;
    }
  };

  const observer = new MutationObserver(evaluate);
  observer.observe(document, { childList: true, subtree: true });
  window.addEventListener('popstate', evaluate);
  // Connecting in the settings tab, or a new home server, changes what the button can do: ask again.
  const refresh = () => mount?.view.refresh();
  const unwatch = [accountItem.watch(refresh), homeServerItem.watch(refresh)];
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      window.removeEventListener('popstate', evaluate);
      unwatch.forEach((stop) => stop());
      mount?.controller.abort();
    },
    { once: true },
  );
  evaluate();
}
