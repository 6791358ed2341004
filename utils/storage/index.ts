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
  /** `reconnect` once the server answered 401: the token is dead, the server setting stays. */
  status: 'connected' | 'reconnect';
}

export const accountItem = /* @__PURE__ */ storage.defineItem<AccountRecord | null>(WATCHED_KEYS.account, {
  fallback: null,
  version: 1,
});

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
