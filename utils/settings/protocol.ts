import type { AccountSummary, Features, HomeServer, WebClient } from '../storage';
import type { Locale } from '../i18n/locales';
import type { Words } from '../i18n';
import type { InputProblem } from '../fediverse/server-input';
import type { ConnectResult } from '../mastodon/account';
import { typedSender } from '../messaging/messages';

/** What the popup, the options page and the welcome page ask of the background, and what they show. */

export type ServerProblem =
  | { kind: 'input'; problem: InputProblem }
  | { kind: 'unreachable'; host: string }
  | { kind: 'timeout'; host: string }
  | { kind: 'not-mastodon'; host: string };

export type AccountState =
  | { status: 'none' }
  | { status: 'connected'; account: AccountSummary }
  | { status: 'reconnect'; account: AccountSummary };

/** One connected account, as the settings list them. */
export interface AccountEntry {
  key: string;
  host: string;
  status: 'connected' | 'reconnect';
  account: AccountSummary;
  /** The first on the home server: what the follow button, Bring my people and Open it at home use. */
  isDefault: boolean;
}

export interface ExtensionState {
  server: HomeServer | null;
  /** The default account: the first connected one on the home server. */
  account: AccountState;
  /** Every connected account, in the person's order. */
  accounts: AccountEntry[];
  features: Features;
  /** False where `identity.launchWebAuthFlow` does not exist (Firefox for Android). */
  canConnect: boolean;
  /** Why the last sign-in failed, shown until the next attempt. */
  connectError: Words | null;
  /** The all-sites permission that automatic redirects need is granted. */
  allSites: boolean;
  /** Where "home" opens; null: the server's own web UI. */
  webClient: WebClient | null;
}

export interface SettingsRequests {
  /** Re-reads the account from the server; a dead token turns the stored state into `reconnect`. */
  refreshAccount: { request: Record<string, never>; response: { ok: true } };
  setServer: {
    request: { input: string };
    response: { ok: true; server: HomeServer } | { ok: false; error: ServerProblem };
  };
  /** Connects an account on the home server, or (`server`, as the person typed it) on another one. */
  connect: { request: { server?: string }; response: ConnectResult };
  /** Disconnects the account `key` names, or the default one. */
  disconnect: { request: { key?: string }; response: { ok: true } };
  /** The accounts in this order (the first on the home server is the default); unknown keys are ignored. */
  orderAccounts: { request: { keys: string[] }; response: { ok: true } };
  /** Makes an account the default: its server becomes the home server, and it goes first. */
  makeDefault: {
    request: { key: string };
    response: { ok: true; server: HomeServer } | { ok: false; error: ServerProblem };
  };
  setFeatures: { request: Partial<Features>; response: Features };
  clearCaches: { request: Record<string, never>; response: { ok: true } };
  /** The toolbar's "Open on home.example": sends that tab to the Opening page for what it shows. */
  openTabAtHome: { request: { tabId: number }; response: { ok: true } };
  /** The toolbar's "Share on home.example": a new post at home with that tab's title and address. */
  shareTab: { request: { tabId: number }; response: { ok: boolean } };
  setNeverRedirect: { request: { hosts: string[] }; response: { hosts: string[] } };
  /** Whether `web+ap://` links open at home (Firefox's handler); off, they open as their https address. */
  setWebAp: { request: { on: boolean }; response: { on: boolean } };
  /** Where "home" opens: a web client, or null for the server's own web UI. */
  setWebClient: { request: { client: WebClient | null }; response: { client: WebClient | null } };
  /** The language Homeward speaks: one of its catalogues, or null for the browser's own. */
  setLanguage: { request: { language: Locale | null }; response: { language: Locale | null } };
}

export const send = typedSender<SettingsRequests>(['refreshAccount']);
