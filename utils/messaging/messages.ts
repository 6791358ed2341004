import { browser } from 'wxt/browser';

/**
 * The typed messages between Homeward's pages and scripts and the background. Each feature declares its own
 * protocol (utils/follow/protocol.ts, utils/open-at-home/protocol.ts, utils/people/protocol.ts,
 * utils/settings/protocol.ts) with these helpers, and its routes on the background's bus (bus.ts). Secrets never
 * cross it.
 */

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
