/**
 * Instagram profiles on www.instagram.com. The fediverse identity of an Instagram user is their Threads account,
 * which has the same username (docs/sites.md). DOM evidence: docs/sites.md, evidence I1–I22; fixtures:
 * sandbox/fixtures/instagram.
 */
import { profilePlacement, visibleText } from '../profile-dom';
import { threadsProfile } from '../threads/network';
import type { Placement, ProfilePages } from '../types';
import { isUsername } from '../username';

const HOSTS: readonly string[] = ['instagram.com', 'www.instagram.com'];

/**
 * `/<u>/`, its tabs, and the followers/following dialogs. Those two are routes of a dialog drawn over the
 * profile, whose header stays in the page (docs/sites.md, evidence G1–G5: the URL becomes `/<u>/following/`),
 * so the button stays too, as on Threads, whose dialog does not change the URL. Other second segments are not the
 * profile: posts (`/<u>/p/<code>/`, `/<u>/reel/<code>/`), the owner's `/<u>/saved/`.
 */
const PROFILE_PATH = /^\/([^/]+)(?:\/(?:reels|tagged|followers|following))?\/?$/;

/**
 * First path segments that are not usernames: the list in docs/sites.md, plus `_u` (the app-link prefix
 * `/_u/<u>/`, I11), `data` (the web manifest `/data/manifest.json` every page links), `api` and `graphql`
 * (the site's own endpoints) and `directory` (the public profile directory).
 */
export const INSTAGRAM_RESERVED: ReadonlySet<string> = new Set([
  'p',
  'reel',
  'reels',
  'tv',
  'stories',
  'explore',
  'accounts',
  'direct',
  'live',
  's',
  'about',
  'legal',
  'developer',
  'web',
  'challenge',
  'emails',
  'oauth',
  '_u',
  'data',
  'api',
  'graphql',
  'directory',
]);

export const instagramSelectors = {
  /** `section > main[role=main] > div > header` (I22). */
  main: 'main, [role="main"]',
  /** The profile header (I1). Post pages also have one, inside their `article`, without a username heading. */
  header: 'header',
  /** The username is the header's `h2` (I3; S15 `header section h2`): not translated, unlike every label. */
  username: 'h1, h2, [role="heading"]',
} as const;

function findHeader(root: ParentNode, username: string): Element | null {
  const main = root.querySelector(instagramSelectors.main) ?? root;
  for (const header of main.querySelectorAll(instagramSelectors.header))
    if (userHeading(header, username)) return header;
  return null;
}

/**
 * Only the username heading counts (I3): a post page's `header` holds the author's avatar with the same alt, and
 * every label around it is translated.
 */
function userHeading(header: Element, username: string): Element | null {
  const wanted = username.toLowerCase();
  for (const heading of header.querySelectorAll(instagramSelectors.username))
    if (visibleText(heading).toLowerCase() === wanted) return heading;
  return null;
}

function findAnchor(root: ParentNode, username: string): Placement | null {
  const header = findHeader(root, username);
  return header && profilePlacement(header, userHeading(header, username));
}

/** The column that holds the header (`main > div`, I22), or `main` itself. */
function findProfileArea(root: ParentNode): Element | null {
  const main = root.querySelector(instagramSelectors.main);
  return main?.firstElementChild ?? main;
}

export const instagramProfiles: ProfilePages = {
  matches: HOSTS.map((host) => `https://${host}/*`),
  detectProfile(url) {
    if (url.protocol !== 'https:' || !HOSTS.includes(url.hostname)) return null;
    const username = PROFILE_PATH.exec(url.pathname)?.[1];
    if (username === undefined || !isUsername(username) || INSTAGRAM_RESERVED.has(username.toLowerCase()))
      return null;
    return threadsProfile(username);
  },
  findHeader,
  findAnchor,
  findProfileArea,
};

/** Example URLs (github-url-detection style): the cross-matrix in utils/sites/sites.test.ts checks every one. */
export const instagramExamples = {
  profiles: [
    ['https://www.instagram.com/juno.field/', 'juno.field'],
    ['https://www.instagram.com/juno.field', 'juno.field'],
    ['https://instagram.com/juno.field/', 'juno.field'],
    ['https://www.instagram.com/Juno.Field/', 'Juno.Field'],
    ['https://www.instagram.com/juno.field/?hl=en', 'juno.field'],
    ['https://www.instagram.com/juno.field/?igsh=MXZzbG#x', 'juno.field'],
    ['https://www.instagram.com/juno.field/reels/', 'juno.field'],
    ['https://www.instagram.com/juno.field/tagged/', 'juno.field'],
    ['https://www.instagram.com/juno.field/tagged', 'juno.field'],
    ['https://www.instagram.com/juno.field/followers/', 'juno.field'],
    ['https://www.instagram.com/juno.field/following/', 'juno.field'],
    ['https://www.instagram.com/_/', '_'],
    ['https://www.instagram.com/pp/', 'pp'],
    ['https://www.instagram.com/explorer/', 'explorer'],
    ['https://www.instagram.com/abcdefghijklmnopqrstuvwxyz1234/', 'abcdefghijklmnopqrstuvwxyz1234'],
  ],
  others: [
    'https://www.instagram.com/',
    ...[...INSTAGRAM_RESERVED].map((segment) => `https://www.instagram.com/${segment}/`),
    'https://www.instagram.com/Explore/',
    'https://www.instagram.com/p/DAbc123xyz/',
    'https://www.instagram.com/reel/DAbc123xyz/',
    'https://www.instagram.com/reels/DAbc123xyz/',
    'https://www.instagram.com/tv/DAbc123xyz/',
    'https://www.instagram.com/stories/juno.field/3456789012/',
    'https://www.instagram.com/stories/highlights/17890000000000000/',
    'https://www.instagram.com/explore/tags/gardening/',
    'https://www.instagram.com/explore/locations/213385402/london/',
    'https://www.instagram.com/accounts/login/?next=%2Fjuno.field%2F',
    'https://www.instagram.com/accounts/edit/',
    'https://www.instagram.com/direct/inbox/',
    'https://www.instagram.com/direct/t/340282366841710300949128/',
    'https://www.instagram.com/_u/juno.field/',
    'https://www.instagram.com/data/manifest.json',
    'https://www.instagram.com/juno.field/p/DAbc123xyz/',
    'https://www.instagram.com/juno.field/reel/DAbc123xyz/',
    'https://www.instagram.com/juno.field/saved/',
    'https://www.instagram.com/juno.field/reels/extra/',
    'https://www.instagram.com/juno-field/',
    'https://www.instagram.com/juno%20field/',
    'https://www.instagram.com/@juno.field/',
    'https://www.instagram.com/j%C3%BCno/',
    'https://www.instagram.com/abcdefghijklmnopqrstuvwxyz12345/',
    'https://www.instagram.com/.../',
    'https://www.instagram.com//juno.field/',
    'http://www.instagram.com/juno.field/',
    'https://m.instagram.com/juno.field/',
    'https://www.instagram.com.evil.example/juno.field/',
    'https://www.threads.com/juno.field/',
  ],
} satisfies { profiles: readonly (readonly [string, string])[]; others: readonly string[] };
