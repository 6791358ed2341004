/**
 * Bluesky's Following list: a screen of its own at `/profile/<handle>/follows`, scrolling with the window, 30
 * accounts a page, every loaded row kept in the document (B5). DOM evidence: docs/sites.md ("Bluesky"); the
 * sandbox imitates it in sandbox/fixtures/bluesky.
 */
import { shownCount } from '../list-dom';
import type { FollowingList } from '../types';
import { isBlueskyHandle } from './network';
import { isShown } from './profile';

const FOLLOWS_PATH = /^\/profile\/([^/]+)\/follows$/i;
const PROFILE_HREF = /^(?:https:\/\/bsky\.app)?\/profile\/([^/?#]+)\/?(?:[?#].*)?$/i;
const SCREEN = '[data-testid="profileFollowsScreen"]';
/** A row's main link and the avatar link inside it both name the person (B5). */
const ROW_LINK = 'a[href^="/profile/"]';

export const blueskyFollowingList: FollowingList = {
  container: SCREEN,
  pageScrolls: true,
  // Bluesky's spinner, before the first page and below the rows while the next loads: a hand-written class, not
  // one of the generated ones (B5).
  progress: '.rotate-500ms',
  rowName: '[dir="auto"]',
  ownerFromUrl(url) {
    if (url.hostname !== 'bsky.app') return null;
    const owner = FOLLOWS_PATH.exec(url.pathname)?.[1]?.toLowerCase();
    return owner !== undefined && isBlueskyHandle(owner) ? owner : null;
  },
  // At the top of the screen, above its header: the screen has no landmark inside it that stays put in every
  // language (B5), and the header is sticky.
  listAnchor: (screen) => (isShown(screen) ? { element: screen, position: 'afterbegin' } : null),
  rowLink: ROW_LINK,
  usernameFromHref(href) {
    const handle = PROFILE_HREF.exec(href.trim())?.[1]?.toLowerCase();
    return handle !== undefined && isBlueskyHandle(handle) ? handle : null;
  },
  // The screen's subtitle, "12,345 following", the whole number grouped in the app's language (B5): the last line
  // of text above the first row. A display name with digits in it is the title, above it.
  listLength(screen) {
    const first = screen.querySelector(ROW_LINK);
    let last: Element | null = null;
    for (const line of screen.querySelectorAll('[dir="auto"]')) {
      if (first && !(line.compareDocumentPosition(first) & 4)) break;
      last = line;
    }
    return last ? shownCount(last) : null;
  },
};
