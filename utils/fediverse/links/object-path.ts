import { QUERY } from './original';

/**
 * The first, coarse test of a navigation, made by the browser itself (declarativeNetRequest, RE2 syntax) on
 * hosts already known to be fediverse servers: paths that may name a post or a profile. The Opening page then
 * runs the exact detectors (index.ts) and lets anything they reject load as it was. What this must guarantee is
 * the other direction, tested over every detector's examples: no post or profile of a known host slips past it.
 *
 * Left out on purpose:
 * - `/@user@other…`, `/u/name@other`, `/c/name@other`, `/a/name@other`…: copies of remote objects, whose
 *   ActivityPub id only the page itself shows (`link rel=alternate`), so the page has to load;
 * - Threads: its posts' ActivityPub ids are in the page too, and threads.com is never a "known host" here.
 */

const PATHS = [
  '@[^/?@]+(/[^/?]+){0,2}',
  'users/[^/?]+(/statuses/[^/?]+)?',
  '(notes|notice|objects|display|profile)/[^/?]+',
  'p/[^/?]+/[^/?]+',
  'i/web/post/[^/?]+',
  '(post|comment)/[0-9]+',
  '[uca]/[^/?@]+(/[a-z-]+)?',
  '(w|videos/watch)/[^/?]+',
  '(accounts|video-channels)/[^/?@]+',
  'ap/did:[^/?]+',
  'convert/ap/[^?]+',
  'r/https://[^?]+',
];

/**
 * The path families in as few RE2 patterns as Chromium takes. Every redirect rule carries the whole host list (the
 * home server's peers: tens of thousands), and each update pays for every name in every rule (docs/dnr-limits.md),
 * so fewer rules cost less. Chromium refuses a rule whose regex compiles to more than 2 KB, which one alternation
 * of them all does; these four groups each pass `isRegexSupported` in Chromium 156 (half of them, or five paths
 * at once, do not). No counted repetitions (`{1,30}`): RE2 unrolls them. And one refused rule fails the whole
 * update, leaving no rule at all.
 */
const GROUPS: readonly (readonly number[])[] = [
  [0, 1],
  [2, 3, 4],
  [5, 6, 7],
  [8, 9, 10, 11],
];

export const OBJECT_PATH_RE2: readonly string[] = GROUPS.map(
  (group) => `^https://[^/]+/(${group.map((index) => PATHS[index]).join('|')})/?${QUERY}$`,
);

/** The same test as OBJECT_PATH_RE2, as one JavaScript pattern (the Alt-click page script's; no RE2 limit there). */
export const OBJECT_PATH_JS = `^https://[^/]+/(${PATHS.join('|')})/?${QUERY}$`;

/**
 * A bare `/<username>` (Pixelfed's profiles). Far too common a shape to send home on its own: only on hosts that
 * showed they use it (utils/open-at-home/known-hosts.ts, bareProfileHosts).
 */
export const BARE_PROFILE_RE2 = `^https://[^/]+/[A-Za-z0-9_.-]+/?${QUERY}$`;
