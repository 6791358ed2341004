import { browser } from 'wxt/browser';
import type { AccountSummary, Features, HomeServer } from './storage';
import type { InputProblem } from './server-input';
import type { OpenRequests } from './open-protocol';

/** The typed protocol between extension pages and the background. Secrets never cross it. */

export type ServerProblem =
  | { kind: 'input'; problem: InputProblem }
  | { kind: 'unreachable'; host: string }
  | { kind: 'timeout'; host: string }
  | { kind: 'not-mastodon'; host: string };

export type AccountState =
  | { status: 'none' }
  | { status: 'connected'; account: AccountSummary }
  | { status: 'reconnect'; account: AccountSummary };

export interface ExtensionState {
  server: HomeServer | null;
  account: AccountState;
  features: Features;
  /** False where `identity.launchWebAuthFlow` does not exist (Firefox for Android). */
  canConnect: boolean;
  /** Why the last sign-in failed, shown until the next attempt. */
  connectError: string | null;
  /** The all-sites permission that automatic redirects need is granted. */
  allSites: boolean;
}

export type ConnectResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'cancelled' | 'denied' | 'unsupported' | 'no-server' | 'rate-limited' | 'failed';
      message: string;
    };

export interface Requests {
  /** Re-reads the account from the server; a dead token turns the stored state into `reconnect`. */
  refreshAccount: { request: Record<string, never>; response: { ok: true } };
  setServer: {
    request: { input: string };
    response: { ok: true; server: HomeServer } | { ok: false; error: ServerProblem };
  };
  connect: { request: Record<string, never>; response: ConnectResult };
  disconnect: { request: Record<string, never>; response: { ok: true } };
  setFeatures: { request: Partial<Features>; response: Features };
  clearCaches: { request: Record<string, never>; response: { ok: true } };
  /** The toolbar's "Open on home.example": sends that tab to the Opening page for what it shows. */
  openTabAtHome: { request: { tabId: number }; response: { ok: true } };
  setNeverRedirect: { request: { hosts: string[] }; response: { hosts: string[] } };
}

/** Every request an extension page may make: its own, and the Opening page's. */
export type PageRequests = Requests & OpenRequests;

export type RequestType = keyof PageRequests;
export type Message = { [K in RequestType]: { type: K; payload: PageRequests[K]['request'] } }[RequestType];

export function send<K extends RequestType>(
  type: K,
  payload: PageRequests[K]['request'],
): Promise<PageRequests[K]['response']> {
  return browser.runtime.sendMessage({ type, payload }) as Promise<PageRequests[K]['response']>;
}
