/**
 * Setting the home server from a handle or an address, against fake servers behind a stubbed `fetch` (masto uses
 * it too). Every host a server names (its WebFinger link, its own `domain`/`uri`) must pass the same gate as a
 * typed one before it is stored: those names feed the redirect rules (docs/security-inputs.md).
 */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { homeServerItem } from '../storage';
import { setServer } from './server';

interface FakeServer {
  /** `/.well-known/webfinger`'s JRD, or undefined for a 404. */
  webfinger?: unknown;
  /** `/api/v2/instance`, or undefined for a 404 (then `/api/v1/instance` is asked). */
  v2?: unknown;
  v1?: unknown;
  /** nodeinfo's `software`; Mastodon 4.5.0 when not given. */
  software?: { name: string; version: string };
}

let servers: Map<string, FakeServer>;
let asked: URL[];

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

async function fakeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(new Request(input, init).url);
  asked.push(url);
  const server = servers.get(url.hostname);
  if (!server) throw new TypeError('Failed to fetch');
  const answer = {
    '/.well-known/webfinger': server.webfinger,
    '/api/v2/instance': server.v2,
    '/api/v1/instance': server.v1,
    '/.well-known/nodeinfo': {
      links: [
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `https://${url.host}/nodeinfo/2.0` },
      ],
    },
    '/nodeinfo/2.0': { software: server.software ?? { name: 'Mastodon', version: '4.5.0' } },
  }[url.pathname];
  return answer === undefined ? json(404, { error: 'Not found' }) : json(200, answer);
}

function mastodon(domain: unknown): FakeServer {
  return { v2: { domain, title: 'A server' } };
}

beforeEach(() => {
  fakeBrowser.reset();
  servers = new Map();
  asked = [];
  vi.stubGlobal('fetch', fakeFetch);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('setServer: home software', () => {
  it('keeps what nodeinfo says the software is (Akkoma, which has no v2 instance)', async () => {
    servers.set('akkoma.example', {
      v1: { uri: 'https://akkoma.example', title: 'Ak', version: '2.7.2 (compatible; Akkoma 3.16.0)' },
      software: { name: 'akkoma', version: '3.16.0' },
    });
    expect(await setServer({ input: 'akkoma.example' })).toMatchObject({
      ok: true,
      server: { host: 'akkoma.example', software: 'akkoma', version: '3.16.0' },
    });
  });

  it('keeps a Misskey server, which has no Mastodon API, for opening links through its pages', async () => {
    servers.set('misskey.example', { software: { name: 'misskey', version: '2025.1.0' } });
    expect(await setServer({ input: 'misskey.example' })).toEqual({
      ok: true,
      server: {
        host: 'misskey.example',
        localDomain: 'misskey.example',
        title: 'misskey.example',
        software: 'misskey',
        version: '2025.1.0',
      },
    });
  });

  it("knows Misskey by its API's own 404 when its nodeinfo cannot be read", async () => {
    servers.set('mk.example', { software: { name: 'misskey', version: '2025.4.1' } });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(new Request(input, init).url);
      if (url.pathname.startsWith('/api/'))
        return json(404, {
          error: { message: 'Unknown API endpoint.', code: 'UNKNOWN_API_ENDPOINT', kind: 'client' },
        });
      if (url.pathname.includes('nodeinfo')) throw new TypeError('Failed to fetch');
      return fakeFetch(input, init);
    });
    expect(await setServer({ input: 'mk.example' })).toMatchObject({
      ok: true,
      server: { host: 'mk.example', software: 'misskey', version: '' },
    });
  });

  it('still refuses a server that is neither', async () => {
    servers.set('blog.example', { software: { name: 'wordpress', version: '6.0' } });
    expect(await setServer({ input: 'blog.example' })).toMatchObject({ ok: false });
  });
});

describe('setServer: a typed address', () => {
  it('stores the server, with its own domain for handles', async () => {
    servers.set('social.wd.example', mastodon('wd.example'));
    const result = await setServer({ input: 'https://Social.WD.example/' });
    const server = {
      host: 'social.wd.example',
      localDomain: 'wd.example',
      title: 'A server',
      software: 'mastodon',
      version: '4.5.0',
    };
    expect(result).toEqual({ ok: true, server });
    expect(await homeServerItem.getValue()).toEqual(server);
  });

  it('falls back to /api/v1/instance, whose uri may be a bare domain or a URL', async () => {
    servers.set('old.example', { v1: { uri: 'old.example', title: 'Old' } });
    servers.set('fork.example', { v1: { uri: 'https://fork.example/', title: 'Fork' } });
    expect(await setServer({ input: 'old.example' })).toMatchObject({
      ok: true,
      server: { host: 'old.example', localDomain: 'old.example' },
    });
    expect(await setServer({ input: 'fork.example' })).toMatchObject({
      ok: true,
      server: { host: 'fork.example', localDomain: 'fork.example' },
    });
  });

  it.each([
    ['a path', 'Not A Domain/..'],
    ['an IP address', '127.0.0.1'],
    ['a port', 'home.example:8443'],
    ['userinfo', 'me@home.example'],
    ['a single label', 'localhost'],
  ])('refuses a server whose own domain has %s, and stores nothing', async (_name, domain) => {
    servers.set('home.example', mastodon(domain));
    expect(await setServer({ input: 'home.example' })).toEqual({
      ok: false,
      error: { kind: 'not-mastodon', host: 'home.example' },
    });
    expect(await homeServerItem.getValue()).toBeNull();
  });

  it('refuses a v1 uri that is no host', async () => {
    servers.set('home.example', { v1: { uri: 'https://Not A Domain/..', title: 'x' } });
    expect(await setServer({ input: 'home.example' })).toEqual({
      ok: false,
      error: { kind: 'not-mastodon', host: 'home.example' },
    });
  });

  it('stores an IDN domain the server reports in Unicode as punycode, like a typed one', async () => {
    servers.set('xn--bcher-kva.example', mastodon('Bücher.example'));
    expect(await setServer({ input: 'bücher.example' })).toMatchObject({
      ok: true,
      server: { host: 'xn--bcher-kva.example', localDomain: 'xn--bcher-kva.example' },
    });
  });
});

describe('setServer: a handle', () => {
  const jrd = (href: string) => ({
    subject: 'acct:me@wd.example',
    links: [{ rel: 'self', type: 'application/activity+json', href }],
  });

  it('finds the web domain from WebFinger (LOCAL_DOMAIN ≠ WEB_DOMAIN)', async () => {
    servers.set('wd.example', { webfinger: jrd('https://social.wd.example/users/me') });
    servers.set('social.wd.example', mastodon('wd.example'));
    expect(await setServer({ input: '@me@wd.example' })).toMatchObject({
      ok: true,
      server: { host: 'social.wd.example', localDomain: 'wd.example', handle: 'me@wd.example' },
    });
  });

  it('keeps the handle typed only when it is the server’s own', async () => {
    servers.set('wd.example', { webfinger: jrd('https://social.wd.example/users/me') });
    servers.set('social.wd.example', mastodon('other.example'));
    const answer = await setServer({ input: '@Me@wd.example' });
    expect(answer.ok && answer.server.handle).toBeUndefined();
    servers.set('social.wd.example', mastodon('wd.example'));
    const own = await setServer({ input: '@Me@wd.example' });
    expect(own.ok && own.server.handle).toBe('me@wd.example');
  });

  it('keeps punycode and IDN links working', async () => {
    servers.set('xn--bcher-kva.example', { webfinger: jrd('https://sozial.bücher.example/users/me') });
    servers.set('sozial.xn--bcher-kva.example', mastodon('xn--bcher-kva.example'));
    expect(await setServer({ input: '@me@bücher.example' })).toMatchObject({
      ok: true,
      server: { host: 'sozial.xn--bcher-kva.example', localDomain: 'xn--bcher-kva.example' },
    });
  });

  it.each([
    ['an IP address', 'https://127.0.0.1/users/me'],
    ['an IPv6 address', 'https://[::1]/users/me'],
    ['a single label', 'https://localhost/users/me'],
    ['a port', 'https://evil.example:8443/users/me'],
    ['userinfo', 'https://me:secret@evil.example/users/me'],
    ['plain http', 'http://evil.example/users/me'],
  ])('ignores a WebFinger link to %s and checks the handle’s own domain', async (_name, href) => {
    servers.set('wd.example', { webfinger: jrd(href), ...mastodon('wd.example') });
    for (const host of ['127.0.0.1', '[::1]', 'localhost', 'evil.example'])
      servers.set(host, mastodon('evil.example'));
    expect(await setServer({ input: '@me@wd.example' })).toMatchObject({
      ok: true,
      server: { host: 'wd.example', localDomain: 'wd.example' },
    });
    expect(asked.map((url) => url.hostname).every((host) => host === 'wd.example')).toBe(true);
  });
});
