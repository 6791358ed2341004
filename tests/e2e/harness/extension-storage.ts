import type { StorageArea } from './session';

/** The part of the extension storage API the harness uses, as seen from a page of the extension's origin. */
interface StorageApi {
  storage: Record<
    StorageArea,
    {
      get(keys: null): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      clear(): Promise<void>;
    }
  >;
}

// These run inside an extension page (they are serialized, so they reference nothing outside themselves and
// declare no named inner functions: tsx's keepNames would wrap those in a `__name` helper the page lacks).
// Firefox has `browser`, Chromium `chrome`; both return promises in MV3.

export const readStorage = (area: StorageArea): Promise<Record<string, unknown>> => {
  const g = globalThis as { browser?: StorageApi; chrome?: StorageApi };
  return (g.browser ?? g.chrome)!.storage[area].get(null);
};

export const writeStorage = ([area, items]: [StorageArea, Record<string, unknown>]): Promise<void> => {
  const g = globalThis as { browser?: StorageApi; chrome?: StorageApi };
  return (g.browser ?? g.chrome)!.storage[area].set(items);
};

/** Empties every area, then writes back `installed`: what the extension itself stored at install. */
export const clearAllStorage = async (installed: Record<string, unknown>): Promise<void> => {
  const g = globalThis as { browser?: StorageApi; chrome?: StorageApi };
  const api = (g.browser ?? g.chrome)!;
  await Promise.all([api.storage.local.clear(), api.storage.sync.clear(), api.storage.session.clear()]);
  await api.storage.local.set(installed);
};
