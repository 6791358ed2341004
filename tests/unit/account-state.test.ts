import { beforeEach, describe, expect, it } from 'vitest';
import { oneAccount } from './one-account';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONNECTED_CREDENTIALS, CONNECTED_RECORD, HOME_SERVER } from './account-fixtures';
import { markUnauthorized } from '@/utils/mastodon/account';
import { credentialsSecret } from '@/utils/storage/secrets';
import { readExtensionState, watchExtensionState } from '@/utils/settings/state';
import { featuresItem, homeServerItem } from '@/utils/storage';

const record = CONNECTED_RECORD;

const server = HOME_SERVER;

const credentials = CONNECTED_CREDENTIALS;

describe('extension state as pages read it', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    // fakeBrowser has no permissions API: no optional permission granted, and none ever changes.
    const noEvents = { addListener: () => undefined, removeListener: () => undefined };
    Object.assign(fakeBrowser.permissions, {
      contains: () => Promise.resolve(false),
      onAdded: noEvents,
      onRemoved: noEvents,
    });
  });

  it('is none without an account, then shows the account and never the secrets', async () => {
    await homeServerItem.setValue(server);
    expect((await readExtensionState()).account).toEqual({ status: 'none' });
    await Promise.all([oneAccount.setValue(record), credentialsSecret.setValue(credentials)]);
    const state = await readExtensionState();
    expect(state.account).toEqual({ status: 'connected', account: record.account });
    expect(JSON.stringify(state)).not.toMatch(/the-access-token|the-client-secret/);
  });

  it('turns into reconnect after a 401 and keeps the account and server', async () => {
    await homeServerItem.setValue(server);
    await Promise.all([oneAccount.setValue(record), credentialsSecret.setValue(credentials)]);
    await markUnauthorized('an-older-token');
    expect((await readExtensionState()).account.status).toBe('connected');
    await markUnauthorized(credentials.accessToken);
    const state = await readExtensionState();
    expect(state.account).toEqual({ status: 'reconnect', account: record.account });
    expect(state.server?.host).toBe('home.example');
  });

  it('shows no account when the synced home server is another one than the account is on', async () => {
    await Promise.all([oneAccount.setValue(record), credentialsSecret.setValue(credentials)]);
    await homeServerItem.setValue({
      host: 'elsewhere.example',
      localDomain: 'elsewhere.example',
      title: 'Elsewhere',
      software: 'mastodon',
      version: '4.5.0',
    });
    expect((await readExtensionState()).account).toEqual({ status: 'none' });
  });

  it('tells pages when the account changes', async () => {
    let calls = 0;
    const stop = watchExtensionState(() => calls++);
    await oneAccount.setValue(record);
    await featuresItem.setValue({ followButtons: false, openAtHome: true });
    stop();
    await oneAccount.setValue(null);
    expect(calls).toBe(2);
  });

  it('keeps secrets out of sync storage', async () => {
    await Promise.all([oneAccount.setValue(record), credentialsSecret.setValue(credentials)]);
    await featuresItem.setValue({ followButtons: false, openAtHome: true });
    const synced = JSON.stringify(await fakeBrowser.storage.sync.get(null));
    expect(synced).not.toMatch(/the-access-token|the-client-secret/);
    expect(synced).toContain('openAtHome');
  });
});
