import { storageCache } from '../storage/cache';

/**
 * The home server's account id for a remote handle, as resolved earlier by the follow button or the people queue:
 * later visits then cost one batched relationships look-up instead of a search.
 */

const HOUR = 60 * 60 * 1000;
/** Account ids on a server do not change; a stale one is noticed (left out of relationships, 404) and dropped. */
export const ACCOUNT_ID_TTL_MS = 30 * 24 * HOUR;

const accountIds = storageCache<string>('local:followAccountIds', 2000);

function idKey(host: string, handle: string): string {
  return `${host} ${handle}`;
}

export function knownAccountId(host: string, handle: string): Promise<string | undefined> {
  return accountIds.get(idKey(host, handle));
}

export function rememberAccountId(host: string, handle: string, id: string): Promise<void> {
  return accountIds.set(idKey(host, handle), id, ACCOUNT_ID_TTL_MS);
}

export function forgetAccountId(host: string, handle: string): Promise<void> {
  return accountIds.delete(idKey(host, handle));
}
