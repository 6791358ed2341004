import { describe, expect, it, vi } from 'vitest';
import { words } from '@/utils/i18n';
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
import { backgroundTest, START, THREADS_WEBFINGER_HOST } from './background';

function threadsWebfinger(user: string) {
  const target = networkHandle(`${user}@threads.net`);
  if (!target) throw new Error(`not a Threads handle: ${user}`);
  return webfinger(target);
}

// Only the clock: the TTLs read Date.now(), every timer stays real. After each test the gates open, so a failed
// test leaves no request hanging in the limiter for the next one.
const bg = backgroundTest();
const { webfingerCalls } = bg;
/** Federated accounts of the sandbox's Threads (sandbox/remote/threads-accounts.ts). */
const FEDERATED = [
  'juno.field',
  'quiet.harbor',
  'vesper.studio',
  'leo.longname',
  'ivy.private',
  'mika.sails',
  'oren.bakes',
  'tala.draws',
  'bruno.runs',
  'lia.codes',
];

describe('webfinger, for Threads handles', () => {
  it('asks Threads without cookies and tells federated from not federated', async () => {
    // The browser holds a Threads session: it must not go with the look-up.
    bg.world.setCookie(THREADS_WEBFINGER_HOST, 'sessionid', 'the-threads-session');
    expect(await threadsWebfinger('juno.field')).toEqual({
      kind: 'found',
      actor: 'https://www.threads.net/ap/users/63055340101/',
    });
    expect(await threadsWebfinger('nobody')).toEqual({ kind: 'not-found' });
    expect(webfingerCalls().map((c) => [c.url.href, c.credentials, c.cookies])).toEqual([
      ['https://www.threads.net/.well-known/webfinger?resource=acct:juno.field@threads.net', 'omit', false],
      ['https://www.threads.net/.well-known/webfinger?resource=acct:nobody@threads.net', 'omit', false],
    ]);
  });

  it('keeps a found answer for 24 hours', async () => {
    await threadsWebfinger('juno.field');
    vi.setSystemTime(START + WEBFINGER_FOUND_TTL_MS - 1);
    await threadsWebfinger('juno.field');
    expect(webfingerCalls()).toHaveLength(1);
    vi.setSystemTime(START + WEBFINGER_FOUND_TTL_MS);
    await threadsWebfinger('juno.field');
    expect(webfingerCalls()).toHaveLength(2);
  });

  it('keeps a not-found answer for 1 hour only, then sees the account opt in', async () => {
    expect(await threadsWebfinger('nora.offgrid')).toEqual({ kind: 'not-found' });
    await bg.threads('nora.offgrid', { fediverse: true });
    vi.setSystemTime(START + WEBFINGER_NOT_FOUND_TTL_MS - 1);
    expect(await threadsWebfinger('nora.offgrid')).toEqual({ kind: 'not-found' });
    vi.setSystemTime(START + WEBFINGER_NOT_FOUND_TTL_MS);
    expect((await threadsWebfinger('nora.offgrid')).kind).toBe('found');
    expect(webfingerCalls()).toHaveLength(2);
  });

  it('does not cache failures', async () => {
    bg.fail({ host: THREADS_WEBFINGER_HOST, refuse: true });
    expect(await threadsWebfinger('juno.field')).toEqual({
      kind: 'unknown',
      reason: words('people_webfingerNoAnswer', { host: 'threads.net' }),
    });
    bg.fail({ host: THREADS_WEBFINGER_HOST, status: 503 });
    expect(await threadsWebfinger('juno.field')).toEqual({
      kind: 'unknown',
      reason: words('people_webfingerStatus', { host: 'threads.net', status: '503' }),
    });
    bg.heal();
    expect((await threadsWebfinger('juno.field')).kind).toBe('found');
    expect(webfingerCalls().map((c) => c.status)).toEqual([0, 503, 200]);
  });

  it('shares one request between identical look-ups in flight', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => threadsWebfinger('juno.field')));
    expect(new Set(answers.map((a) => a.kind))).toEqual(new Set(['found']));
    expect(webfingerCalls()).toHaveLength(1);
  });

  it(`never has more than ${WEBFINGER_MAX_IN_FLIGHT} requests in flight`, async () => {
    const gate = bg.hold({ host: THREADS_WEBFINGER_HOST, pathPrefix: '/.well-known/webfinger' });
    const users = FEDERATED;
    const all = Promise.all(users.map((user) => threadsWebfinger(user)));
    for (let released = 0; released < users.length; released++) {
      const expected = Math.min(WEBFINGER_MAX_IN_FLIGHT, users.length - released);
      await vi.waitFor(() => expect(gate.waiting).toBe(expected));
      expect(webfingerCalls()).toHaveLength(released + expected);
      gate.releaseOne();
    }
    expect((await all).every((a) => a.kind === 'found')).toBe(true);
    expect(webfingerCalls()).toHaveLength(users.length);
    expect(gate.peak).toBe(WEBFINGER_MAX_IN_FLIGHT);
    expect(bg.world.peakInFlight((c) => c.host === THREADS_WEBFINGER_HOST)).toBe(WEBFINGER_MAX_IN_FLIGHT);
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
    expect(webfingerCalls()).toHaveLength(WEBFINGER_CACHE_SIZE + 2);
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
