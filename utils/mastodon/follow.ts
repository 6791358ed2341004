import type { mastodon } from 'masto';
import { REQUEST_TIMEOUT_MS, clientFor } from './client';

/** The home-server calls behind the follow button: resolve, relationships, follow, unfollow, domain blocks. */

export interface ResolvedAccount {
  id: string;
  /** `user@domain` as the home server knows it. */
  acct: string;
  locked: boolean;
}

/**
 * Resolves `user@domain` on the home server (WebFinger + actor fetch on its side). Null when the server finds
 * nothing: it swallows resolve failures and answers a suspended domain with 200 and an empty list
 * (docs/home-server.md §4).
 */
export async function resolveAccount(
  host: string,
  token: string,
  handle: string,
): Promise<ResolvedAccount | null> {
  const result = await clientFor(host, token).v2.search.list({
    q: `@${handle}`,
    type: 'accounts',
    resolve: true,
    limit: 1,
  });
  const account = result.accounts[0];
  // Without an exact match the search falls back to fuzzy matches among known accounts: never follow one of those.
  if (!account || account.acct.toLowerCase() !== handle.toLowerCase()) return null;
  return { id: account.id, acct: account.acct, locked: account.locked };
}

/** One request for many accounts; unknown and suspended ids are silently left out (docs/home-server.md §5). */
export async function fetchRelationships(
  host: string,
  token: string,
  ids: string[],
): Promise<mastodon.v1.Relationship[]> {
  return clientFor(host, token).v1.accounts.relationships.fetch({ id: ids });
}

export async function followAccount(
  host: string,
  token: string,
  id: string,
): Promise<mastodon.v1.Relationship> {
  return clientFor(host, token).v1.accounts.$select(id).follow();
}

export async function unfollowAccount(
  host: string,
  token: string,
  id: string,
): Promise<mastodon.v1.Relationship> {
  return clientFor(host, token).v1.accounts.$select(id).unfollow();
}

export interface DomainBlockEntry {
  /** May be obfuscated (`thr*ads.net`); `digest` is the SHA-256 hex of the real domain. */
  domain: string;
  digest: string;
  severity: string;
}

/**
 * The server's list of moderated domains, or null when it keeps the list to itself. Mastodon's
 * `show_domain_blocks` setting makes it public, visible to signed-in users only, or hidden (an empty 404), so the
 * token goes along. Plain fetch rather than masto: masto cannot report the status of an answer without a JSON
 * body, and the empty 404 is the common answer here.
 */
export async function domainBlocksOf(host: string, token: string): Promise<DomainBlockEntry[] | null> {
  const response = await fetch(`https://${host}/api/v1/instance/domain_blocks`, {
    credentials: 'omit',
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  if ([401, 403, 404].includes(response.status)) return null;
  if (!response.ok) throw new Error(`domain_blocks answered ${response.status}`);
  const body: unknown = await response.json();
  if (!Array.isArray(body)) throw new Error('domain_blocks is not a list');
  return (body as unknown[]).flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { domain, digest, severity } = entry as Record<string, unknown>;
    return typeof domain === 'string' && typeof digest === 'string' && typeof severity === 'string'
      ? [{ domain, digest, severity }]
      : [];
  });
}
