import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { storageCache } from '@/utils/storage/cache';

beforeEach(() => {
  fakeBrowser.reset();
});

describe('storageCache', () => {
  it('keeps every entry of a burst of writes, in one storage write per burst', async () => {
    const cache = storageCache<number>('local:testBurst', 1000);
    const writes = vi.spyOn(fakeBrowser.storage.local, 'set');
    await Promise.all(Array.from({ length: 200 }, (_, i) => cache.set(`k${i}`, i, 60_000)));
    for (const i of [0, 99, 199]) expect(await cache.get(`k${i}`)).toBe(i);
    // The first set writes at once; the 199 made meanwhile wait for it and go together.
    expect(writes.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('applies changes in the order they were asked for', async () => {
    const cache = storageCache<string>('local:testOrder', 10);
    const set = cache.set('a', 'first', 60_000);
    const removed = cache.delete('a');
    const again = cache.set('a', 'last', 60_000);
    await Promise.all([set, removed, again]);
    expect(await cache.get('a')).toBe('last');
  });

  it('evicts the oldest writes beyond its bound, and expired entries', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const cache = storageCache<number>('local:testBound', 3);
      for (let i = 0; i < 5; i++) {
        vi.setSystemTime(1000 + i);
        await cache.set(`k${i}`, i, 60_000);
      }
      expect(await cache.get('k0')).toBeUndefined();
      expect(await cache.get('k1')).toBeUndefined();
      expect(await cache.get('k4')).toBe(4);
      vi.setSystemTime(1000 + 60_001 + 4);
      expect(await cache.get('k4')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects the callers of a failed write, and the next write still happens', async () => {
    const cache = storageCache<number>('local:testFail', 10);
    const set = vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('quota'));
    await expect(cache.set('a', 1, 60_000)).rejects.toThrow('quota');
    set.mockRestore();
    await cache.set('b', 2, 60_000);
    expect(await cache.get('b')).toBe(2);
  });
});
