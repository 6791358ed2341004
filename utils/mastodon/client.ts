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

let lastClient: { host: string; token: string; client: mastodon.rest.Client } | undefined;

/**
 * The client for the connected account's token, made once and reused by every feature (a new token, after a
 * reconnect or on another server, makes a new one and drops the old).
 */
export function clientFor(host: string, token: string): mastodon.rest.Client {
  if (lastClient?.host !== host || lastClient.token !== token) {
    // The server counts requests per token: a new connection starts with a budget of its own.
    if (lastClient) homeBudget.clear();
    lastClient = { host, token, client: restClient(host, token) };
  }
  return lastClient.client;
}

/** After a disconnect or a revoked token: the client (and the token in it) is not kept in memory. */
export function forgetClient(): void {
  lastClient = undefined;
  // The server counts requests per token: the next one starts afresh.
  homeBudget.clear();
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
