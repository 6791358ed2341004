import { describeFailure, isUnauthorized } from '../mastodon/client';
import { peopleListItem } from './items';
import { fetchRelationships, publicFollowing } from '../mastodon/follow';
import { homeBudget } from '../mastodon/rate-budget';
import { type PeopleList, type PersonRow, type PersonStatus } from './protocol';
import { networkHandle } from '../sites';
import { markUnauthorized } from '../mastodon/account';
import { knownAccountId, rememberAccountId } from '../mastodon/account-ids';
import { WEBFINGER_MAX_IN_FLIGHT, webfinger } from '../fediverse/webfinger-check';
import { updateList } from './lists';
import { currentSession, type Session } from './home';

/**
 * "Bring my people": each account of a list is checked (WebFinger for each, then what the connected account
 * already follows), and the rows say what was found.
 */

/** How often a running job writes its progress (each write is the whole list). */
export const PROGRESS_WRITE_MS = 300;
/** Ids per `relationships` request. */
export const RELATIONSHIPS_BATCH = 40;

/** Collects row changes and writes them at most every PROGRESS_WRITE_MS. */
function progressWriter(listId: string) {
  const changes = new Map<string, PersonStatus>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (changes.size === 0) return updateList(listId, () => undefined);
    const batch = new Map(changes);
    changes.clear();
    return updateList(listId, (list) => {
      for (const row of list.rows) {
        const status = batch.get(row.handle);
        if (status) row.status = status;
      }
    });
  };
  return {
    set(handle: string, status: PersonStatus) {
      changes.set(handle, status);
      timer ??= setTimeout(() => void flush(), PROGRESS_WRITE_MS);
    },
    flush,
  };
}

const checking = new Map<string, Promise<void>>();

/** Checks the rows of a list still `checking` or `unknown`; one run per list at a time. */
export function checkList(listId: string): Promise<void> {
  let run = checking.get(listId);
  if (!run) {
    run = runChecks(listId).finally(() => checking.delete(listId));
    checking.set(listId, run);
  }
  return run;
}

async function runChecks(listId: string): Promise<void> {
  const item = peopleListItem(listId);
  const list = await item.getValue();
  if (!list) return;
  // A list pushed out by newer ones stops costing lookups (each one a request to the network, Meta's for Threads).
  let gone = false;
  const unwatch = item.watch((current) => {
    if (!current) gone = true;
  });
  try {
    await checkRows(listId, list, () => gone);
  } finally {
    unwatch();
  }
}

/**
 * Workers that each take the next row: twice as many as WebFinger lets run at once, so that while some wait on the
 * cache's write the others keep every request slot busy (with as many as the slots, the checks took 31 s for 500
 * handles in `npm run bench` instead of 20). A follow button's own look-up then waits behind at most
 * CHECK_WORKERS − WEBFINGER_MAX_IN_FLIGHT of the list's, not behind the whole list queued at once.
 */
export const CHECK_WORKERS = 2 * WEBFINGER_MAX_IN_FLIGHT;

async function checkRows(listId: string, list: PeopleList, gone: () => boolean): Promise<void> {
  const writer = progressWriter(listId);
  const statuses = new Map<string, PersonStatus>(list.rows.map((row) => [row.handle, row.status]));
  const pending = list.rows.filter((row) => row.status.kind === 'checking' || row.status.kind === 'unknown');
  let next = 0;
  const work = async () => {
    while (next < pending.length && !gone()) {
      const row = pending[next++]!;
      const target = networkHandle(row.handle);
      if (!target) continue;
      // webfinger() keeps at most WEBFINGER_MAX_IN_FLIGHT requests in flight and shares its cache with the button.
      const answer = await webfinger(target);
      const status: PersonStatus =
        answer.kind === 'found'
          ? { kind: 'found' }
          : answer.kind === 'not-found'
            ? { kind: 'not-federated' }
            : { kind: 'unknown', reason: answer.reason };
      statuses.set(row.handle, status);
      writer.set(row.handle, status);
    }
  };
  await Promise.all(Array.from({ length: CHECK_WORKERS }, work));
  if (gone()) return;
  const session = await currentSession();
  let relationshipsKnown = false;
  if (session) {
    try {
      const { followed, complete } = await followedFromHome(session, list.rows, statuses);
      for (const [handle, kind] of followed) writer.set(handle, { kind });
      relationshipsKnown = complete;
    } catch (error) {
      if (isUnauthorized(error)) await markUnauthorized(session.token);
      console.warn('Homeward: could not read who the account follows', describeFailure(error));
    }
  }
  await writer.flush();
  await updateList(listId, (current) => {
    current.checked = current.rows.every((row) => row.status.kind !== 'checking');
    current.relationshipsKnown = relationshipsKnown;
  });
}

/**
 * Which of the list's accounts the connected account already follows, or has asked to: its own following list
 * (80 a page: a few requests, however long the scanned list), then `relationships` in batches for the accounts
 * whose ids are known from earlier resolves, which also shows pending requests. An account that hides whom it
 * follows shows an empty list: then only the known ids are checked.
 */
async function followedFromHome(
  session: Session,
  rows: PersonRow[],
  statuses: Map<string, PersonStatus>,
): Promise<{ followed: Map<string, 'following' | 'requested'>; complete: boolean }> {
  const wanted = new Set(
    rows.filter((row) => statuses.get(row.handle)?.kind !== 'not-federated').map((row) => row.handle),
  );
  const result = new Map<string, 'following' | 'requested'>();
  for await (const page of publicFollowing(session.host, session.accountId)) {
    for (const account of page) {
      const handle = account.acct.toLowerCase();
      if (wanted.has(handle)) {
        result.set(handle, 'following');
        await rememberAccountId(session.host, handle, account.id);
      }
    }
  }
  const ids = new Map<string, string>();
  for (const handle of wanted) {
    if (result.has(handle)) continue;
    const id = await knownAccountId(session.host, handle);
    if (id) ids.set(id, handle);
  }
  const idList = [...ids.keys()];
  for (let start = 0; start < idList.length; start += RELATIONSHIPS_BATCH) {
    // Out of requests for this window: what is known stays, the rest is not claimed as known.
    if (homeBudget.take(session.key, { reserve: session.reserve }))
      return { followed: result, complete: false };
    const batch = idList.slice(start, start + RELATIONSHIPS_BATCH);
    for (const relationship of await fetchRelationships(session.host, session.token, batch)) {
      const handle = ids.get(relationship.id);
      if (!handle) continue;
      if (relationship.following) result.set(handle, 'following');
      else if (relationship.requested) result.set(handle, 'requested');
    }
  }
  return { followed: result, complete: true };
}
