/**
 * Threads' WebFinger, as a function of strings: the URL to ask and what an answer means. No `browser`, no fetch.
 *
 * Threads answers 200 with a JRD for accounts that turned on fediverse sharing and 404
 * `{"success":false,"error":"Not found"}` for everyone else (landscape.md: fedidevs.org WebFinger reference,
 * ktistec#74, akirk/friends#376). Fediverse handles stay on threads.net although the website moved to threads.com.
 */

export const THREADS_HANDLE_DOMAIN = 'threads.net';

/** Threads shares Instagram's usernames: at most 30 letters, digits, `.` and `_`. */
const THREADS_USERNAME = /^[a-z0-9._]{1,30}$/;

/** The username of a `user@threads.net` handle (any case, optional leading @), or null for anything else. */
export function threadsUsername(handle: string): string | null {
  const match = /^@?([^@]+)@([^@]+)$/.exec(handle.trim().toLowerCase());
  if (!match || match[2] !== THREADS_HANDLE_DOMAIN) return null;
  const user = match[1] ?? '';
  return THREADS_USERNAME.test(user) ? user : null;
}

export function threadsWebfingerUrl(user: string): string {
  // The literal `acct:user@threads.net` form is what Mastodon's own WebFinger client sends (mastodon-behavior.md
  // §4); the username alphabet needs no escaping, encodeURIComponent only guards against misuse.
  return `https://www.threads.net/.well-known/webfinger?resource=acct:${encodeURIComponent(user)}@${THREADS_HANDLE_DOMAIN}`;
}

export type WebfingerAnswer =
  /** Federated: `actor` is the ActivityPub id from the `self` link. */
  | { kind: 'found'; actor: string }
  /** Threads says 404: the account has not turned on fediverse sharing (or does not exist). */
  | { kind: 'not-found' }
  /** Anything else (5xx, 429, a 200 without a usable self link…): nothing is known, nothing may be cached. */
  | { kind: 'unknown'; reason: string };

const ACTIVITY_TYPES = ['application/activity+json', 'application/ld+json'];

/** The ActivityPub actor of a JRD (RFC 7033): the `self` link whose type is ActivityStreams JSON. */
export function selfLinkOf(jrd: unknown): string | null {
  if (typeof jrd !== 'object' || jrd === null) return null;
  const links = (jrd as { links?: unknown }).links;
  if (!Array.isArray(links)) return null;
  for (const link of links as unknown[]) {
    if (typeof link !== 'object' || link === null) continue;
    const { rel, type, href } = link as { rel?: unknown; type?: unknown; href?: unknown };
    if (rel !== 'self' || typeof type !== 'string' || typeof href !== 'string') continue;
    // `application/ld+json; profile="https://www.w3.org/ns/activitystreams"` is the other spelling ActivityPub allows.
    const mediaType = type.split(';')[0]?.trim().toLowerCase() ?? '';
    if (ACTIVITY_TYPES.includes(mediaType) && /^https:\/\//i.test(href)) return href;
  }
  return null;
}

/** What an HTTP answer to the WebFinger URL means. `body` is the parsed JSON, or undefined when it was not JSON. */
export function classifyWebfinger(status: number, body: unknown): WebfingerAnswer {
  if (status === 404) return { kind: 'not-found' };
  if (status !== 200) return { kind: 'unknown', reason: `threads.net answered ${status}` };
  const actor = selfLinkOf(body);
  return actor
    ? { kind: 'found', actor }
    : { kind: 'unknown', reason: 'threads.net sent no ActivityPub link' };
}
