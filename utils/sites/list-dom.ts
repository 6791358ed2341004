/**
 * What the two sites' Following lists have in common (both are Meta's): the dialog they open in, their loading
 * states, how they write a count, how a row link names its person and where the row's display name is. Each
 * site's own parts are in `<site>/following.ts`. DOM evidence: docs/sites.md ("Threads Following dialog",
 * "Instagram Following dialog"); the sandbox imitates both in sandbox/fixtures/{threads,instagram}/following-dialog.js.
 * Roles, aria-labels, hrefs and structure only: the atomic class names churn with every deploy.
 */
import { BUTTON_SELECTOR, visibleText } from './profile-dom';
import type { FollowingList } from './types';
import { isUsername } from './username';

export const DIALOG_SELECTOR = '[role="dialog"]';
/**
 * What shows that more rows are on their way: Threads' trailing spinner (D5), Instagram's loader (G4), and
 * Instagram's loading states as the live site marks them (docs/sites.md): the
 * `data-visualcompletion="loading-state"` placeholder, whatever the language, and the spinner's `svg` whose
 * aria-label is "Loading..." in English. Other `svg[aria-label]` are icons (Close, Verified), not spinners.
 */
export const PROGRESS_SELECTOR =
  '[role="progressbar"], [data-visualcompletion="loading-state"], svg[aria-label="Loading..."]';

/** Thousands grouped by one separator (`1,234`, `1.234`, `1 234`), or plain digits. */
const WHOLE_COUNT = /^(?:\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)$/;
const COUNT_IN_TEXT = /\d(?:[\d,.\u00a0\u202f ]*\d)?/;

/**
 * The exact count `element` shows: a `title` holding the whole number (Threads puts it on the count's span,
 * docs/sites.md), else the first number in its text. Null for an abbreviated count ("12.5K", "1,2 Mio."): the
 * group before the letter is not whole thousands, or a letter is glued to it.
 */
export function shownCount(element: Element): number | null {
  for (const titled of [element, ...element.querySelectorAll('[title]')]) {
    const title = titled.getAttribute('title')?.trim() ?? '';
    if (WHOLE_COUNT.test(title)) return Number(title.replace(/\D/g, ''));
  }
  const text = element.textContent ?? '';
  const match = COUNT_IN_TEXT.exec(text);
  if (!match) return null;
  const digits = match[0].trim();
  const after = text.slice(match.index + match[0].length);
  // "12.5K" is not whole thousands; "10K", "12 M", "3万" carry a unit.
  if (!WHOLE_COUNT.test(digits) || /^(?:\p{L}|\s?[KMB万億만](?!\p{L}))/u.test(after)) return null;
  return Number(digits.replace(/\D/g, ''));
}

/**
 * The username a row link's `href` names as its one path segment after `prefix`, lower case: optional origin, one
 * path segment, optional trailing slash, query or fragment. Null for any other link.
 */
export function singleSegment(href: string, prefix: string): string | null {
  const match = /^(?:https?:\/\/[^/]+)?\/([^/?#]*)\/?(?:[?#].*)?$/.exec(href.trim());
  const segment = match?.[1];
  if (segment === undefined || !segment.startsWith(prefix)) return null;
  const username = segment.slice(prefix.length);
  return isUsername(username) ? username.toLowerCase() : null;
}

/** How far above a row link its row may start: a bound, so strange markup stays cheap. */
const MAX_ROW_DEPTH = 8;

/**
 * Whether `element` holds a link to someone other than `username`. Stops at the first one: from a row's
 * container the neighbouring row answers at once, so climbing stays cheap in a list of thousands.
 */
function linksToSomeoneElse(element: Element, list: FollowingList, username: string): boolean {
  for (const link of element.getElementsByTagName('a')) {
    const other = list.usernameFromHref(link.getAttribute('href') ?? '');
    if (other !== null && other !== username) return true;
  }
  return false;
}

/**
 * The display name in the row of `link`: the first of the list's name elements (`span[dir=auto]` on Meta's sites,
 * S2) whose text is not the username, outside the row's button. The row is the highest ancestor that links to
 * nobody else. '' when there is none (Instagram rows may have no name).
 */
export function displayNameOf(link: Element, username: string, list: FollowingList): string {
  let row = link;
  for (let depth = 0; depth < MAX_ROW_DEPTH; depth++) {
    const parent = row.parentElement;
    if (!parent || parent.matches(list.container) || linksToSomeoneElse(parent, list, username)) break;
    row = parent;
  }
  for (const name of row.querySelectorAll(list.rowName)) {
    if (name.closest(BUTTON_SELECTOR)) continue;
    const text = visibleText(name);
    if (text !== '' && text.replace(/^@/, '').toLowerCase() !== username) return text;
  }
  return '';
}
