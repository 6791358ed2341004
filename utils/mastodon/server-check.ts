import { httpsUrlHost, normaliseHost } from '../fediverse/server-input';
import type { HomeServer } from '../storage';
import { describeFailure, REQUEST_TIMEOUT_MS, restClient } from './client';
import { isKnownWithoutApi } from './home-software';

export type ServerCheck =
  { ok: true; server: HomeServer } | { ok: false; reason: 'unreachable' | 'timeout' | 'not-mastodon' };

const plainInit = (): RequestInit => ({
  credentials: 'omit',
  cache: 'no-store',
  signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
});

/**
 * The domain in the server's handles, from what it says of itself: v2 `domain`, or v1 `uri` (a bare domain on
 * Mastodon, `https://…` on some forks). Nothing said means `host`. What it says goes into the redirect rules, so it
 * passes the same gate as a typed host (normaliseHost); null when it is no host at all.
 */
export function localDomainOf(reported: unknown, host: string): string | null {
  if (reported === undefined || reported === null || reported === '') return host;
  if (typeof reported !== 'string') return null;
  const bare = reported.replace(/^https?:\/\//i, '').replace(/\/$/, '');
  return bare === '' ? host : normaliseHost(bare);
}

/**
 * Asks a server whether it speaks Mastodon's API: `/api/v2/instance`, falling back to `/api/v1/instance`
 * (older Mastodon, GoToSocial, Akkoma), and nodeinfo for the software's name. A server whose own domain is no
 * host (`Not A Domain/..`, an IP address) is not one Homeward can work with: `not-mastodon`.
 */
export async function checkServer(host: string): Promise<ServerCheck> {
  const client = restClient(host);
  // v2 names the server's own domain `domain`, v1 `uri`; a timeout on either ends the check.
  const attempts = [
    async () => {
      const instance = await client.v2.instance.fetch();
      return { title: instance.title, domain: instance.domain };
    },
    async () => {
      const instance = await client.v1.instance.fetch();
      return { title: instance.title, domain: instance.uri };
    },
  ];
  let found: { title: string; domain: string } | null = null;
  for (const attempt of attempts) {
    try {
      found = await attempt();
      break;
    } catch (error) {
      if (describeFailure(error).kind === 'timeout') return { ok: false, reason: 'timeout' };
    }
  }
  if (!found) {
    // Misskey and its kin speak no Mastodon API, yet have pages that open an address at home: say which it is.
    // Its API's own 404 tells (its API allows any origin); its nodeinfo, which may not, names the fork and version.
    const software = await fetchSoftware(host);
    if (isKnownWithoutApi(software.software))
      return { ok: true, server: { host, localDomain: host, title: host, ...software } };
    if (await answersLikeMisskey(host))
      return { ok: true, server: { host, localDomain: host, title: host, software: 'misskey', version: '' } };
    return { ok: false, reason: (await isReachable(host)) ? 'not-mastodon' : 'unreachable' };
  }
  const { title } = found;
  const localDomain = localDomainOf(found.domain, host);
  if (localDomain === null) return { ok: false, reason: 'not-mastodon' };
  const software = await fetchSoftware(host);
  return { ok: true, server: { host, localDomain, title, ...software } };
}

/** Misskey's API answers a path it lacks, such as Mastodon's instance, with its own 404 (docs/home-software.md). */
async function answersLikeMisskey(host: string): Promise<boolean> {
  try {
    const response = await fetch(`https://${host}/api/v1/instance`, plainInit());
    if (response.status !== 404) return false;
    const body: unknown = await response.json();
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { code?: unknown }).code === 'UNKNOWN_API_ENDPOINT'
    );
  } catch {
    return false;
  }
}

/**
 * A server that answers without CORS headers (any ordinary web site) makes fetch fail exactly like a dead host.
 * An opaque no-cors request tells the two apart: it resolves whenever the host answers at all.
 */
async function isReachable(host: string): Promise<boolean> {
  try {
    // no-cors requires redirect 'follow' (Fetch standard), else the request fails before it is sent.
    await fetch(`https://${host}/`, { ...plainInit(), mode: 'no-cors' });
    return true;
  } catch {
    return false;
  }
}

const NODEINFO_SCHEMA = 'http://nodeinfo.diaspora.software/ns/schema/';
/** Software names and versions are short (`mastodon`, `4.5.0+glitch`); anything longer is not one. */
const MAX_SOFTWARE_TEXT = 100;

/**
 * The nodeinfo document's URL from `/.well-known/nodeinfo` (nodeinfo protocol: a `links` list of `rel`/`href`):
 * the first schema link, when it is https on a host that passes normaliseHost. Null otherwise.
 */
export function nodeinfoHref(index: unknown): string | null {
  if (typeof index !== 'object' || index === null) return null;
  const links: unknown = (index as { links?: unknown }).links;
  if (!Array.isArray(links)) return null;
  const link: unknown = links.find((candidate: unknown) => {
    const rel = typeof candidate === 'object' && candidate !== null && (candidate as { rel?: unknown }).rel;
    return typeof rel === 'string' && rel.startsWith(NODEINFO_SCHEMA);
  });
  const href = (link as { href?: unknown } | undefined)?.href;
  return typeof href === 'string' && httpsUrlHost(href) !== null ? href : null;
}

/** `software.name` (lower case) and `software.version` of a nodeinfo document; null without a usable name. */
export function softwareOf(info: unknown): { software: string; version: string } | null {
  if (typeof info !== 'object' || info === null) return null;
  const software: unknown = (info as { software?: unknown }).software;
  if (typeof software !== 'object' || software === null) return null;
  const { name, version } = software as { name?: unknown; version?: unknown };
  const lower = typeof name === 'string' ? name.toLowerCase() : '';
  if (lower === '' || lower.length > MAX_SOFTWARE_TEXT) return null;
  return {
    software: lower,
    version: typeof version === 'string' && version.length <= MAX_SOFTWARE_TEXT ? version : '',
  };
}

async function fetchSoftware(host: string): Promise<{ software: string; version: string }> {
  const unknown = { software: 'unknown', version: '' };
  try {
    const index: unknown = await (await fetch(`https://${host}/.well-known/nodeinfo`, plainInit())).json();
    const href = nodeinfoHref(index);
    // The server speaks for itself only: a document on another host says nothing of this one.
    if (!href || new URL(href).hostname !== host) return unknown;
    return softwareOf(await (await fetch(href, plainInit())).json()) ?? unknown;
  } catch {
    return unknown;
  }
}
