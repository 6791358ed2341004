/**
 * https://bsky.app in the sandbox: Bluesky's web app (bluesky-social/social-app as React Native Web renders it),
 * reduced to what Homeward reads on it: profile headers and the Following list. The evidence is written down in
 * docs/sites.md ("Bluesky"), evidence B1–B7, cited below. What this module imitates:
 *
 * - bskyweb's Go server: every app path gets the same SPA shell (`<html lang="en">`, an empty `div#root`, one
 *   inline nonce'd script), so nothing of a profile is in the HTML; a full load of a path with a trailing slash
 *   is 302'd to the path without it (RemoveTrailingSlash).
 * - The router (B1, src/routes.ts): patterns matched case-insensitively, no trailing-slash tolerance inside the app
 *   (Not Found), `/profile/me` for the signed-in account, DIDs as names; route titles `@<name> — Bluesky` and
 *   `People followed by @<name> — Bluesky`, then `<Name> (@<handle>) — Bluesky` once a profile loads.
 * - The profile screen (B2, B3, B6): `profileScreen` with ProfileHeaderLoading (no testIDs), then `profileView` >
 *   `profilePager` > ProfileHeaderStandard's action row (dmBtn, followBtn | profileHeaderEditProfileButton, then
 *   the menu in its EventStopper div), name, handle, metrics links (exact counts in aria-labels, compact ones
 *   visible) and description; or `profileErrorScreen`. Logged out: followBtn but no dmBtn.
 * - react-navigation's web stack (B7): up to 5 recent screens stay mounted in containers hidden with display:none.
 * - The Following screen (B5): `profileFollowsScreen`, a sticky header whose subtitle is the exact grouped count,
 *   rows without testIDs (an outer profile link holding the avatar link, name, handle, Follow button and
 *   description), pages of 30 behind a cursor, `div.rotate-500ms` while loading, a sentinel 400% ahead.
 * - The optimistic follow shadow (B4): Follow flips to Following on the same button.
 *
 * Not from the evidence, only so the pages look like something: colours and sizes, the banner, the tab bar and
 * posts, Home, Not Found and the other routes' screens, the error and sign-in dialog wording, the counts.
 *
 * All markup is built in markup.ts and travels as JsonML through two JSON endpoints; the page's script
 * (sandbox/fixtures/bluesky/app.js) only builds it and behaves like the app.
 */
import { randomBytes } from 'node:crypto';
import { BLUESKY_WEB } from '../../hosts';
import type { HostModule, SbRequest, SbResponse } from '../../types';
import { avatarSvg } from '../avatar';
import {
  BLUESKY_FOLLOWING_DEFAULT,
  BLUESKY_FOLLOWING_MAX,
  FOLLOWING_OWNER,
  QUILL,
  ROWAN,
  SNOWDROP,
  VISITOR,
  blueskyFollowingOf,
  findBlueskyAccount,
  findBlueskyAccountByDid,
  type BlueskyAccount,
} from '../bluesky-accounts';
import { html, json, redirect } from '../http';
import { fixture, htmlOf, render } from '../web/template';
import { postsOf, profileData } from './content';
import {
  BLUESKY_CSS,
  FRAME_CLASSES,
  emptyFollows,
  followRow,
  followsScreen,
  footerError,
  footerLoader,
  groupedCount,
  headerFollowButton,
  listError,
  listFooter,
  listPlaceholder,
  listSentinel,
  paragraph,
  plainScreen,
  postList,
  profileErrorScreen,
  profileScreenLoading,
  profileView,
  rowFollowButton,
  signInDialog,
  type Markup,
  type Viewer,
} from './markup';

export { toHtml as blueskyMarkupToHtml, type Markup as BlueskyMarkup } from './markup';

/** The screen the page's script asks for, by path: `?path=/profile/…`. */
export const BLUESKY_SCREEN_ENDPOINT = '/xrpc/sandbox.getScreen';
/** One page of a Following list: `?actor=<handle>&cursor=<from the last page>&limit=`. */
export const BLUESKY_FOLLOWS_ENDPOINT = '/xrpc/sandbox.getFollows';
/** src/state/queries/profile-follows.ts, PAGE_SIZE. */
export const BLUESKY_PAGE_SIZE = 30;
/** app.bsky.graph.getFollows' upper bound for `limit`. */
const MAX_LIMIT = 100;

const ORIGIN = `https://${BLUESKY_WEB}`;

export const BLUESKY_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
].join('; ');

/** What the admin API can change until the next reset. */
export interface BlueskyState {
  /** The visitor is signed in as VISITOR (true) or logged out. */
  signedIn: boolean;
  /** The length of FOLLOWING_OWNER's Following list. */
  followingCount: number;
}

export const BLUESKY_DEFAULT_STATE: BlueskyState = {
  signedIn: true,
  followingCount: BLUESKY_FOLLOWING_DEFAULT,
};

/** What the page's script renders for one path. */
export interface BlueskyScreen {
  route: 'Home' | 'Profile' | 'ProfileFollows' | 'Other' | 'NotFound';
  /** document.title while the screen loads (the route's title). */
  title: string;
  signedIn: boolean;
  /** The screen as it mounts. */
  markup: Markup;
  /** 50–150 ms later: the title, and what replaces the children of the element marked `@ref: body`. */
  loaded?: { title: string; markup: Markup };
  /** The header Follow button's two states (not following, following), for the optimistic flip. */
  follow?: { handle: string; off: Markup; on: Markup };
  /** The sign-in dialog a logged-out visitor's Follow opens. */
  signIn?: Markup;
  /** The Following list: where its pages come from and the pieces the script adds around them. */
  list?: {
    actor: string;
    endpoint: string;
    pageSize: number;
    placeholder: Markup;
    footer: Markup;
    loader: Markup;
    sentinel: Markup;
    empty: Markup;
    footerError: Markup;
    error: Markup;
    rowFollow: { off: Markup; on: Markup };
  };
}

export interface BlueskyFollowsPage {
  subject: string;
  /** The whole list's length. */
  total: number;
  /** One Row each, in list order. */
  rows: Markup[];
  /** Absent on the last page. */
  cursor?: string;
}

/** A request the endpoints answer with 400 (XRPC's InvalidRequest). */
export class BlueskyRequestError extends Error {}

// ---------------------------------------------------------------------------------------------------------------
// Routes (B1): `^…([?]|$)` with the i flag, `:param` as `[^/]+`.

const SETTINGS = [
  'language',
  'app-passwords',
  'following-feed',
  'threads',
  'external-embeds',
  'accessibility',
  'appearance',
  'beta-features',
  'saved-feeds',
  'account',
  'automation-label',
  'privacy-and-security',
  'privacy-and-security/activity',
  'content-and-media',
  'interests',
  'about',
  'app-icon',
  'notifications',
  'notifications/activity',
  'find-contacts',
];
const MODERATION = [
  'modlists',
  'muted-accounts',
  'blocked-accounts',
  'interaction-settings',
  'verification-settings',
];
const SUPPORT = ['privacy', 'tos', 'community-guidelines', 'copyright'];

/** Routes the sandbox knows but does not draw. */
const OTHER_PATTERNS = [
  '/download',
  '/search',
  '/feeds',
  '/lists',
  '/saved',
  '/video-feed',
  '/find-contacts',
  '/notifications',
  '/notifications/activity',
  '/notifications/settings',
  '/settings',
  ...SETTINGS.map((s) => `/settings/${s}`),
  '/moderation',
  ...MODERATION.map((s) => `/moderation/${s}`),
  '/sys/debug',
  '/sys/debug-mod',
  '/sys/log',
  '/invite/scan',
  '/support',
  ...SUPPORT.map((s) => `/support/${s}`),
  '/hashtag/:tag',
  '/topic/:topic',
  '/messages',
  '/messages/settings',
  '/messages/inbox',
  '/messages/:conversation',
  '/messages/:conversation/settings',
  '/messages/:conversation/requests',
  '/start/:name/:rkey',
  '/starter-pack/:name/:rkey',
  '/starter-pack/edit/:rkey',
  '/starter-pack/create',
  '/starter-pack-short/:code',
  '/profile/:name/followers',
  '/profile/:name/known-followers',
  '/profile/:name/search',
  '/profile/:name/lists/:rkey',
  '/profile/:name/post/:rkey',
  '/profile/:name/post/:rkey/liked-by',
  '/profile/:name/post/:rkey/reposted-by',
  '/profile/:name/post/:rkey/quotes',
  '/profile/:name/feed/:rkey',
  '/profile/:name/feed/:rkey/liked-by',
  '/profile/:name/labeler/liked-by',
];

const pattern = (path: string): RegExp => new RegExp(`^${path.replace(/:[a-z]+/gi, '([^/]+)')}([?]|$)`, 'i');

const PROFILE = [pattern('/profile/:name'), pattern('/profile/:name/rss')];
const FOLLOWS = pattern('/profile/:name/follows');
const HOME = [pattern('/'), pattern('/chat/:code')];
const OTHERS = OTHER_PATTERNS.map(pattern);

type Route = { name: 'Profile' | 'ProfileFollows'; param: string } | { name: 'Home' | 'Other' | 'NotFound' };

function decode(param: string): string {
  try {
    return decodeURIComponent(param);
  } catch {
    return param;
  }
}

function routeOf(path: string): Route {
  for (const re of PROFILE) {
    const match = re.exec(path);
    if (match) return { name: 'Profile', param: decode(match[1] ?? '') };
  }
  const follows = FOLLOWS.exec(path);
  if (follows) return { name: 'ProfileFollows', param: decode(follows[1] ?? '') };
  if (HOME.some((re) => re.test(path)) || path.includes('intent/')) return { name: 'Home' };
  if (OTHERS.some((re) => re.test(path))) return { name: 'Other' };
  return { name: 'NotFound' };
}

/** A profile name as the app resolves it: `me` (signed in), a DID, or a handle in any case. */
function resolveName(name: string, state: BlueskyState): BlueskyAccount | undefined {
  if (name === 'me') return state.signedIn ? VISITOR : undefined;
  if (name.startsWith('did:')) return findBlueskyAccountByDid(name);
  return findBlueskyAccount(name);
}

const viewerOf = (state: BlueskyState): Viewer => ({
  signedIn: state.signedIn,
  handle: state.signedIn ? VISITOR.handle : null,
});

/** src/lib/strings/display-names.ts and useSetTitle: `<Name> (@<handle>) — Bluesky`, or `@<handle> — Bluesky`. */
const profileTitle = (account: BlueskyAccount): string =>
  account.displayName
    ? `${account.displayName} (@${account.handle}) — Bluesky`
    : `@${account.handle} — Bluesky`;

/** The people `account` follows: FOLLOWING_OWNER's list, nobody for everyone else. */
function followingOf(account: BlueskyAccount, state: BlueskyState): BlueskyAccount[] {
  return account.handle === FOLLOWING_OWNER.handle ? blueskyFollowingOf(state.followingCount) : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Screens: pure functions of the path and the state.

function profileScreen(param: string, state: BlueskyState): BlueskyScreen {
  const account = resolveName(param, state);
  const viewer = viewerOf(state);
  const screen: BlueskyScreen = {
    route: 'Profile',
    title: `@${param} — Bluesky`,
    signedIn: state.signedIn,
    markup: profileScreenLoading(),
    signIn: state.signedIn ? undefined : signInDialog(),
  };
  if (!account) {
    return {
      ...screen,
      loaded: { title: screen.title, markup: profileErrorScreen('Unable to resolve handle') },
    };
  }
  const profile = profileData(account, state.followingCount);
  const own = viewer.handle === account.handle;
  return {
    ...screen,
    loaded: { title: profileTitle(account), markup: profileView(profile, viewer, postsOf(profile)) },
    follow: own
      ? undefined
      : {
          handle: profile.handle,
          off: headerFollowButton(profile, false),
          on: headerFollowButton(profile, true),
        },
  };
}

function followsScreenOf(param: string, state: BlueskyState): BlueskyScreen {
  const account = resolveName(param, state);
  const screen = {
    route: 'ProfileFollows' as const,
    title: `People followed by @${param} — Bluesky`,
    signedIn: state.signedIn,
  };
  if (!account) return { ...screen, markup: followsScreen(param, null, listError('Profile not found')) };
  const profile = profileData(account, state.followingCount);
  return {
    ...screen,
    markup: followsScreen(
      profile.displayName || profile.handle,
      `${groupedCount(profile.follows)} following`,
      listPlaceholder(),
    ),
    list: {
      actor: profile.handle,
      endpoint: BLUESKY_FOLLOWS_ENDPOINT,
      pageSize: BLUESKY_PAGE_SIZE,
      placeholder: listPlaceholder(),
      footer: listFooter(),
      loader: footerLoader(),
      sentinel: listSentinel(),
      empty: emptyFollows(state.signedIn && account.handle === VISITOR.handle),
      footerError: footerError(),
      error: listError('There was an issue fetching the list.'),
      rowFollow: { off: rowFollowButton(null, false), on: rowFollowButton(null, true) },
    },
  };
}

/**
 * The screen at `path` (a pathname, as typed: case and trailing slash kept), as the page's script renders it.
 * Pure: the same path and state give the same screen.
 */
export function renderBlueskyScreen(
  path: string,
  state: BlueskyState = BLUESKY_DEFAULT_STATE,
): BlueskyScreen {
  const route = routeOf(path);
  const plain = (name: BlueskyScreen['route'], markup: Markup): BlueskyScreen => ({
    route: name,
    title: 'Bluesky',
    signedIn: state.signedIn,
    markup,
  });
  switch (route.name) {
    case 'Profile':
      return profileScreen(route.param, state);
    case 'ProfileFollows':
      return followsScreenOf(route.param, state);
    case 'Home': {
      const posts = [ROWAN, QUILL, SNOWDROP, FOLLOWING_OWNER].flatMap((a) =>
        postsOf(profileData(a, state.followingCount)).slice(0, 1),
      );
      return plain('Home', plainScreen('Home', postList(posts)));
    }
    case 'Other':
      return plain('Other', plainScreen('Bluesky', paragraph('This screen is not part of the sandbox.')));
    case 'NotFound':
      return plain(
        'NotFound',
        plainScreen('Page not found', paragraph("We're sorry! We can't find the page you were looking for.")),
      );
  }
}

/**
 * One page of `actor`'s Following list: `limit` rows from `cursor` (null: the first page). Throws
 * BlueskyRequestError for an unknown actor, a bad cursor or a bad limit.
 */
export function renderBlueskyFollowsPage(
  actor: string,
  cursor: string | null,
  state: BlueskyState = BLUESKY_DEFAULT_STATE,
  limit = BLUESKY_PAGE_SIZE,
): BlueskyFollowsPage {
  const account = resolveName(actor, state);
  if (!account) throw new BlueskyRequestError('Profile not found');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new BlueskyRequestError(`limit must be an integer between 1 and ${MAX_LIMIT}`);
  const list = followingOf(account, state);
  const offset = cursor === null ? 0 : Number(cursor);
  if (cursor !== null && (!/^\d+$/.test(cursor) || offset > list.length))
    throw new BlueskyRequestError('Malformed cursor');
  const viewer = viewerOf(state);
  const rows = list
    .slice(offset, offset + limit)
    .map((person, i) =>
      followRow(
        profileData(person, state.followingCount),
        offset + i === 0,
        viewer.signedIn && viewer.handle !== person.handle,
      ),
    );
  const next = offset + limit;
  return {
    subject: account.handle,
    total: list.length,
    rows,
    ...(next < list.length ? { cursor: String(next) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The host module.

function shell(): SbResponse {
  const nonce = randomBytes(16).toString('base64');
  const body = render('bluesky/shell.html', {
    nonce,
    css: htmlOf(BLUESKY_CSS),
    screenEndpoint: BLUESKY_SCREEN_ENDPOINT,
    stackClass: FRAME_CLASSES.stack,
    containerClass: FRAME_CLASSES.container,
    viewClass: 'css-175oi2r',
    appScript: htmlOf(fixture('bluesky/app.js')),
  });
  return html(200, body.markup, {
    'content-security-policy': `${BLUESKY_CSP}; script-src 'self' 'nonce-${nonce}'`,
    'cache-control': 'no-cache, no-store, must-revalidate',
    'x-content-type-options': 'nosniff',
  });
}

const invalid = (message: string): SbResponse => json(400, { error: 'InvalidRequest', message });

function screenEndpoint(req: SbRequest, state: BlueskyState): SbResponse {
  const path = req.url.searchParams.get('path') ?? '';
  if (!path.startsWith('/') || path.startsWith('//')) return invalid('path must be a local path');
  return json(200, renderBlueskyScreen(new URL(path, ORIGIN).pathname, state));
}

function followsEndpoint(req: SbRequest, state: BlueskyState): SbResponse {
  const params = req.url.searchParams;
  const actor = params.get('actor');
  if (!actor) return invalid('actor is required');
  const limit = params.get('limit');
  try {
    return json(
      200,
      renderBlueskyFollowsPage(
        actor,
        params.get('cursor'),
        state,
        limit === null ? BLUESKY_PAGE_SIZE : Number(limit),
      ),
    );
  } catch (error) {
    if (error instanceof BlueskyRequestError) return invalid(error.message);
    throw error;
  }
}

export function createBlueskySite(): HostModule {
  let state: BlueskyState = { ...BLUESKY_DEFAULT_STATE };
  return {
    hosts: [BLUESKY_WEB],
    handle(req) {
      const path = req.url.pathname;
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return json(405, { error: 'MethodNotAllowed', message: `${req.method} ${path}` });
      if (path === BLUESKY_SCREEN_ENDPOINT) return screenEndpoint(req, state);
      if (path === BLUESKY_FOLLOWS_ENDPOINT) return followsEndpoint(req, state);
      if (path.startsWith('/xrpc/'))
        return json(501, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });
      // What a browser fetches by itself: small answers, so that page loads log no 404.
      if (path === '/favicon.ico')
        return { status: 200, headers: { 'content-type': 'image/svg+xml' }, body: avatarSvg('Bluesky') };
      if (path === '/manifest.json')
        return json(200, { name: 'Bluesky', short_name: 'Bluesky', start_url: '/', display: 'standalone' });
      if (path === '/robots.txt')
        return {
          status: 200,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body: 'User-Agent: *\nAllow: /\n',
        };
      // bskyweb's RemoveTrailingSlashWithConfig(RedirectCode: 302).
      if (path.length > 1 && path.endsWith('/')) return redirect(302, path.slice(0, -1) + req.url.search);
      return shell();
    },
    reset() {
      state = { ...BLUESKY_DEFAULT_STATE };
    },
    /**
     * `set-following` `{ count }`: FOLLOWING_OWNER follows `count` people (0–BLUESKY_FOLLOWING_MAX) until the next
     * reset; its header count and Following screen follow. `set-signed-in` `{ signedIn }`: the visitor is signed in
     * as VISITOR or logged out (no dmBtn, no row Follow buttons, Follow opens the sign-in dialog). `state`: both.
     */
    admin(op, body) {
      if (op === 'set-following') {
        const { count } = body;
        if (
          typeof count !== 'number' ||
          !Number.isInteger(count) ||
          count < 0 ||
          count > BLUESKY_FOLLOWING_MAX
        )
          throw new Error(`set-following needs a whole count between 0 and ${BLUESKY_FOLLOWING_MAX}`);
        state = { ...state, followingCount: count };
        return { owner: FOLLOWING_OWNER.handle, count };
      }
      if (op === 'set-signed-in') {
        if (typeof body.signedIn !== 'boolean')
          throw new Error('set-signed-in needs signedIn: true or false');
        state = { ...state, signedIn: body.signedIn };
        return { signedIn: state.signedIn };
      }
      if (op === 'state') return { ...state };
      throw new Error(`${BLUESKY_WEB}: unknown admin operation ${op}`);
    },
  };
}
