import { browser } from 'wxt/browser';
import type { AccountSummary, Features, HomeServer } from './storage';
import type { InputProblem } from './server-input';

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
}

export type RequestType = keyof Requests;
export type Message = { [K in RequestType]: { type: K; payload: Requests[K]['request'] } }[RequestType];

export function send<K extends RequestType>(
  type: K,
  payload: Requests[K]['request'],
): Promise<Requests[K]['response']> {
  return browser.runtime.sendMessage({ type, payload }) as Promise<Requests[K]['response']>;
}
