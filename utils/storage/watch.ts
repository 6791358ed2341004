import { browser } from 'wxt/browser';

/** Where the items the content script watches live (`area:key`, WXT's form): utils/storage/index.ts defines them here. */
export const WATCHED_KEYS = {
  features: 'sync:features',
  homeServer: 'sync:homeServer',
  account: 'local:account',
} as const;

type StoredKey = (typeof WATCHED_KEYS)[keyof typeof WATCHED_KEYS];

/**
 * Calls `listener` with the new value of `key` each time it changes (undefined once removed), straight from
 * `storage.onChanged`. The Threads and Instagram script only needs to hear of changes, and WXT's storage module,
 * with its versions and migrations, would cost it about 3 KB gzipped of its 25 (`npm run bench`, content script).
 * Returns the unwatch.
 */
export function watchStored(key: StoredKey, listener: (value: unknown) => void): () => void {
  const [area, name] = key.split(':') as ['local' | 'sync', string];
  const onChanged = (
    changes: Record<string, { oldValue?: unknown; newValue?: unknown }>,
    changedArea: string,
  ) => {
    const change = changes[name];
    if (changedArea !== area || !change) return;
    // Firefox reports a value written again unchanged (the popup's account refresh does that); WXT's watch skips
    // those, and so does this: a follow button would otherwise check again each time the popup opens.
    if (JSON.stringify(change.oldValue) === JSON.stringify(change.newValue)) return;
    // A removal has no newValue in the browsers (null in WXT's fake browser): undefined either way.
    listener(change.newValue ?? undefined);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
