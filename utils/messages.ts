import { browser } from 'wxt/browser';
import type { AccountSummary, Features, HomeServer } from './storage';
import type { InputProblem } from './server-input';
import type { OpenRequests } from './open-protocol';

/** The typed protocol between extension pages and the background. Secrets never cross it. */

/** The shape of every protocol here: per request type, its payload and its answer. */
type RequestTable<R> = Record<keyof R, { request: unknown; response: unknown }>;

/** A protocol's messages as they travel: `{ type, payload }`. */
export type MessageOf<R extends RequestTable<R>> = {
  [K in keyof R]: { type: K; payload: R[K]['request'] };
}[keyof R];

/** Sends one protocol's requests to the background, the payload and the answer typed by the request's type. */
export function typedSender<R extends RequestTable<R>>() {
  return <K extends keyof R & string>(type: K, payload: R[K]['request']): Promise<R[K]['response']> =>
    browser.runtime.sendMessage({ type, payload }) as Promise<R[K]['response']>;
}

/** Whether `value` is a message of the protocol whose types start with `prefix` ('follow:', 'people:'). */
export function hasTypePrefix(value: unknown, prefix: string): boolean {
  const type = (value as { type?: unknown } | null)?.type;
  return typeof type === 'string' && type.startsWith(prefix);
}

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
export type Message = MessageOf<PageRequests>;

export const send = typedSender<PageRequests>();
