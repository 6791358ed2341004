import { classifyWebfinger, type WebfingerAnswer } from './webfinger';
import { words } from '../i18n';
import type { NetworkHandle } from '../sites';
import { storageCache } from '../storage/cache';

/**
 * Whether an account is on the fediverse, known before the click: WebFinger from the background (the extension
 * has host permission for each network's WebFinger host), cached, bounded, and polite to the network.
 */

const HOUR = 60 * 60 * 1000;
/** An account that federates rarely stops; one that does not may turn sharing on any time, so ask again sooner. */
export const WEBFINGER_FOUND_TTL_MS = 24 * HOUR;
export const WEBFINGER_NOT_FOUND_TTL_MS = HOUR;
export const WEBFINGER_CACHE_SIZE = 500;
/** A page of search results can show dozens of profiles; a network should never see more than this at once. */
export const WEBFINGER_MAX_IN_FLIGHT = 4;
const WEBFINGER_TIMEOUT_MS = 5000;

type Known = Exclude<WebfingerAnswer, { kind: 'unknown' }>;

/** Keyed by handle (`user@domain`), so the networks share one bound. */
const cache = storageCache<Known>('local:webfinger', WEBFINGER_CACHE_SIZE);
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

async function ask({ network, user }: NetworkHandle): Promise<WebfingerAnswer> {
  const url = network.webfingerUrl(user);
  const host = new URL(url).hostname.replace(/^www\./, '');
  let response: Response;
  try {
    response = await fetch(url, {
      // Never the person's session on the site: the network must not learn who is looking.
      credentials: 'omit',
      headers: { accept: 'application/jrd+json, application/json' },
      signal: AbortSignal.timeout(WEBFINGER_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'unknown', reason: words('people_webfingerNoAnswer', { host }) };
  }
  const body: unknown = await response.json().catch(() => undefined);
  return classifyWebfinger(host, response.status, body);
}

async function lookUp(target: NetworkHandle): Promise<WebfingerAnswer> {
  const cached = await cache.get(target.handle);
  if (cached) return cached;
  const answer = await limited(() => ask(target));
  if (answer.kind === 'found') await cache.set(target.handle, answer, WEBFINGER_FOUND_TTL_MS);
  if (answer.kind === 'not-found') await cache.set(target.handle, answer, WEBFINGER_NOT_FOUND_TTL_MS);
  return answer;
}

/** What the network's WebFinger says about a handle; look-ups of the same handle share one request. */
export function webfinger(target: NetworkHandle): Promise<WebfingerAnswer> {
  let pending = inFlight.get(target.handle);
  if (!pending) {
    pending = lookUp(target).finally(() => inFlight.delete(target.handle));
    inFlight.set(target.handle, pending);
  }
  return pending;
}
