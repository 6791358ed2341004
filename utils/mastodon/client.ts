import {
  createOAuthAPIClient,
  createRestAPIClient,
  MastoHttpError,
  MastoTimeoutError,
  type mastodon,
} from 'masto';
import { homeBudget } from './rate-budget';

/** Every request to a home server gives up after this long: a hanging server must never hang the UI. */
export const REQUEST_TIMEOUT_MS = 5000;

// The home server's API answers CORS `*` and never needs cookies (docs/home-server.md §9): sending the web
// session cookie along would only leak it.
const requestInit: RequestInit = { credentials: 'omit', cache: 'no-store' };

export function restClient(host: string, accessToken?: string): mastodon.rest.Client {
  return createRestAPIClient({
    url: `https://${host}`,
    accessToken,
    timeout: REQUEST_TIMEOUT_MS,
    requestInit,
  });
}

/** One client per connected account's token (several accounts: utils/mastodon/session.ts), by host and token. */
const clients = new Map<string, mastodon.rest.Client>();
/** Whose budget a token's requests count against: its account's key (session.ts names them), never the token. */
const budgets = new Map<string, string>();

/**
 * The rate budget (rate-budget.ts) requests made with `token` on `host` count against: the server counts per
 * token and per account, so each connected account has its own. Named by the account's key, which is not secret
 * (it is kept with a 429's end in storage.local); a token no session named yet, or none, counts as the server's.
 */
export function budgetOf(host: string, token?: string): string {
  return (token && budgets.get(token)) ?? host;
}

/**
 * Session.ts: requests with `token` count against the budget `key` (an account's key). A new token for the account
 * (a reconnect) starts it afresh: the server counts per token.
 */
export function nameBudget(token: string, key: string): void {
  if (budgets.get(token) === key) return;
  for (const [other, named] of budgets)
    if (named === key && other !== token) {
      budgets.delete(other);
      homeBudget.clear(key);
    }
  budgets.set(token, key);
}

/** The client for a connected account's token, made once and reused by every feature. */
export function clientFor(host: string, token: string): mastodon.rest.Client {
  const key = `${host} ${token}`;
  let client = clients.get(key);
  if (!client) {
    client = restClient(host, token);
    clients.set(key, client);
  }
  return client;
}

/**
 * After a disconnect or a revoked token: that token's client (and the token in it) is not kept in memory; without
 * one, none is. The server counts requests per token: the next connection starts afresh.
 */
export function forgetClient(token?: string): void {
  for (const key of [...clients.keys()])
    if (token === undefined || key.endsWith(` ${token}`)) clients.delete(key);
  if (token === undefined) {
    budgets.clear();
    homeBudget.clear();
    return;
  }
  const budget = budgets.get(token);
  budgets.delete(token);
  if (budget !== undefined) homeBudget.clear(budget);
}

export function oauthClient(host: string): mastodon.oauth.Client {
  return createOAuthAPIClient({ url: `https://${host}`, timeout: REQUEST_TIMEOUT_MS, requestInit });
}

export type Failure =
  | { kind: 'http'; status: number; message: string }
  | { kind: 'timeout' }
  | { kind: 'network' }
  | { kind: 'unexpected'; message: string };

/** What went wrong with a call, as a value the UI can show. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof MastoHttpError)
    return { kind: 'http', status: error.statusCode, message: error.message };
  if (error instanceof MastoTimeoutError) return { kind: 'timeout' };
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'timeout' };
  }
  // fetch rejects with a TypeError when the connection fails or a CORS check fails.
  if (error instanceof TypeError) return { kind: 'network' };
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error) };
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof MastoHttpError && error.statusCode === 401;
}
