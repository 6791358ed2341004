/**
 * One setup for background tests: the fake browser (wxt/testing/fake-browser), a clock (only `Date` is faked,
 * every timer stays real), and the global `fetch` stubbed with the sandbox fediverse run in this process
 * (sandbox/core/in-process.ts): the home Mastodon server of sandbox/home/, Threads' WebFinger and actors, the
 * remote servers. Everything is reset before each test. The knobs are the sandbox modules' own admin operations
 * and data, so what a test can make the servers do is what the sandbox, held to the real software, does.
 *
 *   const bg = backgroundTest();           // at the top of a test file
 *   await bg.connect();                    // a connected account on home.example, as the popup leaves it
 *   bg.calls(), bg.tokenCalls(), bg.fail(…), bg.hold(…), bg.threads(…), bg.home(…)
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { oneAccount } from './one-account';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { accountKey, homeServerItem, type Credentials } from '@/utils/storage';
import { accountCredentialsSecret } from '@/utils/storage/secrets';
import {
  HOME,
  HOME_USER,
  inProcessFediverse,
  type Gate,
  type GateTarget,
  type InProcessEntry,
  type InProcessFault,
} from '../../sandbox';
import { ALREADY_FOLLOWED, findThreadsAccount } from '../../sandbox/remote';
import { GENERATED_ACCOUNTS } from '../../sandbox/remote/threads-generated';
import { CONNECTED_CREDENTIALS, CONNECTED_RECORD, HOME_SERVER } from './account-fixtures';

export { HOME };
/** The tests' clock starts here (Date only). */
export const START = Date.UTC(2025, 5, 1, 12, 0, 0);
/** The host the extension asks Threads' WebFinger at (utils/sites/threads/network.ts). */
export const THREADS_WEBFINGER_HOST = 'www.threads.net';

export interface BackgroundTestOptions {
  /** Fake `Date` (default true). */
  clock?: boolean;
  /** Where the faked clock starts (default START). */
  start?: number;
}

export type AccountState = 'connected' | 'reconnect' | 'none';

const ALREADY_FOLLOWED_NAMES = new Set(ALREADY_FOLLOWED.map((a) => a.username));
/**
 * Threads people of the sandbox (threads-generated.ts) who share to the fediverse, are not locked and whom the
 * home user does not follow after a reset: `count` of them, the same ones on every run.
 */
export function threadsPeople(count: number, skip = 0): string[] {
  const people = GENERATED_ACCOUNTS.filter(
    (a) => a.fediverse && !a.locked && !ALREADY_FOLLOWED_NAMES.has(a.username),
  ).map((a) => a.username);
  if (skip + count > people.length) throw new Error(`the sandbox has only ${people.length} such people`);
  return people.slice(skip, skip + count);
}

/** A Threads account's fediverse side, as threads.net's `set-account` admin op changes it. */
export interface ThreadsPatch {
  fediverse?: boolean;
  locked?: boolean;
}

export function backgroundTest(options: BackgroundTestOptions = {}) {
  const world = inProcessFediverse();
  let token = '';
  /** Faults that stand for a fact of the test's world rather than a passing failure: heal() keeps them. */
  let standing: InProcessFault[] = [];
  /** A second token of maya's, for what the test sets up through the API (kept out of the extension's budget). */
  let setupToken: string | null = null;

  beforeEach(() => {
    fakeBrowser.reset();
    world.reset();
    token = '';
    standing = [];
    setupToken = null;
    if (options.clock !== false) {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(options.start ?? START);
    }
    vi.stubGlobal('fetch', world.fetch);
  });

  afterEach(() => {
    // A failed test must not leave requests held at a gate for the next one.
    world.reset();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const home = (op: string, body: Record<string, unknown> = {}) => world.admin(HOME, op, body);
  const calls = (): InProcessEntry[] => world.log.filter((e) => e.client === 'extension');

  /** A token of maya's on a sandbox Mastodon server, with CONNECTED_CREDENTIALS' scopes, as connecting gives. */
  async function tokenOn(host: string): Promise<string> {
    const granted = (await world.admin(host, 'grant-token', {
      username: HOME_USER.username,
      redirectUri: 'https://extension.invalid/',
      scopes: CONNECTED_CREDENTIALS.scope,
    })) as { accessToken: string };
    return granted.accessToken;
  }

  /**
   * What the test sets up through the home server's API, as maya's web app would, with a token of hers that is
   * not the extension's: its requests show in the log as `server:test.setup`, not among the extension's.
   */
  async function asMaya(path: string, method = 'GET') {
    setupToken ??= await tokenOn(HOME);
    return world.ctx.serverFetch('test.setup', `https://${HOME}${path}`, {
      method,
      headers: { authorization: `Bearer ${setupToken}` },
    });
  }

  /** The home server resolves this Threads user (its search, with resolve) and gives its id. */
  async function resolveAtHome(username: string): Promise<string> {
    const acct = `${username}@threads.net`;
    const q = encodeURIComponent(`@${acct}`);
    const found = await asMaya(`/api/v2/search?q=${q}&type=accounts&resolve=true&limit=1`);
    const accounts = (JSON.parse(found.text) as { accounts: { id: string; acct: string }[] }).accounts;
    const id = accounts.find((a) => a.acct === acct)?.id;
    if (!id) throw new Error(`the home server cannot resolve ${acct}`);
    return id;
  }

  return {
    world,
    resolveAtHome,
    /** maya's token on another sandbox Mastodon server (social.wd.example), as connecting there gives. */
    tokenOn,
    /** maya's account id on the home server (connect() stores it in the account record). */
    async homeAccountId(): Promise<string> {
      return (await oneAccount.getValue())?.account.id ?? '';
    },
    /** The person's access token on the home server (granted by connect()). */
    get token(): string {
      return token;
    },
    /**
     * The home server as the popup leaves it; with an account, a real token granted by the home server to
     * maya with CONNECTED_CREDENTIALS' scopes, stored as the background stores it.
     */
    async connect(state: AccountState = 'connected'): Promise<void> {
      await homeServerItem.setValue(HOME_SERVER);
      if (state === 'none') return;
      const granted = (await home('grant-token', {
        username: HOME_USER.username,
        redirectUri: 'https://extension.invalid/',
        scopes: CONNECTED_CREDENTIALS.scope,
      })) as Pick<Credentials, 'clientId' | 'clientSecret' | 'accessToken' | 'scope'>;
      token = granted.accessToken;
      const known = (await home('state')) as { accounts: { id: string; acct: string }[] };
      const me = known.accounts.find((a) => a.acct === HOME_USER.username);
      const record = {
        ...CONNECTED_RECORD,
        account: { ...CONNECTED_RECORD.account, id: me?.id ?? CONNECTED_RECORD.account.id },
        status: state,
      };
      await oneAccount.setValue(record);
      await accountCredentialsSecret.setValue({
        [accountKey(record)]: { ...CONNECTED_CREDENTIALS, ...granted },
      });
    },
    /** Requests the extension made (server-to-server ones left out), in order. */
    calls,
    /** The extension's requests to the home server. */
    homeCalls: () => calls().filter((c) => c.host === HOME),
    /** The home-server API requests made with the person's token, as `METHOD /path`. */
    tokenCalls: () =>
      calls()
        .filter((c) => c.host === HOME && token !== '' && c.authorization === `Bearer ${token}`)
        .map((c) => `${c.method} ${c.url.pathname}`),
    /** The extension's WebFinger requests to Threads. */
    webfingerCalls: () => calls().filter((c) => c.host === THREADS_WEBFINGER_HOST),
    /** Forget the requests logged so far (the log's own entries; nothing else changes). */
    clearCalls: () => void world.log.splice(0),
    fail: (fault: InProcessFault) => world.fail(fault),
    /** Ends the faults set with fail(); unresolvable() stays. */
    heal: () => {
      world.heal();
      standing.forEach((fault) => world.fail(fault));
    },
    /**
     * The home server cannot resolve this Threads account although Threads' WebFinger (which the extension asks)
     * finds it: Threads' actor document fails for the home server's fetch (a 404 from www.threads.net).
     */
    unresolvable(username: string): void {
      const id = findThreadsAccount(username)?.id;
      if (!id) throw new Error(`no Threads account ${username} in the sandbox`);
      const fault = { host: 'www.threads.net', pathPrefix: `/ap/users/${id}/`, status: 404 };
      standing.push(fault);
      world.fail(fault);
    },
    hold: (target: GateTarget): Gate => world.hold(target),
    /** The extension's requests answered 429. */
    tooMany: () => calls().filter((c) => c.status === 429),
    /** The extension's follow requests to the home server. */
    followCalls: () =>
      calls().filter((c) => c.host === HOME && c.method === 'POST' && /\/follow$/.test(c.url.pathname)),
    /** Threads' WebFinger cannot be reached (a refused connection) for this user, or for anyone. */
    webfingerDown(user?: string): void {
      world.fail({
        host: THREADS_WEBFINGER_HOST,
        pathPrefix: `/.well-known/webfinger${user ? `?resource=acct:${user}@` : ''}`,
        refuse: true,
      });
    },
    /**
     * maya already follows this Threads user (accepted: the remote Accept arrived) or has asked to (pending):
     * resolved, then followed, through the API as her web app would. Returns the home server's id of the account.
     */
    async alreadyFollows(username: string, state: 'following' | 'requested'): Promise<string> {
      const id = await resolveAtHome(username);
      const acct = `${username}@threads.net`;
      const followed = await asMaya(`/api/v1/accounts/${id}/follow`, 'POST');
      if (followed.status !== 200) throw new Error(`could not follow ${acct}: ${followed.status}`);
      if (state === 'following') await home('accept-follows', { acct });
      return id;
    },
    /** A home-server admin op (sandbox/home/store.ts lists them). */
    home,
    /** threads.net's `set-account`: the account's fediverse sharing or lock changes until the next reset. */
    threads: (username: string, patch: ThreadsPatch) =>
      world.admin('threads.net', 'set-account', { username, ...patch }),
    /** The id a sandbox Mastodon server (home.example by default) gave the status with this ActivityPub id. */
    async statusId(uri: string, host: string = HOME): Promise<string> {
      const state = (await world.admin(host, 'state')) as { statuses: { id: string; uri: string }[] };
      const id = state.statuses.find((s) => s.uri === uri)?.id;
      if (!id) throw new Error(`${host} does not know the status ${uri}`);
      return id;
    },
    /** The home server's id for an account it knows (`user@domain`), from its admin state. */
    async accountId(acct: string): Promise<string> {
      const state = (await home('state')) as { accounts: { id: string; acct: string }[] };
      const id = state.accounts.find((a) => a.acct === acct)?.id;
      if (!id) throw new Error(`the home server does not know ${acct}`);
      return id;
    },
  };
}

export type BackgroundTest = ReturnType<typeof backgroundTest>;
