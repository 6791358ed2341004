/**
 * The home server inside the real sandbox: HTTPS through the core's listener, federation with the remote
 * modules (remote.example, Threads) over real server-to-server requests, state changed through the admin API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOME, HOME_USER, startSandbox, type Sandbox } from '../../sandbox';
import { authorizeQuery, csrfOf, formFields, pkcePair, tokenExchange } from './home-harness';
import { SandboxClient } from './https-client';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await sandbox.admin.reset();
});

const newClient = () => new SandboxClient(() => sandbox);

async function signedInToken(client: SandboxClient): Promise<string> {
  const app = (
    await client.request('POST', `https://${HOME}/api/v1/apps`, {
      form: {
        client_name: 'Homeward',
        redirect_uris: 'https://abc.chromiumapp.org/',
        scopes: 'read write follow',
      },
    })
  ).json;
  const { verifier, challenge } = pkcePair();
  const authorize = `https://${HOME}/oauth/authorize?${authorizeQuery(app, challenge)}`;
  expect((await client.request('GET', authorize)).headers.location).toBe(`https://${HOME}/auth/sign_in`);
  const form = await client.request('GET', `https://${HOME}/auth/sign_in`);
  const signedIn = await client.request('POST', `https://${HOME}/auth/sign_in`, {
    form: {
      authenticity_token: csrfOf(form.text),
      'user[email]': HOME_USER.email,
      'user[password]': HOME_USER.password,
    },
  });
  expect(signedIn.headers.location).toBe(authorize);
  const page = await client.request('GET', authorize);
  const approved = await client.request('POST', `https://${HOME}/oauth/authorize`, {
    form: formFields(page.text),
  });
  const code = new URL(String(approved.headers.location)).searchParams.get('code') ?? '';
  const token = await client.request('POST', `https://${HOME}/oauth/token`, {
    form: tokenExchange(app, code, verifier),
  });
  expect(token.status).toBe(200);
  return token.json.access_token;
}

describe('home server in the running sandbox', () => {
  it('OAuth over HTTPS, then resolves and follows a remote.example account', async () => {
    const client = newClient();
    const token = await signedInToken(client);
    const auth = { authorization: `Bearer ${token}` };
    const search = await client.request(
      'GET',
      `https://${HOME}/api/v2/search?q=%40bob%40remote.example&resolve=true&limit=1`,
      { headers: auth },
    );
    expect(search.status).toBe(200);
    const bob = search.json.accounts[0];
    expect(bob).toMatchObject({ acct: 'bob@remote.example', display_name: 'Bob Okafor', locked: false });
    const follow = await client.request('POST', `https://${HOME}/api/v1/accounts/${bob.id}/follow`, {
      headers: auth,
    });
    expect(follow.json).toMatchObject({ following: true, requested: false });
    const relationship = () =>
      client.request('GET', `https://${HOME}/api/v1/accounts/relationships?id[]=${bob.id}`, {
        headers: auth,
      });
    expect((await relationship()).json[0]).toMatchObject({ following: false, requested: true });
    await sandbox.admin.clock(2000);
    expect((await relationship()).json[0]).toMatchObject({ following: true, requested: false });
    // Following again changes nothing; after an unfollow a follow is made anew: the record says so twice.
    await client.request('POST', `https://${HOME}/api/v1/accounts/${bob.id}/follow`, { headers: auth });
    await client.request('POST', `https://${HOME}/api/v1/accounts/${bob.id}/unfollow`, { headers: auth });
    await client.request('POST', `https://${HOME}/api/v1/accounts/${bob.id}/follow`, { headers: auth });
    const { followsMade } = await sandbox.admin.hostOp<{ followsMade: string[] }>(HOME, 'state');
    expect(followsMade).toEqual(['bob@remote.example', 'bob@remote.example']);

    const serverSide = (await sandbox.admin.log()).filter((entry) => entry.client === `server:${HOME}`);
    expect(serverSide.map((entry) => `${entry.method} ${entry.host}${entry.path} ${entry.status}`)).toEqual([
      'GET remote.example/.well-known/webfinger?resource=acct%3Abob%40remote.example 200',
      'GET remote.example/users/bob 200',
    ]);
  });

  it('resolves a Threads profile whose actor needs a signed fetch', async () => {
    const client = newClient();
    const token = await signedInToken(client);
    const search = await client.request(
      'GET',
      `https://${HOME}/api/v2/search?q=juno.field%40threads.net&resolve=true`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(search.json.accounts[0]).toMatchObject({ username: 'juno.field', acct: 'juno.field@threads.net' });
  });

  it('admin operations reach the module: a suspended domain resolves to nothing', async () => {
    const client = newClient();
    const token = await signedInToken(client);
    await sandbox.admin.hostOp(HOME, 'suspend-domain', { domain: 'remote.example' });
    const search = await client.request(
      'GET',
      `https://${HOME}/api/v2/search?q=bob%40remote.example&resolve=true`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    expect(search.json).toEqual({ accounts: [], statuses: [], hashtags: [] });
  });
});
