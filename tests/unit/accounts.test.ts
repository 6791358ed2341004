/**
 * Several accounts (issue 20): the versioned migration from a saved single-account profile, and the accounts'
 * independence: each its own token, the default the first on the home server, one disconnected or refused
 * without touching the others.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONNECTED_CREDENTIALS, CONNECTED_RECORD, HOME_SERVER, WEB_DOMAIN_SERVER } from './account-fixtures';
import type { AccountRecord, Credentials } from '@/utils/storage';

type Storage = typeof import('@/utils/storage');
type Secrets = typeof import('@/utils/storage/secrets');
type Session = typeof import('@/utils/mastodon/session');
type Account = typeof import('@/utils/mastodon/account');

/** The modules as a fresh background loads them: WXT migrates an item when a page defines it. */
async function fresh(): Promise<{ storage: Storage; secrets: Secrets; session: Session; account: Account }> {
  vi.resetModules();
  return {
    storage: await import('@/utils/storage'),
    secrets: await import('@/utils/storage/secrets'),
    session: await import('@/utils/mastodon/session'),
    account: await import('@/utils/mastodon/account'),
  };
}

const OTHER: AccountRecord = {
  host: WEB_DOMAIN_SERVER.host,
  account: {
    ...CONNECTED_RECORD.account,
    id: '77',
    handle: 'maya@wd.example',
    url: 'https://social.wd.example/@maya',
  },
  status: 'connected',
  server: WEB_DOMAIN_SERVER,
};
const OTHER_CREDENTIALS: Credentials = {
  ...CONNECTED_CREDENTIALS,
  host: OTHER.host,
  accessToken: 'the-other-token',
};
const SECOND_ON_HOME: AccountRecord = {
  ...CONNECTED_RECORD,
  account: { ...CONNECTED_RECORD.account, id: '2', username: 'kit', handle: 'kit@home.example' },
};

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal(
    'fetch',
    vi.fn(() => Promise.resolve(new Response('{}', { status: 200 }))),
  );
});

// Each test loads the modules afresh, which takes seconds on a busy machine.
describe('the migration from one saved account', { timeout: 30_000 }, () => {
  it('keeps the account and its token, moved under its key, after an update', async () => {
    // What a build with one account left: `local:account` a record (version 1, no version key), the token in
    // the secret store's `credentials`.
    const before = await fresh();
    await before.secrets.credentialsSecret.setValue(CONNECTED_CREDENTIALS);
    await fakeBrowser.storage.local.set({ account: CONNECTED_RECORD });
    await fakeBrowser.storage.sync.set({ homeServer: HOME_SERVER });

    const after = await fresh();
    expect(await after.storage.accountsItem.getValue()).toEqual([CONNECTED_RECORD]);
    expect((await fakeBrowser.storage.local.get('account$'))['account$']).toEqual({ v: 2 });
    const home = await after.session.homeSession();
    expect(home).toMatchObject({ kind: 'signed-in', session: { token: CONNECTED_CREDENTIALS.accessToken } });
    const key = after.storage.accountKey(CONNECTED_RECORD);
    expect(await after.secrets.accountCredentialsSecret.getValue()).toEqual({ [key]: CONNECTED_CREDENTIALS });
    expect(await after.secrets.credentialsSecret.getValue()).toBeNull();
  });

  it('keeps nothing of a saved value that is no account, and an empty list stays empty', async () => {
    await fakeBrowser.storage.local.set({ account: { host: 'home.example', account: 'junk' } });
    const junk = await fresh();
    expect(await junk.storage.accountsItem.getValue()).toEqual([]);
    fakeBrowser.reset();
    await fakeBrowser.storage.local.set({ account: null });
    expect(await (await fresh()).storage.readAccounts()).toEqual([]);
  });

  it('reads a list written without its version key as the list it is', async () => {
    await fakeBrowser.storage.local.set({ account: [CONNECTED_RECORD, OTHER] });
    expect(await (await fresh()).storage.readAccounts()).toEqual([CONNECTED_RECORD, OTHER]);
  });
});

describe('several accounts', { timeout: 30_000 }, () => {
  async function connected() {
    const modules = await fresh();
    const { storage, secrets } = modules;
    await storage.homeServerItem.setValue(HOME_SERVER);
    await storage.accountsItem.setValue([CONNECTED_RECORD, OTHER, SECOND_ON_HOME]);
    await secrets.accountCredentialsSecret.setValue({
      [storage.accountKey(CONNECTED_RECORD)]: CONNECTED_CREDENTIALS,
      [storage.accountKey(OTHER)]: OTHER_CREDENTIALS,
      [storage.accountKey(SECOND_ON_HOME)]: { ...CONNECTED_CREDENTIALS, accessToken: 'kit-token' },
    });
    return modules;
  }

  it('uses the first account on the home server, each account with its own token and budget', async () => {
    const { session } = await connected();
    const home = await session.homeSession();
    expect(home).toMatchObject({
      kind: 'signed-in',
      session: { host: 'home.example', token: 'the-access-token' },
    });
    const all = await session.accountSessions();
    expect(all.map((a) => [a.record.host, a.session?.token])).toEqual([
      ['home.example', 'the-access-token'],
      ['social.wd.example', 'the-other-token'],
      ['home.example', 'kit-token'],
    ]);
    expect(new Set(all.map((a) => a.session?.key)).size).toBe(3);
  });

  it('disconnects one account: its token revoked on its server, the others untouched', async () => {
    const { account, session, secrets, storage } = await connected();
    await account.disconnect(storage.accountKey(OTHER));
    expect((await storage.readAccounts()).map((r) => r.host)).toEqual(['home.example', 'home.example']);
    expect(Object.keys(await secrets.accountCredentialsSecret.getValue())).toEqual([
      storage.accountKey(CONNECTED_RECORD),
      storage.accountKey(SECOND_ON_HOME),
    ]);
    const urls = vi
      .mocked(fetch)
      .mock.calls.map(([input]) => (input instanceof Request ? input.url : String(input)));
    expect(urls.filter((url) => url.includes('/oauth/revoke')).map((url) => new URL(url).host)).toEqual([
      'social.wd.example',
    ]);
    expect((await session.homeSession()).kind).toBe('signed-in');
  });

  it('marks only the account whose token was refused', async () => {
    const { account, storage } = await connected();
    await account.markUnauthorized('the-other-token');
    expect((await storage.readAccounts()).map((r) => r.status)).toEqual([
      'connected',
      'reconnect',
      'connected',
    ]);
  });

  it('reorders, and a home server with an account of its own makes that account the default', async () => {
    const { account, session, storage } = await connected();
    await account.reorderAccounts([storage.accountKey(SECOND_ON_HOME)]);
    expect(await session.homeSession()).toMatchObject({ session: { token: 'kit-token' } });
    await storage.homeServerItem.setValue(WEB_DOMAIN_SERVER);
    expect(await session.homeSession()).toMatchObject({ session: { token: 'the-other-token' } });
  });
});
