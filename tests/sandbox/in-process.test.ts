import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOME, HOME_USER, inProcessFediverse, startSandbox, type Sandbox } from '../../sandbox';
import { SandboxClient } from './https-client';

const START = Date.UTC(2025, 5, 1, 12, 0, 0);
let clock = START;
const world = inProcessFediverse({ now: () => clock });
const WEBFINGER = 'https://www.threads.net/.well-known/webfinger?resource=acct:';

async function grantToken(): Promise<string> {
  const granted = (await world.admin(HOME, 'grant-token', {
    username: HOME_USER.username,
    redirectUri: 'urn:ietf:wg:oauth:2.0:oob',
    scopes: 'read write',
  })) as { accessToken: string };
  return granted.accessToken;
}

beforeEach(() => {
  clock = START;
  world.reset();
});

describe('the same answers as the TLS listener', () => {
  let sandbox: Sandbox;
  const client = new SandboxClient(() => sandbox);
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it.each([
    ['WebFinger found', `${WEBFINGER}juno.field@threads.net`],
    ['WebFinger not found', `${WEBFINGER}nora.offgrid@threads.net`],
    ['a Mastodon API error', `https://${HOME}/api/v1/accounts/relationships`],
    ['an HTML page', `https://${HOME}/nowhere`],
  ])('%s: status, content-type, length and body', async (_name, url) => {
    const real = await client.request('GET', url);
    const here = await world.fetch(url);
    expect(here.status).toBe(real.status);
    expect(here.headers.get('content-type')).toBe(real.headers['content-type']);
    expect(here.headers.get('content-length')).toBe(real.headers['content-length']);
    const text = await here.text();
    // Mastodon's pages carry a fresh CSP nonce per answer; everything else is byte for byte.
    const noNonce = (page: string) => page.replace(/nonce-[\w+/=-]+|nonce="[^"]*"/g, 'nonce');
    expect(noNonce(text)).toBe(noNonce(real.text));
  });
});

describe('requests', () => {
  it('logs what each request carried, and sends cookies unless credentials are omitted', async () => {
    world.setCookie('www.threads.net', 'sessionid', 'abc');
    await world.fetch(`${WEBFINGER}juno.field@threads.net`, { credentials: 'omit' });
    await world.fetch(`${WEBFINGER}juno.field@threads.net`, {
      credentials: 'include',
      headers: { Authorization: 'Bearer x' },
    });
    expect(world.log.map((e) => [e.credentials, e.cookies, e.cookieNames, e.authorization])).toEqual([
      ['omit', false, [], null],
      ['include', true, ['sessionid'], 'Bearer x'],
    ]);
    expect(world.log.map((e) => [e.client, e.host, e.status])).toEqual([
      ['extension', 'www.threads.net', 200],
      ['extension', 'www.threads.net', 200],
    ]);
  });

  it('keeps the cookies a server sets, and forgets them at reset', async () => {
    const page = await world.fetch(`https://${HOME}/auth/sign_in`, { credentials: 'include' });
    expect(page.status).toBe(200);
    await world.fetch(`https://${HOME}/auth/sign_in`, { credentials: 'include' });
    expect(world.log[1]?.cookieNames).toEqual(['_mastodon_session']);
    world.reset();
    await world.fetch(`https://${HOME}/auth/sign_in`, { credentials: 'include' });
    expect(world.log[0]?.cookies).toBe(false);
  });

  it('sends JSON and form bodies to the module as bytes, and answers JSON as JSON', async () => {
    const res = await world.fetch(`https://${HOME}/api/v1/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'Homeward', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await res.json()).toMatchObject({ name: 'Homeward', redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' });
    expect(world.log[0]?.body).toContain('"client_name":"Homeward"');
  });

  it('follows redirects as fetch does, unless told not to', async () => {
    const followed = await world.fetch('https://threads.net/@juno.field');
    expect(followed.redirected).toBe(true);
    expect(followed.url).toBe('https://www.threads.com/@juno.field');
    const manual = await world.fetch('https://threads.net/@juno.field', { redirect: 'manual' });
    expect([manual.status, manual.headers.get('location')]).toEqual([
      301,
      'https://www.threads.com/@juno.field',
    ]);
  });

  it('answers 421 for a host no module serves, as the listener does', async () => {
    const res = await world.fetch('https://nobody.example/');
    expect([res.status, await res.text()]).toEqual([421, 'sandbox: unknown host nobody.example']);
  });
});

describe('server to server', () => {
  it('resolves a Threads account through in-process WebFinger and ActivityPub, on the given clock', async () => {
    const token = await grantToken();
    const res = await world.fetch(
      `https://${HOME}/api/v2/search?q=juno.field%40threads.net&resolve=true&limit=1`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    const body = (await res.json()) as { accounts: { acct: string }[] };
    expect(body.accounts.map((a) => a.acct)).toEqual(['juno.field@threads.net']);
    expect(world.log.map((e) => `${e.client} ${e.host} ${e.url.pathname}`)).toEqual([
      `extension ${HOME} /api/v2/search`,
      `server:${HOME} threads.net /.well-known/webfinger`,
      `server:${HOME} www.threads.net /ap/users/63055340101/`,
    ]);
    // Rate-limit windows follow the clock handed in: 12:00 → the 5-minute window ends 12:05.
    expect(res.headers.get('x-ratelimit-reset')).toBe('2025-06-01T12:05:00.000000Z');
    clock = START + 5 * 60 * 1000;
    const later = await world.fetch(`https://${HOME}/api/v1/accounts/relationships?id[]=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(later.headers.get('x-ratelimit-reset')).toBe('2025-06-01T12:10:00.000000Z');
  });
});

describe('faults and gates', () => {
  const url = `https://${HOME}/api/v2/instance`;

  it('answers nginx’s page for 502–504 and Mastodon-shaped JSON for other statuses, per path prefix', async () => {
    world.fail({ host: HOME, pathPrefix: '/api/v2/', status: 502 });
    world.fail({ host: HOME, pathPrefix: '/api/v1/', status: 500 });
    const gateway = await world.fetch(url);
    expect([gateway.status, gateway.headers.get('content-type')]).toEqual([502, 'text/html']);
    expect(await gateway.text()).toContain('<center>nginx</center>');
    const error = await world.fetch(`https://${HOME}/api/v1/instance`);
    expect([error.status, await error.json()]).toEqual([500, { error: 'sandbox fault' }]);
    expect((await world.fetch(`https://${HOME}/.well-known/nodeinfo`)).status).toBe(200);
    world.heal();
    expect((await world.fetch(url)).status).toBe(200);
  });

  it('answers what a broken server would, encoded as a module’s answer', async () => {
    world.fail({
      host: HOME,
      pathPrefix: '/api/v2/search',
      answer: { status: 200, body: { statuses: 'nope' } },
    });
    const res = await world.fetch(`https://${HOME}/api/v2/search?q=x`);
    expect([res.status, res.headers.get('content-type'), await res.json()]).toEqual([
      200,
      'application/json; charset=utf-8',
      { statuses: 'nope' },
    ]);
  });

  it('fails as fetch fails: a timeout, a refused connection, a hang the caller aborts', async () => {
    world.fail({ host: HOME, timeout: true });
    await expect(world.fetch(url)).rejects.toMatchObject({ name: 'TimeoutError' });
    world.fail({ host: HOME, refuse: true });
    await expect(world.fetch(url)).rejects.toThrow(TypeError);
    world.fail({ host: HOME, hang: true });
    const controller = new AbortController();
    const hung = world.fetch(url, { signal: controller.signal });
    controller.abort(new DOMException('gone', 'AbortError'));
    await expect(hung).rejects.toMatchObject({ name: 'AbortError' });
    expect(world.log.map((e) => e.status)).toEqual([0, 0, 0]);
  });

  it('applies faults to server-to-server requests too', async () => {
    const token = await grantToken();
    world.fail({ host: 'www.threads.net', pathPrefix: '/ap/', timeout: true });
    const res = await world.fetch(`https://${HOME}/api/v2/search?q=juno.field%40threads.net&resolve=true`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await res.json()) as { accounts: unknown[] }).accounts).toEqual([]);
    expect(world.log.at(-1)).toMatchObject({ host: 'www.threads.net', status: 0 });
  });

  it('matches faults and gates by path pattern too, and holds only the next `count`', async () => {
    world.fail({ host: HOME, pathPattern: /\/instance$/, status: 503 });
    expect((await world.fetch(`https://${HOME}/api/v1/instance`)).status).toBe(503);
    expect((await world.fetch(`https://${HOME}/api/v1/instance/domain_blocks`)).status).toBe(200);
    const gate = world.hold({ host: 'www.threads.net', pathPattern: /webfinger$/, count: 1 });
    const held = world.fetch(`${WEBFINGER}juno.field@threads.net`);
    await expect.poll(() => gate.arrived).toBe(1);
    expect((await world.fetch(`${WEBFINGER}vesper.studio@threads.net`)).status).toBe(200);
    expect([gate.arrived, gate.waiting]).toEqual([1, 1]);
    gate.open();
    expect((await held).status).toBe(200);
  });

  it('holds requests at a gate until released, and tells how many were in flight', async () => {
    const gate = world.hold({ host: 'www.threads.net', pathPrefix: '/.well-known/webfinger' });
    const answers = ['juno.field', 'nora.offgrid', 'vesper.studio'].map((user) =>
      world.fetch(`${WEBFINGER}${user}@threads.net`).then((r) => r.status),
    );
    await expect.poll(() => gate.waiting).toBe(3);
    expect(world.log.map((e) => e.status)).toEqual([null, null, null]);
    expect(gate.releaseOne()).toBe(true);
    await expect.poll(() => world.log[0]?.status).toBe(200);
    gate.open();
    expect(await Promise.all(answers)).toEqual([200, 404, 200]);
    expect(gate.peak).toBe(3);
    expect(world.peakInFlight((e) => e.host === 'www.threads.net')).toBe(3);
    await world.fetch(`${WEBFINGER}juno.field@threads.net`);
    expect(gate.waiting).toBe(0);
  });
});
