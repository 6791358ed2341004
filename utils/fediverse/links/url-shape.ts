/**
 * What every detector checks first, and the path pieces several of them share.
 *
 * Only https: every fediverse server serves its ActivityPub ids over https (Mastodon refuses to federate
 * otherwise), and an http link to one is either a typo that redirects or a man-in-the-middle. URLs with
 * userinfo are phishing shapes (`https://mastodon.social@evil.example/`), never links to a post.
 */
import type { FediverseLink, LinkKind, ShapeStrength, SoftwareFamily } from './types';

/** Post and profile URLs are short; anything longer is not one of them and is not worth matching. */
export const MAX_URL_LENGTH = 2048;

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** A DNS name with at least two labels. IP literals and `localhost` are no fediverse server's name. */
export function isPlausibleHost(hostname: string): boolean {
  if (hostname.length > 253) return false;
  const labels = hostname.toLowerCase().split('.');
  if (labels.length < 2 || !labels.every((label) => HOST_LABEL.test(label))) return false;
  // A numeric last label is an IPv4 address.
  return /[a-z]/.test(labels[labels.length - 1] ?? '');
}

export const THREADS_HOSTS: readonly string[] = [
  'threads.com',
  'www.threads.com',
  'threads.net',
  'www.threads.net',
];

/**
 * Hosts that a host-bound detector (threads.ts, bridgy-fed.ts) owns: the path-shape detectors leave them alone, so
 * a Threads profile (`/@user`) or a Bridgy Fed page is never taken for a Mastodon one.
 */
export function isHostBound(hostname: string): boolean {
  return THREADS_HOSTS.includes(hostname) || hostname === 'brid.gy' || hostname.endsWith('.brid.gy');
}

/** https, no userinfo, a plausible host, a sane length. */
export function isCandidate(url: URL): boolean {
  return (
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.href.length <= MAX_URL_LENGTH &&
    isPlausibleHost(url.hostname)
  );
}

function trimmedPath(url: URL): string {
  return url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
}

/**
 * The path's segments (one trailing slash allowed) for a candidate on a host no host-bound detector owns, else
 * null. An empty segment (`//`) is refused. `..` never survives URL parsing, and the segment patterns below
 * refuse `%`, so an encoded `%2e%2e` or `%2f` never matches either.
 */
export function pathSegments(url: URL): readonly string[] | null {
  if (!isCandidate(url) || isHostBound(url.hostname)) return null;
  const path = trimmedPath(url);
  if (path === '') return [];
  const segments = path.slice(1).split('/');
  return segments.includes('') ? null : segments;
}

export function linkOf(
  url: URL,
  software: SoftwareFamily,
  kind: LinkKind,
  localId: boolean,
  strength: ShapeStrength,
): FediverseLink {
  return { software, kind, url: `https://${url.host}${trimmedPath(url)}`, localId, strength };
}

/**
 * A user name as the software writes it in paths: letters, digits, `_`, and `.` or `-` inside (Mastodon's rule
 * for remote usernames; Pleroma, Misskey and Pixelfed fit in it). 64 characters at most.
 */
export const USERNAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_])?$/;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Handle {
  user: string;
  /** The other server in `user@host`, or null for a user of this server. */
  host: string | null;
}

/** `user` or `user@host` (no leading `@`), with `user` matching `name`. */
export function handleOf(text: string, name: RegExp = USERNAME): Handle | null {
  const at = text.indexOf('@');
  const user = at === -1 ? text : text.slice(0, at);
  const host = at === -1 ? null : text.slice(at + 1);
  if (!name.test(user)) return null;
  if (host !== null && !isPlausibleHost(host)) return null;
  return { user, host };
}
