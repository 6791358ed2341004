/**
 * A tiny fake of the two servers the follow button talks to, behind a stubbed global `fetch` (masto uses it too):
 * Threads' WebFinger and a Mastodon home server with search, relationships, follow, unfollow and domain blocks,
 * modelled on docs/home-server.md §4–§7.
 */
import { credentialsSecret } from '@/utils/storage/secrets';
import { accountItem, homeServerItem } from '@/utils/storage';

export const HOME = 'home.example';
export const TOKEN = 'the-access-token';

export interface Call {
  method: string;
  url: URL;
  credentials: RequestCredentials;
  authorization: string | null;
}

export type Fault =
  | { status: number; headers?: Record<string, string>; html?: boolean }
  | { timeout: true }
  | { network: true };

interface RemoteAccount {
  id: string;
  acct: string;
  locked: boolean;
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function relationship(id: string, follow: 'following' | 'requested' | undefined, optimistic = false) {
  return {
    id,
    following: optimistic || follow === 'following',
    requested: !optimistic && follow === 'requested',
    showing_reblogs: follow !== undefined,
    notifying: false,
    languages: null,
    followed_by: false,
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    requested_by: false,
    domain_blocking: false,
    endorsed: false,
    note: '',
  };
}

export function fakeNetwork() {
  const calls: Call[] = [];
  /** Threads users who turned on fediverse sharing; everyone else gets WebFinger's 404. */
  const federated = new Set<string>();
  const accounts = new Map<string, RemoteAccount>();
  const follows = new Map<string, 'following' | 'requested'>();
  const faults: { path: RegExp; fault: Fault }[] = [];
  /** When set, WebFinger answers wait until the test releases them. */
  let webfingerGate: { waiting: (() => void)[] } | null = null;
  const webfingerLoad = { now: 0, peak: 0 };
  let domainBlocks: { domain: string; digest: string; severity: string }[] | null = null;
  let suspended = false;
  let fuzzy: string | null = null;
  let nextId = 100;

  function webfinger(url: URL): Response {
    const match = /^acct:([^@]+)@threads\.net$/.exec(url.searchParams.get('resource') ?? '');
    const user = match?.[1] ?? '';
    if (!federated.has(user)) return json(404, { success: false, error: 'Not found' });
    return json(200, {
      subject: `acct:${user}@threads.net`,
      links: [
        { rel: 'self', type: 'application/activity+json', href: `https://www.threads.net/ap/users/${user}/` },
        {
          rel: 'http://webfinger.net/rel/profile-page',
          type: 'text/html',
          href: `https://www.threads.net/@${user}`,
        },
      ],
    });
  }

  function mastodon(method: string, url: URL, authorized: boolean): Response {
    const path = url.pathname;
    if (path === '/api/v1/instance/domain_blocks') {
      // Hidden by the `show_domain_blocks` setting: an empty 404, as Mastodon and the sandbox answer.
      return domainBlocks ? json(200, domainBlocks) : new Response(null, { status: 404 });
    }
    if (!authorized) return json(401, { error: 'The access token is invalid' });
    if (path === '/api/v2/search') {
      const q = (url.searchParams.get('q') ?? '').replace(/^@/, '');
      // Without an exact match Mastodon may still list a similar account it knows.
      const account = suspended ? undefined : (accounts.get(q) ?? (fuzzy ? accounts.get(fuzzy) : undefined));
      return json(200, {
        accounts: account ? [{ ...account, username: q.split('@')[0] }] : [],
        statuses: [],
        hashtags: [],
      });
    }
    if (path === '/api/v1/accounts/relationships') {
      const ids = url.searchParams.getAll('id[]');
      const known = [...accounts.values()].filter((a) => ids.includes(a.id) && !suspended);
      return json(
        200,
        known.map((a) => relationship(a.id, follows.get(a.id))),
      );
    }
    const action = /^\/api\/v1\/accounts\/(\d+)\/(follow|unfollow)$/.exec(path);
    if (method === 'POST' && action) {
      const [, id = '', verb] = action;
      const target = [...accounts.values()].find((a) => a.id === id);
      if (!target || suspended) return json(404, { error: 'Record not found' });
      if (verb === 'unfollow') {
        follows.delete(id);
        return json(200, relationship(id, undefined));
      }
      // Remote accounts: a follow request until the remote Accept; unlocked ones get the forced optimistic answer.
      if (!follows.has(id)) follows.set(id, 'requested');
      return json(
        200,
        target.locked ? relationship(id, follows.get(id)) : relationship(id, follows.get(id), true),
      );
    }
    return json(404, { error: 'Not found' });
  }

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    calls.push({
      method: request.method,
      url,
      credentials: request.credentials,
      authorization: request.headers.get('authorization'),
    });
    const fault = faults.find((f) => f.path.test(url.pathname) && url.host === HOME)?.fault;
    if (fault) {
      if ('timeout' in fault)
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      if ('network' in fault) throw new TypeError('fetch failed');
      if (fault.html) {
        return new Response(`<html><head><title>${fault.status}</title></head></html>`, {
          status: fault.status,
          headers: { 'content-type': 'text/html' },
        });
      }
      return json(fault.status, { error: 'Something happened' }, fault.headers);
    }
    if (url.host === 'www.threads.net' && url.pathname === '/.well-known/webfinger') {
      webfingerLoad.peak = Math.max(webfingerLoad.peak, ++webfingerLoad.now);
      const gate = webfingerGate;
      if (gate) await new Promise<void>((release) => gate.waiting.push(release));
      webfingerLoad.now--;
      return webfinger(url);
    }
    if (url.host === HOME)
      return mastodon(request.method, url, request.headers.get('authorization') === `Bearer ${TOKEN}`);
    throw new TypeError('fetch failed');
  }

  return {
    fetch,
    calls,
    /** Calls to the home server's API made with the person's token (domain blocks are asked without). */
    homeCalls: () => calls.filter((c) => c.url.host === HOME),
    webfingerCalls: () => calls.filter((c) => c.url.host === 'www.threads.net'),
    /** A Threads user: federated unless told otherwise; resolvable on the home server when federated. */
    addThreadsUser(
      user: string,
      options: { federated?: boolean; locked?: boolean; resolvable?: boolean } = {},
    ): string {
      const id = String(nextId++);
      if (options.federated !== false) federated.add(user);
      if (options.federated !== false && options.resolvable !== false) {
        accounts.set(`${user}@threads.net`, {
          id,
          acct: `${user}@threads.net`,
          locked: options.locked ?? false,
        });
      }
      return id;
    },
    /** The person turns fediverse sharing off on Threads: WebFinger says 404; the home server keeps the account. */
    stopFederating(user: string) {
      federated.delete(user);
    },
    /** The remote Accept arrives: every pending request becomes a follow. */
    acceptFollows() {
      for (const [id, state] of follows) if (state === 'requested') follows.set(id, 'following');
    },
    /** Searches without an exact match answer this known handle instead. */
    searchFallsBackTo(handle: string) {
      fuzzy = handle;
    },
    suspendThreads() {
      suspended = true;
    },
    setDomainBlocks(blocks: { domain: string; digest: string; severity: string }[] | null) {
      domainBlocks = blocks;
    },
    fail(path: RegExp, fault: Fault) {
      faults.push({ path, fault });
    },
    heal() {
      faults.length = 0;
    },
    /** Holds WebFinger answers until released one by one; `load` tells how many were in flight at most. */
    holdWebfinger() {
      webfingerGate = { waiting: [] };
      return webfingerGate;
    },
    releaseWebfinger() {
      const waiting = webfingerGate?.waiting ?? [];
      webfingerGate = null;
      waiting.splice(0).forEach((release) => release());
    },
    webfingerLoad,
  };
}

export type FakeNetwork = ReturnType<typeof fakeNetwork>;

export async function setUpHome(account: 'connected' | 'reconnect' | 'none' = 'connected'): Promise<void> {
  await homeServerItem.setValue({
    host: HOME,
    localDomain: HOME,
    title: 'Home',
    software: 'mastodon',
    version: '4.5.0',
  });
  if (account === 'none') return;
  await accountItem.setValue({
    host: HOME,
    account: {
      id: '1',
      username: 'maya',
      handle: `maya@${HOME}`,
      displayName: 'Maya Hart',
      avatar: `https://${HOME}/avatar.png`,
      url: `https://${HOME}/@maya`,
    },
    status: account,
  });
  await credentialsSecret.setValue({
    host: HOME,
    clientId: 'cid',
    clientSecret: 'secret',
    accessToken: TOKEN,
    scope: 'read:search read:follows write:follows profile',
  });
}
