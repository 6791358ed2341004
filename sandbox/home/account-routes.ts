/** Search, account look-ups, follows and relationships (docs/home-server.md §3–§5). */
import type { SbResponse } from '../types';
import { json, stringParam, truthy } from './http';
import { acctOf, serializeRelationship, type Account, type Follow } from './model';
import { THROTTLES, rateLimitHeaders } from './rate-limits';
import { ERRORS, type Call, type Server } from './context';
import type { EndpointScopes } from './software';

const FOLLOW_LIMIT = 7500;

export function accountRoutes(s: Server) {
  const { ctx, limiter, store, auth, resolver } = s;
  const { findByAcct, settleFollows, countsOf, statusJson, isSuspended, accountJson, followKey } = store;
  const { requireToken, requireUser, apiUser, optionalToken } = auth;
  const { resolveAcct, resolveUrl, splitAcct } = resolver;
  const endpointScopes = (): EndpointScopes => store.state.software.scopes.endpoints;

  async function search(call: Call, version: 1 | 2 = 2): Promise<SbResponse> {
    const denied = optionalToken(call, endpointScopes().search);
    if (denied) return denied;
    const q = stringParam(call.params, 'q')?.trim();
    if (!q) return json(400, { error: ERRORS.missingQ });
    const user = apiUser(call);
    const resolve = truthy(stringParam(call.params, 'resolve'));
    const offsetText = stringParam(call.params, 'offset');
    if (!user && offsetText)
      return json(401, { error: 'Search queries pagination is not supported without authentication' });
    if (!user && resolve)
      return json(401, {
        error: 'Search queries that resolve remote resources are not supported without authentication',
      });
    const limitParsed = Number.parseInt(stringParam(call.params, 'limit') ?? '20', 10);
    const offsetParsed = Number.parseInt(offsetText ?? '0', 10);
    const limitValue = Number.isNaN(limitParsed) ? 20 : limitParsed;
    const type = stringParam(call.params, 'type') ?? '';
    const offset = type && !Number.isNaN(offsetParsed) ? offsetParsed : 0;
    if (limitValue < 0 || (!Number.isNaN(offsetParsed) && offsetParsed < 0)) {
      return json(400, { error: 'Pagination values for `offset` and `limit` must be positive' });
    }
    const limit = Math.min(limitValue, 40);
    const result = { accounts: [] as unknown[], statuses: [] as unknown[], hashtags: [] as unknown[] };
    if (limit === 0) return json(200, result);
    const query = q.replace(/^@/, '').trim();

    if (resolve && /^https?:\/\//i.test(q)) {
      const found = await resolveUrl(q).catch(() => null);
      if (found && offset <= 0) {
        if ('account' in found && (!type || type === 'accounts'))
          result.accounts = [accountJson(found.account)];
        // Sharkey's v2 search takes its posts from the accounts' answer, which has none (§10.3).
        const statuses = version === 1 || store.state.software.search.v2Statuses;
        if ('status' in found && statuses && (!type || type === 'statuses'))
          result.statuses = [statusJson(found.status)];
      }
      return json(200, result);
    }
    if ((!type || type === 'accounts') && !(q.startsWith('#') || (q.includes('@') && q.includes(' ')))) {
      result.accounts = (
        await searchAccounts(query, { resolve, limit, offset, signedIn: user !== null })
      ).map(accountJson);
    }
    return json(200, result);
  }

  async function searchAccounts(
    query: string,
    opts: { resolve: boolean; limit: number; offset: number; signedIn: boolean },
  ): Promise<Account[]> {
    const acct = splitAcct(query);
    let exact: Account | null = null;
    if (acct) {
      const [username, domain] = acct;
      if (domain && opts.resolve) exact = await resolveAcct(username, domain).catch(() => null);
      else exact = findByAcct(username, domain) ?? null;
      if (exact && isSuspended(exact.domain)) exact = null;
    }
    // Queries under 3 characters only give the exact match to anonymous callers.
    if (acct?.[1] || (!opts.signedIn && query.length < 3)) return exact && opts.offset === 0 ? [exact] : [];
    const needle = query.toLowerCase();
    const matches = [...store.state.accounts.values()].filter(
      (a) =>
        a !== exact &&
        !isSuspended(a.domain) &&
        (a.username.toLowerCase().startsWith(needle) || a.displayName.toLowerCase().includes(needle)),
    );
    return [...(exact ? [exact] : []), ...matches].slice(opts.offset, opts.offset + opts.limit);
  }

  function lookup(call: Call): SbResponse {
    const denied = optionalToken(call, endpointScopes().readAccounts);
    if (denied) return denied;
    const acct = splitAcct(stringParam(call.params, 'acct') ?? '');
    const account = acct && findByAcct(acct[0], acct[1]);
    if (!account || isSuspended(account.domain)) return json(404, { error: ERRORS.notFound });
    return json(200, accountJson(account));
  }

  async function accountSearch(call: Call): Promise<SbResponse> {
    const denied = requireToken(call, endpointScopes().readAccounts);
    if (denied) return denied;
    const user = requireUser(call);
    if (!('id' in user)) return user;
    const q = stringParam(call.params, 'q')?.trim().replace(/^@/, '') ?? '';
    if (!q) return json(200, []);
    const limit = Math.min(
      Math.max(Number.parseInt(stringParam(call.params, 'limit') ?? '40', 10) || 40, 0),
      80,
    );
    const offset = Math.max(Number.parseInt(stringParam(call.params, 'offset') ?? '0', 10) || 0, 0);
    const resolve = truthy(stringParam(call.params, 'resolve'));
    const accounts = await searchAccounts(q, { resolve, limit, offset, signedIn: true });
    return json(200, accounts.map(accountJson));
  }

  function relationships(call: Call): SbResponse {
    const denied = requireToken(call, endpointScopes().relationships);
    if (denied) return denied;
    const user = requireUser(call);
    if (!('id' in user)) return user;
    settleFollows();
    const raw = call.params.id;
    const ids = Array.isArray(raw)
      ? raw.map(String)
      : typeof raw === 'string' || typeof raw === 'number'
        ? [String(raw)]
        : [];
    const withSuspended = truthy(stringParam(call.params, 'with_suspended'));
    const found = [...new Set(ids)]
      .map((id) => store.state.accounts.get(id))
      .filter((a): a is Account => a !== undefined && (withSuspended || !isSuspended(a.domain)));
    return json(
      200,
      found.map((a) => serializeRelationship(a.id, store.state.follows.get(followKey(user.id, a.id)), false)),
    );
  }

  /** Follow and unfollow both need a follow scope, a user behind the token and a known target (404 otherwise). */
  function followTarget(call: Call, id: string): { user: Account; target: Account } | SbResponse {
    const denied = requireToken(call, endpointScopes().follows);
    if (denied) return denied;
    const user = requireUser(call);
    if (!('id' in user)) return user;
    const target = store.state.accounts.get(id);
    if (!target) return json(404, { error: ERRORS.notFound });
    return { user, target };
  }

  function follow(call: Call, id: string): SbResponse {
    const pair = followTarget(call, id);
    if (!('target' in pair)) return pair;
    const { user, target } = pair;
    if (target.id === user.id) return json(403, { error: 'Following your own account is not allowed' });
    if (isSuspended(target.domain)) return json(403, { error: ERRORS.notAllowed });
    settleFollows();
    const key = followKey(user.id, target.id);
    let record = store.state.follows.get(key);
    const reblogsParam = stringParam(call.params, 'reblogs');
    const notifyParam = stringParam(call.params, 'notify');
    const languagesParam = call.params.languages;
    const languages = Array.isArray(languagesParam) ? languagesParam.map(String) : null;
    const followsHeaders = (): Record<string, string> =>
      rateLimitHeaders(limiter.peek(THROTTLES.follows, user.id));
    if (record) {
      // Akkoma sends another Follow for a request still pending (software.ts followAgainWhilePending).
      if (record.requested && store.state.software.followAgainWhilePending === 'new-follow')
        store.state.followsMade.push(acctOf(target));
      if (reblogsParam !== undefined) record.reblogs = truthy(reblogsParam);
      if (notifyParam !== undefined) record.notify = truthy(notifyParam);
      if (languagesParam !== undefined) record.languages = languages;
    } else {
      if (countsOf(user).following >= FOLLOW_LIMIT) {
        return json(422, { error: `Validation failed: You cannot follow more than ${FOLLOW_LIMIT} people` });
      }
      if (!limiter.record(THROTTLES.follows, user.id))
        return json(429, store.state.software.rateLimits.tooMany, followsHeaders());
      const remote = target.domain !== null;
      record = {
        sourceId: user.id,
        targetId: target.id,
        requested: target.locked || remote,
        // The remote server's Accept arrives on its own for unlocked accounts; locked ones wait for a person.
        acceptAt: remote && !target.locked ? ctx.now() + store.state.acceptDelayMs : null,
        reblogs: reblogsParam === undefined ? true : truthy(reblogsParam),
        notify: truthy(notifyParam),
        languages,
      };
      store.state.follows.set(key, record);
      store.state.followsMade.push(acctOf(target));
    }
    // Sharkey's follow answers the relationship as it stands (a remote account: a request until it accepts), with
    // `following: true` whatever it is (docs/home-server.md §10.3); Mastodon answers optimistically (§5).
    const sharkey = store.state.software.followAnswer === 'following';
    const relationship = serializeRelationship(target.id, record, !sharkey && !target.locked);
    if (sharkey) relationship.following = true;
    const res = json(200, relationship);
    const headers = followsHeaders();
    const apiStates = [
      limiter.peek(THROTTLES.perTokenApi, call.token?.token ?? ''),
      limiter.peek(THROTTLES.authenticatedApi, user.id),
    ];
    if (Number(headers['x-ratelimit-remaining']) < Math.min(...apiStates.map((s) => s.remaining))) {
      Object.assign((res.headers ??= {}), headers);
    }
    return res;
  }

  /**
   * Follow records in the order they were made: Mastodon pages `following` by the Follow's id, newest first, and
   * its Link header carries that id (opaque to clients). The sandbox numbers records as it first sees them.
   */
  const followSeq = new WeakMap<Follow, number>();
  let nextSeq = 1;
  function seqOf(record: Follow): number {
    let seq = followSeq.get(record);
    if (seq === undefined) followSeq.set(record, (seq = nextSeq++));
    return seq;
  }

  /**
   * `GET /api/v1/accounts/:id/following`: accepted follows only (pending requests are not listed), newest first,
   * `limit` 40 by default and 80 at most, `max_id` / `since_id` cursors, and a Link header with `next` when the
   * page is full and `prev` when it is not empty (Api::V1::Accounts::FollowingAccountsController).
   */
  function following(call: Call, id: string): SbResponse {
    const denied = optionalToken(call, endpointScopes().readAccounts);
    if (denied) return denied;
    const account = store.state.accounts.get(id);
    if (!account || isSuspended(account.domain)) return json(404, { error: ERRORS.notFound });
    settleFollows();
    const limit = Math.min(
      Math.max(Number.parseInt(stringParam(call.params, 'limit') ?? '40', 10) || 40, 1),
      80,
    );
    const maxId = Number(stringParam(call.params, 'max_id') ?? Infinity);
    const sinceId = Number(stringParam(call.params, 'since_id') ?? 0);
    const records = [...store.state.follows.values()]
      .filter((record) => record.sourceId === id && !record.requested)
      .map((record) => [seqOf(record), record] as const)
      .filter(([seq]) => seq < maxId && seq > sinceId)
      .sort((a, b) => b[0] - a[0])
      .slice(0, limit);
    const accounts = records.flatMap(([, record]) => {
      const target = store.state.accounts.get(record.targetId);
      return target && !isSuspended(target.domain) ? [accountJson(target)] : [];
    });
    const res = json(200, accounts);
    const base = `https://${call.req.url.host}/api/v1/accounts/${id}/following`;
    const links: string[] = [];
    if (records.length === limit)
      links.push(`<${base}?limit=${limit}&max_id=${records.at(-1)![0]}>; rel="next"`);
    if (records.length > 0) links.push(`<${base}?limit=${limit}&since_id=${records[0]![0]}>; rel="prev"`);
    if (links.length > 0) (res.headers ??= {}).link = links.join(', ');
    return res;
  }

  function unfollow(call: Call, id: string): SbResponse {
    const pair = followTarget(call, id);
    if (!('target' in pair)) return pair;
    const { user, target } = pair;
    store.state.follows.delete(followKey(user.id, target.id));
    return json(200, serializeRelationship(target.id, undefined, false));
  }

  return { search, lookup, accountSearch, relationships, follow, unfollow, following };
}
