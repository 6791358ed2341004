import { browser } from 'wxt/browser';
import type { Credentials, RegisteredApp } from '.';
import { serialQueue } from './serial-queue';

/**
 * Where the connection's secrets live: the access token and client secret (`Credentials`) and the registered OAuth
 * apps (`RegisteredApps`). Not in `storage.local`: every content script of Homeward's can read that area, in
 * Chromium and Firefox alike, and `setAccessLevel('TRUSTED_CONTEXTS')` locks it only in Chromium (Firefox supports
 * it for `storage.session` alone, which is memory-only). The follow button's script needs `local:account`, so the
 * area stays open to them.
 *
 * So the secrets are kept in IndexedDB, in the extension's own origin (`chrome-extension://…`, `moz-extension://…`):
 * only the background and extension pages share it, while a content script's IndexedDB is the web page's.
 * Extension pages never read it either: they ask the background (router.ts). This module is the only reader.
 *
 * The store is bound to `storage.local`: `local:secretStore` holds a random id (not a secret), and a record counts
 * only when it carries that id. Clearing `storage.local`, as the end-to-end tests do between tests from an extension
 * page, thereby forgets the secrets at once, with nothing left to race; the records themselves go at the next start
 * or write.
 *
 * Earlier builds (0.1.0 among them) kept `local:credentials` and `local:registeredApps`. The first time the
 * background starts with this build (after the update), anything found under those keys is moved in here and
 * removed from `storage.local`: an updated install stays connected. That happens once: the store then records that
 * the move is done (`LEGACY_MOVED`), and whatever appears under those keys later is removed unread. Content scripts
 * can write `storage.local`, so a page that took over one's process could otherwise plant a token of its choosing
 * (docs/security.md, "Secrets").
 */

export type RegisteredApps = Record<string, RegisteredApp>;

interface Secrets {
  credentials: Credentials;
  registeredApps: RegisteredApps;
  /** Each connected account's secrets, by `accountKey` (utils/storage/index.ts). */
  accountCredentials: Record<string, Credentials>;
}

type SecretName = keyof Secrets;

interface SecretRecord<K extends SecretName = SecretName> {
  /** The `local:secretStore` id this record was written under. */
  store: string;
  value: Secrets[K];
}

const DATABASE = 'homeward-secrets';
const OBJECT_STORE = 'secrets';
const STORE_ID_KEY = 'secretStore';
/** Where earlier builds kept the secrets, in `storage.local` (WXT's version meta keys, if any, end in `$`). */
const LEGACY_KEYS = ['credentials', 'registeredApps'] as const satisfies readonly SecretName[];
const SECRET_NAMES: readonly SecretName[] = [...LEGACY_KEYS, 'accountCredentials'];
/** The record, outside any store id, that says the move from `storage.local` has happened (or had nothing to do). */
const LEGACY_MOVED = 'legacyMoved';

/** Mastodon apps are registered per server and redirect URI: the key of `RegisteredApps`. */
export function appKey(host: string, redirectUri: string): string {
  return `${host} ${redirectUri}`;
}

// ---------------------------------------------------------------------------------------------------------
// IndexedDB, by hand: one object store of records by name.

let connection: Promise<IDBDatabase> | null = null;
/**
 * The records as last read or written through this connection, so that a follow button's state costs no database
 * read. This module is the store's only writer, so the copy cannot go stale while the connection lives.
 */
const cache = new Map<SecretName, SecretRecord | undefined>();
/** Whether the store holds `LEGACY_MOVED`, once read as true. */
let legacyMoved = false;

function database(): Promise<IDBDatabase> {
  connection ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(OBJECT_STORE);
    request.onsuccess = () => {
      const db = request.result;
      // Someone deleting or upgrading the database (the unit tests' reset) waits for this connection: let it go,
      // and open a new one next time. `close` fires when the browser itself closes it (its data was cleared).
      const forget = () => {
        db.close();
        connection = null;
        cache.clear();
        legacyMoved = false;
      };
      db.onversionchange = forget;
      db.onclose = forget;
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error(`IndexedDB ${DATABASE} did not open`));
  }).catch((error: unknown) => {
    connection = null;
    throw error;
  });
  return connection;
}

/** Runs one transaction; resolves with `work`'s request's result once the transaction has committed. */
async function transact<T = undefined>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T | undefined> {
  const db = await database();
  return new Promise<T | undefined>((resolve, reject) => {
    const transaction = db.transaction(OBJECT_STORE, mode);
    const request = work(transaction.objectStore(OBJECT_STORE));
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

async function readRecord<K extends SecretName>(name: K): Promise<SecretRecord<K> | undefined> {
  if (cache.has(name)) return cache.get(name) as SecretRecord<K> | undefined;
  const record = await transact(
    'readonly',
    (store) => store.get(name) as IDBRequest<SecretRecord<K> | undefined>,
  );
  cache.set(name, record);
  return record;
}

async function writeRecord<K extends SecretName>(name: K, record: SecretRecord<K>): Promise<void> {
  cache.delete(name);
  await transact('readwrite', (store) => void store.put(record, name));
  cache.set(name, record as SecretRecord);
}

async function deleteRecord(name: SecretName): Promise<void> {
  cache.delete(name);
  await transact('readwrite', (store) => void store.delete(name));
  cache.set(name, undefined);
}

/** Every secret, whatever its store id; the record of the move stays. */
async function deleteAllRecords(): Promise<void> {
  cache.clear();
  await transact('readwrite', (store) => {
    for (const name of SECRET_NAMES) store.delete(name);
  });
}

async function isLegacyMoved(): Promise<boolean> {
  legacyMoved ||=
    (await transact('readonly', (store) => store.get(LEGACY_MOVED) as IDBRequest<unknown>)) === true;
  return legacyMoved;
}

async function markLegacyMoved(): Promise<void> {
  await transact('readwrite', (store) => void store.put(true, LEGACY_MOVED));
  legacyMoved = true;
}

// ---------------------------------------------------------------------------------------------------------
// The binding to storage.local, and the move from it.

/** One operation at a time: a move from `storage.local` must not interleave with a write or a removal. */
const serially = serialQueue();

function isCredentials(value: unknown): value is Credentials {
  const v = value as Partial<Record<keyof Credentials, unknown>> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    ['host', 'clientId', 'clientSecret', 'accessToken', 'scope'].every(
      (field) => typeof v[field as keyof Credentials] === 'string',
    )
  );
}

function registeredApps(value: unknown): RegisteredApps {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, app]) =>
        typeof app === 'object' &&
        app !== null &&
        ['clientId', 'clientSecret', 'scopes'].every(
          (field) => typeof (app as Record<string, unknown>)[field] === 'string',
        ),
    ),
  ) as RegisteredApps;
}

/**
 * The id the records must carry, or null when `storage.local` has none (nothing stored since it was last cleared).
 * `create` makes one, for a write. Secrets an earlier build left in `storage.local` are moved into the store first:
 * written here, then removed there, so that a stop in between leaves them in one place or both, never in none.
 */
async function storeId(create: boolean): Promise<string | null> {
  const local = await browser.storage.local.get([STORE_ID_KEY, ...LEGACY_KEYS]);
  let id = typeof local[STORE_ID_KEY] === 'string' ? local[STORE_ID_KEY] : null;
  let legacy = LEGACY_KEYS.filter((key) => local[key] !== undefined);
  if (legacy.length > 0 && (await isLegacyMoved())) {
    // Written after the move: not by Homeward.
    await browser.storage.local.remove(legacy.flatMap((key) => [key, `${key}$`]));
    legacy = [];
  }
  if (!id && (create || legacy.length > 0)) {
    // Records of an earlier id are unreachable already; drop them rather than keep them on disk.
    await deleteAllRecords();
    id = crypto.randomUUID();
    await browser.storage.local.set({ [STORE_ID_KEY]: id });
  }
  if (!id || legacy.length === 0) return id;
  if (isCredentials(local['credentials'])) {
    const { host, clientId, clientSecret, accessToken, scope } = local['credentials'];
    await writeRecord('credentials', {
      store: id,
      value: { host, clientId, clientSecret, accessToken, scope },
    });
  }
  const apps = registeredApps(local['registeredApps']);
  if (Object.keys(apps).length > 0) {
    const kept = await readRecord('registeredApps');
    const current = kept?.store === id ? kept.value : {};
    await writeRecord('registeredApps', { store: id, value: { ...current, ...apps } });
  }
  await markLegacyMoved();
  await browser.storage.local.remove(legacy.flatMap((key) => [key, `${key}$`]));
  return id;
}

/** Read, written and removed as WXT's storage items are; `getValue` gives `F` when nothing is stored. */
interface Secret<T, F> {
  getValue(): Promise<T | F>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
}

function secret<K extends SecretName, F>(name: K, fallback: F): Secret<Secrets[K], F> {
  return {
    getValue: () =>
      serially(async () => {
        const id = await storeId(false);
        const record = id ? await readRecord(name) : undefined;
        return record && record.store === id ? record.value : fallback;
      }),
    setValue: (value) =>
      serially(async () => {
        const id = (await storeId(true))!;
        await writeRecord(name, { store: id, value });
      }),
    removeValue: () =>
      serially(async () => {
        // After the move: a copy an earlier build left in storage.local must not come back on the next read.
        await storeId(false);
        await deleteRecord(name);
      }),
  };
}

/**
 * The one connection builds before several accounts kept (0.1.0 to the language release): moved into
 * `accountCredentialsSecret` under its account's key the first time that account is asked for
 * (utils/mastodon/session.ts `credentialsOf`), then removed.
 */
export const credentialsSecret: Secret<Credentials, null> = /* @__PURE__ */ secret('credentials', null);

/** Every connected account's token and client secret, by account key. */
export const accountCredentialsSecret: Secret<
  Record<string, Credentials>,
  Record<string, Credentials>
> = /* @__PURE__ */ secret('accountCredentials', {});

export { isCredentials };

/**
 * OAuth apps registered per server and redirect URI (`appKey`). Mastodon throttles registrations to 5 per 10
 * minutes per IP (docs/home-server.md §1), so an app is registered once and reused.
 */
export const registeredAppsSecret: Secret<RegisteredApps, RegisteredApps> = /* @__PURE__ */ secret(
  'registeredApps',
  {},
);

/**
 * At the background's start: moves what an earlier build left in `storage.local` into the store (the first time
 * only), and drops records that no longer count (`storage.local` was cleared since they were written).
 */
export function settleSecrets(): Promise<void> {
  return serially(async () => {
    if (!(await storeId(false))) await deleteAllRecords();
    // From this build's first start on, nothing in storage.local is taken for a secret.
    if (!(await isLegacyMoved())) await markLegacyMoved();
  }).catch((error: unknown) => {
    // Tried again whenever a secret is read or written.
    console.warn('Homeward: could not settle the stored secrets', error);
  });
}
