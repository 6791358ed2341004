import { originalAddress } from '../fediverse/links/original';

/**
 * Alt-click on a link that would go home opens the original instead. Registered at run time on every https page
 * but the home server's, only while automatic redirects are on (utils/background/open-navigation.ts).
 *
 * It runs in the page's own world, on every page, so it is kept to what a page's own small script costs:
 * - no isolated world (creating one costs a few milliseconds per page, even for an empty script);
 * - no WXT entrypoint wrapper: wxt.config.ts bundles this file on its own into `alt-click.js`;
 * - at load it only adds one listener. The pattern is a literal put in at build time, compiled on the first
 *   Alt-click (building it from its parts on every page load cost 0.25 ms of main-thread time, bench p50);
 * - no extension API: it asks for the original through the address itself (`originalAddress`: an empty `?`,
 *   which the redirect rules let through);
 * - no marks and no globals, nothing a page could read. Synthetic clicks are ignored, so a page cannot probe for it.
 */

/** `OBJECT_PATH_JS` of utils/fediverse/links/object-path.ts, as a literal (wxt.config.ts, PAGE_SCRIPT_CONSTANTS). */
declare const OBJECT_PATH_PATTERN: string;

let objectPath: RegExp | undefined;

addEventListener(
  'click',
  (event) => {
    if (!event.isTrusted || !event.altKey || event.button !== 0) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!(link instanceof HTMLAnchorElement) || link.protocol !== 'https:') return;
    objectPath ??= new RegExp(OBJECT_PATH_PATTERN);
    const url = link.href;
    if (!objectPath.test(url.split('#')[0]!)) return;
    // Alt-click downloads the link in Chromium: take it over, and load the original in this tab.
    event.preventDefault();
    event.stopPropagation();
    location.assign(originalAddress(url));
  },
  true,
);
