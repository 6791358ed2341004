import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { oneAccount } from './one-account';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONNECTED_CREDENTIALS, CONNECTED_RECORD } from './account-fixtures';
import { disconnect, refreshAccount } from '@/utils/mastodon/account';
import { listenForAllMessages } from '@/entrypoints/background/routes';
import { appKey, credentialsSecret, registeredAppsSecret, settleSecrets } from '@/utils/storage/secrets';
import { homeServerItem } from '@/utils/storage';
import { fakeNavigationApis } from './navigation-fakes';

const credentials = CONNECTED_CREDENTIALS;

const app = { clientId: 'cid', clientSecret: 'the-client-secret', scopes: credentials.scope };
const APP_KEY = appKey('home.example', 'https://id.chromiumapp.org/');

const record = CONNECTED_RECORD;

/** Everything a content script can read: the three storage areas, as text. */
async function readableByContentScripts(): Promise<string> {
  const areas = await Promise.all([
    fakeBrowser.storage.local.get(null),
    fakeBrowser.storage.sync.get(null),
    fakeBrowser.storage.session.get(null),
  ]);
  return JSON.stringify(areas);
}

/** The records in the extension's IndexedDB, read past the module (and its memory). */
async function recordsOnDisk(): Promise<unknown[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('homeward-secrets');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  try {
    if (!db.objectStoreNames.contains('secrets')) return [];
    return await new Promise<unknown[]>((resolve, reject) => {
      const request = db.transaction('secrets').objectStore('secrets').getAll();
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** What a 0.1.0 install left in storage.local when connected. */
async function storedByAnEarlierBuild(): Promise<void> {
  await fakeBrowser.storage.local.set({
    account: record,
    credentials,
    registeredApps: { [APP_KEY]: app },
    agreement: 1,
  });
}

beforeEach(() => {
  fakeBrowser.reset();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the secret store', () => {
  it('keeps the token and client secret where no content script can read them', async () => {
    await credentialsSecret.setValue(credentials);
    await registeredAppsSecret.setValue({ [APP_KEY]: app });
    expect(await credentialsSecret.getValue()).toEqual(credentials);
    expect(await registeredAppsSecret.getValue()).toEqual({ [APP_KEY]: app });
    expect(await readableByContentScripts()).not.toMatch(/the-access-token|the-client-secret/);
    expect(JSON.stringify(await recordsOnDisk())).toContain('the-access-token');
  });

  it('removes one secret and keeps the other', async () => {
    await credentialsSecret.setValue(credentials);
    await registeredAppsSecret.setValue({ [APP_KEY]: app });
    await credentialsSecret.removeValue();
    expect(await credentialsSecret.getValue()).toBeNull();
    expect(await registeredAppsSecret.getValue()).toEqual({ [APP_KEY]: app });
    await registeredAppsSecret.removeValue();
    expect(await registeredAppsSecret.getValue()).toEqual({});
    expect(await recordsOnDisk()).toEqual([]);
  });

  it('forgets everything when storage.local is cleared (the end-to-end reset), and drops the records at the next start', async () => {
    await credentialsSecret.setValue(credentials);
    await fakeBrowser.storage.local.clear();
    expect(await credentialsSecret.getValue()).toBeNull();
    expect(await recordsOnDisk()).toHaveLength(1);
    await settleSecrets();
    // Only the record that the move from storage.local is done.
    expect(await recordsOnDisk()).toEqual([true]);
    // A new connection after the reset is stored and read as usual.
    await credentialsSecret.setValue({ ...credentials, accessToken: 'a-new-token' });
    expect((await credentialsSecret.getValue())?.accessToken).toBe('a-new-token');
  });

  it('opens the database again after someone else deleted it', async () => {
    await credentialsSecret.setValue(credentials);
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.deleteDatabase('homeward-secrets');
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
    expect(await credentialsSecret.getValue()).toBeNull();
    await credentialsSecret.setValue(credentials);
    expect(await credentialsSecret.getValue()).toEqual(credentials);
  });
});

describe('an update from a build that kept the secrets in storage.local', () => {
  it('moves them into the store when the background starts, and keeps the connection', async () => {
    await storedByAnEarlierBuild();
    await settleSecrets();
    const local = await fakeBrowser.storage.local.get(null);
    expect(Object.keys(local).sort()).toEqual(['account', 'agreement', 'secretStore']);
    expect(await readableByContentScripts()).not.toMatch(/the-access-token|the-client-secret/);
    expect(await credentialsSecret.getValue()).toEqual(credentials);
    expect(await registeredAppsSecret.getValue()).toEqual({ [APP_KEY]: app });
    expect(await oneAccount.getValue()).toEqual(record);
  });

  it('moves them on first use too, before the start has run', async () => {
    await storedByAnEarlierBuild();
    expect(await credentialsSecret.getValue()).toEqual(credentials);
    expect(await fakeBrowser.storage.local.get(['credentials', 'registeredApps'])).toEqual({});
  });

  it('adds the earlier apps to those already in the store', async () => {
    const other = appKey('other.example', 'https://id.chromiumapp.org/');
    await registeredAppsSecret.setValue({ [other]: { ...app, clientId: 'other' } });
    await fakeBrowser.storage.local.set({ registeredApps: { [APP_KEY]: app } });
    expect(await registeredAppsSecret.getValue()).toEqual({
      [other]: { ...app, clientId: 'other' },
      [APP_KEY]: app,
    });
  });

  it('does not bring back a secret removed before the move', async () => {
    await storedByAnEarlierBuild();
    await credentialsSecret.removeValue();
    expect(await credentialsSecret.getValue()).toBeNull();
    expect(await fakeBrowser.storage.local.get('credentials')).toEqual({});
  });

  it('drops what is not a secret of the expected shape, and WXT’s version keys with it', async () => {
    await fakeBrowser.storage.local.set({
      credentials: { host: 'home.example', accessToken: 7 },
      credentials$: { v: 1 },
      registeredApps: { [APP_KEY]: { clientId: 'cid' }, junk: 'x' },
    });
    await settleSecrets();
    expect(await credentialsSecret.getValue()).toBeNull();
    expect(await registeredAppsSecret.getValue()).toEqual({});
    expect(Object.keys(await fakeBrowser.storage.local.get(null))).toEqual(['secretStore']);
  });

  it('moves them once: a token that shows up in storage.local later is removed unread', async () => {
    await storedByAnEarlierBuild();
    await settleSecrets();
    // A page that took over a content script's process writes its own token there, with or without clearing first.
    const planted = { ...credentials, host: 'attacker.example', accessToken: 'the-attackers-token' };
    await fakeBrowser.storage.local.set({ credentials: planted });
    expect(await credentialsSecret.getValue()).toEqual(credentials);
    await fakeBrowser.storage.local.clear();
    await fakeBrowser.storage.local.set({ credentials: planted });
    await settleSecrets();
    expect(await credentialsSecret.getValue()).toBeNull();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(JSON.stringify(await recordsOnDisk())).not.toContain('the-attackers-token');
  });

  it('takes nothing from storage.local once this build has started, even on a fresh install', async () => {
    await settleSecrets();
    await storedByAnEarlierBuild();
    expect(await credentialsSecret.getValue()).toBeNull();
    expect(await registeredAppsSecret.getValue()).toEqual({});
    expect(Object.keys(await fakeBrowser.storage.local.get(null)).sort()).toEqual(['account', 'agreement']);
  });

  it('leaves storage.local alone when there is nothing to move', async () => {
    await fakeBrowser.storage.local.set({ account: record });
    await settleSecrets();
    expect(await fakeBrowser.storage.local.get(null)).toEqual({ account: record });
  });
});

describe('forgetting the connection', () => {
  beforeEach(async () => {
    await homeServerItem.setValue({
      host: 'home.example',
      localDomain: 'home.example',
      title: 'Home',
      software: 'mastodon',
      version: '4.5.0',
    });
    await oneAccount.setValue(record);
    await credentialsSecret.setValue(credentials);
    await registeredAppsSecret.setValue({ [APP_KEY]: app });
  });

  it('Disconnect revokes the token and removes it from the store', async () => {
    const revoked: string[] = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      revoked.push(`${new URL(request.url).pathname} ${await request.text()}`);
      return Response.json({});
    });
    await disconnect();
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatch(/^\/oauth\/revoke .*the-access-token/);
    expect(await credentialsSecret.getValue()).toBeNull();
    expect(await oneAccount.getValue()).toBeNull();
    // The app stays registered: the next Connect reuses it.
    expect(await registeredAppsSecret.getValue()).toEqual({ [APP_KEY]: app });
  });

  it('Clear caches forgets the registered apps', async () => {
    // It also drops the direct rules (utils/open-at-home/direct-rules.ts): the browser's rules API is needed.
    fakeNavigationApis().install();
    listenForAllMessages();
    await fakeBrowser.runtime.onMessage.trigger(
      { type: 'clearCaches', payload: {} },
      { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') },
    );
    expect(await registeredAppsSecret.getValue()).toEqual({});
    expect(await credentialsSecret.getValue()).toEqual(credentials);
  });

  it('asks to reconnect when the browser dropped the secrets but kept the account', async () => {
    await credentialsSecret.removeValue();
    await refreshAccount();
    expect((await oneAccount.getValue())?.status).toBe('reconnect');
  });
});
