import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { accountState, markUnauthorized } from '@/utils/background/account';
import { connectionItem, featuresItem, homeServerItem, type Connection } from '@/utils/storage';

const connection: Connection = {
  host: 'home.example',
  clientId: 'cid',
  clientSecret: 'secret',
  accessToken: 'token',
  scope: 'read:search read:follows write:follows profile',
  account: {
    id: '1',
    username: 'maya',
    handle: 'maya@home.example',
    displayName: 'Maya Hart',
    avatar: 'https://home.example/avatar.png',
    url: 'https://home.example/@maya',
  },
  status: 'connected',
};

describe('account state', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is none without a connection, and never exposes the token', async () => {
    expect(await accountState()).toEqual({ status: 'none' });
    await connectionItem.setValue(connection);
    const state = await accountState();
    expect(state).toEqual({ status: 'connected', account: connection.account });
    expect(JSON.stringify(state)).not.toContain('token');
    expect(JSON.stringify(state)).not.toContain('secret');
  });

  it('turns into reconnect after a 401 and keeps the account and server', async () => {
    await homeServerItem.setValue({ host: 'home.example', localDomain: 'home.example', title: 'Home', software: 'mastodon', version: '4.5.0' });
    await connectionItem.setValue(connection);
    await markUnauthorized();
    expect(await accountState()).toEqual({ status: 'reconnect', account: connection.account });
    expect((await homeServerItem.getValue())?.host).toBe('home.example');
  });

  it('keeps secrets out of sync storage', async () => {
    await connectionItem.setValue(connection);
    await featuresItem.setValue({ followButtons: false, openAtHome: true });
    const synced = JSON.stringify(await fakeBrowser.storage.sync.get(null));
    expect(synced).not.toContain('token');
    expect(synced).toContain('openAtHome');
  });
});
