import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HomeHarness, userToken } from './home-harness';

describe('instance and discovery (§3)', () => {
  it('GET /api/v2/instance: LOCAL_DOMAIN, 4.5 fields, public caching', async () => {
    const home = new HomeHarness();
    const reply = await home.request('GET', '/api/v2/instance');
    expect(reply.status).toBe(200);
    expect(reply.header('cache-control')).toBe('public, max-age=300');
    expect(reply.json).toMatchObject({
      domain: 'home.example',
      title: 'Home Sandbox',
      version: '4.5.0',
      api_versions: { mastodon: 7 },
      configuration: { urls: { streaming: 'wss://home.example' }, statuses: { max_characters: 500 } },
      registrations: { enabled: true },
    });
  });

  it('GET /api/v1/instance: bare-domain uri and the Deprecation header', async () => {
    const home = new HomeHarness();
    const reply = await home.request('GET', '/api/v1/instance');
    expect(reply.header('deprecation')).toBe('@1668384000');
    expect(reply.json).toMatchObject({
      uri: 'home.example',
      title: 'Home Sandbox',
      urls: { streaming_api: 'wss://home.example' },
    });
    expect(reply.json.stats.user_count).toBeGreaterThan(0);
  });

  it('WEB_DOMAIN setup: social.wd.example reports domain wd.example, the apex 301-redirects discovery with CORS', async () => {
    const home = new HomeHarness();
    const instance = await home.request('GET', 'https://social.wd.example/api/v2/instance');
    expect(instance.json.domain).toBe('wd.example');
    const finger = await home.request(
      'GET',
      'https://wd.example/.well-known/webfinger?resource=acct:maya@wd.example',
    );
    expect(finger.status).toBe(301);
    expect(finger.header('location')).toBe(
      'https://social.wd.example/.well-known/webfinger?resource=acct:maya@wd.example',
    );
    expect(finger.header('access-control-allow-origin')).toBe('*');
    for (const path of ['/.well-known/host-meta', '/.well-known/nodeinfo']) {
      expect((await home.request('GET', `https://wd.example${path}`)).header('location')).toBe(
        `https://social.wd.example${path}`,
      );
    }
    expect((await home.request('GET', 'https://wd.example/@maya')).status).toBe(404);
    const target = await home.request(
      'GET',
      'https://social.wd.example/.well-known/webfinger?resource=acct:maya@wd.example',
    );
    expect(target.json).toMatchObject({
      subject: 'acct:maya@wd.example',
      aliases: ['https://social.wd.example/@maya', 'https://social.wd.example/users/maya'],
    });
    const byWebDomain = await home.request(
      'GET',
      'https://social.wd.example/.well-known/webfinger?resource=acct:maya@social.wd.example',
    );
    expect(byWebDomain.json.subject).toBe('acct:maya@wd.example');
  });

  it('nodeinfo discovery and document', async () => {
    const home = new HomeHarness();
    const links = await home.request('GET', '/.well-known/nodeinfo');
    expect(links.json).toEqual({
      links: [
        { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: 'https://home.example/nodeinfo/2.0' },
      ],
    });
    const doc = await home.request('GET', '/nodeinfo/2.0');
    expect(doc.json).toMatchObject({
      version: '2.0',
      software: { name: 'mastodon', version: '4.5.0' },
      protocols: ['activitypub'],
      openRegistrations: true,
      usage: { users: { total: 2 }, localPosts: 3 },
      metadata: { nodeName: 'Home Sandbox' },
    });
  });

  it('host-meta as XRD by default and JSON on request', async () => {
    const home = new HomeHarness();
    const xml = await home.request('GET', '/.well-known/host-meta');
    expect(xml.header('content-type')).toContain('application/xrd+xml');
    expect(xml.text).toContain(
      '<Link rel="lrdd" template="https://home.example/.well-known/webfinger?resource={uri}"/>',
    );
    const asJson = await home.request('GET', '/.well-known/host-meta', {
      headers: { accept: 'application/json' },
    });
    expect(asJson.json).toEqual({
      links: [{ rel: 'lrdd', template: 'https://home.example/.well-known/webfinger?resource={uri}' }],
    });
  });

  it.each([
    ['acct:maya@home.example'],
    ['maya@home.example'],
    ['https://home.example/@maya'],
    ['https://home.example/users/maya'],
  ])('webfinger serves the local account for %s', async (resource) => {
    const home = new HomeHarness();
    const reply = await home.request(
      'GET',
      `/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.header('content-type')).toContain('application/jrd+json');
    expect(reply.header('cache-control')).toBe('max-age=259200, public');
    expect(reply.json.subject).toBe('acct:maya@home.example');
    expect(reply.json.links).toEqual(
      expect.arrayContaining([
        {
          rel: 'http://webfinger.net/rel/profile-page',
          type: 'text/html',
          href: 'https://home.example/@maya',
        },
        { rel: 'self', type: 'application/activity+json', href: 'https://home.example/users/maya' },
        {
          rel: 'http://ostatus.org/schema/1.0/subscribe',
          template: 'https://home.example/authorize_interaction?uri={uri}',
        },
      ]),
    );
  });

  it('webfinger for the server itself gives the instance actor with the subscribe template', async () => {
    const home = new HomeHarness();
    for (const resource of ['https://home.example', 'acct:home.example@home.example']) {
      const reply = await home.request(
        'GET',
        `/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
      );
      expect(reply.json.subject).toBe('acct:home.example@home.example');
      expect(reply.json.links).toContainEqual({
        rel: 'http://ostatus.org/schema/1.0/subscribe',
        template: 'https://home.example/authorize_interaction?uri={uri}',
      });
    }
  });

  it.each([
    ['', 400],
    ['maya', 400],
    ['acct:nobody@home.example', 404],
    ['acct:bob@remote.example', 404],
    ['@maya@home.example', 404],
  ])('webfinger resource %j → %i with an empty body', async (resource, status) => {
    const home = new HomeHarness();
    const reply = await home.request(
      'GET',
      `/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
    );
    expect(reply.status).toBe(status);
    expect(reply.text).toBe('');
  });

  it('oauth-authorization-server metadata lists the real scopes and S256 only', async () => {
    const home = new HomeHarness();
    const reply = await home.request('GET', '/.well-known/oauth-authorization-server');
    expect(reply.header('content-type')).toContain('application/json');
    expect(reply.json).toMatchObject({
      issuer: 'https://home.example/',
      authorization_endpoint: 'https://home.example/oauth/authorize',
      token_endpoint: 'https://home.example/oauth/token',
      revocation_endpoint: 'https://home.example/oauth/revoke',
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      app_registration_endpoint: 'https://home.example/api/v1/apps',
    });
    expect(reply.json.scopes_supported).toEqual(
      expect.arrayContaining([
        'read',
        'write',
        'follow',
        'push',
        'profile',
        'read:search',
        'read:follows',
        'write:follows',
        'read:accounts',
      ]),
    );
    expect(reply.json.scopes_supported).not.toContain('read:collections');
  });
});

describe('GET /api/v1/instance/domain_blocks', () => {
  it('follows the show_domain_blocks setting: all, users, disabled', async () => {
    const home = new HomeHarness();
    home.admin('suspend-domain', { domain: 'bad.example', comment: 'spam' });
    const all = await home.request('GET', '/api/v1/instance/domain_blocks');
    expect(all.json).toEqual([
      {
        domain: 'bad.example',
        digest: createHash('sha256').update('bad.example').digest('hex'),
        severity: 'suspend',
        comment: 'spam',
      },
    ]);
    home.admin('domain-blocks-visibility', { value: 'users' });
    const anonymous = await home.request('GET', '/api/v1/instance/domain_blocks');
    expect(anonymous.status).toBe(404);
    expect(anonymous.text).toBe('');
    const { token } = await userToken(home);
    expect((await home.request('GET', '/api/v1/instance/domain_blocks', { token })).status).toBe(200);
    home.admin('domain-blocks-visibility', { value: 'disabled' });
    expect((await home.request('GET', '/api/v1/instance/domain_blocks', { token })).status).toBe(404);
  });

  it('shows an obfuscated block as Mastodon’s public_domain does, with the real domain’s digest', async () => {
    const home = new HomeHarness();
    home.admin('suspend-domain', { domain: 'threads.net', obfuscate: true });
    home.admin('silence-domain', { domain: 'spam.example', obfuscate: true });
    home.admin('silence-domain', { domain: 'plain.example' });
    const list = await home.request('GET', '/api/v1/instance/domain_blocks');
    expect(list.json.map((b: { domain: string; digest: string }) => [b.domain, b.digest])).toEqual([
      ['thr****.*et', createHash('sha256').update('threads.net').digest('hex')],
      ['spam.****ple', createHash('sha256').update('spam.example').digest('hex')],
      ['plain.example', createHash('sha256').update('plain.example').digest('hex')],
    ]);
  });
});

describe('CORS (§9)', () => {
  it('adds the API headers to simple requests with Origin, errors included', async () => {
    const home = new HomeHarness();
    const reply = await home.request('GET', '/api/v1/accounts/verify_credentials', {
      headers: { origin: 'https://x.example' },
    });
    expect(reply.status).toBe(401);
    expect(reply.header('access-control-allow-origin')).toBe('*');
    expect(reply.header('access-control-allow-methods')).toBe('POST, PUT, DELETE, GET, PATCH, OPTIONS');
    expect(reply.header('access-control-expose-headers')).toBe(
      'Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id',
    );
    expect(reply.header('access-control-max-age')).toBe('7200');
    expect(reply.header('vary')).toBe('Origin');
    expect(reply.header('access-control-allow-credentials')).toBeUndefined();
    const noOrigin = await home.request('GET', '/api/v2/instance');
    expect(noOrigin.header('access-control-allow-origin')).toBeUndefined();
  });

  it('answers preflights with an empty 200 echoing the requested headers, without counting them', async () => {
    const home = new HomeHarness();
    const reply = await home.request('OPTIONS', '/api/v1/apps', {
      headers: {
        origin: 'chrome-extension://abc',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    expect(reply.header('access-control-allow-headers')).toBe('authorization, content-type');
    expect(reply.header('x-ratelimit-limit')).toBeUndefined();
    const token = await home.request('OPTIONS', '/oauth/token', {
      headers: { origin: 'chrome-extension://abc', 'access-control-request-method': 'POST' },
    });
    expect(token.header('access-control-allow-methods')).toBe('POST');
  });

  it('covers well-known and profile paths with GET only, and nothing on /oauth/authorize or status pages', async () => {
    const home = new HomeHarness();
    const origin = { origin: 'https://x.example' };
    const finger = await home.request('GET', '/.well-known/webfinger?resource=acct:maya@home.example', {
      headers: origin,
    });
    expect(finger.header('access-control-allow-methods')).toBe('GET');
    expect(finger.header('access-control-expose-headers')).toBeUndefined();
    expect(
      (await home.request('GET', '/@maya', { headers: origin })).header('access-control-allow-origin'),
    ).toBe('*');
    expect(
      (await home.request('GET', '/oauth/authorize', { headers: origin })).header(
        'access-control-allow-origin',
      ),
    ).toBeUndefined();
    const status = home.admin('state').statuses.find((s: { acct: string }) => s.acct === 'maya');
    const page = await home.request('GET', `/@maya/${status.id}`, { headers: origin });
    expect(page.status).toBe(200);
    expect(page.header('access-control-allow-origin')).toBeUndefined();
  });
});
