/**
 * `GET /api/v1/instance/peers` (docs/home-server.md §3.1, §10.1): the domains the home server knows, as each home
 * software answers, and the admin op `set-peers` that plays a big server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_HOSTS, HOME, startSandbox, type Sandbox } from '../../sandbox';
import { MAX_PEERS, generatedPeer, isHostName } from '../../sandbox/home/peers';
import type { SoftwareId } from '../../sandbox/home/software';
import { grantedToken, homeAs, HomeHarness, userToken, type Json } from './home-harness';
import { SandboxClient } from './https-client';

const PEERS = '/api/v1/instance/peers';

describe('GET /api/v1/instance/peers on Mastodon (§3.1)', () => {
  it('lists the domains of the remote accounts it stores, public, no token needed', async () => {
    const home = new HomeHarness();
    const reply = await home.request('GET', PEERS);
    expect(reply.status).toBe(200);
    expect(reply.header('content-type')).toBe('application/json; charset=utf-8');
    expect(reply.header('cache-control')).toBe('public, max-age=300');
    // The seeded follows are all on threads.net; the WEB_DOMAIN server stores no remote account.
    expect(reply.json).toEqual(['threads.net']);
    expect((await home.request('GET', `https://social.wd.example${PEERS}`)).json).toEqual([]);
  });

  it('reads no token: an invalid one is ignored', async () => {
    const home = new HomeHarness();
    expect((await home.request('GET', PEERS, { token: 'nonsense' })).json).toEqual(['threads.net']);
  });

  it('adds the domain of an account it resolves, after the ones it knew', async () => {
    const home = new HomeHarness();
    home.fedi.actor({ username: 'bob', domain: 'remote.example' });
    const { token } = await userToken(home);
    await home.request('GET', '/api/v2/search?q=bob@remote.example&resolve=true', { token });
    expect((await home.request('GET', PEERS)).json).toEqual(['threads.net', 'remote.example']);
  });

  it('leaves out every blocked domain, suspended or silenced, by its exact name', async () => {
    const home = new HomeHarness();
    home.admin('set-peers', {
      domains: ['remote.example', 'quiet.example', 'sub.bad.example', 'bad.example'],
    });
    home.admin('suspend-domain', { domain: 'bad.example' });
    home.admin('silence-domain', { domain: 'quiet.example' });
    expect((await home.request('GET', PEERS)).json).toEqual([
      'threads.net',
      'remote.example',
      'sub.bad.example',
    ]);
    home.admin('suspend-domain', { domain: 'threads.net' });
    expect((await home.request('GET', PEERS)).json).toEqual(['remote.example', 'sub.bad.example']);
    home.admin('unsuspend-domain', { domain: 'threads.net' });
    expect((await home.request('GET', PEERS)).json).toContain('threads.net');
  });

  it('enabled: false plays an admin who turned the API off: 404 with an empty body', async () => {
    const home = new HomeHarness();
    expect(home.admin('set-peers', { enabled: false })).toMatchObject({ enabled: false });
    const off = await home.request('GET', PEERS);
    expect(off.status).toBe(404);
    expect(off.text).toBe('');
    const { token } = await userToken(home);
    expect((await home.request('GET', PEERS, { token })).status).toBe(404);
    home.admin('set-peers', { enabled: true });
    expect((await home.request('GET', PEERS)).status).toBe(200);
  });

  it('carries the API’s CORS headers for a request with an Origin', async () => {
    const home = new HomeHarness();
    const reply = await home.request('GET', PEERS, { headers: { origin: 'chrome-extension://abc' } });
    expect(reply.status).toBe(200);
    expect(reply.header('access-control-allow-origin')).toBe('*');
    expect(reply.header('access-control-allow-credentials')).toBeUndefined();
    home.admin('set-peers', { enabled: false });
    const off = await home.request('GET', PEERS, { headers: { origin: 'chrome-extension://abc' } });
    expect(off.status).toBe(404);
    expect(off.header('access-control-allow-origin')).toBe('*');
  });
});

describe('set-peers: a big server', () => {
  it('pads the list to 50,000 unique, valid, lower-case host names, none a sandbox host', async () => {
    const home = new HomeHarness();
    const summary = home.admin('set-peers', {
      count: 50_000,
      domains: ['remote.example', 'Misskey.Example'],
    });
    expect(summary).toEqual({
      domains: ['remote.example', 'misskey.example'],
      count: 50_000,
      enabled: true,
      expose: false,
      listed: 50_000,
    });
    const reply = await home.request('GET', PEERS);
    const list = reply.json as string[];
    expect(list).toHaveLength(50_000);
    expect(new Set(list).size).toBe(50_000);
    expect(list.slice(0, 4)).toEqual(['threads.net', 'remote.example', 'misskey.example', generatedPeer(1)]);
    expect(generatedPeer(1)).toBe('peer-00001.example');
    expect(list.at(-1)).toBe(generatedPeer(49_997));
    expect(list.every((domain) => isHostName(domain) && domain === domain.toLowerCase())).toBe(true);
    const generated = list.filter((d) => d.startsWith('peer-'));
    expect(generated.filter((d) => ALL_HOSTS.includes(d))).toEqual([]);
    expect(generated).toHaveLength(49_997);
  });

  it('answers 50,000 domains quickly: the body is built once per change, not per request', async () => {
    const home = new HomeHarness();
    home.admin('set-peers', { count: 50_000 });
    const first = await home.request('GET', PEERS);
    expect(first.json).toHaveLength(50_000);
    // The module itself, without the harness parsing a megabyte of JSON each time: building the list takes tens
    // of milliseconds, handing out the built body well under one.
    const server = home.module(HOME);
    const get = () =>
      server.handle({
        method: 'GET',
        url: new URL(`https://${HOME}${PEERS}`),
        host: HOME,
        headers: {},
        cookies: {},
        body: Buffer.alloc(0),
        remoteIp: '127.0.0.1',
      });
    const started = performance.now();
    for (let i = 0; i < 50; i += 1) expect((await get()).body).toBe(first.text);
    expect((performance.now() - started) / 50).toBeLessThan(5);
    // A change rebuilds it: a block takes a padded domain off and the next generated one takes its place.
    home.admin('suspend-domain', { domain: generatedPeer(2) });
    const after = (await home.request('GET', PEERS)).json as string[];
    expect(after).toHaveLength(50_000);
    expect(after).not.toContain(generatedPeer(2));
    expect(after.at(-1)).toBe(generatedPeer(50_000));
  });

  it('does not cut a longer list, and a domain given twice is listed once', async () => {
    const home = new HomeHarness();
    home.admin('set-peers', { count: 1, domains: ['a.example', 'b.example', 'a.example', 'threads.net'] });
    expect((await home.request('GET', PEERS)).json).toEqual(['threads.net', 'a.example', 'b.example']);
  });

  it('refuses what no server would list or no such software can be set to', () => {
    const home = new HomeHarness();
    const refused = (body: Record<string, unknown>): string => {
      try {
        home.admin('set-peers', body);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refused({ count: -1 })).toMatch(/count must be an integer from 0 to/);
    expect(refused({ count: MAX_PEERS + 1 })).toMatch(/count must be/);
    expect(refused({ count: 1.5 })).toMatch(/count must be/);
    expect(refused({ domains: 'remote.example' })).toMatch(/domains must be an array/);
    expect(refused({ domains: ['not a host'] })).toMatch(/not a host name/);
    expect(refused({ domains: ['-bad.example'] })).toMatch(/not a host name/);
    expect(refused({ domains: ['localhost'] })).toMatch(/not a host name/);
    expect(refused({ domains: ['home.example'] })).toMatch(/own domain/);
    expect(refused({ enabled: 'no' })).toMatch(/enabled must be a boolean/);
    expect(refused({ expose: true })).toMatch(/expose is GoToSocial's setting/);
    const gts = homeAs('gotosocial');
    expect(() => gts.admin('set-peers', { enabled: false })).toThrow(/gotosocial has no setting/);
  });

  it('reset and the software op restore the defaults; state shows them', async () => {
    const home = new HomeHarness();
    home.admin('set-peers', { count: 10, domains: ['remote.example'], enabled: false });
    expect(home.admin('state').peers).toEqual({
      domains: ['remote.example'],
      count: 10,
      enabled: false,
      expose: false,
      listed: 10,
    });
    home.module(HOME).reset();
    expect(home.admin('state').peers).toEqual({
      domains: [],
      count: 0,
      enabled: true,
      expose: false,
      listed: 1,
    });
    expect((await home.request('GET', PEERS)).json).toEqual(['threads.net']);
    home.admin('set-peers', { count: 10 });
    home.admin('software', { profile: 'akkoma' });
    expect((await home.request('GET', PEERS)).json).toEqual(['threads.net']);
  });
});

describe('GET /api/v1/instance/peers on other home software (§10.1)', () => {
  const withDomains = (profile: SoftwareId): HomeHarness => {
    const home = homeAs(profile);
    home.admin('set-peers', { domains: ['zeta.example', 'alpha.example', 'bad.example', 'quiet.example'] });
    home.admin('suspend-domain', { domain: 'bad.example' });
    home.admin('silence-domain', { domain: 'quiet.example' });
    return home;
  };

  it('GoToSocial: 401 without a user’s token, unless instance-expose-peers is on', async () => {
    const home = withDomains('gotosocial');
    const anonymous = await home.request('GET', PEERS);
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({
      error: 'Unauthorized: peers open query requires an authenticated account/user',
    });
    expect(anonymous.header('www-authenticate')).toBeUndefined();
    expect((await home.request('GET', PEERS, { token: 'nonsense' })).status).toBe(401);
    // Any scope will do, but only in the Authorization header, and an app's own token has no user.
    const token = grantedToken(home, 'write:follows');
    const reply = await home.request('GET', PEERS, { token });
    expect(reply.status).toBe(200);
    expect(reply.header('cache-control')).toBe('no-store');
    // Sorted a–z; a suspended domain left out, a silenced one (GoToSocial has no silence) kept.
    expect(reply.json).toEqual(['alpha.example', 'quiet.example', 'threads.net', 'zeta.example']);
    expect((await home.request('GET', `${PEERS}?access_token=${token}`)).status).toBe(401);
    const app = await home.registerApp();
    const appToken = await home.request('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: 'https://abc.chromiumapp.org/',
      },
    });
    expect(appToken.status).toBe(200);
    expect((await home.request('GET', PEERS, { token: appToken.json.access_token })).status).toBe(401);
    home.admin('set-peers', { expose: true });
    expect((await home.request('GET', PEERS)).json).toEqual([
      'alpha.example',
      'quiet.example',
      'threads.net',
      'zeta.example',
    ]);
  });

  it('GoToSocial: the padded list is sorted too', async () => {
    const home = homeAs('gotosocial');
    home.admin('set-peers', { count: 1000, expose: true });
    const list = (await home.request('GET', PEERS)).json as string[];
    expect(list).toHaveLength(1000);
    expect(list).toEqual([...list].sort());
    expect(list.at(-1)).toBe('threads.net');
  });

  it.each<[SoftwareId, string]>([
    ['akkoma', 'max-age=0, private, must-revalidate'],
    ['sharkey', 'private, max-age=0, must-revalidate'],
  ])('%s: public, and the sandbox’s blocks do not take a domain off', async (profile, cacheControl) => {
    const home = withDomains(profile);
    const reply = await home.request('GET', PEERS, { headers: { origin: 'https://elk.zone' } });
    expect(reply.status).toBe(200);
    expect(reply.header('cache-control')).toBe(cacheControl);
    expect(reply.header('access-control-allow-origin')).toBe('*');
    expect(reply.json).toEqual([
      'threads.net',
      'zeta.example',
      'alpha.example',
      'bad.example',
      'quiet.example',
    ]);
    expect(() => home.admin('set-peers', { enabled: false })).toThrow(/has no setting/);
  });

  it.each<SoftwareId>(['mastodon-4.2', 'mastodon-3.5'])('%s: as 4.5', async (profile) => {
    const home = withDomains(profile);
    expect((await home.request('GET', PEERS)).json).toEqual(['threads.net', 'zeta.example', 'alpha.example']);
    home.admin('set-peers', { enabled: false });
    expect((await home.request('GET', PEERS)).status).toBe(404);
  });
});

describe('set-peers over the running sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('SandboxAdmin.setPeers pads the list, 400 for a bad body, reset restores; CORS over HTTPS', async () => {
    const client = new SandboxClient(() => sandbox);
    const url = `https://${HOME}${PEERS}`;
    expect(await sandbox.admin.setPeers(HOME, { count: 50_000, domains: ['remote.example'] })).toEqual({
      domains: ['remote.example'],
      count: 50_000,
      enabled: true,
      expose: false,
      listed: 50_000,
    });
    const big = await client.request('GET', url, { headers: { origin: 'moz-extension://abc' } });
    expect(big.status).toBe(200);
    expect(big.headers['access-control-allow-origin']).toBe('*');
    expect((big.json as Json[]).length).toBe(50_000);
    await expect(sandbox.admin.setPeers(HOME, { count: -5 })).rejects.toThrow(/400 count must be/);
    await sandbox.admin.setPeers(HOME, { enabled: false });
    const off = await client.request('GET', url);
    expect(off.status).toBe(404);
    expect(off.text).toBe('');
    await sandbox.admin.reset();
    expect((await client.request('GET', url)).json).toEqual(['threads.net']);
  });
});
