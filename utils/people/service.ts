import { browser, type Browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { MastoHttpError, type mastodon } from 'masto';
import { describeFailure, isUnauthorized, restClient } from '../mastodon/client';
import { homeSession, type HomeSession } from '../mastodon/session';
import {
  followQueueItem,
  PARTIAL_REASONS,
  PEOPLE_PAGE,
  peopleListItem,
  type FollowOutcome,
  type FollowQueue,
  type PeopleList,
  type PeopleRequests,
  type PeopleScan,
  type PersonRow,
  type PersonStatus,
} from './protocol';
import { SITES, networkHandle } from '../sites';
import { markUnauthorized } from '../mastodon/account';
import { knownAccountId, rememberAccountId } from '../mastodon/account-ids';
import { webfinger } from '../fediverse/webfinger-check';
import { BudgetTracker, DAILY_FOLLOWS_LIMIT, parseReset, type Wait } from '../mastodon/rate-budget';

/**
 * "Bring my people" in the background: lists handed over by the scanner are checked (WebFinger for each account,
 * then what the connected account already follows) and followed through a persisted queue that paces itself by
 * the home server's rate-limit headers, survives restarts, and reports each account's outcome on its row.
 */

/** Lists kept: a new scan pushes the oldest out. */
export const MAX_LISTS = 5;
/** A following list longer than this is not a person's: refuse it rather than fill storage. */
export const MAX_PEOPLE = 10_000;
/** How often a running job writes its progress (each write is the whole list). */
export const PROGRESS_WRITE_MS = 300;
/** Ids per `relationships` request. */
export const RELATIONSHIPS_BATCH = 40;
const ALARM = 'homeward-people-queue';

const listIndex = storage.defineItem<string[]>('local:peopleLists', { fallback: [] });
export const budgets = new BudgetTracker();

// ---------------------------------------------------------------------------------------------------------
// Lists

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

function cleanScan(payload: unknown): PeopleScan | null {
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
    site: site.id as PeopleScan['site'],
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

async function storeList(scan: PeopleScan): Promise<string> {
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

export async function peopleFound(
  payload: unknown,
  tab: Browser.tabs.Tab | undefined,
): Promise<PeopleRequests['people:found']['response']> {
  const scan = cleanScan(payload);
  if (!scan) return { error: 'Homeward could not read this list.' };
  if (scan.people.length === 0) return { error: 'No accounts were found in this list.' };
  const listId = await storeList(scan);
  await browser.tabs.create({
    url: `${browser.runtime.getURL(PEOPLE_PAGE)}?list=${listId}`,
    ...(tab?.index !== undefined ? { index: tab.index + 1 } : {}),
    ...(tab?.id !== undefined ? { openerTabId: tab.id } : {}),
  });
  void checkList(listId);
  return { listId };
}

// ---------------------------------------------------------------------------------------------------------
// Checks

type Session = HomeSession;

async function currentSession(): Promise<Session | null> {
  const state = await homeSession();
  return state.kind === 'signed-in' ? state.session : null;
}

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
  const list = await peopleListItem(listId).getValue();
  if (!list) return;
  const writer = progressWriter(listId);
  const statuses = new Map<string, PersonStatus>(list.rows.map((row) => [row.handle, row.status]));
  await Promise.all(
    list.rows
      .filter((row) => row.status.kind === 'checking' || row.status.kind === 'unknown')
      .map(async (row) => {
        const target = networkHandle(row.handle);
        if (!target) return;
        // webfinger() keeps at most 4 requests in flight and shares its cache with the follow button.
        const answer = await webfinger(target);
        const status: PersonStatus =
          answer.kind === 'found'
            ? { kind: 'found' }
            : answer.kind === 'not-found'
              ? { kind: 'not-federated' }
              : { kind: 'unknown', reason: answer.reason };
        statuses.set(row.handle, status);
        writer.set(row.handle, status);
      }),
  );
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
  // Who an account follows is public unless it hides it, and asking needs `read:accounts`, which Homeward does not
  // request: the list is read without the token (no cookies either), like a logged-out visitor of the profile.
  const anonymous = restClient(session.host);
  for await (const page of anonymous.v1.accounts.$select(session.accountId).following.list({ limit: 80 })) {
    for (const account of page) {
      const handle = account.acct.toLowerCase();
      if (wanted.has(handle)) {
        result.set(handle, 'following');
        await rememberAccountId(session.host, handle, account.id);
      }
    }
  }
  const { client } = session;
  const ids = new Map<string, string>();
  for (const handle of wanted) {
    if (result.has(handle)) continue;
    const id = await knownAccountId(session.host, handle);
    if (id) ids.set(id, handle);
  }
  const idList = [...ids.keys()];
  for (let start = 0; start < idList.length; start += RELATIONSHIPS_BATCH) {
    // Out of requests for this window: what is known stays, the rest is not claimed as known.
    if (budgets.take(session.host)) return { followed: result, complete: false };
    const { data, headers } = await client.v1.accounts.relationships.fetch.$raw({
      id: idList.slice(start, start + RELATIONSHIPS_BATCH),
    });
    budgets.note(session.host, headers);
    for (const relationship of data) {
      const handle = ids.get(relationship.id);
      if (!handle) continue;
      if (relationship.following) result.set(handle, 'following');
      else if (relationship.requested) result.set(handle, 'requested');
    }
  }
  return { followed: result, complete: true };
}

// ---------------------------------------------------------------------------------------------------------
// The follow queue

let queueWrites: Promise<unknown> = Promise.resolve();

/** Read-modify-write of the queue, one after another (the runner and the page's buttons both change it). */
function updateQueue(change: (queue: FollowQueue) => FollowQueue): Promise<FollowQueue> {
  const next = queueWrites.then(async () => {
    const queue = change(structuredClone(await followQueueItem.getValue()));
    await followQueueItem.setValue(queue);
    return queue;
  });
  queueWrites = next.catch(() => undefined);
  return next;
}

function setOutcome(listId: string | null, handle: string, outcome: FollowOutcome): Promise<unknown> {
  if (!listId) return Promise.resolve();
  return updateList(listId, (list) => {
    const row = list.rows.find((candidate) => candidate.handle === handle);
    if (row) row.follow = outcome;
  });
}

export async function enqueue(payload: unknown): Promise<FollowQueue> {
  const { listId, handles } = (payload ?? {}) as { listId?: unknown; handles?: unknown };
  if (typeof listId !== 'string' || !Array.isArray(handles)) return followQueueItem.getValue();
  const list = await peopleListItem(listId).getValue();
  if (!list) return followQueueItem.getValue();
  const followable = new Set(
    list.rows
      .filter((row) => row.status.kind === 'found' && row.follow?.kind !== 'following')
      .map((row) => row.handle),
  );
  const wanted = [...new Set(handles.filter((h): h is string => typeof h === 'string' && followable.has(h)))];
  if (wanted.length === 0) return followQueueItem.getValue();
  const queue = await updateQueue((current) => {
    // A queue of another list that is still going keeps going; this list's accounts join the end.
    const queued = new Set(current.pending);
    const pending = [...current.pending, ...wanted.filter((handle) => !queued.has(handle))];
    const fresh = current.pending.length === 0;
    const listOf = { ...(fresh ? {} : current.listOf) };
    for (const handle of wanted) listOf[handle] = listId;
    return {
      listId: fresh ? listId : current.listId,
      pending,
      listOf,
      total: fresh ? wanted.length : current.total + pending.length - current.pending.length,
      done: fresh ? 0 : current.done,
      failed: fresh ? 0 : current.failed,
      status: current.status.kind === 'paused' ? current.status : { kind: 'running' },
    };
  });
  await updateList(listId, (current) => {
    const queued = new Set(wanted);
    for (const row of current.rows) if (queued.has(row.handle)) row.follow = { kind: 'queued' };
  });
  void runQueue();
  return queue;
}

export async function pauseQueue(): Promise<FollowQueue> {
  await browser.alarms.clear(ALARM);
  return updateQueue((queue) =>
    queue.pending.length > 0 ? { ...queue, status: { kind: 'paused' } } : queue,
  );
}

export async function resumeQueue(): Promise<FollowQueue> {
  const queue = await updateQueue((current) =>
    current.pending.length > 0 ? { ...current, status: { kind: 'running' } } : current,
  );
  void runQueue();
  return queue;
}

type Step =
  | { kind: 'outcome'; outcome: FollowOutcome }
  | { kind: 'wait'; wait: Wait }
  | { kind: 'stop'; message: string };

function outcomeOf(relationship: mastodon.v1.Relationship): FollowOutcome {
  if (relationship.requested && !relationship.following) return { kind: 'requested' };
  if (relationship.following) return { kind: 'following' };
  return { kind: 'failed', reason: 'the server did not record the follow' };
}

function stepForError(error: unknown, session: Session, handle: string): Step {
  const failure = describeFailure(error);
  if (failure.kind === 'http') {
    if (failure.status === 429) {
      const response =
        error instanceof MastoHttpError && error.cause instanceof Response ? error.cause : null;
      const daily = Number(response?.headers.get('x-ratelimit-limit')) === DAILY_FOLLOWS_LIMIT;
      return {
        kind: 'wait',
        wait: budgets.exhausted(
          session.host,
          parseReset(response?.headers.get('x-ratelimit-reset') ?? null),
          daily,
        ),
      };
    }
    if (failure.status === 422)
      return { kind: 'stop', message: failure.message || `${session.host} refused more follows` };
    if (failure.status === 404)
      return {
        kind: 'outcome',
        outcome: { kind: 'failed', reason: `${session.host} couldn't find @${handle}` },
      };
    if (failure.status === 403)
      return {
        kind: 'outcome',
        outcome: { kind: 'failed', reason: `${session.host} does not allow following @${handle}` },
      };
    if (failure.status >= 500)
      return { kind: 'stop', message: `${session.host} is down (${failure.status}). Resume to try again.` };
    return {
      kind: 'outcome',
      outcome: { kind: 'failed', reason: `${session.host} refused (${failure.status})` },
    };
  }
  if (failure.kind === 'timeout')
    return { kind: 'stop', message: `${session.host} didn't answer within 5 seconds. Resume to try again.` };
  if (failure.kind === 'network')
    return { kind: 'stop', message: `Couldn't reach ${session.host}. Resume to try again.` };
  return {
    kind: 'outcome',
    outcome: { kind: 'failed', reason: `${session.host} sent an answer Homeward couldn't read` },
  };
}

/** Resolves (when the id is not known) and follows one account: one or two requests, each paced. */
async function followOne(session: Session, handle: string): Promise<Step> {
  const { client } = session;
  try {
    let id = await knownAccountId(session.host, handle);
    if (!id) {
      const wait = budgets.take(session.host);
      if (wait) return { kind: 'wait', wait };
      const { data, headers } = await client.v2.search.list.$raw({
        q: `@${handle}`,
        type: 'accounts',
        resolve: true,
        limit: 1,
      });
      budgets.note(session.host, headers);
      const account = data.accounts[0];
      if (!account || account.acct.toLowerCase() !== handle) {
        return {
          kind: 'outcome',
          outcome: { kind: 'failed', reason: `${session.host} couldn't find @${handle}` },
        };
      }
      id = account.id;
      await rememberAccountId(session.host, handle, id);
    }
    const wait = budgets.take(session.host, { follow: true });
    if (wait) return { kind: 'wait', wait };
    const { data, headers } = await client.v1.accounts.$select(id).follow.$raw();
    budgets.note(session.host, headers);
    return { kind: 'outcome', outcome: outcomeOf(data) };
  } catch (error) {
    if (isUnauthorized(error)) {
      await markUnauthorized(session.token);
      return {
        kind: 'stop',
        message: 'Your server signed Homeward out. Reconnect in Homeward’s settings, then resume.',
      };
    }
    return stepForError(error, session, handle);
  }
}

let running = false;

/** Follows the queue's accounts one at a time until it is empty, paused, stopped or has to wait. */
export async function runQueue(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const queue = await followQueueItem.getValue();
      const status = queue.status;
      if (queue.pending.length === 0) {
        if (status.kind !== 'idle')
          await updateQueue((current) => ({ ...current, status: { kind: 'idle' } }));
        return;
      }
      if (status.kind === 'paused' || status.kind === 'stopped') return;
      if (status.kind === 'waiting' && status.until > Date.now()) {
        await browser.alarms.create(ALARM, { when: status.until });
        return;
      }
      const session = await currentSession();
      if (!session) {
        await updateQueue((current) => ({
          ...current,
          status: {
            kind: 'stopped',
            message: 'Connect your Mastodon account in Homeward’s settings, then resume.',
          },
        }));
        return;
      }
      const handle = queue.pending[0]!;
      const step = await followOne(session, handle);
      if (step.kind === 'wait') {
        // A pause the person pressed meanwhile stays a pause: Resume then waits for the window itself.
        const next = await updateQueue((current) =>
          current.status.kind === 'paused'
            ? current
            : { ...current, status: { kind: 'waiting', ...step.wait } },
        );
        if (next.status.kind === 'waiting') await browser.alarms.create(ALARM, { when: step.wait.until });
        return;
      }
      if (step.kind === 'stop') {
        await updateQueue((current) => ({ ...current, status: { kind: 'stopped', message: step.message } }));
        return;
      }
      await setOutcome(queue.listOf[handle] ?? queue.listId, handle, step.outcome);
      await updateQueue((current) => {
        const pending = current.pending.filter((other) => other !== handle);
        const listOf = { ...current.listOf };
        delete listOf[handle];
        const failed = current.failed + (step.outcome.kind === 'failed' ? 1 : 0);
        const done = current.done + (step.outcome.kind === 'failed' ? 0 : 1);
        const keep = current.status.kind === 'paused' ? current.status : ({ kind: 'running' } as const);
        return {
          ...current,
          pending,
          listOf,
          done,
          failed,
          status: pending.length === 0 ? { kind: 'idle' } : keep,
        };
      });
    }
  } catch (error) {
    console.warn('Homeward: the follow queue stopped', error);
    await updateQueue((current) => ({
      ...current,
      status: { kind: 'stopped', message: 'Homeward ran into a problem. Resume to try again.' },
    }));
  } finally {
    running = false;
  }
}

/** Called when the background starts (a browser restart included) and when the queue's alarm rings. */
export function listenForPeopleQueue(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void runQueue();
  });
  void (async () => {
    const queue = await followQueueItem.getValue();
    if (queue.pending.length > 0 && (queue.status.kind === 'running' || queue.status.kind === 'waiting'))
      await runQueue();
  })();
}

type Handlers = {
  [K in keyof PeopleRequests]: (
    payload: PeopleRequests[K]['request'],
    tab: Browser.tabs.Tab | undefined,
  ) => Promise<PeopleRequests[K]['response']>;
};

export const peopleHandlers: Handlers = {
  'people:found': (payload, tab) => peopleFound(payload, tab),
  async 'people:check'(payload) {
    if (typeof payload?.listId === 'string') void checkList(payload.listId);
    return { ok: true };
  },
  'people:follow': (payload) => enqueue(payload),
  'people:pause': () => pauseQueue(),
  'people:resume': () => resumeQueue(),
};
