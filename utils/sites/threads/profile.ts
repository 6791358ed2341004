/**
 * Threads profiles on www.threads.com (and threads.net, which redirects there). DOM evidence: docs/sites.md,
 * evidence T1–T21; the fixtures that imitate it: sandbox/fixtures/threads.
 */
import { profilePlacement, visibleText } from '../profile-dom';
import type { Placement, ProfilePages } from '../types';
import { isUsername, namesUser } from '../username';
import { threadsProfile } from './network';

const HOSTS: readonly string[] = ['threads.com', 'www.threads.com', 'threads.net', 'www.threads.net'];

/** `/@u` and its tabs (T16). Post pages are `/@u/post/<code>`; every other page has no `@` segment. */
const PROFILE_PATH = /^\/@([^/]+)(?:\/(?:replies|reposts|media))?\/?$/;

export const threadsSelectors = {
  /** The page's main landmark (T21); everything below starts from it. */
  main: '[role="main"]',
  /** The main column (S6 uses `div[role="region"]` as the main area): where the floating button goes. */
  column: '[role="main"] [role="region"]',
  /** The display name (T2). Profiles have exactly one; posts, search and the feed have none. */
  heading: 'h1',
  /** The profile tabs, rendered below the header (T16): where the header ends. */
  tablist: '[role="tablist"]',
  /** Where the handle is written (T3: `h1 + div > div > span`), read as text. */
  handle: 'span',
} as const;

/** Ancestors the header may span above the h1 (the fixtures need 3). A bound, so a strange page stays cheap. */
const MAX_HEADER_DEPTH = 8;

/**
 * The header shows `username`: as the handle's text (T3), or in the avatar's alt ("<u>'s profile picture", T5,
 * translated around the username, which is not).
 */
function showsUser(header: Element, username: string): boolean {
  const wanted = username.toLowerCase();
  for (const element of header.querySelectorAll(threadsSelectors.handle))
    if (visibleText(element).toLowerCase() === wanted) return true;
  for (const img of header.querySelectorAll('img[alt]'))
    if (namesUser(img.getAttribute('alt') ?? '', username)) return true;
  return false;
}

function findHeader(root: ParentNode, username: string): Element | null {
  const main = root.querySelector(threadsSelectors.main) ?? root;
  const heading = main.querySelector(threadsSelectors.heading);
  if (!heading) return null;
  // The header is the h1's highest ancestor that does not reach the tabs (T1: name, avatar, bio, followers
  // and the buttons sit above them). The tabs come with the content, before the header (SPA, fixtures README).
  const tabs = main.querySelector(threadsSelectors.tablist);
  let header: Element = heading;
  for (let depth = 0; depth < MAX_HEADER_DEPTH; depth++) {
    const parent = header.parentElement;
    if (!parent || parent === main || (tabs && parent.contains(tabs))) break;
    header = parent;
  }
  return showsUser(header, username) ? header : null;
}

function findAnchor(root: ParentNode, username: string): Placement | null {
  const header = findHeader(root, username);
  return header && profilePlacement(header, header.querySelector(threadsSelectors.heading));
}

function findProfileArea(root: ParentNode): Element | null {
  return root.querySelector(threadsSelectors.column) ?? root.querySelector(threadsSelectors.main);
}

export const threadsProfiles: ProfilePages = {
  matches: HOSTS.map((host) => `https://${host}/*`),
  detectProfile(url) {
    if (url.protocol !== 'https:' || !HOSTS.includes(url.hostname)) return null;
    const username = PROFILE_PATH.exec(url.pathname)?.[1];
    return username !== undefined && isUsername(username) ? threadsProfile(username) : null;
  },
  findHeader,
  findAnchor,
  findProfileArea,
};

/** Example URLs (github-url-detection style): the cross-matrix in utils/sites/sites.test.ts checks every one. */
export const threadsExamples = {
  profiles: [
    ['https://www.threads.com/@juno.field', 'juno.field'],
    ['https://www.threads.com/@juno.field/', 'juno.field'],
    ['https://threads.com/@juno.field', 'juno.field'],
    ['https://www.threads.net/@juno.field', 'juno.field'],
    ['https://threads.net/@juno.field', 'juno.field'],
    ['https://www.threads.com/@Juno.Field', 'Juno.Field'],
    ['https://www.threads.com/@zuck?hl=en', 'zuck'],
    ['https://www.threads.com/@zuck#top', 'zuck'],
    ['https://www.threads.com/@a', 'a'],
    ['https://www.threads.com/@_under_score_', '_under_score_'],
    ['https://www.threads.com/@abcdefghijklmnopqrstuvwxyz1234', 'abcdefghijklmnopqrstuvwxyz1234'],
    ['https://www.threads.com/@juno.field/replies', 'juno.field'],
    ['https://www.threads.com/@juno.field/reposts', 'juno.field'],
    ['https://www.threads.com/@juno.field/media', 'juno.field'],
    ['https://www.threads.com/@juno.field/replies/', 'juno.field'],
    ['https://www.threads.net/@juno.field/reposts?hl=de#x', 'juno.field'],
  ],
  others: [
    'https://www.threads.com/',
    'https://www.threads.com/@juno.field/post/DAbc123xyz',
    'https://www.threads.com/@juno.field/post/DAbc123xyz/media',
    'https://www.threads.net/@juno.field/post/DAbc123xyz',
    'https://www.threads.com/search',
    'https://www.threads.com/search?q=juno',
    'https://www.threads.com/activity',
    'https://www.threads.com/settings',
    'https://www.threads.com/settings/privacy',
    'https://www.threads.com/login',
    'https://www.threads.com/juno.field',
    'https://www.threads.com/@',
    'https://www.threads.com/@/replies',
    'https://www.threads.com/@@juno.field',
    'https://www.threads.com/@juno.field/followers',
    'https://www.threads.com/@juno.field/replies/extra',
    'https://www.threads.com/@juno-field',
    'https://www.threads.com/@juno%20field',
    'https://www.threads.com/@j%C3%BCno',
    'https://www.threads.com/@abcdefghijklmnopqrstuvwxyz12345',
    'https://www.threads.com/@...',
    'https://www.threads.com//@juno.field',
    'http://www.threads.com/@juno.field',
    'https://threads.example/@juno.field',
    'https://www.threads.com.evil.example/@juno.field',
    'https://mastodon.social/@juno',
    'https://www.instagram.com/@juno.field',
  ],
} satisfies { profiles: readonly (readonly [string, string])[]; others: readonly string[] };
