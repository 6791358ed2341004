import { storage } from 'wxt/utils/storage';
import { WATCHED_KEYS } from './watch';
import type { Words } from '../i18n';
import type { Locale } from '../i18n/locales';

/**
 * Every value Homeward stores, versioned. The home server and feature switches follow the person across their
 * browsers (the sync area).
 * Nothing here is secret: Homeward's content scripts can read every storage area. Client secrets and access tokens
 * are kept by the background alone, in the extension's own IndexedDB (utils/storage/secrets.ts).
 */

export interface HomeServer {
  /** The web domain the API and web UI live on, lower case, IDN as punycode (e.g. `social.wd.example`). */
  host: string;
  /** The domain in handles when it differs from `host` (Mastodon's LOCAL_DOMAIN vs WEB_DOMAIN). */
  localDomain: string;
  title: string;
  /** From nodeinfo, e.g. `mastodon`, `gotosocial`; `unknown` when the server offers no nodeinfo. */
  software: string;
  version: string;
  /**
   * The handle typed into Home server (`user@localDomain`), when one was: whose WebFinger answer names the server's
   * intents before an account is connected (utils/mastodon/home-intents.ts).
   */
  handle?: string;
}

export const homeServerItem = /* @__PURE__ */ storage.defineItem<HomeServer | null>(WATCHED_KEYS.homeServer, {
  fallback: null,
  version: 1,
});

export interface Features {
  followButtons: boolean;
  openAtHome: boolean;
}

export const featuresItem = /* @__PURE__ */ storage.defineItem<Features>(WATCHED_KEYS.features, {
  fallback: { followButtons: true, openAtHome: false },
  version: 1,
});

/**
 * Sites whose links always open as they are, never on the home server (options page). Host names, lower case;
 * a listed host also covers its subdomains.
 */
/**
 * Whether `web+ap://` links open at home (options page; Firefox, whose manifest names Homeward their handler). Off:
 * they open as the https address they stand for.
 */
export const webApItem = /* @__PURE__ */ storage.defineItem<boolean>('sync:webAp', {
  fallback: true,
  version: 1,
});

export const neverRedirectItem = /* @__PURE__ */ storage.defineItem<string[]>('sync:neverRedirect', {
  fallback: [],
  version: 1,
});

/**
 * Where "home" opens (options page): the server's own web UI (null, the default where it has one) or a web client
 * signed in to the same server. `host` lets a self-hosted copy of Elk or Phanpy work; a custom client gives its
 * own address patterns (utils/mastodon/web-ui.ts).
 */
export type WebClient =
  | { kind: 'elk'; host: string }
  | { kind: 'phanpy'; host: string }
  | { kind: 'custom'; post: string; profile: string };

export const webClientItem = /* @__PURE__ */ storage.defineItem<WebClient | null>('sync:webClient', {
  fallback: null,
  version: 1,
});

export interface AccountSummary {
  id: string;
  username: string;
  /** `user@host`, always with the server's local domain. */
  handle: string;
  displayName: string;
  avatar: string;
  url: string;
}

/** What pages may show of the connection: who is connected, and whether the token still works. No secrets. */
export interface AccountRecord {
  host: string;
  account: AccountSummary;
  /** Its server as checked when it was connected (absent for accounts connected before several were possible). */
  server?: HomeServer;
  /** `reconnect` once the server answered 401: the token is dead, the server setting stays. */
  status: 'connected' | 'reconnect';
}

/** An account's stable name among the connected ones: its server and its id there. Not secret. */
export function accountKey(record: { host: string; account: { id: string } }): string {
  return `${record.host} ${record.account.id}`;
}

/**
 * The connected accounts, in the person's order; the first on the home server is the one the follow button,
 * Bring my people and Open it at home use (utils/mastodon/session.ts). Each has its own token
 * (utils/storage/secrets.ts, by `accountKey`).
 *
 * Version 2 (several accounts): version 1 held the one connected account, or null. Its migration keeps that account
 * as the only one; its token moves the first time it is asked for (utils/mastodon/session.ts `credentialsOf`).
 */
export const accountsItem = /* @__PURE__ */ storage.defineItem<AccountRecord[]>(WATCHED_KEYS.account, {
  fallback: [],
  version: 2,
  migrations: {
    2: (stored: unknown): AccountRecord[] => asAccounts(stored),
  },
});

/**
 * Version 1's one record, or version 2's list, as a list. A list is already version 2: WXT writes the version beside
 * a value only once per page, so a list written after storage was cleared under a running page comes without it;
 * and WXT migrates when an item is defined, so a page that defined it earlier reads version 1 as it was.
 */
export function asAccounts(stored: unknown): AccountRecord[] {
  const records: unknown[] = Array.isArray(stored) ? stored : [stored];
  const seen = new Set<string>();
  return records.filter(isAccountRecord).flatMap((record) => {
    const key = accountKey(record);
    if (seen.has(key)) return [];
    seen.add(key);
    // A server that is not the record's own, or not a server's shape, is dropped: storage.local is writable by
    // content scripts, and the server decides where a page is sent (docs/security.md).
    const { server, ...rest } = record;
    return [isServerOf(server, record.host) ? { ...rest, server } : rest];
  });
}

function isServerOf(server: unknown, host: string): server is HomeServer {
  const s = server as Partial<Record<keyof HomeServer, unknown>> | null | undefined;
  return (
    typeof s === 'object' &&
    s !== null &&
    s.host === host &&
    (['localDomain', 'title', 'software', 'version'] as const).every((field) => typeof s[field] === 'string')
  );
}

/** What a stored account record must look like: content scripts can write storage.local, so it is checked. */
export function isAccountRecord(value: unknown): value is AccountRecord {
  const record = value as Partial<AccountRecord> | null;
  const account = record?.account as Partial<AccountSummary> | undefined;
  return (
    typeof record === 'object' &&
    record !== null &&
    typeof record.host === 'string' &&
    (record.status === 'connected' || record.status === 'reconnect') &&
    typeof account === 'object' &&
    account !== null &&
    (['id', 'username', 'handle', 'displayName', 'avatar', 'url'] as const).every(
      (field) => typeof account[field] === 'string',
    )
  );
}

/**
 * The default account among `accounts`: the first one on the home server (`host`, or a server's record). The one
 * rule every reader uses: the background's sessions, the settings, the People and Opening pages.
 */
export function defaultAccount(
  server: Pick<HomeServer, 'host'> | string | null | undefined,
  accounts: readonly AccountRecord[],
): AccountRecord | undefined {
  const host = typeof server === 'string' ? server : server?.host;
  return host ? accounts.find((record) => record.host === host) : undefined;
}

/** The stored accounts that are well formed, each once. */
export async function readAccounts(): Promise<AccountRecord[]> {
  return asAccounts(await accountsItem.getValue());
}

/**
 * The secrets of a connection. Only the background reads them, from utils/storage/secrets.ts (never a storage
 * area); they never leave this browser.
 */
export interface Credentials {
  host: string;
  clientId: string;
  clientSecret: string;
  accessToken: string;
  scope: string;
}

/**
 * Why the last sign-in failed, for the next time the popup opens (the popup that started it has closed): words,
 * worded in the popup's language. Builds before Homeward spoke other languages stored English text here; readers
 * show only words (utils/settings/state.ts), and the next try replaces it.
 */
export const connectErrorItem = /* @__PURE__ */ storage.defineItem<Words | string | null>(
  'local:connectError',
  {
    fallback: null,
    version: 1,
  },
);

/**
 * The language the person chose on the options page, or null for the browser's own (utils/i18n/locales.ts). It
 * follows the person across browsers, like the other settings.
 */
export const languageItem = /* @__PURE__ */ storage.defineItem<Locale | null>('sync:language', {
  fallback: null,
  version: 1,
});

/** An OAuth app registered on a server (kept with the secrets: utils/storage/secrets.ts). */
export interface RegisteredApp {
  clientId: string;
  clientSecret: string;
  scopes: string;
}

/**
 * The agreement version (utils/settings/first-run.ts) the person last saw: what Homeward asks of them, so that an update can
 * say what changed. Null before the first install has recorded one.
 */
export const agreementItem = /* @__PURE__ */ storage.defineItem<number | null>('local:agreement', {
  fallback: null,
  version: 1,
});
