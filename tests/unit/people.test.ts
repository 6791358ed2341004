import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { oneAccount } from './one-account';
import { followQueueItem, peopleListItem } from '@/utils/people/items';
import { say, words } from '@/utils/i18n';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  EMPTY_QUEUE,
  type FollowQueue,
  type PeopleList,
  type PeopleScan,
  type QueueStatus,
} from '@/utils/people/protocol';

import { WEBFINGER_MAX_IN_FLIGHT } from '@/utils/fediverse/webfinger-check';
import { backgroundTest, HOME, threadsPeople, THREADS_WEBFINGER_HOST } from './background';
import { A_TAB } from './browser-fixtures';

type PeopleModule = typeof import('@/utils/people/lists') &
  typeof import('@/utils/people/checks') &
  typeof import('@/utils/people/queue') &
  typeof import('@/utils/people/service') &
  typeof import('@/utils/people/routes');
type AccountIdsModule = typeof import('@/utils/mastodon/account-ids');
type SecretsModule = typeof import('@/utils/storage/secrets');

/** 12:01 UTC: the 5-minute window ends at 12:05, the follows window at midnight. */
const START = Date.UTC(2025, 5, 1, 12, 1, 0);
/** The end of the home server's 5-minute API window and of its one-day follows window (docs/home-server.md §7). */
const API_RESET = Date.UTC(2025, 5, 1, 12, 5, 0);
const DAILY_RESET = Date.UTC(2025, 5, 2, 0, 0, 0);
/**
 * Threads people of the sandbox who share to the fediverse (sandbox/remote/threads-generated.ts); each test makes
 * them what it needs through threads.net's and the home server's admin ops.
 */
const [KIT = '', LOU = '', MAE = '', NED = '', GHOST = ''] = threadsPeople(5);
const KNOWN = threadsPeople(45, 5);
const USERS = threadsPeople(30, 50);
const OLD = threadsPeople(100, 80);
const SLACK = 1000;
const RESERVED = 10;
const SENDER = A_TAB;
const STOPPED_NO_ACCOUNT = words('people_connectFirst');
const STOPPED_SIGNED_OUT = words('people_signedOut');

const bg = backgroundTest({ start: START });
const { tokenCalls, followCalls, tooMany, webfingerCalls } = bg;
/** Fresh for every test, as a background that just started: the module keeps budgets and runs in memory. */
let people: PeopleModule;
let accountIds: AccountIdsModule;
/** The server refused every connected account's token from now on (as after a revocation). */
async function revokeTokens(): Promise<void> {
  const all = await secrets.accountCredentialsSecret.getValue();
  await secrets.accountCredentialsSecret.setValue(
    Object.fromEntries(
      Object.entries(all).map(([key, found]) => [key, { ...found, accessToken: 'revoked' }]),
    ),
  );
}

/** The fresh modules' own: the secrets module keeps what it read in memory, as the one background would. */
let secrets: SecretsModule;

async function freshModules(): Promise<void> {
  vi.resetModules();
  people = {
    ...(await import('@/utils/people/lists')),
    ...(await import('@/utils/people/checks')),
    ...(await import('@/utils/people/queue')),
    ...(await import('@/utils/people/service')),
    ...(await import('@/utils/people/routes')),
  };
  accountIds = await import('@/utils/mastodon/account-ids');
  secrets = await import('@/utils/storage/secrets');
}

beforeEach(async () => {
  await freshModules();
});

afterEach(() => {
  vi.restoreAllMocks();
});

const setRemaining = (family: 'api' | 'follows', remaining: number) =>
  bg.home('set-rate-limit', { family, remaining });

function scan(usernames: unknown[], more: Partial<PeopleScan> = {}): unknown {
  return {
    site: 'threads',
    owner: 'ada.follows',
    people: usernames.map((username) => ({ username, displayName: `Name of ${String(username)}` })),
    stopped: false,
    ...more,
  };
}

const handle = (user: string) => `${user}@threads.net`;

async function listOf(id: string): Promise<PeopleList> {
  const list = await peopleListItem(id).getValue();
  if (!list) throw new Error(`list ${id} is gone`);
  return list;
}

const queue = (): Promise<FollowQueue> => followQueueItem.getValue();

/** A stored queue that still has juno.field of `listId` to follow, in `status`. */
const savedQueue = (listId: string, status: QueueStatus): FollowQueue => ({
  listId,
  pending: [handle('juno.field')],
  listOf: { [handle('juno.field')]: listId },
  total: 1,
  done: 0,
  failed: 0,
  status,
});

/** A list scanned, stored and checked, as the People page gets it. */
async function checkedList(users: string[]): Promise<string> {
  const answer = await people.peopleFound(scan(users), SENDER);
  if ('error' in answer) throw new Error(say(answer.error));
  await people.checkList(answer.listId);
  return answer.listId;
}

/**
 * Threads users on the fediverse, resolvable from home (and resolved there already: their ids are the home
 * server's), in a checked list; the calls so far forgotten.
 */
async function followableList(
  users: string[],
  options: { locked?: string[]; knownIds?: boolean } = {},
): Promise<{ listId: string; ids: Map<string, string> }> {
  const ids = new Map<string, string>();
  for (const user of options.locked ?? []) await bg.threads(user, { locked: true });
  for (const user of users) ids.set(user, await bg.resolveAtHome(user));
  if (options.knownIds)
    for (const [user, id] of ids) await accountIds.rememberAccountId(HOME, handle(user), id);
  const listId = await checkedList(users);
  bg.clearCalls();
  return { listId, ids };
}

/** Waits until the queue's status is `kind` (polling storage: no sleeps). */
async function queueBecomes(kind: QueueStatus['kind']): Promise<FollowQueue> {
  await vi.waitFor(async () => expect((await queue()).status.kind).toBe(kind));
  return queue();
}

function followedIds(): string[] {
  return followCalls().map((call) => /accounts\/(\d+)\/follow/.exec(call.url.pathname)?.[1] ?? '');
}

describe('the test setup', () => {
  it('gives the freshly imported modules the same fake browser', async () => {
    const { browser } = await import('wxt/browser');
    expect(browser).toBe(fakeBrowser);
  });
});

describe('peopleFound', () => {
  it('stores the list with Threads handles, all checking, and opens the People page next to the sender', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const gate = bg.hold({ host: THREADS_WEBFINGER_HOST, pathPrefix: '/.well-known/webfinger' });
    const answer = await people.peopleFound(scan(['juno.field', KIT], { stopped: true }), SENDER);
    if (!('listId' in answer)) throw new Error(say(answer.error));
    expect(await listOf(answer.listId)).toEqual({
      id: answer.listId,
      site: 'threads',
      owner: 'ada.follows',
      createdAt: START,
      rows: [
        {
          username: 'juno.field',
          displayName: 'Name of juno.field',
          handle: 'juno.field@threads.net',
          status: { kind: 'checking' },
        },
        {
          username: KIT,
          displayName: `Name of ${KIT}`,
          handle: `${KIT}@threads.net`,
          status: { kind: 'checking' },
        },
      ],
      partial: true,
      checked: false,
      relationshipsKnown: false,
    } satisfies PeopleList);
    expect(create).toHaveBeenCalledExactlyOnceWith({
      url: `chrome-extension://${fakeBrowser.runtime.id}/people.html?list=${answer.listId}`,
      index: 4,
      openerTabId: 7,
    });
    // The checks started by themselves.
    await vi.waitFor(() => expect(gate.arrived).toBe(2));
    gate.open();
    await people.checkList(answer.listId);
    expect((await listOf(answer.listId)).rows.map((row) => row.status.kind)).toEqual(['found', 'found']);
  });

  it('gives Instagram accounts their Threads handle', async () => {
    const answer = await people.peopleFound(scan(['juno.field'], { site: 'instagram' }), SENDER);
    if (!('listId' in answer)) throw new Error(say(answer.error));
    await people.checkList(answer.listId);
    const list = await listOf(answer.listId);
    expect(list.site).toBe('instagram');
    expect(list.rows.map((row) => row.handle)).toEqual(['juno.field@threads.net']);
  });

  it('opens the page without a position when the sender has no tab', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const answer = await people.peopleFound(scan(['juno.field']), undefined);
    if (!('listId' in answer)) throw new Error(say(answer.error));
    await people.checkList(answer.listId);
    expect(create).toHaveBeenCalledExactlyOnceWith({
      url: `chrome-extension://${fakeBrowser.runtime.id}/people.html?list=${answer.listId}`,
    });
  });

  it.each([
    ['nothing', null],
    ['a string', 'juno.field'],
    ['an unknown site', { site: 'myspace', owner: 'ada', people: [{ username: 'juno' }], stopped: false }],
    ['no site', { owner: 'ada', people: [{ username: 'juno' }] }],
    ['people that are not a list', { site: 'threads', owner: 'ada', people: 'juno', stopped: false }],
    ['an owner that is not a string', { site: 'threads', owner: 42, people: [{ username: 'juno' }] }],
    ['more than MAX_PEOPLE people', scan(Array.from({ length: 10_001 }, (_, i) => `user${i}`))],
  ])('refuses %s', async (_name, payload) => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await people.peopleFound(payload, SENDER)).toEqual({
      error: words('site_listUnreadable'),
    });
    expect(create).not.toHaveBeenCalled();
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual([]);
    expect(bg.calls()).toEqual([]);
  });

  it('says so when no account is left', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await people.peopleFound(scan(['no one', '', 42]), SENDER)).toEqual({
      error: words('site_listEmpty'),
    });
    expect(create).not.toHaveBeenCalled();
  });

  it.each([
    [
      { stopped: true, reason: 'short', expected: 500 },
      { partial: true, partialReason: 'short', expected: 500 },
    ],
    [
      { stopped: true, reason: 'stalled' },
      { partial: true, partialReason: 'stalled' },
    ],
    [
      { stopped: false, expected: 2 },
      { partial: false, expected: 2 },
    ],
    [{ stopped: true, reason: 'bored', expected: -3 }, { partial: true }],
    [{ stopped: true, expected: 1.5 }, { partial: true }],
  ])('keeps why a list is partial and the count the site showed: %j', async (more, kept) => {
    const answer = await people.peopleFound(
      scan(['juno.field', 'kit_42'], more as Partial<PeopleScan>),
      SENDER,
    );
    if (!('listId' in answer)) throw new Error(say(answer.error));
    const list = await listOf(answer.listId);
    expect({ partial: list.partial, partialReason: list.partialReason, expected: list.expected }).toEqual({
      partialReason: undefined,
      expected: undefined,
      ...kept,
    });
  });

  it('drops invalid usernames and duplicates, and lower-cases the rest', async () => {
    const answer = await people.peopleFound(
      {
        site: 'threads',
        owner: 'Ada.Follows',
        people: [
          { username: 'Juno.Field', displayName: 'Juno' },
          { username: 'juno.field', displayName: 'Juno again' },
          { username: 'kit_42' },
          { username: 'has space', displayName: 'x' },
          { username: 'a'.repeat(31), displayName: 'x' },
          { username: 'ümlaut', displayName: 'x' },
          { username: '', displayName: 'x' },
          { username: 42, displayName: 'x' },
          null,
          'lou',
          { username: 'mae', displayName: 'M'.repeat(500) },
        ],
        stopped: 'yes',
      },
      SENDER,
    );
    if (!('listId' in answer)) throw new Error(say(answer.error));
    await people.checkList(answer.listId);
    const list = await listOf(answer.listId);
    expect(list.owner).toBe('ada.follows');
    expect(list.partial).toBe(false);
    expect(list.rows.map(({ username, displayName }) => ({ username, displayName }))).toEqual([
      { username: 'juno.field', displayName: 'Juno' },
      { username: 'kit_42', displayName: '' },
      { username: 'mae', displayName: 'M'.repeat(200) },
    ]);
  });

  it('takes a list of exactly MAX_PEOPLE entries', async () => {
    const answer = await people.peopleFound(
      scan(Array.from({ length: people.MAX_PEOPLE }, () => 'juno.field')),
      SENDER,
    );
    if (!('listId' in answer)) throw new Error(say(answer.error));
    await people.checkList(answer.listId);
    expect((await listOf(answer.listId)).rows).toHaveLength(1);
  });

  // A name of dots only passes the scan's alphabet but no network's rule (utils/sites/username.ts): its row could
  // never be checked, so the list would never be `checked`.
  it('drops a username made of dots only', async () => {
    const answer = await people.peopleFound(scan(['juno.field', '...']), SENDER);
    if (!('listId' in answer)) throw new Error(say(answer.error));
    await people.checkList(answer.listId);
    const list = await listOf(answer.listId);
    expect(list.rows.map((row) => row.handle)).toEqual(['juno.field@threads.net']);
    expect(list.checked).toBe(true);
  });

  it(`keeps the newest MAX_LISTS lists, and the one the queue follows from`, async () => {
    const ids: string[] = [];
    for (let i = 0; i <= people.MAX_LISTS; i++) ids.push(await checkedList([`user${i}`]));
    expect(await peopleListItem(ids[0]!).getValue()).toBeNull();
    for (const id of ids.slice(1)) expect(await peopleListItem(id).getValue()).not.toBeNull();

    // The queue follows from the oldest list left: it stays on top of the newest MAX_LISTS.
    await followQueueItem.setValue({ ...EMPTY_QUEUE, listId: ids[1]! });
    ids.push(await checkedList(['another']));
    for (const id of ids.slice(1)) expect(await peopleListItem(id).getValue()).not.toBeNull();
    ids.push(await checkedList(['one.more']));
    expect(await peopleListItem(ids[1]!).getValue()).not.toBeNull();
    expect(await peopleListItem(ids[2]!).getValue()).toBeNull();
    for (const id of ids.slice(3)) expect(await peopleListItem(id).getValue()).not.toBeNull();
    expect(await fakeBrowser.storage.local.get('peopleLists')).toEqual({
      peopleLists: [...ids.slice(3).reverse(), ids[1]],
    });
  });
});

describe('checkList', () => {
  it('asks WebFinger, the home account’s following list and the relationships of known ids', async () => {
    await bg.connect();
    await bg.threads(KIT, { fediverse: false });
    bg.webfingerDown(LOU);
    const maeId = await bg.alreadyFollows(MAE, 'following');
    await bg.threads(NED, { locked: true });
    const nedId = await bg.alreadyFollows(NED, 'requested');
    await accountIds.rememberAccountId(HOME, handle(NED), nedId);

    const listId = await checkedList(['juno.field', KIT, LOU, MAE, NED]);
    const list = await listOf(listId);
    expect(list.rows.map((row) => [row.username, row.status])).toEqual([
      ['juno.field', { kind: 'found' }],
      [KIT, { kind: 'not-federated' }],
      [LOU, { kind: 'unknown', reason: words('people_webfingerNoAnswer', { host: 'threads.net' }) }],
      [MAE, { kind: 'following' }],
      [NED, { kind: 'requested' }],
    ]);
    expect(list.checked).toBe(true);
    expect(list.relationshipsKnown).toBe(true);

    // The following list is read like a logged-out visitor: no token.
    const homeAccountId = await bg.homeAccountId();
    const following = bg
      .calls()
      .filter((c) => c.url.pathname === `/api/v1/accounts/${homeAccountId}/following`);
    expect(following).toHaveLength(1);
    expect(following[0]!.authorization).toBeNull();
    // Only ned's id was known (mae's came from the following list): one relationships request, with the token.
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    const relationships = bg.calls().find((c) => c.url.pathname === '/api/v1/accounts/relationships')!;
    expect(relationships.url.searchParams.getAll('id[]')).toEqual([nedId]);
    // What the following list taught is kept for the follow button and the queue.
    expect(await accountIds.knownAccountId(HOME, handle(MAE))).toBe(maeId);
  });

  it('reads every page of a long following list', async () => {
    await bg.connect();
    const ids: string[] = [];
    for (const user of OLD) ids.push(await bg.alreadyFollows(user, 'following'));
    // Newest first: the first followed is on the second page of 80 (with the dozen maya followed before).
    const listId = await checkedList([OLD[0]!, OLD[99]!]);
    expect((await listOf(listId)).rows.map((row) => row.status.kind)).toEqual(['following', 'following']);
    const pages = bg.calls().filter((c) => c.url.pathname.endsWith('/following'));
    expect(pages).toHaveLength(2);
    expect(pages[1]!.url.searchParams.get('max_id')).not.toBeNull();
    expect(tokenCalls()).toEqual([]);
  });

  it(`asks the relationships of known ids in batches of RELATIONSHIPS_BATCH`, async () => {
    await bg.connect();
    const users = KNOWN;
    for (const user of users)
      await accountIds.rememberAccountId(HOME, handle(user), await bg.resolveAtHome(user));
    const listId = await checkedList(users);
    expect(tokenCalls()).toEqual([
      'GET /api/v1/accounts/relationships',
      'GET /api/v1/accounts/relationships',
    ]);
    const batches = bg
      .calls()
      .filter((c) => c.url.pathname === '/api/v1/accounts/relationships')
      .map((c) => c.url.searchParams.getAll('id[]').length);
    expect(batches).toEqual([people.RELATIONSHIPS_BATCH, 45 - people.RELATIONSHIPS_BATCH]);
    expect((await listOf(listId)).rows.every((row) => row.status.kind === 'found')).toBe(true);
  });

  it('does not ask the relationships beyond the rate budget', async () => {
    await bg.connect();
    const users = KNOWN;
    for (const user of users)
      await accountIds.rememberAccountId(HOME, handle(user), await bg.resolveAtHome(user));
    // After the first batch the server says RESERVED are left: the second batch must not go.
    await setRemaining('api', RESERVED + 1);
    await checkedList(users);
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    expect(tooMany()).toEqual([]);
  });

  it.each([
    ['no account is connected', 'none'],
    ['the account must reconnect', 'reconnect'],
  ] as const)('only asks WebFinger when %s', async (_name, account) => {
    await bg.connect(account);
    await bg.threads(KIT, { fediverse: false });
    const listId = await checkedList(['juno.field', KIT]);
    const list = await listOf(listId);
    expect(list.rows.map((row) => row.status.kind)).toEqual(['found', 'not-federated']);
    expect(list.checked).toBe(true);
    expect(list.relationshipsKnown).toBe(false);
    expect(bg.homeCalls()).toEqual([]);
  });

  it('only asks WebFinger when no server is set', async () => {
    const listId = await checkedList(['juno.field']);
    expect((await listOf(listId)).relationshipsKnown).toBe(false);
    expect(bg.calls().map((c) => c.url.host)).toEqual(['www.threads.net']);
  });

  it('marks the account for reconnection when its token is refused', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await bg.connect();
    const junoId = await bg.resolveAtHome('juno.field');
    await revokeTokens();
    await accountIds.rememberAccountId(HOME, handle('juno.field'), junoId);
    const listId = await checkedList(['juno.field']);
    const list = await listOf(listId);
    expect(list.rows[0]!.status).toEqual({ kind: 'found' });
    expect(list.relationshipsKnown).toBe(false);
    expect((await oneAccount.getValue())?.status).toBe('reconnect');
  });

  it('checks again only the rows that are unknown', async () => {
    bg.webfingerDown(LOU);
    const listId = await checkedList(['juno.field', LOU]);
    expect((await listOf(listId)).rows.map((row) => row.status.kind)).toEqual(['found', 'unknown']);
    bg.heal();
    bg.clearCalls();
    await people.checkList(listId);
    expect((await listOf(listId)).rows.map((row) => row.status.kind)).toEqual(['found', 'found']);
    expect(webfingerCalls().map((c) => c.url.searchParams.get('resource'))).toEqual([
      `acct:${LOU}@threads.net`,
    ]);
  });

  it('runs once for two checks of the same list at the same time', async () => {
    const gate = bg.hold({ host: THREADS_WEBFINGER_HOST, pathPrefix: '/.well-known/webfinger' });
    const answer = await people.peopleFound(scan(['juno.field', KIT]), SENDER);
    if (!('listId' in answer)) throw new Error(say(answer.error));
    const first = people.checkList(answer.listId);
    const second = people.checkList(answer.listId);
    expect(second).toBe(first);
    await vi.waitFor(() => expect(gate.arrived).toBe(2));
    gate.open();
    await Promise.all([first, second]);
    expect(webfingerCalls()).toHaveLength(2);
    expect((await listOf(answer.listId)).checked).toBe(true);
  });

  it('stops asking for a list pushed out of storage while it is checked', async () => {
    await bg.connect();
    const gate = bg.hold({ host: THREADS_WEBFINGER_HOST, pathPrefix: '/.well-known/webfinger' });
    const answer = await people.peopleFound(scan(USERS), SENDER);
    if (!('listId' in answer)) throw new Error(say(answer.error));
    const run = people.checkList(answer.listId);
    await vi.waitFor(() => expect(gate.arrived).toBe(WEBFINGER_MAX_IN_FLIGHT));
    await peopleListItem(answer.listId).removeValue();
    gate.open();
    await run;
    // The look-ups the workers had begun (sent, or waiting for a slot) finish; none more, and nothing is asked of
    // the home server for a list nobody has.
    expect(webfingerCalls()).toHaveLength(people.CHECK_WORKERS);
    expect(bg.calls().filter((c) => c.host === HOME)).toEqual([]);
  });

  it('lets a follow button’s look-up through after a few of a long list’s, not after the whole list', async () => {
    const gate = bg.hold({ host: THREADS_WEBFINGER_HOST, pathPrefix: '/.well-known/webfinger' });
    const answer = await people.peopleFound(scan(USERS), SENDER);
    if (!('listId' in answer)) throw new Error(say(answer.error));
    const run = people.checkList(answer.listId);
    await vi.waitFor(() => expect(gate.arrived).toBe(WEBFINGER_MAX_IN_FLIGHT));
    const { webfinger } = await import('@/utils/fediverse/webfinger-check');
    const { networkHandle } = await import('@/utils/sites');
    const button = webfinger(networkHandle(handle(KIT))!);
    const buttonSent = () =>
      webfingerCalls().some((c) => c.url.searchParams.get('resource') === `acct:${KIT}@threads.net`);
    // The list's look-ups end one at a time: the button's is sent once the few queued before it are.
    let released = 0;
    while (!buttonSent() && released < USERS.length) {
      const arrived = gate.arrived;
      gate.releaseOne();
      released++;
      await vi.waitFor(() => expect(gate.arrived).toBeGreaterThan(arrived));
    }
    expect(released).toBeLessThanOrEqual(people.CHECK_WORKERS - WEBFINGER_MAX_IN_FLIGHT + 1);
    gate.open();
    await Promise.all([run, button]);
    expect((await listOf(answer.listId)).checked).toBe(true);
  });

  it('ignores a list that does not exist', async () => {
    await expect(people.checkList('no-such-list')).resolves.toBeUndefined();
    expect(bg.calls()).toEqual([]);
  });
});

describe('the follow queue', () => {
  beforeEach(async () => {
    await bg.connect();
    people.listenForPeopleQueue();
  });

  it('follows in order and writes each outcome on its row', async () => {
    const { listId, ids } = await followableList(['juno.field', KIT, LOU, MAE], {
      locked: [KIT],
    });
    const started = await people.enqueue({
      listId,
      handles: [handle(KIT), handle('juno.field'), handle(LOU)],
    });
    expect(started).toEqual({
      listId,
      pending: [handle(KIT), handle('juno.field'), handle(LOU)],
      listOf: Object.fromEntries([KIT, 'juno.field', LOU].map((user) => [handle(user), listId])),
      total: 3,
      done: 0,
      failed: 0,
      status: { kind: 'running' },
    } satisfies FollowQueue);
    expect(await queueBecomes('idle')).toEqual({
      listId,
      pending: [],
      listOf: {},
      total: 3,
      done: 3,
      failed: 0,
      status: { kind: 'idle' },
    } satisfies FollowQueue);
    expect(followedIds()).toEqual([ids.get(KIT), ids.get('juno.field'), ids.get(LOU)]);
    expect((await listOf(listId)).rows.map((row) => [row.username, row.follow])).toEqual([
      ['juno.field', { kind: 'following' }],
      [KIT, { kind: 'requested' }],
      [LOU, { kind: 'following' }],
      [MAE, undefined],
    ]);
    expect(tooMany()).toEqual([]);
  });

  it('marks the rows queued while they wait', async () => {
    const { listId } = await followableList(['juno.field', KIT]);
    const gate = bg.hold({ host: HOME, pathPattern: /\/follow$/ });
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT)] });
    await vi.waitFor(() => expect(gate.arrived).toBe(1));
    expect((await listOf(listId)).rows.map((row) => row.follow)).toEqual([
      { kind: 'queued' },
      { kind: 'queued' },
    ]);
    gate.open();
    await queueBecomes('idle');
  });

  it('counts an account the home server cannot find as failed, with the reason, and goes on', async () => {
    // WebFinger finds ghost; the home server's resolve does not.
    bg.unresolvable(GHOST);
    const ghostList = await checkedList([GHOST, 'juno.field']);
    bg.clearCalls();
    await people.enqueue({ listId: ghostList, handles: [handle(GHOST), handle('juno.field')] });
    expect(await queueBecomes('idle')).toMatchObject({ total: 2, done: 1, failed: 1 });
    const junoId = await bg.accountId('juno.field@threads.net');
    expect((await listOf(ghostList)).rows.map((row) => row.follow)).toEqual([
      {
        kind: 'failed',
        reason: words('people_couldNotFind', { host: HOME, handle: `@${GHOST}@threads.net` }),
      },
      { kind: 'following' },
    ]);
    expect(followedIds()).toEqual([junoId]);
  });

  it('counts a 404 on the follow (a stale id) as failed', async () => {
    const { listId, ids } = await followableList(['juno.field', KIT], { knownIds: true });
    await accountIds.rememberAccountId(HOME, handle('juno.field'), '999999');
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT)] });
    expect(await queueBecomes('idle')).toMatchObject({ done: 1, failed: 1 });
    expect((await listOf(listId)).rows.map((row) => row.follow)).toEqual([
      {
        kind: 'failed',
        reason: words('people_couldNotFind', { host: HOME, handle: '@juno.field@threads.net' }),
      },
      { kind: 'following' },
    ]);
    expect(followedIds()).toEqual(['999999', ids.get(KIT)]);
  });

  it('follows an account whose id is known with a single request', async () => {
    const { listId, ids } = await followableList(['juno.field'], { knownIds: true });
    await people.enqueue({ listId, handles: [handle('juno.field')] });
    await queueBecomes('idle');
    expect(tokenCalls()).toEqual([`POST /api/v1/accounts/${ids.get('juno.field')}/follow`]);
  });

  it('resolves an unknown account once, and remembers its id', async () => {
    const { listId, ids } = await followableList(['juno.field']);
    await people.enqueue({ listId, handles: [handle('juno.field')] });
    await queueBecomes('idle');
    expect(tokenCalls()).toEqual([
      'GET /api/v2/search',
      `POST /api/v1/accounts/${ids.get('juno.field')}/follow`,
    ]);
    expect(await accountIds.knownAccountId(HOME, handle('juno.field'))).toBe(ids.get('juno.field'));
  });

  it('enqueues only the rows of the list that are found and not followed yet', async () => {
    await bg.threads(KIT, { fediverse: false });
    await bg.alreadyFollows(MAE, 'following');
    const list = await checkedList(['juno.field', KIT, MAE]);
    bg.clearCalls();
    const started = await people.enqueue({
      listId: list,
      handles: [
        handle(KIT),
        handle(MAE),
        handle('juno.field'),
        handle('juno.field'),
        'someone@threads.net',
        42,
      ],
    });
    expect(started.pending).toEqual([handle('juno.field')]);
    expect(started.total).toBe(1);
    await queueBecomes('idle');
    expect((await listOf(list)).rows.map((row) => row.follow)).toEqual([
      { kind: 'following' },
      undefined,
      undefined,
    ]);
  });

  it.each([
    ['nothing', null],
    ['no handles', { listId: 'x' }],
    ['a list id that is not a string', { listId: 5, handles: [] }],
    ['a list that does not exist', { listId: 'no-such-list', handles: ['juno.field@threads.net'] }],
  ])('ignores %s', async (_name, payload) => {
    expect(await people.enqueue(payload)).toEqual(EMPTY_QUEUE);
    expect(await queue()).toEqual(EMPTY_QUEUE);
    expect(bg.calls()).toEqual([]);
  });

  it('stays idle when none of the handles can be followed', async () => {
    await bg.threads(KIT, { fediverse: false });
    const listId = await checkedList([KIT]);
    await people.enqueue({ listId, handles: [handle(KIT)] });
    expect((await queue()).status).toEqual({ kind: 'idle' });
    expect(followCalls()).toEqual([]);
  });

  it('pauses after the account being followed, and resumes', async () => {
    const { listId, ids } = await followableList(['juno.field', KIT, LOU], { knownIds: true });
    const gate = bg.hold({ host: HOME, pathPattern: /\/follow$/, count: 1 });
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT), handle(LOU)] });
    await vi.waitFor(() => expect(gate.arrived).toBe(1));
    expect((await people.pauseQueue()).status).toEqual({ kind: 'paused' });
    gate.open();
    await vi.waitFor(async () => expect((await queue()).done).toBe(1));
    expect(await queue()).toMatchObject({
      pending: [handle(KIT), handle(LOU)],
      status: { kind: 'paused' },
    });
    // Running it (an alarm, a restart) does nothing while paused.
    await people.runQueue();
    expect(followedIds()).toEqual([ids.get('juno.field')]);

    expect((await people.resumeQueue()).status).toEqual({ kind: 'running' });
    expect(await queueBecomes('idle')).toMatchObject({ total: 3, done: 3, failed: 0, pending: [] });
    expect(followedIds()).toEqual([ids.get('juno.field'), ids.get(KIT), ids.get(LOU)]);
  });

  it('keeps a paused queue paused when more accounts are added', async () => {
    const { listId } = await followableList(['juno.field', KIT, LOU], { knownIds: true });
    const gate = bg.hold({ host: HOME, pathPattern: /\/follow$/, count: 1 });
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT)] });
    await vi.waitFor(() => expect(gate.arrived).toBe(1));
    await people.pauseQueue();
    gate.open();
    await vi.waitFor(async () => expect((await queue()).done).toBe(1));
    const added = await people.enqueue({ listId, handles: [handle(LOU)] });
    expect(added).toMatchObject({
      total: 3,
      pending: [handle(KIT), handle(LOU)],
      status: { kind: 'paused' },
    });
    await people.runQueue();
    expect(followCalls()).toHaveLength(1);
  });

  it('pausing or resuming an empty queue changes nothing', async () => {
    expect(await people.pauseQueue()).toEqual(EMPTY_QUEUE);
    expect(await people.resumeQueue()).toEqual(EMPTY_QUEUE);
    expect(bg.calls()).toEqual([]);
  });

  it('keeps the person’s pause when the account being followed meets a 429', async () => {
    const { listId } = await followableList(['juno.field', KIT], { knownIds: true });
    await setRemaining('api', 0);
    const gate = bg.hold({ host: HOME, pathPattern: /\/follow$/, count: 1 });
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT)] });
    await vi.waitFor(() => expect(gate.arrived).toBe(1));
    await people.pauseQueue();
    gate.open();
    await vi.waitFor(() => expect(tooMany()).toHaveLength(1));
    await people.runQueue();
    expect((await queue()).status).toEqual({ kind: 'paused' });
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('records outcomes of a second list queued behind the first on that list’s rows', async () => {
    const first = await followableList(['juno.field'], { knownIds: true });
    const second = await followableList([KIT, LOU], { knownIds: true });
    const gate = bg.hold({ host: HOME, pathPattern: /\/follow$/, count: 1 });
    await people.enqueue({ listId: first.listId, handles: [handle('juno.field')] });
    await vi.waitFor(() => expect(gate.arrived).toBe(1));
    const joined = await people.enqueue({
      listId: second.listId,
      handles: [handle(KIT), handle(LOU)],
    });
    expect(joined).toMatchObject({
      total: 3,
      pending: [handle('juno.field'), handle(KIT), handle(LOU)],
    });
    gate.open();
    expect(await queueBecomes('idle')).toMatchObject({ total: 3, done: 3 });
    expect((await listOf(first.listId)).rows.map((row) => row.follow)).toEqual([{ kind: 'following' }]);
    expect((await listOf(second.listId)).rows.map((row) => row.follow)).toEqual([
      { kind: 'following' },
      { kind: 'following' },
    ]);
  });
});

describe('the follow queue and the home server’s limits', () => {
  beforeEach(async () => {
    await bg.connect();
    people.listenForPeopleQueue();
  });

  async function ringAlarm(): Promise<void> {
    const alarms = await fakeBrowser.alarms.getAll();
    expect(alarms).toHaveLength(1);
    vi.setSystemTime(alarms[0]!.scheduledTime);
    await fakeBrowser.alarms.onAlarm.trigger(alarms[0]!);
  }

  it('waits for the window’s reset when only the reserve is left, and the alarm resumes it', async () => {
    const { listId, ids } = await followableList(['juno.field', KIT, LOU], { knownIds: true });
    // The first follow leaves RESERVED + 1, the second RESERVED: the third must wait.
    await setRemaining('api', RESERVED + 2);
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT), handle(LOU)] });
    const waiting = await queueBecomes('waiting');
    const until = API_RESET + SLACK;
    expect(waiting).toMatchObject({
      done: 2,
      pending: [handle(LOU)],
      status: { kind: 'waiting', until, reason: 'rate-limit' },
    });
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.getAll()).toHaveLength(1));
    expect((await fakeBrowser.alarms.getAll())[0]!.scheduledTime).toBe(until);
    expect(followCalls()).toHaveLength(2);
    expect(tooMany()).toEqual([]);

    await ringAlarm();
    expect(await queueBecomes('idle')).toMatchObject({ done: 3, pending: [] });
    expect(followedIds()).toEqual([ids.get('juno.field'), ids.get(KIT), ids.get(LOU)]);
  });

  it('sends nothing when run again before the reset', async () => {
    const { listId } = await followableList(['juno.field', KIT], { knownIds: true });
    await setRemaining('api', RESERVED + 1);
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT)] });
    const { status } = await queueBecomes('waiting');
    await fakeBrowser.alarms.clearAll();
    vi.setSystemTime(START + 60_000);
    await people.runQueue();
    expect(followCalls()).toHaveLength(1);
    expect((await queue()).status).toEqual(status);
    expect((await fakeBrowser.alarms.getAll()).map((alarm) => alarm.scheduledTime)).toEqual([
      (status as { until: number }).until,
    ]);
  });

  it('never sends more requests than the budget allows, and no 429 comes', async () => {
    const users = USERS;
    const { listId } = await followableList(users);
    await setRemaining('api', 40);
    await people.enqueue({ listId, handles: users.map(handle) });
    await queueBecomes('waiting');
    // Search + follow for each account: 40 − RESERVED requests, 15 accounts.
    expect(tokenCalls()).toHaveLength(40 - RESERVED);
    expect(await queue()).toMatchObject({ done: 15, failed: 0 });
    expect(tooMany()).toEqual([]);

    await ringAlarm();
    expect(await queueBecomes('idle')).toMatchObject({ total: 30, done: 30, failed: 0 });
    expect(tokenCalls()).toHaveLength(60);
    expect(tooMany()).toEqual([]);
  });

  it('waits for tomorrow when the follows family says so, without a 429', async () => {
    const { listId } = await followableList(['juno.field', KIT, LOU], { knownIds: true });
    await setRemaining('follows', 2);
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT), handle(LOU)] });
    expect(await queueBecomes('waiting')).toMatchObject({
      done: 2,
      status: { kind: 'waiting', until: DAILY_RESET + SLACK, reason: 'daily-limit' },
    });
    expect(followCalls()).toHaveLength(2);
    expect(tooMany()).toEqual([]);
  });

  it('waits for tomorrow after a 429 of the follows family', async () => {
    const { listId } = await followableList(['juno.field', KIT], { knownIds: true });
    await setRemaining('follows', 0);
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT)] });
    expect(await queueBecomes('waiting')).toMatchObject({
      done: 0,
      failed: 0,
      pending: [handle('juno.field'), handle(KIT)],
      status: { kind: 'waiting', until: DAILY_RESET + SLACK, reason: 'daily-limit' },
    });
    expect(tooMany()).toHaveLength(1);
    expect((await listOf(listId)).rows[0]!.follow).toEqual({ kind: 'queued' });
    await vi.waitFor(async () =>
      expect((await fakeBrowser.alarms.getAll()).map((alarm) => alarm.scheduledTime)).toEqual([
        DAILY_RESET + SLACK,
      ]),
    );
  });

  // The alarm rings at the `until` the queue showed; the queue must go on then, not wait again.
  it('waits for the window after a 429 of the token’s API budget (another client spent it)', async () => {
    const { listId } = await followableList(['juno.field'], { knownIds: true });
    await setRemaining('api', 0);
    await people.enqueue({ listId, handles: [handle('juno.field')] });
    expect(await queueBecomes('waiting')).toMatchObject({
      pending: [handle('juno.field')],
      status: { kind: 'waiting', until: API_RESET + SLACK, reason: 'rate-limit' },
    });
    await ringAlarm();
    expect(await queueBecomes('idle')).toMatchObject({ done: 1 });
  });

  it('stops with the server’s message at the follows limit', async () => {
    const { listId } = await followableList(['juno.field', KIT], { knownIds: true });
    // maya follows 7,500 already (store.ts's set-following-count).
    await bg.home('set-following-count', { count: 7500 });
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT)] });
    expect(await queueBecomes('stopped')).toMatchObject({
      pending: [handle('juno.field'), handle(KIT)],
      status: {
        kind: 'stopped',
        message: words('people_serverSaid', {
          host: HOME,
          message: 'Validation failed: You cannot follow more than 7500 people',
        }),
      },
    });
    expect(followCalls()).toHaveLength(1);
  });

  it('stops and asks to reconnect when the token is refused', async () => {
    const { listId } = await followableList(['juno.field'], { knownIds: true });
    await revokeTokens();
    await people.enqueue({ listId, handles: [handle('juno.field')] });
    expect(await queueBecomes('stopped')).toMatchObject({
      pending: [handle('juno.field')],
      status: { kind: 'stopped', message: STOPPED_SIGNED_OUT },
    });
    expect((await oneAccount.getValue())?.status).toBe('reconnect');
  });

  it('stops when no account is connected', async () => {
    const { listId } = await followableList(['juno.field']);
    await oneAccount.removeValue();
    await people.enqueue({ listId, handles: [handle('juno.field')] });
    expect(await queueBecomes('stopped')).toMatchObject({
      status: { kind: 'stopped', message: STOPPED_NO_ACCOUNT },
    });
    expect(bg.calls()).toEqual([]);
  });

  it('stops while the server is down, and resumes when asked', async () => {
    const { listId } = await followableList(['juno.field'], { knownIds: true });
    // Mastodon's own 503 (Api::BaseController's answer to a race condition or a tripped circuit breaker), not
    // nginx's page.
    const temporary = 'There was a temporary problem serving your request, please try again';
    bg.fail({ host: HOME, pathPattern: /\/follow$/, answer: { status: 503, body: { error: temporary } } });
    await people.enqueue({ listId, handles: [handle('juno.field')] });
    expect((await queueBecomes('stopped')).status).toEqual({
      kind: 'stopped',
      message: words('people_stoppedResume', {
        reason: words('failure_downHost', { host: HOME, status: '503' }),
      }),
    });
    bg.heal();
    await people.resumeQueue();
    expect(await queueBecomes('idle')).toMatchObject({ done: 1 });
  });

  it.each([
    ['cannot be reached', { refuse: true }, `Couldn't reach ${HOME}, or it is down. Resume to try again.`],
    [
      "answers with nginx's 502 page",
      { status: 502 },
      `Couldn't reach ${HOME}, or it is down. Resume to try again.`,
    ],
  ])('stops when the server %s, with the same words as the other features', async (_, fault, message) => {
    const { listId } = await followableList(['juno.field'], { knownIds: true });
    bg.fail({ host: HOME, pathPattern: /\/follow$/, ...fault });
    await people.enqueue({ listId, handles: [handle('juno.field')] });
    const status = (await queueBecomes('stopped')).status;
    expect(status.kind === 'stopped' && say(status.message)).toBe(message);
  });
});

describe('the queue across a restart', () => {
  beforeEach(async () => {
    await bg.connect();
  });

  it('resumes a running queue when the background starts again', async () => {
    const { listId, ids } = await followableList(['juno.field', KIT, LOU], { knownIds: true });
    // The background stops while the first follow is in flight: that request never gets its answer.
    const gate = bg.hold({ host: HOME, pathPattern: /\/follow$/, count: 1 });
    await people.enqueue({ listId, handles: [handle('juno.field'), handle(KIT), handle(LOU)] });
    await vi.waitFor(() => expect(gate.arrived).toBe(1));
    expect(await queue()).toMatchObject({
      status: { kind: 'running' },
      pending: [handle('juno.field'), handle(KIT), handle(LOU)],
    });

    await freshModules();
    people.listenForPeopleQueue();
    const ended = await queueBecomes('idle');
    expect(ended).toMatchObject({ total: 3, done: 3 });
    // The interrupted follow is sent again (a follow of a followed account only updates its options).
    expect(followedIds()).toEqual([ids.get('juno.field'), ids.get('juno.field'), ids.get(KIT), ids.get(LOU)]);
    expect((await listOf(listId)).rows.map((row) => row.follow)).toEqual([
      { kind: 'following' },
      { kind: 'following' },
      { kind: 'following' },
    ]);
  });

  it('reads the relationship of the account in flight before following it again: no second Follow', async () => {
    const { listId } = await followableList(['juno.field'], { knownIds: true });
    // The follow reached the server (a pending request: Akkoma sends another Follow for one asked again), and the
    // browser stopped the service worker before the outcome was written.
    await bg.threads('juno.field', { locked: true });
    await bg.alreadyFollows('juno.field', 'requested');
    bg.clearCalls();
    await followQueueItem.setValue({
      ...savedQueue(listId, { kind: 'running' }),
      inFlight: handle('juno.field'),
    });
    people.listenForPeopleQueue();
    expect(await queueBecomes('idle')).toMatchObject({ done: 1, failed: 0 });
    expect(followedIds()).toEqual([]);
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    expect((await listOf(listId)).rows[0]!.follow).toEqual({ kind: 'requested' });
    expect((await queue()).inFlight).toBeUndefined();
  });

  it('sets the alarm again for a waiting queue, and sends nothing before it rings', async () => {
    const { listId } = await followableList(['juno.field'], { knownIds: true });
    const until = START + 3 * 60_000;
    await followQueueItem.setValue(savedQueue(listId, { kind: 'waiting', until, reason: 'rate-limit' }));
    people.listenForPeopleQueue();
    await vi.waitFor(async () =>
      expect((await fakeBrowser.alarms.getAll()).map((alarm) => alarm.scheduledTime)).toEqual([until]),
    );
    expect(bg.calls()).toEqual([]);
    vi.setSystemTime(until);
    const [alarm] = await fakeBrowser.alarms.getAll();
    await fakeBrowser.alarms.onAlarm.trigger(alarm!);
    expect(await queueBecomes('idle')).toMatchObject({ done: 1 });
  });

  it.each([
    ['paused', { kind: 'paused' }],
    [
      'stopped',
      {
        kind: 'stopped',
        message: words('people_serverSaid', {
          host: HOME,
          message: 'Validation failed: You cannot follow more than 7500 people',
        }),
      },
    ],
  ] as const)('leaves a %s queue alone', async (_name, status) => {
    const { listId } = await followableList(['juno.field'], { knownIds: true });
    const saved = savedQueue(listId, status);
    await followQueueItem.setValue(saved);
    people.listenForPeopleQueue();
    await people.runQueue();
    expect(await queue()).toEqual(saved);
    expect(bg.calls()).toEqual([]);
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });
});

/** people:check as the People page sends it: through its route, as the background's one listener hands it over. */
async function checkFromThePage(payload: unknown): Promise<unknown> {
  const { dispatch } = await import('@/utils/messaging/bus');
  const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/people.html') };
  return dispatch(
    people.peopleRoutes['people:check'],
    payload,
    { kind: 'extension-page', sender },
    'people:check',
  );
}

describe('peopleRoutes', () => {
  it('answers people:check at once and checks the list again in the background', async () => {
    bg.webfingerDown();
    const listId = await checkedList(['juno.field']);
    expect((await listOf(listId)).rows[0]!.status.kind).toBe('unknown');
    bg.heal();
    expect(await checkFromThePage({ listId })).toEqual({ ok: true });
    await vi.waitFor(async () => expect((await listOf(listId)).rows[0]!.status).toEqual({ kind: 'found' }));
  });

  it('answers people:check without a list id, checking nothing', async () => {
    expect(await checkFromThePage({})).toEqual({ ok: true });
    expect(bg.calls()).toEqual([]);
  });
});
