import { classifyWebfinger, threadsWebfingerUrl, type WebfingerAnswer } from '../fediverse/webfinger';
import { storageCache } from './cache';

/**
 * Whether a Threads account is on the fediverse, known before the click: WebFinger from the background (the
 * extension has host permission for threads.net), cached, bounded, and polite to Threads.
 */

const HOUR = 60 * 60 * 1000;
/** An account that federates rarely stops; one that does not may turn sharing on any time, so ask again sooner. */
export const WEBFINGER_FOUND_TTL_MS = 24 * HOUR;
export const WEBFINGER_NOT_FOUND_TTL_MS = HOUR;
export const WEBFINGER_CACHE_SIZE = 500;
/** A page of search results can show dozens of profiles; Threads should never see more than this at once. */
export const WEBFINGER_MAX_IN_FLIGHT = 4;
const WEBFINGER_TIMEOUT_MS = 5000;

type Known = Exclude<WebfingerAnswer, { kind: 'unknown' }>;

const cache = storageCache<Known>('local:threadsWebfinger', WEBFINGER_CACHE_SIZE);
const inFlight = new Map<string, Promise<WebfingerAnswer>>();
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= WEBFINGER_MAX_IN_FLIGHT) await new Promise<void>((start) => waiting.push(start));
  else running++;
  try {
    return await task();
  } finally {
    // The slot passes straight to the next waiter, so `running` never dips and lets a newcomer jump the queue.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

async function ask(user: string): Promise<WebfingerAnswer> {
  let response: Response;
  try {
    response = await fetch(threadsWebfingerUrl(user), {
      // Never the person's Threads/Instagram session: Threads must not learn who is looking.
      credentials: 'omit',
      headers: { accept: 'application/jrd+json, application/json' },
      signal: AbortSignal.timeout(WEBFINGER_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'unknown', reason: "threads.net didn't answer" };
  }
  const body: unknown = await response.json().catch(() => undefined);
  return classifyWebfinger(response.status, body);
}

async function lookUp(user: string): Promise<WebfingerAnswer> {
  const cached = await cache.get(user);
  if (cached) return cached;
  const answer = await limited(() => ask(user));
  if (answer.kind === 'found') await cache.set(user, answer, WEBFINGER_FOUND_TTL_MS);
  if (answer.kind === 'not-found') await cache.set(user, answer, WEBFINGER_NOT_FOUND_TTL_MS);
  return answer;
}

/** What Threads' WebFinger says about `user` (a Threads username); look-ups of the same user share one request. */
export function threadsWebfinger(user: string): Promise<WebfingerAnswer> {
  let pending = inFlight.get(user);
  if (!pending) {
    pending = lookUp(user).finally(() => inFlight.delete(user));
    inFlight.set(user, pending);
  }
  return pending;
}
