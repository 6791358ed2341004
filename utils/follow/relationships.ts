import type { mastodon } from 'masto';
import { fetchRelationships } from '../mastodon/follow';

/**
 * Relationship look-ups, batched: buttons that ask within BATCH_WINDOW_MS of each other (a page with several
 * profiles, a few tabs restored at once) share one `GET /api/v1/accounts/relationships?id[]=…` request, the way
 * Mastodon clients batch them (elk's relationship composable).
 */

export const RELATIONSHIP_BATCH_WINDOW_MS = 15;

interface Waiter {
  id: string;
  resolve: (relationship: mastodon.v1.Relationship | undefined) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  host: string;
  token: string;
  waiters: Waiter[];
}

const open = new Map<string, Batch>();

async function run(batch: Batch): Promise<void> {
  const ids = [...new Set(batch.waiters.map((waiter) => waiter.id))];
  try {
    const found = new Map((await fetchRelationships(batch.host, batch.token, ids)).map((r) => [r.id, r]));
    for (const waiter of batch.waiters) waiter.resolve(found.get(waiter.id));
  } catch (error) {
    for (const waiter of batch.waiters) waiter.reject(error);
  }
}

/**
 * The relationship with account `id`, or undefined when the server left it out (unknown or suspended account).
 * Rejects with the request's error, for every waiter of the batch.
 */
export function relationshipWith(
  host: string,
  token: string,
  id: string,
): Promise<mastodon.v1.Relationship | undefined> {
  const key = `${host} ${token}`;
  let batch = open.get(key);
  if (!batch) {
    const created: Batch = { host, token, waiters: [] };
    open.set(key, created);
    setTimeout(() => {
      open.delete(key);
      void run(created);
    }, RELATIONSHIP_BATCH_WINDOW_MS);
    batch = created;
  }
  const waiters = batch.waiters;
  return new Promise((resolve, reject) => waiters.push({ id, resolve, reject }));
}
