import { words, type Words } from '../i18n';
/**
 * What a WebFinger answer (RFC 7033) says about an account, as a function of strings: no `browser`, no fetch.
 * The networks Homeward follows into (utils/sites) answer 200 with a JRD for a federated account and 404 for
 * anyone else; which URL to ask is theirs to say.
 */

export type WebfingerAnswer =
  /** Federated: `actor` is the ActivityPub id from the `self` link. */
  | { kind: 'found'; actor: string }
  /** 404: the account is not on the fediverse (Threads: fediverse sharing is off) or does not exist. */
  | { kind: 'not-found' }
  /** Anything else (5xx, 429, a 200 without a usable self link…): nothing is known, nothing may be cached. */
  | { kind: 'unknown'; reason: Words };

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

/**
 * What an HTTP answer from `host`'s WebFinger means. `body` is the parsed JSON, or undefined when it was not JSON.
 */
export function classifyWebfinger(host: string, status: number, body: unknown): WebfingerAnswer {
  if (status === 404) return { kind: 'not-found' };
  if (status !== 200)
    return { kind: 'unknown', reason: words('people_webfingerStatus', { host, status: String(status) }) };
  const actor = selfLinkOf(body);
  return actor
    ? { kind: 'found', actor }
    : { kind: 'unknown', reason: words('people_webfingerNoLink', { host }) };
}
