/**
 * Threads' Following list: a dialog over the profile with Followers and Following tabs. DOM evidence: docs/sites.md
 * ("Threads Following dialog"); the sandbox imitates it in sandbox/fixtures/threads/following-dialog.js. What both
 * sites share (the dialog, loading states, counts, row links) is in utils/sites/list-dom.ts.
 */
import { DIALOG_SELECTOR, PROGRESS_SELECTOR, shownCount, singleSegment } from '../list-dom';
import type { FollowingList } from '../types';
import { threadsProfiles } from './profile';

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

export const threadsFollowingList: FollowingList = {
  container: DIALOG_SELECTOR,
  progress: PROGRESS_SELECTOR,
  rowName: 'span[dir="auto"]',
  // The dialog opens over the profile and the URL stays `/@owner` (D6 note).
  ownerFromUrl: (url) => threadsProfiles.detectProfile(url)?.username.toLowerCase() ?? null,
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
