/**
 * The follow fakes (follow-fakes.ts) with what the People feature needs on top, modelled on docs/home-server.md
 * §5 and §7: the home account's `GET /api/v1/accounts/:id/following` (pages, Link header), `X-RateLimit-*`
 * headers on every API answer from fixed windows aligned to epoch multiples (per token 300 / 5 min, per IP for
 * requests without a token), Rack::Attack's 429, the follows family (400 / 24 h) that replaces the headers of a
 * follow answer when it has fewer left and refuses a new follow with its own 429, the 7,500 follows limit, a
 * WebFinger that cannot be reached, and a gate that holds requests until the test lets them go.
 */
import { fakeNetwork, HOME, TOKEN } from './follow-fakes';

export { HOME, TOKEN };

/** The account `setUpHome()` connects. */
export const HOME_ACCOUNT_ID = '1';

const API_PERIOD_MS = 5 * 60_000;
const DAILY_PERIOD_MS = 24 * 60 * 60_000;
export const API_LIMIT = 300;
export const DAILY_LIMIT = 400;

export interface PeopleCall {
  method: string;
  url: URL;
  /** The token sent, or null for an anonymous request. */
  token: string | null;
  status: number;
}

interface Window {
  index: number;
  count: number;
}

/** `Time#iso8601(6)` in UTC. */
function iso6(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function accountJson(id: string, acct: string, locked: boolean) {
  const [username = ''] = acct.split('@');
  return {
    id,
    username,
    acct,
    display_name: username,
    locked,
    bot: false,
    discoverable: true,
    group: false,
    created_at: '2024-01-01T00:00:00.000Z',
    note: '',
    url: `https://www.threads.net/@${username}`,
    uri: `https://www.threads.net/ap/users/${username}/`,
    avatar: `https://${HOME}/avatars/original/missing.png`,
    avatar_static: `https://${HOME}/avatars/original/missing.png`,
    header: `https://${HOME}/headers/original/missing.png`,
    header_static: `https://${HOME}/headers/original/missing.png`,
    followers_count: 0,
    following_count: 0,
    statuses_count: 0,
    last_status_at: null,
    emojis: [],
    fields: [],
  };
}

/** A fixed window counter, like Rack::Attack's and Mastodon's RateLimiter. */
function counter(limit: () => number, periodMs: number) {
  let window: Window = { index: -1, count: 0 };
  const current = () => {
    const index = Math.floor(Date.now() / periodMs);
    if (window.index !== index) window = { index, count: 0 };
    return window;
  };
  return {
    current,
    remaining: () => Math.max(0, limit() - current().count),
    reset: () => (current().index + 1) * periodMs,
    headers(): Record<string, string> {
      return {
        'x-ratelimit-limit': String(limit()),
        'x-ratelimit-remaining': String(Math.max(0, limit() - current().count)),
        'x-ratelimit-reset': iso6((current().index + 1) * periodMs),
      };
    },
    /** From now until the end of the window, only `remaining` are left. */
    setRemaining(remaining: number) {
      current().count = limit() - remaining;
    },
  };
}

export function fakePeopleNetwork() {
  const base = fakeNetwork();
  const calls: PeopleCall[] = [];
  /** Accounts the fake knows, by id: what `following` lists. */
  const accounts = new Map<string, { acct: string; locked: boolean }>();
  /** The home account's follows as the home server stores them, in the order they were made. */
  const follows = new Map<string, 'following' | 'requested'>();
  const limits = { api: API_LIMIT, daily: DAILY_LIMIT };
  const perToken = new Map<string, ReturnType<typeof counter>>();
  const anonymous = counter(() => limits.api, API_PERIOD_MS);
  const daily = counter(() => limits.daily, DAILY_PERIOD_MS);
  let followLimitReached = false;
  const unreachable = new Set<string>();
  const gates: { path: RegExp; waiting: (() => void)[]; arrived: number; count: number }[] = [];

  function tokenCounter(token: string) {
    let found = perToken.get(token);
    if (!found) perToken.set(token, (found = counter(() => limits.api, API_PERIOD_MS)));
    return found;
  }

  function following(url: URL, id: string): Response {
    if (id !== HOME_ACCOUNT_ID) return json(404, { error: 'Record not found' });
    const limit = Math.min(Math.max(Number(url.searchParams.get('limit') ?? '40') || 40, 1), 80);
    const maxId = Number(url.searchParams.get('max_id') ?? Infinity);
    // Pages by the Follow record's id, newest first; pending requests are not listed.
    const records = [...follows.entries()]
      .map(([target, state], seq) => ({ target, state, seq: seq + 1 }))
      .filter((record) => record.state === 'following' && record.seq < maxId)
      .reverse()
      .slice(0, limit);
    const body = records.map(({ target }) => {
      const account = accounts.get(target)!;
      return accountJson(target, account.acct, account.locked);
    });
    const base = `https://${HOME}/api/v1/accounts/${id}/following`;
    const links: string[] = [];
    if (records.length === limit)
      links.push(`<${base}?limit=${limit}&max_id=${records.at(-1)!.seq}>; rel="next"`);
    if (records.length > 0) links.push(`<${base}?limit=${limit}&since_id=${records[0]!.seq}>; rel="prev"`);
    return json(200, body, links.length > 0 ? { link: links.join(', ') } : {});
  }

  async function answer(request: Request, url: URL, token: string | null): Promise<Response> {
    if (url.host !== HOME || !url.pathname.startsWith('/api/')) return base.fetch(request);
    // Rack::Attack counts the request first, then refuses it once the count is over the limit.
    const window = token === null ? anonymous : tokenCounter(token);
    window.current().count++;
    if (window.current().count > limits.api)
      return json(429, { error: 'Too many requests' }, window.headers());
    const list = /^\/api\/v1\/accounts\/(\d+)\/following$/.exec(url.pathname);
    if (request.method === 'GET' && list) return withHeaders(following(url, list[1] ?? ''), window.headers());
    const follow = /^\/api\/v1\/accounts\/(\d+)\/follow$/.exec(url.pathname);
    const fresh = request.method === 'POST' && follow !== null && !follows.has(follow[1] ?? '');
    if (fresh && token === TOKEN && accounts.has(follow[1] ?? '')) {
      if (followLimitReached)
        return json(422, { error: 'Validation failed: You cannot follow more than 7500 people' });
      if (daily.remaining() <= 0) return json(429, { error: 'Too many requests' }, daily.headers());
    }
    const response = await base.fetch(request);
    if (follow && request.method === 'POST' && response.ok) {
      if (fresh) {
        daily.current().count++;
        follows.set(follow[1] ?? '', 'requested');
      }
      // The follows family's headers replace the API's when it has fewer left.
      return withHeaders(
        response,
        daily.remaining() < window.remaining() ? daily.headers() : window.headers(),
      );
    }
    return withHeaders(response, window.headers());
  }

  function withHeaders(response: Response, headers: Record<string, string>): Response {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  }

  function addThreadsUser(
    user: string,
    options: { federated?: boolean; locked?: boolean; resolvable?: boolean } = {},
  ): string {
    const id = base.addThreadsUser(user, options);
    accounts.set(id, { acct: `${user}@threads.net`, locked: options.locked ?? false });
    return id;
  }

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const authorization = request.headers.get('authorization');
    const token = authorization?.replace(/^Bearer /, '') ?? null;
    const call: PeopleCall = { method: request.method, url, token, status: 0 };
    calls.push(call);
    const gate = gates.find((g) => g.path.test(url.pathname) && g.arrived < g.count);
    if (gate) {
      gate.arrived++;
      await new Promise<void>((release) => gate.waiting.push(release));
    }
    if (url.host === 'www.threads.net') {
      const user = /^acct:([^@]+)@/.exec(url.searchParams.get('resource') ?? '')?.[1] ?? '';
      if (unreachable.has(user) || unreachable.has('*')) throw new TypeError('fetch failed');
    }
    const response = await answer(request, url, token);
    call.status = response.status;
    return response;
  }

  return {
    fetch,
    calls,
    /** Requests to the home server's API made with the person's token, as `METHOD /path`. */
    tokenCalls: () =>
      calls
        .filter((c) => c.url.host === HOME && c.token === TOKEN)
        .map((c) => `${c.method} ${c.url.pathname}`),
    followCalls: () => calls.filter((c) => c.method === 'POST' && /\/follow$/.test(c.url.pathname)),
    webfingerCalls: () => calls.filter((c) => c.url.host === 'www.threads.net'),
    /** Answers the server sent with 429. */
    tooMany: () => calls.filter((c) => c.status === 429),
    /** A federated Threads user the home server can resolve (unless told otherwise); returns its id there. */
    addThreadsUser,
    /**
     * The home account already follows `user` (accepted) or has a pending request to it. The home server's
     * accept is for every pending request at once: seed `requested` accounts after the `following` ones.
     */
    async alreadyFollows(user: string, state: 'following' | 'requested', options: { locked?: boolean } = {}) {
      const id = addThreadsUser(user, options);
      const response = await base.fetch(`https://${HOME}/api/v1/accounts/${id}/follow`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      if (!response.ok) throw new Error(`could not seed a follow of ${user}`);
      if (state === 'following') base.acceptFollows();
      follows.set(id, state);
      return id;
    },
    /** The follows the home server holds, by id. */
    follows,
    /** From now until the end of the current window, only `remaining` requests are left to the person's token. */
    setRemaining(family: 'api' | 'follows', remaining: number) {
      if (family === 'api') tokenCounter(TOKEN).setRemaining(remaining);
      else daily.setRemaining(remaining);
    },
    /** The end of the current 5-minute and 24-hour windows (epoch ms). */
    apiReset: () => tokenCounter(TOKEN).reset(),
    dailyReset: () => daily.reset(),
    /** Every new follow is refused: the account follows 7,500 already. */
    reachFollowLimit() {
      followLimitReached = true;
    },
    /** Threads' WebFinger cannot be reached for this user ('*': for anyone). */
    webfingerDown(user = '*') {
      unreachable.add(user);
    },
    /**
     * The next `count` requests whose path matches wait until released (later ones pass); `arrived` counts those
     * that reached the gate. A request never released stays pending, like one of a background that was stopped.
     */
    hold(path: RegExp, count = Infinity) {
      const gate = { path, waiting: [] as (() => void)[], arrived: 0, count };
      gates.push(gate);
      return {
        get arrived() {
          return gate.arrived;
        },
        get waiting() {
          return gate.waiting.length;
        },
        /** Lets the first waiting request go. */
        releaseOne() {
          gate.waiting.shift()?.();
        },
        /** Lets every waiting and later request go. */
        open() {
          gates.splice(gates.indexOf(gate), 1);
          gate.waiting.splice(0).forEach((release) => release());
        },
      };
    },
    fail: base.fail,
    heal: base.heal,
    acceptFollows() {
      base.acceptFollows();
      for (const [id, state] of follows) if (state === 'requested') follows.set(id, 'following');
    },
  };
}

export type FakePeopleNetwork = ReturnType<typeof fakePeopleNetwork>;
