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

/**
 * Every answer of every protocol is an object. Anything else is a message the background never answered: Chromium
 * stopped its service worker while it woke up or answered (docs/architecture.md, "When the background stops
 * mid-answer"), and the sender gets nothing instead of an error.
 */
export class NoAnswerError extends Error {
  constructor(type: string) {
    super(`the background did not answer ${type}`);
    this.name = 'NoAnswerError';
  }
}

/**
 * Sends one protocol's requests to the background, the payload and the answer typed by the request's type. A
 * message that fails or is answered with nothing rejects. The request types in `reads` only read (asking twice
 * changes nothing), so one of them that fails is sent once more: the new message starts a stopped background again.
 * Anything that acts is sent once; its caller knows whether asking again is safe.
 */
export function typedSender<R extends RequestTable<R>>(reads: readonly (keyof R & string)[] = []) {
  const again = new Set<string>(reads);
  const once = async <K extends keyof R & string>(type: K, payload: R[K]['request']) => {
    const answer: unknown = await browser.runtime.sendMessage({ type, payload });
    if (typeof answer !== 'object' || answer === null) throw new NoAnswerError(type);
    return answer as R[K]['response'];
  };
  return <K extends keyof R & string>(type: K, payload: R[K]['request']): Promise<R[K]['response']> => {
    const first = once(type, payload);
    return again.has(type) ? first.catch(() => once(type, payload)) : first;
  };
}
