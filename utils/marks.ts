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
/**
 * The background has answered that a fediverse page stays as it is (not home, no reload through the Opening page).
 * A page that leaves is not marked: its mark would be read before it left.
 */
export const PAGE_STAYS_MARK = 'homeward:page-stays';
