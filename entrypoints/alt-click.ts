import { OBJECT_PATH_RE2, originalAddress } from '@/utils/fediverse/links/object-path';

/**
 * Alt-click on a link that would go home opens the original instead. Registered at run time on every https page
 * but the home server's, only while automatic redirects are on (utils/background/open-navigation.ts).
 *
 * It runs in the page's own world: an isolated world costs a few milliseconds per page to create, even for an
 * empty script, and this runs on every page. So it has no extension API. It asks for the original through the
 * address itself (`originalAddress`: an empty `?`, which the redirect rules let through), and does nothing else:
 * no marks, no globals, nothing a page could read. Synthetic clicks are ignored, so a page cannot probe for it.
 */
let objectPaths: RegExp[] | undefined;

function openOriginalOnAltClick(event: MouseEvent): void {
  if (!event.isTrusted || !event.altKey || event.button !== 0) return;
  if (event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) return;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  if (!(link instanceof HTMLAnchorElement) || link.protocol !== 'https:') return;
  objectPaths ??= OBJECT_PATH_RE2.map((pattern) => new RegExp(pattern));
  const url = link.href;
  if (!objectPaths.some((pattern) => pattern.test(url.split('#')[0]!))) return;
  // Alt-click downloads the link in Chromium: take it over, and load the original in this tab.
  event.preventDefault();
  event.stopPropagation();
  location.assign(originalAddress(url));
}

export default defineUnlistedScript(() => {
  document.addEventListener('click', openOriginalOnAltClick, true);
});
