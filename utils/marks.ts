/**
 * Local performance marks (never sent anywhere): `npm run bench` reads them from the page to measure Homeward in a
 * real browser without instrumenting it from outside.
 */
export const INTERACTIVE_MARK = 'homeward:interactive';
/** The page's own script started: everything before it is the browser creating and loading the page. */
export const SCRIPT_START_MARK = 'homeward:script-start';

/** Marks `name` once per page: the first time counts. */
export function markOnce(name: string): void {
  if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
}

/** The fediverse marker script (entrypoints/fediverse-markers.ts) has read the page and listens for Alt-clicks. */
export const MARKERS_READ_MARK = 'homeward:markers-read';
/** The background has answered whether a fediverse page goes home (the redirect, if any, follows at once). */
export const PAGE_ANSWERED_MARK = 'homeward:page-answered';
