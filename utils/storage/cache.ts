import { storage, type StorageItemKey } from 'wxt/utils/storage';

interface Entry<T> {
  value: T;
  /** Epoch ms after which the entry is ignored. */
  expires: number;
  /** Epoch ms of the write: the oldest write goes first when the cache is full. */
  stored: number;
}

export interface TtlCache<T> {
  get(key: string): Promise<T | undefined>;
  /** Epoch ms when the entry under `key` stops counting, or undefined when there is none. */
  expiry(key: string): Promise<number | undefined>;
  set(key: string, value: T, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * A small key → value cache in extension storage (it survives the background being stopped), with a time to live
 * per entry and a bound on its size. Writes are queued so that concurrent look-ups never overwrite each other's
 * entries (storage has no transactions: each write is a read-modify-write of the whole record).
 */
const allCaches = new Set<StorageItemKey>();

/** Empties every cache made with storageCache (the options page's "Clear caches"). */
export async function clearAllCaches(): Promise<void> {
  await storage.removeItems([...allCaches]);
}

export function storageCache<T>(key: StorageItemKey, maxEntries: number): TtlCache<T> {
  allCaches.add(key);
  const item = storage.defineItem<Record<string, Entry<T>>>(key, { fallback: {}, version: 1 });
  let writes: Promise<void> = Promise.resolve();
  /** Changes waiting for the next write: many set() calls in a burst (a list's checks) cost one write. */
  let waiting: { change: (entries: Record<string, Entry<T>>) => void; done: (error?: unknown) => void }[] =
    [];

  async function flush(): Promise<void> {
    const batch = waiting;
    waiting = [];
    try {
      const entries = { ...(await item.getValue()) };
      for (const { change } of batch) change(entries);
      await item.setValue(entries);
      for (const { done } of batch) done();
    } catch (error) {
      // A failed write must not block the ones after it; its callers still see the error.
      for (const { done } of batch) done(error);
    }
  }

  function update(change: (entries: Record<string, Entry<T>>) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      if (waiting.length === 0) writes = writes.then(flush);
      waiting.push({ change, done: (error) => (error === undefined ? resolve() : reject(error)) });
    });
  }

  return {
    async get(name) {
      await writes;
      const entry = (await item.getValue())[name];
      return entry && entry.expires > Date.now() ? entry.value : undefined;
    },
    async expiry(name) {
      await writes;
      const entry = (await item.getValue())[name];
      return entry && entry.expires > Date.now() ? entry.expires : undefined;
    },
    set(name, value, ttlMs) {
      return update((entries) => {
        const now = Date.now();
        // Re-inserted at the end, so that equal timestamps still evict in write order.
        delete entries[name];
        entries[name] = { value, expires: now + ttlMs, stored: now };
        for (const [other, entry] of Object.entries(entries)) {
          if (entry.expires <= now) delete entries[other];
        }
        const names = Object.keys(entries);
        if (names.length <= maxEntries) return;
        names
          .sort((a, b) => (entries[a]?.stored ?? 0) - (entries[b]?.stored ?? 0))
          .slice(0, names.length - maxEntries)
          .forEach((old) => delete entries[old]);
      });
    },
    delete(name) {
      return update((entries) => {
        delete entries[name];
      });
    },
  };
}
