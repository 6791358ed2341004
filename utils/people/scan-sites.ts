/**
 * Where each site shows a profile's Following list, and how its rows name people. DOM evidence: docs/sites.md
 * ("Threads Following dialog", "Instagram Following dialog"); the sandbox imitates both in
 * sandbox/fixtures/{threads,instagram}/following-dialog.js. Roles, aria-labels, hrefs and structure only: the
 * atomic class names churn with every deploy.
 */
import type { PeopleSite } from '@/utils/people/protocol';
import { INSTAGRAM_RESERVED, instagram } from '@/utils/sites/instagram';
import { BUTTON_SELECTOR, visibleText } from '@/utils/sites/profile-dom';
import { threads } from '@/utils/sites/threads';
import type { Anchor } from '@/utils/sites/types';
import { isUsername } from '@/utils/sites/username';

export const DIALOG_SELECTOR = '[role="dialog"]';
/**
 * What shows that more rows are on their way: Threads' trailing spinner (D5), Instagram's loader (G4), and
 * Instagram's loading states as the live site marks them (docs/sites.md): the
 * `data-visualcompletion="loading-state"` placeholder, whatever the language, and the spinner's `svg` whose
 * aria-label is "Loading..." in English. Other `svg[aria-label]` are icons (Close, Verified), not spinners.
 */
export const PROGRESS_SELECTOR =
  '[role="progressbar"], [data-visualcompletion="loading-state"], svg[aria-label="Loading..."]';

export interface FollowingListSite {
  /** The protocol's name for the site. */
  site: PeopleSite;
  /** Pure: whose Following list this URL can show, lower case; null where no list is offered. */
  ownerFromUrl(url: URL): string | null;
  /**
   * Where the "Find them on the fediverse" button goes when `dialog` shows the Following list (not the
   * Followers tab, not another dialog); null otherwise.
   */
  listAnchor(dialog: Element): Anchor | null;
  /** The links that name a row's person (a row may hold two: avatar and username). */
  rowLink: string;
  /** Pure: the username a row link's `href` names, lower case; null for any other link. */
  usernameFromHref(href: string): string | null;
  /**
   * How many accounts the page says `owner`'s Following list has, where it says so exactly; null when it does
   * not (not drawn yet, abbreviated, markup not recognised). The scan compares what it read with it.
   */
  listLength(dialog: Element, owner: string): number | null;
}

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

/** Optional origin, one path segment, optional trailing slash, query or fragment. */
function singleSegment(href: string, prefix: string): string | null {
  const match = /^(?:https?:\/\/[^/]+)?\/([^/?#]*)\/?(?:[?#].*)?$/.exec(href.trim());
  const segment = match?.[1];
  if (segment === undefined || !segment.startsWith(prefix)) return null;
  const username = segment.slice(prefix.length);
  return isUsername(username) ? username.toLowerCase() : null;
}

/**
 * Threads: the dialog's tabs are Followers and Following, the shown one `aria-selected` (D3). Public tools that
 * run on the live site find them as `[role=tab]` with no `[role=tablist]` wrapper required, and pick Following by
 * position, the second tab, since the labels are translated (docs/sites.md). So: the tab
 * whose aria-label is the English "Following", else the second tab, whatever follows it. The tabs' group is the
 * tablist where there is one, else the nearest element holding every tab: the button goes below it.
 */
export function threadsFollowingTab(dialog: Element): { tablist: Element; tab: Element } | null {
  const tabs = [...dialog.querySelectorAll('[role="tab"]')];
  const tab =
    tabs.find((candidate) => candidate.getAttribute('aria-label') === 'Following') ??
    (tabs.length >= 2 ? tabs[1] : undefined);
  if (!tab) return null;
  const tablist = tab.closest('[role="tablist"]') ?? groupOf(tabs, dialog);
  return tablist ? { tablist, tab } : null;
}

/** The nearest ancestor of the first tab, inside `dialog`, that holds every tab. */
function groupOf(tabs: readonly Element[], dialog: Element): Element | null {
  for (let at = tabs[0]?.parentElement ?? null; at && at !== dialog; at = at.parentElement) {
    if (tabs.every((tab) => at.contains(tab))) return at;
  }
  return null;
}

export const threadsFollowingList: FollowingListSite = {
  site: 'threads',
  // The dialog opens over the profile and the URL stays `/@owner` (D6 note).
  ownerFromUrl: (url) => threads.detectProfile(url)?.username.toLowerCase() ?? null,
  listAnchor(dialog) {
    const found = threadsFollowingTab(dialog);
    if (found?.tab.getAttribute('aria-selected') !== 'true') return null;
    return { element: found.tablist, position: 'afterend' };
  },
  rowLink: 'a[href*="/@"]',
  usernameFromHref: (href) => singleSegment(href, '@'),
  // The Following tab shows the list's length beside its label, exactly in a `title` (docs/sites.md).
  listLength(dialog) {
    const found = threadsFollowingTab(dialog);
    return found ? shownCount(found.tab) : null;
  },
};

const INSTAGRAM_FOLLOWING_PATH = /^\/[^/]+\/following\/?$/;
const INSTAGRAM_FOLLOWING_HREF = /^(?:https?:\/\/[^/]+)?\/([^/?#]+)\/following\/?(?:[?#].*)?$/;
/** Below the title: stop climbing from the heading where the next level also holds the search or the list. */
const INSTAGRAM_LIST_PARTS = `input, a[href], ${PROGRESS_SELECTOR}`;
const MAX_TITLE_DEPTH = 6;

export const instagramFollowingList: FollowingListSite = {
  site: 'instagram',
  // The dialog is a route: `/<owner>/following/` (G1–G5, S1's URL regex).
  ownerFromUrl(url) {
    if (!INSTAGRAM_FOLLOWING_PATH.test(url.pathname)) return null;
    return instagram.detectProfile(url)?.username.toLowerCase() ?? null;
  },
  listAnchor(dialog) {
    // Another dialog over the route (a prompt) has neither rows nor the loader.
    if (!dialog.querySelector(`${PROGRESS_SELECTOR}, a[href]`)) return null;
    const heading = dialog.querySelector('h1, h2, [role="heading"]');
    if (!heading) return { element: dialog, position: 'afterbegin' };
    let row: Element = heading;
    for (let depth = 0; depth < MAX_TITLE_DEPTH; depth++) {
      const parent = row.parentElement;
      if (!parent || parent === dialog || parent.querySelector(INSTAGRAM_LIST_PARTS)) break;
      row = parent;
    }
    return { element: row, position: 'afterend' };
  },
  rowLink: 'a[href]',
  usernameFromHref(href) {
    const username = singleSegment(href, '');
    return username && !INSTAGRAM_RESERVED.has(username) ? username : null;
  },
  // The dialog shows no count; the profile under it does: its "N following" link to this very route
  // (docs/sites.md).
  listLength(dialog, owner) {
    for (const link of dialog.ownerDocument.querySelectorAll('a[href*="/following"]')) {
      if (dialog.contains(link)) continue;
      const match = INSTAGRAM_FOLLOWING_HREF.exec(link.getAttribute('href') ?? '');
      if (match?.[1]?.toLowerCase() === owner.toLowerCase()) return shownCount(link);
    }
    return null;
  },
};

/** By the content script's site id; a site without a Following list gets no button. */
export const FOLLOWING_LISTS: Readonly<Record<string, FollowingListSite>> = {
  [threads.id]: threadsFollowingList,
  [instagram.id]: instagramFollowingList,
};

/** How far above a row link its row may start: a bound, so strange markup stays cheap. */
const MAX_ROW_DEPTH = 8;

/**
 * Whether `element` holds a link to someone other than `username`. Stops at the first one: from a row's
 * container the neighbouring row answers at once, so climbing stays cheap in a list of thousands.
 */
function linksToSomeoneElse(element: Element, list: FollowingListSite, username: string): boolean {
  for (const link of element.getElementsByTagName('a')) {
    const other = list.usernameFromHref(link.getAttribute('href') ?? '');
    if (other !== null && other !== username) return true;
  }
  return false;
}

/**
 * The display name in the row of `link`: the first `span[dir=auto]` whose text is not the username (S2), outside
 * the row's button. The row is the highest ancestor that links to nobody else. '' when there is none
 * (Instagram rows may have no name).
 */
export function displayNameOf(link: Element, username: string, list: FollowingListSite): string {
  let row = link;
  for (let depth = 0; depth < MAX_ROW_DEPTH; depth++) {
    const parent = row.parentElement;
    if (!parent || parent.matches(DIALOG_SELECTOR) || linksToSomeoneElse(parent, list, username)) break;
    row = parent;
  }
  for (const span of row.querySelectorAll('span[dir="auto"]')) {
    if (span.closest(BUTTON_SELECTOR)) continue;
    const text = visibleText(span);
    if (text !== '' && text.replace(/^@/, '').toLowerCase() !== username) return text;
  }
  return '';
}
