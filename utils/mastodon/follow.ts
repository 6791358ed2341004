import type { mastodon } from 'masto';
import { REQUEST_TIMEOUT_MS, budgetOf, clientFor, restClient } from './client';
import { metered, noteAnswer } from './rate-budget';

/**
 * The home-server calls behind following, for the follow button and the people queue alike: resolve,
 * relationships, follow, unfollow, domain blocks, and whom an account follows. Every call made with the token feeds
 * the one rate budget (rate-budget.ts).
 */

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
  const result = await metered(budgetOf(host, token), () =>
    clientFor(host, token).v2.search.list.$raw({
      q: `@${handle}`,
      type: 'accounts',
      resolve: true,
      limit: 1,
    }),
  );
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
  return metered(budgetOf(host, token), () =>
    clientFor(host, token).v1.accounts.relationships.fetch.$raw({ id: ids }),
  );
}

/** `POST /api/v1/accounts/:id/follow` or `…/unfollow`: both answer the relationship after the change. */
function relationshipChange(action: 'follow' | 'unfollow') {
  return (host: string, token: string, id: string): Promise<mastodon.v1.Relationship> =>
    metered(budgetOf(host, token), () => clientFor(host, token).v1.accounts.$select(id)[action].$raw());
}

export const followAccount = relationshipChange('follow');
export const unfollowAccount = relationshipChange('unfollow');

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
  await noteAnswer(budgetOf(host, token), response.status, response.headers);
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

/**
 * Whom an account follows, page by page. It is public unless the account hides it, and asking with the token
 * needs `read:accounts`, which Homeward does not request: it is read without the token (and without cookies), like
 * a logged-out visitor of the profile, so it spends the address's budget, not the token's.
 */
export function publicFollowing(host: string, accountId: string): AsyncIterable<mastodon.v1.Account[]> {
  return restClient(host).v1.accounts.$select(accountId).following.list({ limit: 80 });
}
