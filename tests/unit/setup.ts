import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { useCatalogue } from '@/utils/i18n';
import english from '@/utils/i18n/messages/en.json';

/**
 * Runs before every unit, component and sandbox test file (vitest.config.ts `setupFiles`).
 *
 * The background keeps the connection's secrets in IndexedDB (utils/storage/secrets.ts), which Node and
 * happy-dom lack: fake-indexeddb stands in for it, and every test starts with no database at all. A deletion waits
 * for open connections to close; the secrets module closes its own on `versionchange`.
 */
beforeEach(async () => {
  // Every test speaks English, the catalogues' source, unless it chooses another language (docs/i18n.md).
  useCatalogue('en', english);
  // The home server's rate budget lives in the background's memory (utils/mastodon/rate-budget.ts); every test
  // starts as a background that just started. Imported here, not above: the storage module it uses must load after
  // WxtVitest has put the fake browser in place.
  const { homeBudget } = await import('@/utils/mastodon/rate-budget');
  homeBudget.clear();
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error ?? new Error(`could not delete ${name}`));
    });
  }
});
