import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storageCache } from '@/utils/storage/cache';
import {
  webfinger,
  WEBFINGER_CACHE_SIZE,
  WEBFINGER_FOUND_TTL_MS,
  WEBFINGER_MAX_IN_FLIGHT,
  WEBFINGER_NOT_FOUND_TTL_MS,
} from '@/utils/fediverse/webfinger-check';
import { networkHandle } from '@/utils/sites';
import { fakeNetwork, type FakeNetwork } from './follow-fakes';

function threadsWebfinger(user: string) {
  const target = networkHandle(`${user}@threads.net`);
  if (!target) throw new Error(`not a Threads handle: ${user}`);
  return webfinger(target);
}

const START = Date.UTC(2025, 5, 1, 12, 0, 0);
let net: FakeNetwork;

beforeEach(() => {
  fakeBrowser.reset();
  // Only the clock: the TTLs read Date.now(), every timer stays real.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  net = fakeNetwork();
  vi.stubGlobal('fetch', net.fetch);
});

afterEach(() => {
  // A failed test must not leave requests hanging in the limiter for the next one.
  net.releaseWebfinger();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('webfinger, for Threads handles', () => {
  it('asks Threads without cookies and tells federated from not federated', async () => {
    net.addThreadsUser('juno.field');
    expect(await threadsWebfinger('juno.field')).toEqual({
      kind: 'found',
      actor: 'https://www.threads.net/ap/users/juno.field/',
    });
    expect(await threadsWebfinger('nobody')).toEqual({ kind: 'not-found' });
    expect(net.webfingerCalls().map((c) => [c.url.href, c.credentials])).toEqual([
      ['https://www.threads.net/.well-known/webfinger?resource=acct:juno.field@threads.net', 'omit'],
      ['https://www.threads.net/.well-known/webfinger?resource=acct:nobody@threads.net', 'omit'],
    ]);
  });

  it('keeps a found answer for 24 hours', async () => {
    net.addThreadsUser('juno.field');
    await threadsWebfinger('juno.field');
    vi.setSystemTime(START + WEBFINGER_FOUND_TTL_MS - 1);
    await threadsWebfinger('juno.field');
    expect(net.webfingerCalls()).toHaveLength(1);
    vi.setSystemTime(START + WEBFINGER_FOUND_TTL_MS);
    await threadsWebfinger('juno.field');
    expect(net.webfingerCalls()).toHaveLength(2);
  });

  it('keeps a not-found answer for 1 hour only, then sees the account opt in', async () => {
    expect(await threadsWebfinger('late.adopter')).toEqual({ kind: 'not-found' });
    net.addThreadsUser('late.adopter');
    vi.setSystemTime(START + WEBFINGER_NOT_FOUND_TTL_MS - 1);
    expect(await threadsWebfinger('late.adopter')).toEqual({ kind: 'not-found' });
    vi.setSystemTime(START + WEBFINGER_NOT_FOUND_TTL_MS);
    expect((await threadsWebfinger('late.adopter')).kind).toBe('found');
    expect(net.webfingerCalls()).toHaveLength(2);
  });

  it('does not cache failures', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('fetch failed')));
    expect(await threadsWebfinger('juno.field')).toEqual({
      kind: 'unknown',
      reason: "threads.net didn't answer",
    });
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('busy', { status: 503 })));
    expect(await threadsWebfinger('juno.field')).toEqual({
      kind: 'unknown',
      reason: 'threads.net answered 503',
    });
    vi.stubGlobal('fetch', net.fetch);
    net.addThreadsUser('juno.field');
    expect((await threadsWebfinger('juno.field')).kind).toBe('found');
  });

  it('shares one request between identical look-ups in flight', async () => {
    net.addThreadsUser('juno.field');
    const answers = await Promise.all([1, 2, 3].map(() => threadsWebfinger('juno.field')));
    expect(new Set(answers.map((a) => a.kind))).toEqual(new Set(['found']));
    expect(net.webfingerCalls()).toHaveLength(1);
  });

  it(`never has more than ${WEBFINGER_MAX_IN_FLIGHT} requests in flight`, async () => {
    const gate = net.holdWebfinger();
    const users = Array.from({ length: 10 }, (_, i) => `user${i}`);
    users.forEach((user) => net.addThreadsUser(user));
    const all = Promise.all(users.map((user) => threadsWebfinger(user)));
    for (let released = 0; released < users.length; released++) {
      const expected = Math.min(WEBFINGER_MAX_IN_FLIGHT, users.length - released);
      await vi.waitFor(() => expect(gate.waiting).toHaveLength(expected));
      expect(net.webfingerCalls()).toHaveLength(released + expected);
      gate.waiting.shift()?.();
    }
    expect((await all).every((a) => a.kind === 'found')).toBe(true);
    expect(net.webfingerCalls()).toHaveLength(users.length);
    expect(net.webfingerLoad.peak).toBe(WEBFINGER_MAX_IN_FLIGHT);
  });

  it(`remembers at most ${WEBFINGER_CACHE_SIZE} accounts, forgetting the oldest`, async () => {
    for (let i = 0; i <= WEBFINGER_CACHE_SIZE; i++) {
      vi.setSystemTime(START + i);
      await threadsWebfinger(`user${i}`);
    }
    const stored = await fakeBrowser.storage.local.get('webfinger');
    const entries = Object.keys(stored.webfinger as object);
    expect(entries).toHaveLength(WEBFINGER_CACHE_SIZE);
    expect(entries).not.toContain('user0@threads.net');
    await threadsWebfinger(`user${WEBFINGER_CACHE_SIZE}`);
    await threadsWebfinger('user0');
    expect(net.webfingerCalls()).toHaveLength(WEBFINGER_CACHE_SIZE + 2);
  });
});

describe('storageCache', () => {
  it('evicts the oldest write beyond its bound and drops expired entries', async () => {
    const cache = storageCache<number>('local:testCache', 2);
    await cache.set('a', 1, 1000);
    vi.setSystemTime(START + 1);
    await cache.set('b', 2, 1000);
    vi.setSystemTime(START + 2);
    await cache.set('a', 3, 1000);
    vi.setSystemTime(START + 3);
    await cache.set('c', 4, 1000);
    expect([await cache.get('a'), await cache.get('b'), await cache.get('c')]).toEqual([3, undefined, 4]);
    vi.setSystemTime(START + 1002);
    expect(await cache.get('a')).toBeUndefined();
    expect(await cache.get('c')).toBe(4);
  });

  it('loses no entry when writes overlap', async () => {
    const cache = storageCache<number>('local:testCache', 100);
    await Promise.all(Array.from({ length: 20 }, (_, i) => cache.set(`k${i}`, i, 1000)));
    const values = await Promise.all(Array.from({ length: 20 }, (_, i) => cache.get(`k${i}`)));
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
