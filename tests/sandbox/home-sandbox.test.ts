/**
 * The home server inside the real sandbox: HTTPS through the core's listener, federation with the remote
 * modules (remote.example, Threads) over real server-to-server requests, state changed through the admin API.
 */
import { createHash, randomBytes } from 'node:crypto';
import https from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOME, HOME_USER, startSandbox, type Sandbox } from '../../sandbox';
import { csrfOf, formFields, type Json } from './home-harness';

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

interface HttpsReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Json;
}

/** A browser-like HTTPS client that trusts the sandbox CA and keeps cookies per host. */
class Client {
  private cookies = new Map<string, string>();

  request(
    method: string,
    url: string,
    body?: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<HttpsReply> {
    const target = new URL(url);
    const payload = body ? new URLSearchParams(body).toString() : undefined;
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: sandbox.port,
          servername: target.hostname,
          ca: sandbox.caPem,
          method,
          path: target.pathname + target.search,
          headers: {
            host: target.host,
            ...(this.cookies.get(target.host) ? { cookie: this.cookies.get(target.host) } : {}),
            ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            for (const cookie of res.headers['set-cookie'] ?? [])
              this.cookies.set(target.host, cookie.split(';')[0] ?? '');
            const text = Buffer.concat(chunks).toString('utf8');
            let json: Json;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }
}

async function signedInToken(client: Client): Promise<string> {
  const app = (
    await client.request('POST', `https://${HOME}/api/v1/apps`, {
      client_name: 'Homeward',
      redirect_uris: 'https://abc.chromiumapp.org/',
      scopes: 'read write follow',
    })
  ).json;
  const verifier = randomBytes(32).toString('base64url');
  const authorize = `https://${HOME}/oauth/authorize?${new URLSearchParams({
    client_id: app.client_id,
    redirect_uri: 'https://abc.chromiumapp.org/',
    response_type: 'code',
    scope: 'read write follow',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  })}`;
  expect((await client.request('GET', authorize)).headers.location).toBe(`https://${HOME}/auth/sign_in`);
  const form = await client.request('GET', `https://${HOME}/auth/sign_in`);
  const signedIn = await client.request('POST', `https://${HOME}/auth/sign_in`, {
    authenticity_token: csrfOf(form.text),
    'user[email]': HOME_USER.email,
    'user[password]': HOME_USER.password,
  });
  expect(signedIn.headers.location).toBe(authorize);
  const page = await client.request('GET', authorize);
  const approved = await client.request('POST', `https://${HOME}/oauth/authorize`, formFields(page.text));
  const code = new URL(String(approved.headers.location)).searchParams.get('code') ?? '';
  const token = await client.request('POST', `https://${HOME}/oauth/token`, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: 'https://abc.chromiumapp.org/',
    client_id: app.client_id,
    client_secret: app.client_secret,
    code_verifier: verifier,
  });
  expect(token.status).toBe(200);
  return token.json.access_token;
}

describe('home server in the running sandbox', () => {
  it('OAuth over HTTPS, then resolves and follows a remote.example account', async () => {
    const client = new Client();
    const token = await signedInToken(client);
    const auth = { authorization: `Bearer ${token}` };
    const search = await client.request(
      'GET',
      `https://${HOME}/api/v2/search?q=%40bob%40remote.example&resolve=true&limit=1`,
      undefined,
      auth,
    );
    expect(search.status).toBe(200);
    const bob = search.json.accounts[0];
    expect(bob).toMatchObject({ acct: 'bob@remote.example', display_name: 'Bob Okafor', locked: false });
    const follow = await client.request(
      'POST',
      `https://${HOME}/api/v1/accounts/${bob.id}/follow`,
      undefined,
      auth,
    );
    expect(follow.json).toMatchObject({ following: true, requested: false });
    const relationship = () =>
      client.request('GET', `https://${HOME}/api/v1/accounts/relationships?id[]=${bob.id}`, undefined, auth);
    expect((await relationship()).json[0]).toMatchObject({ following: false, requested: true });
    await sandbox.admin.clock(2000);
    expect((await relationship()).json[0]).toMatchObject({ following: true, requested: false });

    const serverSide = (await sandbox.admin.log()).filter((entry) => entry.client === `server:${HOME}`);
    expect(serverSide.map((entry) => `${entry.method} ${entry.host}${entry.path} ${entry.status}`)).toEqual([
      'GET remote.example/.well-known/webfinger?resource=acct%3Abob%40remote.example 200',
      'GET remote.example/users/bob 200',
    ]);
  });

  it('resolves a Threads profile whose actor needs a signed fetch', async () => {
    const client = new Client();
    const token = await signedInToken(client);
    const search = await client.request(
      'GET',
      `https://${HOME}/api/v2/search?q=juno.field%40threads.net&resolve=true`,
      undefined,
      { authorization: `Bearer ${token}` },
    );
    expect(search.json.accounts[0]).toMatchObject({ username: 'juno.field', acct: 'juno.field@threads.net' });
  });

  it('admin operations reach the module: a suspended domain resolves to nothing', async () => {
    const client = new Client();
    const token = await signedInToken(client);
    await sandbox.admin.hostOp(HOME, 'suspend-domain', { domain: 'remote.example' });
    const search = await client.request(
      'GET',
      `https://${HOME}/api/v2/search?q=bob%40remote.example&resolve=true`,
      undefined,
      {
        authorization: `Bearer ${token}`,
      },
    );
    expect(search.json).toEqual({ accounts: [], statuses: [], hashtags: [] });
  });
});
