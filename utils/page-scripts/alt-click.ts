import { OBJECT_PATH_JS, originalAddress } from '../fediverse/links/object-path';

/**
 * Alt-click on a link that would go home opens the original instead. Registered at run time on every https page
 * but the home server's, only while automatic redirects are on (utils/background/open-navigation.ts).
 *
 * It runs in the page's own world, on every page, so it is kept to what a page's own small script costs:
 * - no isolated world (creating one costs a few milliseconds per page, even for an empty script);
 * - no WXT entrypoint wrapper: wxt.config.ts bundles this file on its own into `alt-click.js`, and at load it
 *   only adds one listener; the pattern is compiled on the first Alt-click;
 * - no extension API: it asks for the original through the address itself (`originalAddress`: an empty `?`,
 *   which the redirect rules let through);
 * - no marks and no globals, nothing a page could read. Synthetic clicks are ignored, so a page cannot probe for it.
 */
let objectPath: RegExp | undefined;

document.addEventListener(
  'click',
  (event) => {
    if (!event.isTrusted || !event.altKey || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(link instanceof HTMLAnchorElement) || link.protocol !== 'https:') return;
    objectPath ??= new RegExp(OBJECT_PATH_JS);
    const url = link.href;
    if (!objectPath.test(url.split('#')[0]!)) return;
    // Alt-click downloads the link in Chromium: take it over, and load the original in this tab.
    event.preventDefault();
    event.stopPropagation();
    location.assign(originalAddress(url));
  },
  true,
);
