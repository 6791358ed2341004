/**
 * Bluesky profiles on bsky.app. DOM evidence: docs/sites.md ("Bluesky"), read from Bluesky's open-source web
 * client: React Native Web turns its `testID`s into `data-testid`, which stay the same in every language, while
 * labels, texts and class names do not. The sandbox imitates it in sandbox/fixtures/bluesky.
 *
 * The web app keeps the last few screens mounted and hides all but the current one with `display: none` (B7):
 * several profile headers, and several follow buttons, can be in the document at once. Everything here starts from
 * the screen that is shown.
 */
import type { Placement, ProfileMatch, ProfilePages } from '../types';
import { bridgyFedNetwork, isBlueskyHandle } from './network';

const HOST = 'bsky.app';

/**
 * `/profile/<handle>` (B1). The tabs (posts, replies, media, likes) do not change the URL; `/profile/<name>/…` are
 * other screens (a post, the lists). No trailing slash: inside the app that path is Bluesky's "not found" screen.
 * A DID names an account without its handle, which is what the bridge knows it by: no button there.
 */
const PROFILE_PATH = /^\/profile\/([^/]+)$/i;

export const blueskySelectors = {
  /** One profile screen (B2); hidden ones stay mounted. */
  screen: '[data-testid="profileScreen"]',
  /** Bluesky's own follow control, both states (B3); the testID flips on the same button. */
  follow: '[data-testid="followBtn"], [data-testid="unfollowBtn"]',
  /** What a blocked account shows in its place (B3). */
  unblock: '[data-testid="unblockBtn"]',
  /** One's own profile (B3). */
  editProfile: '[data-testid="profileHeaderEditProfileButton"]',
  /** The "…" menu, always the row's last control (B3). */
  menu: '[data-testid="profileHeaderDropdownBtn"]',
  /** The header's "N following" link, `/profile/<handle>/follows`: the handle the header shows (B4). */
  followsLink: 'a[data-testid="profileHeaderFollowsButton"]',
  /** The header's display name (B3): the header is the block that holds it and the action row. */
  displayName: '[data-testid="profileHeaderDisplayName"]',
} as const;

/** Bidirectional controls older builds wrapped handles in (B4). */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/** Whether the site shows `element` (not inside a screen it keeps hidden). */
export function isShown(element: Element): boolean {
  const check = (element as Element & { checkVisibility?: () => boolean }).checkVisibility;
  if (typeof check === 'function') return check.call(element);
  for (let at: Element | null = element; at; at = at.parentElement)
    if ((at as HTMLElement).style?.display === 'none') return false;
  return true;
}

/** The first element matching `selector` that is shown. */
export function shownScreen(root: ParentNode, selector: string): Element | null {
  for (const screen of root.querySelectorAll(selector)) if (isShown(screen)) return screen;
  return null;
}

/** Whether `screen`'s header is `username`'s: its follows link names them, or its handle line reads `@username`. */
function showsUser(screen: Element, username: string): boolean {
  const wanted = username.toLowerCase();
  const link = screen.querySelector(blueskySelectors.followsLink);
  const named = /^\/profile\/([^/]+)\/follows$/i.exec(link?.getAttribute('href') ?? '')?.[1];
  if (named !== undefined) return named.toLowerCase() === wanted;
  // Metrics are hidden on a blocked profile (B4): the handle line, `@handle`, lower case.
  for (const line of screen.querySelectorAll('[dir="auto"]'))
    if ((line.textContent ?? '').replace(BIDI, '').trim().toLowerCase() === `@${wanted}`) return true;
  return false;
}

/** The header's block: the display name's ancestor that also holds the action row's controls. */
function findHeader(root: ParentNode, username: string): Element | null {
  const screen = shownScreen(root, blueskySelectors.screen);
  if (!screen || !showsUser(screen, username)) return null;
  const name = screen.querySelector(blueskySelectors.displayName);
  const control = screen.querySelector(
    `${blueskySelectors.follow}, ${blueskySelectors.editProfile}, ${blueskySelectors.unblock}, ${blueskySelectors.menu}`,
  );
  if (!name || !control) return null;
  let header: Element | null = name.parentElement;
  while (header && header !== screen && !header.contains(control)) header = header.parentElement;
  return header && header !== screen ? header : null;
}

function findAnchor(root: ParentNode, username: string): Placement | null {
  const header = findHeader(root, username);
  if (!header) return null;
  if (header.querySelector(blueskySelectors.editProfile)) return 'own-profile';
  // After Bluesky's Follow (or Unblock), before the "…" menu (B3): the row's buttons are its direct children.
  const control = header.querySelector(`${blueskySelectors.follow}, ${blueskySelectors.unblock}`);
  if (control) return { element: control, position: 'afterend', control };
  // Blocked by them: only the menu is left, in its own wrapper in the row.
  const menu = header.querySelector(blueskySelectors.menu);
  const row = menu && [...header.children].find((child) => child.contains(menu));
  const slot = row && [...row.children].find((child) => child.contains(menu));
  return slot ? { element: slot, position: 'beforebegin' } : null;
}

export const blueskyProfiles: ProfilePages = {
  matches: [`https://${HOST}/*`],
  detectProfile(url) {
    if (url.protocol !== 'https:' || url.hostname !== HOST) return null;
    const name = PROFILE_PATH.exec(url.pathname)?.[1];
    if (name === undefined) return null;
    // A handle has nothing to escape: anything percent-encoded is no handle.
    return isBlueskyHandle(name.toLowerCase()) ? blueskyProfile(name) : null;
  },
  findHeader,
  findAnchor,
  findProfileArea: (root) => shownScreen(root, blueskySelectors.screen),
};

export function blueskyProfile(name: string): ProfileMatch {
  return { username: name, handle: `${name.toLowerCase()}@${bridgyFedNetwork.handleDomain}` };
}

/** Example URLs (github-url-detection style): the cross-matrix in utils/sites/sites.test.ts checks every one. */
export const blueskyExamples = {
  profiles: [
    ['https://bsky.app/profile/rowan.bsky.social', 'rowan.bsky.social'],
    ['https://bsky.app/profile/Rowan.Bsky.Social', 'Rowan.Bsky.Social'],
    ['https://bsky.app/profile/snarfed.org', 'snarfed.org'],
    ['https://bsky.app/profile/a-b.c-d.example.com', 'a-b.c-d.example.com'],
    ['https://bsky.app/profile/rowan.bsky.social?ref=x', 'rowan.bsky.social'],
    ['https://bsky.app/profile/rowan.bsky.social#top', 'rowan.bsky.social'],
  ],
  others: [
    'https://bsky.app/',
    'https://bsky.app/profile/rowan.bsky.social/',
    'https://bsky.app/profile/rowan.bsky.social/follows',
    'https://bsky.app/profile/rowan.bsky.social/followers',
    'https://bsky.app/profile/rowan.bsky.social/post/3lbq7xk2pzs2c',
    'https://bsky.app/profile/rowan.bsky.social/feed/aaa',
    'https://bsky.app/profile/rowan.bsky.social/lists/3k',
    'https://bsky.app/profile/did:plc:7kq3vz2mxw4hn5rj6tbgyc2d',
    'https://bsky.app/profile/me',
    'https://bsky.app/profile/handle.invalid',
    'https://bsky.app/profile/@rowan.bsky.social',
    'https://bsky.app/profile/rowan',
    'https://bsky.app/profile/-rowan.bsky.social',
    'https://bsky.app/profile/rowan.bsky.123',
    'https://bsky.app/profile/row%61n.bsky.social',
    'https://bsky.app/search?q=rowan',
    'https://bsky.app/settings',
    'http://bsky.app/profile/rowan.bsky.social',
    'https://staging.bsky.app/profile/rowan.bsky.social',
    'https://bsky.brid.gy/r/https://bsky.app/profile/rowan.bsky.social',
  ],
} satisfies { profiles: readonly (readonly [string, string])[]; others: readonly string[] };
