import { beforeEach, describe, expect, it } from 'vitest';
import { oneAccount } from './one-account';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CONNECTED_CREDENTIALS, CONNECTED_RECORD, HOME_SERVER } from './account-fixtures';
import { forgetAccount } from '@/utils/mastodon/account';
import { homeSession } from '@/utils/mastodon/session';
import { accountCredentialsSecret, credentialsSecret } from '@/utils/storage/secrets';
import { accountKey, homeServerItem } from '@/utils/storage';

const server = HOME_SERVER;

describe('the home session every feature asks for', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await credentialsSecret.removeValue();
  });

  it('is no-server before a home server is set, whatever else is stored', async () => {
    await Promise.all([
      oneAccount.setValue(CONNECTED_RECORD),
      credentialsSecret.setValue(CONNECTED_CREDENTIALS),
    ]);
    expect(await homeSession()).toEqual({ kind: 'no-server' });
  });

  it('is signed out without an account, without secrets, or with secrets for another server', async () => {
    await homeServerItem.setValue(server);
    expect(await homeSession()).toEqual({ kind: 'signed-out', server, revoked: false });
    await oneAccount.setValue(CONNECTED_RECORD);
    expect(await homeSession()).toEqual({ kind: 'signed-out', server, revoked: false });
    await credentialsSecret.setValue({ ...CONNECTED_CREDENTIALS, host: 'elsewhere.example' });
    expect(await homeSession()).toEqual({ kind: 'signed-out', server, revoked: false });
  });

  it('is signed out, revoked, once the server answered 401', async () => {
    await Promise.all([
      homeServerItem.setValue(server),
      oneAccount.setValue({ ...CONNECTED_RECORD, status: 'reconnect' }),
      credentialsSecret.setValue(CONNECTED_CREDENTIALS),
    ]);
    expect(await homeSession()).toEqual({ kind: 'signed-out', server, revoked: true });
  });

  it('is signed in with the account id, and one client per token', async () => {
    await Promise.all([
      homeServerItem.setValue(server),
      oneAccount.setValue(CONNECTED_RECORD),
      credentialsSecret.setValue(CONNECTED_CREDENTIALS),
    ]);
    const first = await homeSession();
    const again = await homeSession();
    if (first.kind !== 'signed-in' || again.kind !== 'signed-in') throw new Error('not signed in');
    expect(first.session).toMatchObject({
      host: 'home.example',
      token: CONNECTED_CREDENTIALS.accessToken,
      accountId: CONNECTED_RECORD.account.id,
    });
    expect(again.session.client).toBe(first.session.client);

    await accountCredentialsSecret.setValue({
      [accountKey(CONNECTED_RECORD)]: { ...CONNECTED_CREDENTIALS, accessToken: 'a-new-token' },
    });
    const reconnected = await homeSession();
    if (reconnected.kind !== 'signed-in') throw new Error('not signed in');
    expect(reconnected.session.token).toBe('a-new-token');
    expect(reconnected.session.client).not.toBe(first.session.client);
  });

  it('keeps no client, and so no token, in memory once the connection is forgotten', async () => {
    const connect = () =>
      Promise.all([
        homeServerItem.setValue(server),
        oneAccount.setValue(CONNECTED_RECORD),
        credentialsSecret.setValue(CONNECTED_CREDENTIALS),
      ]);
    await connect();
    const before = await homeSession();
    await forgetAccount(accountKey(CONNECTED_RECORD));
    expect((await homeSession()).kind).toBe('signed-out');
    await connect();
    const after = await homeSession();
    if (before.kind !== 'signed-in' || after.kind !== 'signed-in') throw new Error('not signed in');
    expect(after.session.client).not.toBe(before.session.client);
  });
});
