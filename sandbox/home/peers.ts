/**
 * `GET /api/v1/instance/peers` (docs/home-server.md §3.1, §10.1): the domains the home server knows, and the admin
 * op `set-peers` that plays a bigger server. Pure functions: the store keeps the settings and the built answer.
 */
import type { PeersAnswer } from './software';

/** The admin op `set-peers`'s settings; every reset and every `software` op goes back to DEFAULT_PEERS. */
export interface PeersSettings {
  /** Domains the server knows as if it had accounts there, after the ones its accounts give. */
  domains: readonly string[];
  /** Generated domains pad the answer up to this many (0: no padding); a longer list is not cut. */
  count: number;
  /** Mastodon's `peers_api_enabled`: off, the route answers an empty 404. */
  enabled: boolean;
  /** GoToSocial's `instance-expose-peers`: on, the list needs no token. */
  expose: boolean;
}

/** The body of `POST /hosts/<host>/set-peers`; fields left out keep their values. */
export interface SetPeersOptions {
  count?: number;
  domains?: readonly string[];
  enabled?: boolean;
  expose?: boolean;
}

/** What `set-peers` answers: the settings and how many domains the route lists now. */
export interface PeersSummary extends PeersSettings {
  listed: number;
}

export const DEFAULT_PEERS: PeersSettings = { domains: [], count: 0, enabled: true, expose: false };

/** Enough for a large Mastodon server (mastodon.social knows some tens of thousands of domains). */
export const MAX_PEERS = 200_000;

/**
 * The n-th generated domain (n from 1): `peer-00001.example`, five digits at least. Lower case, a valid host name,
 * under the `.example` TLD no real server has, and unlike every sandbox host (none starts with `peer-`).
 */
export function generatedPeer(n: number): string {
  return `peer-${String(n).padStart(5, '0')}.example`;
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A lower-case DNS host name of two labels or more (letters, digits, inner hyphens; 253 characters at most). */
export function isHostName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((label) => LABEL.test(label));
}

/** The settings after a `set-peers` body, or an Error whose message the admin API answers with 400. */
export function applySetPeers(
  current: PeersSettings,
  body: Record<string, unknown>,
  answer: PeersAnswer,
  software: string,
  ownDomains: readonly string[],
): PeersSettings {
  const next: PeersSettings = { ...current };
  if (body.count !== undefined) {
    const count = body.count;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_PEERS)
      throw new Error(`count must be an integer from 0 to ${MAX_PEERS}`);
    next.count = count;
  }
  if (body.domains !== undefined) {
    if (!Array.isArray(body.domains) || body.domains.some((d) => typeof d !== 'string'))
      throw new Error('domains must be an array of host names');
    const domains = (body.domains as string[]).map((d) => d.trim().toLowerCase());
    const invalid = domains.find((d) => !isHostName(d));
    if (invalid !== undefined) throw new Error(`not a host name: ${JSON.stringify(invalid)}`);
    const own = domains.find((d) => ownDomains.includes(d));
    if (own !== undefined) throw new Error(`${own} is the server's own domain, not a peer`);
    next.domains = [...new Set(domains)];
  }
  for (const key of ['enabled', 'expose'] as const) {
    if (body[key] !== undefined && typeof body[key] !== 'boolean')
      throw new Error(`${key} must be a boolean`);
  }
  if (body.enabled === false && !answer.canDisable)
    throw new Error(`${software} has no setting that turns the peers API off`);
  if (body.expose === true && answer.access !== 'user')
    throw new Error(`${software} lists its peers to anyone already: expose is GoToSocial's setting`);
  if (typeof body.enabled === 'boolean') next.enabled = body.enabled;
  if (typeof body.expose === 'boolean') next.expose = body.expose;
  return next;
}

export interface DomainRule {
  domain: string;
  severity: 'silence' | 'suspend';
}

/**
 * The domains the route lists: the remote accounts' domains in the order the server first stored them, then the
 * settings' `domains`, without the blocks the software leaves out (by exact domain, as Mastodon's
 * `where.not(domain: DomainBlock.select(:domain))` and GoToSocial's per-instance `suspended_at` do), padded with
 * generated domains (skipping any already listed or left out) up to `count`, then sorted a–z where the software
 * sorts.
 */
export function peerDomains(
  accountDomains: Iterable<string | null>,
  settings: PeersSettings,
  blocks: readonly DomainRule[],
  answer: PeersAnswer,
): string[] {
  const leftOut = new Set(
    blocks
      .filter(
        (b) =>
          answer.leavesOut === 'blocked' || (answer.leavesOut === 'suspended' && b.severity === 'suspend'),
      )
      .map((b) => b.domain),
  );
  const listed = new Set<string>();
  for (const domain of accountDomains) if (domain && !leftOut.has(domain)) listed.add(domain);
  for (const domain of settings.domains) if (!leftOut.has(domain)) listed.add(domain);
  for (let n = 1; listed.size < settings.count; n += 1) {
    const domain = generatedPeer(n);
    if (!leftOut.has(domain)) listed.add(domain);
  }
  const domains = [...listed];
  return answer.order === 'a-z' ? domains.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : domains;
}
