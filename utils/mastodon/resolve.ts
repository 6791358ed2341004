import { MastoHttpError } from 'masto';
import { budgetOf, clientFor } from './client';
import { metered } from './rate-budget';
import type { HomeObject } from './web-ui';

/** "Open it at home": what the home server makes of a post or profile URL from another server. */

/**
 * `acct` is `user` for a local author, `user@domain` for a remote one, as the server's API gives it. `uri`: the
 * object's ActivityPub id as the server stored it, when it says one (an account's `uri` is Mastodon 4.2+); the
 * server followed redirects to get it, so its host may differ from the address asked for.
 */
export type ResolvedOnHome = HomeObject & { uri?: string };

// Both end up in a path of the server's web UI: nothing in them may leave their path segment.
const ACCT = /^[^\s/?#@%\\]+(@[^\s/?#@%\\]+)?$/u;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function unreadable(what: string): Error {
  // A plain Error, not a TypeError: describeFailure reads TypeErrors as a failed connection.
  return new Error(`search answered ${what}`);
}

/** A field of a JSON value that may not be an object at all: masto passes the server's answer on unchecked. */
function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function listOf(value: unknown, name: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw unreadable(`${name} that is not a list`);
  return value;
}

function uriOf(entity: unknown): { uri?: string } {
  const uri = field(entity, 'uri');
  return typeof uri === 'string' && /^https:\/\/[^/?#]/i.test(uri) && URL.canParse(uri) ? { uri } : {};
}

/** Mastodon's snowflakes, GoToSocial's ULIDs, Akkoma's flake ids, Misskey's aid: all fit one path segment. */
function idOf(entity: unknown, what: string): string {
  const id = field(entity, 'id');
  if (typeof id !== 'string' || !ID.test(id)) throw unreadable(`${what} without a usable id`);
  return id;
}

function acctOf(account: unknown): string {
  const acct = field(account, 'acct');
  // `.` or `..` as the user would be read as a path step where the acct is one segment.
  if (typeof acct !== 'string' || !ACCT.test(acct) || /^\.\.?(@|$)/.test(acct))
    throw unreadable('an account without a usable acct');
  return acct;
}

/**
 * Resolves a post or profile URL on the home server: it fetches the object over ActivityPub and stores it, so the
 * answer carries the server's own ids. No `type`, since a URL may be either. Null when the server finds nothing:
 * it swallows fetch failures and answers a suspended domain with 200 and empty lists (docs/home-server.md §4).
 * A URL query with `resolve` answers only the resolved object, never fuzzy matches (Mastodon's SearchService
 * `url_query?` branch), so the first result is the one asked for.
 */
export async function resolveOnHome(
  host: string,
  token: string,
  q: string,
  options: { v2StatusSearch?: boolean } = {},
): Promise<ResolvedOnHome | null> {
  // Sharkey's v2 search answers accounts only; its v1 search still finds posts (docs/home-software.md).
  // An older one without v1 search answers 404, and v2 is asked as everywhere else.
  if (options.v2StatusSearch === false) {
    const posts: unknown = await metered(budgetOf(host, token), () =>
      clientFor(host, token).v1.search.list.$raw({ q, type: 'statuses', resolve: true, limit: 1 }),
    ).catch((error: unknown) => {
      if (error instanceof MastoHttpError && error.statusCode === 404) return null;
      throw error;
    });
    const found = posts === null ? null : statusIn(posts);
    if (found) return found;
  }
  const result: unknown = await metered(budgetOf(host, token), () =>
    clientFor(host, token).v2.search.list.$raw({ q, resolve: true, limit: 1 }),
  );
  const found = statusIn(result);
  if (found) return found;
  const [account] = listOf(field(result, 'accounts'), 'accounts');
  if (account === undefined) return null;
  return { kind: 'account', acct: acctOf(account), id: idOf(account, 'an account'), ...uriOf(account) };
}

/** The first status of a search answer, if any. */
function statusIn(result: unknown): ResolvedOnHome | null {
  if (typeof result !== 'object' || result === null) throw unreadable('something that is not an object');
  const [status] = listOf(field(result, 'statuses'), 'statuses');
  if (status === undefined) return null;
  return {
    kind: 'status',
    acct: acctOf(field(status, 'account')),
    id: idOf(status, 'a status'),
    ...uriOf(status),
  };
}
