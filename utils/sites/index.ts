/**
 * The sites Homeward puts its follow button on and reads Following lists of. Adding one is a new folder
 * `utils/sites/<site>/` and one line here; nothing else switches on site names.
 */
import { bluesky } from './bluesky';
import { instagram } from './instagram';
import { threads } from './threads';
import type { FediverseNetwork, SiteAdapter } from './types';

export const SITES = [threads, instagram, bluesky] as const satisfies readonly SiteAdapter[];

/** One of the registered sites, with its literal id. */
export type Site = (typeof SITES)[number];
/** The registered sites' ids: what "Bring my people" stores as a list's site (utils/people/protocol.ts). */
export type SiteId = Site['id'];

/** Every site's match patterns, for the content script's `matches`. */
export const ALL_MATCHES: readonly string[] = [...new Set(SITES.flatMap((site) => site.matches))];

/** The networks behind the sites, each once (Threads and Instagram share one). */
export const NETWORKS: readonly FediverseNetwork[] = [...new Set(SITES.map((site) => site.network))];

/**
 * The manifest's host permissions: the sites (Firefox MV3 counts content-script matches as host permissions the
 * person may withhold) and each network's WebFinger host, which the background asks without cookies. `www.x` and
 * `x` become `*.x`, so the install prompt names each site once ("threads.com, threads.net and instagram.com").
 */
export const HOST_PERMISSIONS: readonly string[] = [
  ...new Set(
    [
      ...ALL_MATCHES.map((pattern) => new URL(pattern.replace('/*', '/')).hostname),
      ...NETWORKS.map((network) => new URL(network.webfingerUrl('a')).hostname),
    ].map((host) => `https://*.${host.replace(/^www\./, '')}/*`),
  ),
];

/** A handle one of the networks can answer for (`juno@threads.net`, any case, optional leading @), split. */
export interface NetworkHandle {
  network: FediverseNetwork;
  /** Lower case. */
  user: string;
  /** `user@domain`, lower case, no leading @. */
  handle: string;
}

export function networkHandle(text: string): NetworkHandle | null {
  const match = /^@?([^@]+)@([^@]+)$/.exec(text.trim().toLowerCase());
  if (!match) return null;
  const [, user = '', domain = ''] = match;
  const network = NETWORKS.find((candidate) => candidate.handleDomain === domain);
  return network?.isUser(user) ? { network, user, handle: `${user}@${domain}` } : null;
}

/**
 * Whether `url` is matched by a WebExtension match pattern (`<scheme>://<host>/<path>`, host `*.` prefixes,
 * `*` wildcards in the path), as the browser decides where a content script runs.
 */
export function matchesPattern(pattern: string, url: URL): boolean {
  const parts = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*]+)(\/.*)$/.exec(pattern);
  if (!parts) throw new Error(`not a match pattern: ${pattern}`);
  const [, scheme = '', host = '', path = ''] = parts;
  const protocol = url.protocol.slice(0, -1);
  if (scheme === '*' ? protocol !== 'http' && protocol !== 'https' : protocol !== scheme) return false;
  if (host.startsWith('*.')) {
    const base = host.slice(2);
    if (url.hostname !== base && !url.hostname.endsWith(`.${base}`)) return false;
  } else if (host !== '*' && url.hostname !== host) return false;
  const glob = new RegExp(
    `^${path
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return glob.test(url.pathname + url.search);
}

/** The site whose content script would run on `url`, or null. */
export function siteForUrl(url: URL): Site | null {
  return SITES.find((site) => site.matches.some((pattern) => matchesPattern(pattern, url))) ?? null;
}
