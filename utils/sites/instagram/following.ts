/**
 * Instagram's Following list: the route `/<owner>/following/`, drawn as a dialog over the profile. DOM evidence:
 * docs/sites.md ("Instagram Following dialog"); the sandbox imitates it in
 * sandbox/fixtures/instagram/following-dialog.js. What both sites share (the dialog, loading states, counts, row
 * links) is in utils/sites/list-dom.ts.
 */
import { DIALOG_SELECTOR, PROGRESS_SELECTOR, shownCount, singleSegment } from '../list-dom';
import type { FollowingList } from '../types';
import { INSTAGRAM_RESERVED, instagramProfiles } from './profile';

const INSTAGRAM_FOLLOWING_PATH = /^\/[^/]+\/following\/?$/;
const INSTAGRAM_FOLLOWING_HREF = /^(?:https?:\/\/[^/]+)?\/([^/?#]+)\/following\/?(?:[?#].*)?$/;
/** Below the title: stop climbing from the heading where the next level also holds the search or the list. */
const INSTAGRAM_LIST_PARTS = `input, a[href], ${PROGRESS_SELECTOR}`;
const MAX_TITLE_DEPTH = 6;

export const instagramFollowingList: FollowingList = {
  container: DIALOG_SELECTOR,
  progress: PROGRESS_SELECTOR,
  rowName: 'span[dir="auto"]',
  // The dialog is a route: `/<owner>/following/` (G1–G5, S1's URL regex).
  ownerFromUrl(url) {
    if (!INSTAGRAM_FOLLOWING_PATH.test(url.pathname)) return null;
    return instagramProfiles.detectProfile(url)?.username.toLowerCase() ?? null;
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
