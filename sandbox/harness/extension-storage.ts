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

/** What an extension page sees of the extension's own pages open in tabs (`extension.getViews`). */
interface ViewsApi {
  extension: { getViews(filter: { type: 'tab' }): Window[] };
}

/** The addresses of the extension's own pages open in tabs, as the extension sees them. */
export const extensionTabUrls = (): string[] => {
  const g = globalThis as { browser?: ViewsApi; chrome?: ViewsApi };
  return (g.browser ?? g.chrome)!.extension.getViews({ type: 'tab' }).map((w) => w.location.href);
};

/**
 * Closes the extension's own page at `where` (a path, or a whole address) if a tab shows it, and says whether one
 * did. The extension sees its own tabs directly, where the driver's list of tabs can lag behind (Firefox's BiDi once
 * listed no welcome page for 30 s after the install had opened one).
 */
export const closeExtensionTab = (where: { path: string } | { href: string }): boolean => {
  const g = globalThis as { browser?: ViewsApi; chrome?: ViewsApi };
  const view = (g.browser ?? g.chrome)!.extension
    .getViews({ type: 'tab' })
    .find((w) => ('href' in where ? w.location.href === where.href : w.location.pathname === where.path));
  view?.close();
  return view !== undefined;
};

/**
 * Deletes the extension's IndexedDB, the secret store (utils/storage/secrets.ts; the background lets its
 * connection go when asked). A connection written to `storage.local` afterwards, as a 0.1.0 install kept it, is
 * then moved into a new store as an update's would be (`withAccount`, follow-button.ts); while the store lives,
 * the background takes nothing from there.
 */
export const forgetSecretStore = (): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase('homeward-secrets');
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error('the secret store was not deleted'));
  });

/**
 * Empties every area and the secret store (as `forgetSecretStore`, inlined: these functions travel alone), then
 * writes back `installed`: what the extension itself stored at install.
 */
export const clearAllStorage = async (installed: Record<string, unknown>): Promise<void> => {
  const g = globalThis as { browser?: StorageApi; chrome?: StorageApi };
  const api = (g.browser ?? g.chrome)!;
  await Promise.all([
    api.storage.local.clear(),
    api.storage.sync.clear(),
    api.storage.session.clear(),
    new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('homeward-secrets');
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error ?? new Error('the secret store was not deleted'));
    }),
  ]);
  await api.storage.local.set(installed);
};
