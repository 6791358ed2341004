import { storage } from 'wxt/utils/storage';
import { followQueueItem, peopleListItem } from './items';
import { PARTIAL_REASONS, type PeopleList, type PeopleScan, type PersonRow } from './protocol';
import { SITES } from '../sites';

/** "Bring my people": the Following lists handed over by the scanner, kept in extension storage (five at most). */

/** Lists kept: a new scan pushes the oldest out. */
export const MAX_LISTS = 5;
/** A following list longer than this is not a person's: refuse it rather than fill storage. */
export const MAX_PEOPLE = 10_000;

const listIndex = storage.defineItem<string[]>('local:peopleLists', { fallback: [] });

/** Writes of one list, one after another: the checks and the queue both change rows. */
const listWrites = new Map<string, Promise<unknown>>();

export function updateList(id: string, change: (list: PeopleList) => void): Promise<PeopleList | null> {
  const item = peopleListItem(id);
  const next = (listWrites.get(id) ?? Promise.resolve()).then(async () => {
    const list = await item.getValue();
    if (!list) return null;
    change(list);
    await item.setValue(list);
    return list;
  });
  listWrites.set(
    id,
    next.catch(() => undefined),
  );
  return next;
}

export function cleanScan(payload: unknown): PeopleScan | null {
  const scan = payload as Partial<PeopleScan> | null;
  const site = SITES.find((candidate) => candidate.id === scan?.site);
  if (!scan || !site || typeof scan.owner !== 'string' || !Array.isArray(scan.people)) return null;
  if (scan.people.length > MAX_PEOPLE) return null;
  const { network } = site;
  const seen = new Set<string>();
  const people = scan.people.flatMap((person: unknown) => {
    const { username, displayName } = (person ?? {}) as { username?: unknown; displayName?: unknown };
    if (typeof username !== 'string') return [];
    const name = username.toLowerCase();
    if (!network.isUser(name) || seen.has(name)) return [];
    seen.add(name);
    return [
      { username: name, displayName: typeof displayName === 'string' ? displayName.slice(0, 200) : '' },
    ];
  });
  const reason = PARTIAL_REASONS.find((candidate) => candidate === scan.reason);
  const expected = scan.expected;
  return {
    site: site.id,
    owner: scan.owner.toLowerCase().slice(0, 30),
    people,
    stopped: scan.stopped === true,
    ...(reason && { reason }),
    ...(Number.isSafeInteger(expected) && expected! >= 0 && { expected }),
  };
}

function rowsOf(scan: PeopleScan): PersonRow[] {
  const network = SITES.find((site) => site.id === scan.site)!.network;
  return scan.people.map((person) => ({
    ...person,
    handle: `${person.username}@${network.handleDomain}`,
    status: { kind: 'checking' },
  }));
}

export async function storeList(scan: PeopleScan): Promise<string> {
  const id = crypto.randomUUID();
  const list: PeopleList = {
    id,
    site: scan.site,
    owner: scan.owner,
    createdAt: Date.now(),
    rows: rowsOf(scan),
    partial: scan.stopped,
    ...(scan.stopped && scan.reason && { partialReason: scan.reason }),
    ...(scan.expected !== undefined && { expected: scan.expected }),
    checked: false,
    relationshipsKnown: false,
  };
  await peopleListItem(id).setValue(list);
  const ids = [id, ...(await listIndex.getValue()).filter((other) => other !== id)];
  const queue = await followQueueItem.getValue();
  // The oldest lists go, except one the queue is still following from.
  const dropped = ids.slice(MAX_LISTS).filter((old) => old !== queue.listId);
  await Promise.all(dropped.map((old) => peopleListItem(old).removeValue()));
  await listIndex.setValue(ids.filter((other) => !dropped.includes(other)));
  return id;
}
