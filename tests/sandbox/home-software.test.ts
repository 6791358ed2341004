/**
 * The home server playing other home software (docs/home-server.md §10): discovery, OAuth, scopes, rate limits
 * and ids. Each test checks something Mastodon 4.5 answers otherwise. Web pages: home-software-web.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOME, startSandbox, type Sandbox } from '../../sandbox';
import type { SoftwareId } from '../../sandbox/home/software';
import {
  Browser,
  HomeHarness,
  authorizeQuery,
  formFields,
  grantedToken,
  homeAs,
  pkcePair,
  tokenExchange,
  userToken,
} from './home-harness';
import { SandboxClient } from './https-client';

const REDIRECT = 'https://abc.chromiumapp.org/';

describe('discovery (§10.1)', () => {
  it.each<[SoftwareId, string, string, string]>([
    ['mastodon-4.5', 'mastodon', '4.5.0', '4.5.0'],
    ['mastodon-4.2', 'mastodon', '4.2.0', '4.2.0'],
    ['mastodon-3.5', 'mastodon', '3.5.0', '3.5.0'],
    ['gotosocial', 'gotosocial', '0.20.0+git-57cb4fe', '0.20.0+git-57cb4fe'],
    ['akkoma', 'akkoma', '3.16.0', '2.7.2 (compatible; Akkoma 3.16.0)'],
    ['sharkey', 'sharkey', '2025.5.2-dev', '3.0.0 (compatible; Sharkey 2025.5.2-dev; like Akkoma)'],
  ])('%s: NodeInfo says %s %s, /api/v1/instance version %s', async (profile, name, version, v1) => {
    const home = homeAs(profile);
    expect((await home.request('GET', '/nodeinfo/2.0')).json.software).toEqual({ name, version });
    expect((await home.request('GET', '/api/v1/instance')).json.version).toBe(v1);
  });

  it.each<[SoftwareId, number, unknown]>([
    ['mastodon-3.5', 404, { error: 'Not Found' }],
    ['akkoma', 404, { error: 'Not implemented' }],
  ])('%s: /api/v2/instance answers %i %j', async (profile, status, body) => {
    const reply = await homeAs(profile).request('GET', '/api/v2/instance');
    expect(reply.status).toBe(status);
    expect(reply.json).toEqual(body);
  });

  it.each<[SoftwareId, string]>([
    ['mastodon-4.2', '4.2.0'],
    ['gotosocial', '0.20.0+git-57cb4fe'],
    ['sharkey', '3.0.0 (compatible; Sharkey 2025.5.2-dev; like Akkoma)'],
  ])('%s: /api/v2/instance is served with version %s', async (profile, version) => {
    const reply = await homeAs(profile).request('GET', '/api/v2/instance');
    expect(reply.status).toBe(200);
    expect(reply.json.version).toBe(version);
  });

  it.each<SoftwareId>(['mastodon-4.2', 'mastodon-3.5', 'gotosocial'])(
    '%s: no /.well-known/oauth-authorization-server (404)',
    async (profile) => {
      const reply = await homeAs(profile).request('GET', '/.well-known/oauth-authorization-server');
      expect(reply.status).toBe(404);
      expect(reply.json).toBeUndefined();
    },
  );

  it("akkoma: /.well-known/oauth-authorization-server is the front end's HTML page, with 200", async () => {
    const reply = await homeAs('akkoma').request('GET', '/.well-known/oauth-authorization-server');
    expect(reply.status).toBe(200);
    expect(reply.header('content-type')).toContain('text/html');
    expect(reply.json).toBeUndefined();
    expect(reply.text).not.toContain('id="mastodon"');
  });

  it("sharkey: /.well-known/oauth-authorization-server is Misskey's: no profile scope, no client credentials", async () => {
    const reply = await homeAs('sharkey').request('GET', '/.well-known/oauth-authorization-server');
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      issuer: 'https://home.example',
      authorization_endpoint: 'https://home.example/oauth/authorize',
      token_endpoint: 'https://home.example/oauth/token',
      grant_types_supported: ['authorization_code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(reply.json.scopes_supported).toContain('write:following');
    expect(reply.json.scopes_supported).not.toContain('profile');
    expect(reply.json.scopes_supported).not.toContain('read:accounts');
  });

  it.each<[SoftwareId, string | undefined]>([
    ['gotosocial', undefined],
    ['akkoma', 'https://home.example/ostatus_subscribe?acct={uri}'],
    ['sharkey', 'https://home.example/authorize-follow?acct={uri}'],
  ])('%s: WebFinger subscribe template %s', async (profile, template) => {
    const reply = await homeAs(profile).request(
      'GET',
      '/.well-known/webfinger?resource=acct:maya@home.example',
    );
    const links = reply.json.links as { rel: string; template?: string }[];
    expect(links.find((l) => l.rel === 'http://ostatus.org/schema/1.0/subscribe')?.template).toBe(template);
  });

  it.each(['acct:maya@home.example', 'https://home.example'])(
    'mastodon-4.6: WebFinger for %s lists the OStatus link, then Create and Object (§10.6)',
    async (resource) => {
      const reply = await homeAs('mastodon-4.6').request(
        'GET',
        `/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
      );
      const links = (reply.json.links as { rel: string; template?: string }[]).filter((l) => l.template);
      expect(links).toEqual([
        {
          rel: 'http://ostatus.org/schema/1.0/subscribe',
          template: 'https://home.example/authorize_interaction?uri={uri}',
        },
        { rel: 'https://w3id.org/fep/3b86/Create', template: 'https://home.example/share?text={content}' },
        {
          rel: 'https://w3id.org/fep/3b86/Object',
          template: 'https://home.example/authorize_interaction?uri={object}',
        },
      ]);
    },
  );

  it('mastodon-4.5 publishes no intent; set-webfinger-links plays other servers, and bad input is refused', async () => {
    const home = homeAs('mastodon-4.5');
    const templated = async () =>
      (
        (await home.request('GET', '/.well-known/webfinger?resource=acct:maya@home.example')).json.links as {
          rel: string;
          template?: string;
        }[]
      ).filter((l) => l.template);
    expect((await templated()).map((l) => l.rel)).toEqual(['http://ostatus.org/schema/1.0/subscribe']);
    home.admin('set-webfinger-links', {
      subscribe: null,
      intents: [{ type: 'Object', template: 'https://elsewhere.example/o?o={object}' }],
    });
    expect(await templated()).toEqual([
      { rel: 'https://w3id.org/fep/3b86/Object', template: 'https://elsewhere.example/o?o={object}' },
    ]);
    expect(() => home.admin('set-webfinger-links', { intents: [{ type: 'Like', template: '/x' }] })).toThrow(
      /intents must be a list/,
    );
    expect(() => home.admin('set-webfinger-links', { subscribe: 3 })).toThrow(/subscribe must be/);
  });
});

describe('the share page (§6.1)', () => {
  it('signs a visitor in first, then starts a post with title, text and url joined by spaces', async () => {
    const browser = new Browser(homeAs('mastodon-4.6'));
    const path = '/share?title=A%20read&text=quote&url=https%3A%2F%2Fa.example%2F';
    const signedOut = await browser.get(path);
    expect([signedOut.status, new URL(signedOut.header('location') ?? '').pathname]).toEqual([
      302,
      '/auth/sign_in',
    ]);
    await browser.signIn();
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('>A read quote https://a.example/</textarea>');
  });

  it('is none of GoToSocial’s pages', async () => {
    const browser = new Browser(homeAs('gotosocial'));
    await browser.signIn();
    expect((await browser.get('/share?text=x')).status).toBe(404);
  });
});

describe('app registration and scopes (§10.2)', () => {
  it.each<SoftwareId>(['mastodon-4.2', 'mastodon-3.5'])(
    '%s: the profile scope is unknown, so registering with it is 422',
    async (profile) => {
      const reply = await homeAs(profile).request('POST', '/api/v1/apps', {
        body: { client_name: 'Homeward', redirect_uris: REDIRECT, scopes: 'read:search profile' },
      });
      expect(reply.status).toBe(422);
      expect(reply.json).toEqual({
        error: "Validation failed: Scopes doesn't match those configured on the server.",
      });
    },
  );

  it.each<SoftwareId>(['gotosocial', 'akkoma', 'sharkey'])(
    '%s: unknown scopes are stored as given',
    async (profile) => {
      const reply = await homeAs(profile).request('POST', '/api/v1/apps', {
        body: { client_name: 'Homeward', redirect_uris: REDIRECT, scopes: 'read:search bogus:scope' },
      });
      expect(reply.status).toBe(200);
      expect(reply.json.scopes).toEqual(['read:search', 'bogus:scope']);
    },
  );

  async function followBob(home: HomeHarness, token: string) {
    home.fedi.actor({ username: 'bob', domain: 'remote.example' });
    const reader = grantedToken(home, 'read');
    const search = await home.request('GET', '/api/v2/search?q=bob%40remote.example&resolve=true', {
      token: reader,
    });
    const bob = search.json.accounts[0];
    return home.request('POST', `/api/v1/accounts/${bob.id}/follow`, { token });
  }

  it('gotosocial: a token with only the follow scope cannot follow (403)', async () => {
    const home = homeAs('gotosocial');
    const reply = await followBob(home, grantedToken(home, 'follow'));
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({ error: 'Forbidden: token has insufficient scope permission' });
    expect(reply.header('www-authenticate')).toBeUndefined();
    const mastodon = new HomeHarness();
    expect((await followBob(mastodon, grantedToken(mastodon, 'follow'))).status).toBe(200);
  });

  it('gotosocial: relationships need read:accounts, not read:follows', async () => {
    const home = homeAs('gotosocial');
    const path = '/api/v1/accounts/relationships?id[]=x';
    expect((await home.request('GET', path, { token: grantedToken(home, 'read:follows') })).status).toBe(403);
    expect((await home.request('GET', path, { token: grantedToken(home, 'read:accounts') })).status).toBe(
      200,
    );
    expect((await home.request('GET', path, { token: grantedToken(home, 'read') })).status).toBe(200);
  });

  it('akkoma: relationships need read:follows, refused in its words; profile reads no credentials', async () => {
    const home = homeAs('akkoma');
    const refused = await home.request('GET', '/api/v1/accounts/relationships', {
      token: grantedToken(home, 'read:accounts'),
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ error: 'Insufficient permissions: read:follows.' });
    const follows = await home.request('GET', '/api/v1/accounts/relationships', {
      token: grantedToken(home, 'read:follows'),
    });
    expect(follows.status).toBe(200);
    const profileOnly = await home.request('GET', '/api/v1/accounts/verify_credentials', {
      token: grantedToken(home, 'profile'),
    });
    expect(profileOnly.status).toBe(403);
    expect(profileOnly.json).toEqual({ error: 'Insufficient permissions: read:accounts.' });
  });

  it('sharkey: any write scope follows, follow alone does not', async () => {
    const home = homeAs('sharkey');
    const refused = await followBob(home, grantedToken(home, 'read follow'));
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({
      error: 'PERMISSION_DENIED',
      error_description: 'Your app does not have the necessary permissions to use this endpoint.',
    });
    expect((await followBob(home, grantedToken(home, 'write:statuses'))).status).toBe(200);
  });

  it('sharkey: the token has the app scopes, whatever the authorization asked for', async () => {
    const home = homeAs('sharkey');
    const { token } = await userToken(home, { appScopes: 'read write', scopes: 'read' });
    const state = home.admin('state');
    expect(state.tokens.find((t: { token: string }) => t.token === token).scopes).toEqual(['read', 'write']);
  });
});

describe('authorizing an app again (§10.2)', () => {
  async function authorizeAgain(home: HomeHarness) {
    const { app, browser } = await userToken(home);
    const { challenge } = pkcePair();
    return browser.get(`/oauth/authorize?${authorizeQuery(app, challenge)}`);
  }

  it('sharkey: a registration signs in once; its page then fails without a redirect', async () => {
    const again = await authorizeAgain(homeAs('sharkey'));
    expect(again.status).toBe(200);
    expect(again.header('location')).toBeUndefined();
    expect(again.text).toContain('An error has occurred');
  });

  it('mastodon-4.5 approves the same app again at once', async () => {
    const again = await authorizeAgain(new HomeHarness());
    expect(again.status).toBe(302);
    expect(again.header('location')).toMatch(/^https:\/\/abc\.chromiumapp\.org\/\?code=/);
  });
});

describe('PKCE (§10.2)', () => {
  async function exchangeWithWrongVerifier(home: HomeHarness, method = 'S256') {
    const app = await home.registerApp();
    const browser = new Browser(home);
    await browser.signIn();
    const { challenge } = pkcePair();
    const query = authorizeQuery(app, challenge);
    query.set('code_challenge_method', method);
    const page = await browser.get(`/oauth/authorize?${query}`);
    if (page.status !== 200) return page;
    const approve = await browser.request('POST', '/oauth/authorize', { body: formFields(page.text) });
    const code = new URL(approve.header('location') ?? '').searchParams.get('code') ?? '';
    return home.request('POST', '/oauth/token', { body: tokenExchange(app, code, pkcePair().verifier) });
  }

  it('mastodon-4.5 refuses a verifier that does not match the challenge', async () => {
    expect((await exchangeWithWrongVerifier(new HomeHarness())).json.error).toBe('invalid_grant');
  });

  it.each<SoftwareId>(['mastodon-4.2', 'mastodon-3.5', 'gotosocial', 'akkoma', 'sharkey'])(
    '%s ignores the challenge: a wrong verifier still gets the token',
    async (profile) => {
      const reply = await exchangeWithWrongVerifier(homeAs(profile));
      expect(reply.status).toBe(200);
      expect(reply.json.access_token).toEqual(expect.any(String));
    },
  );

  it.each<SoftwareId>(['mastodon-4.2', 'gotosocial'])(
    '%s does not check code_challenge_method (plain passes)',
    async (profile) => {
      expect((await exchangeWithWrongVerifier(homeAs(profile), 'plain')).status).toBe(200);
      expect((await exchangeWithWrongVerifier(new HomeHarness(), 'plain')).status).toBe(400);
    },
  );
});

describe('client credentials (§10.2)', () => {
  const grant = (app: { client_id: string; client_secret: string }, extra: Record<string, string> = {}) => ({
    grant_type: 'client_credentials',
    client_id: app.client_id,
    client_secret: app.client_secret,
    ...extra,
  });

  it('gotosocial: redirect_uri is required', async () => {
    const home = homeAs('gotosocial');
    const app = await home.registerApp();
    const missing = await home.request('POST', '/oauth/token', { body: grant(app) });
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      error: 'invalid_request',
      error_description: 'Bad Request: redirect_uri was not set in the token request form',
    });
    const given = await home.request('POST', '/oauth/token', {
      body: grant(app, { redirect_uri: REDIRECT }),
    });
    expect(given.status).toBe(200);
  });

  it('sharkey: 200 with a token it never stored, for any client; the token is then refused', async () => {
    const home = homeAs('sharkey');
    const reply = await home.request('POST', '/oauth/token', {
      body: grant({ client_id: 'nobody', client_secret: 'nothing' }),
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({ token_type: 'Bearer', scope: 'read' });
    const use = await home.request('GET', '/api/v1/apps/verify_credentials', {
      token: reply.json.access_token,
    });
    expect(use.status).toBe(401);
  });

  it('a server without the grant (override) answers 400 unsupported_grant_type', async () => {
    const home = new HomeHarness();
    home.admin('software', { profile: 'sharkey', clientCredentials: 'unsupported' });
    const app = await home.registerApp();
    const reply = await home.request('POST', '/oauth/token', {
      body: grant(app, { redirect_uri: REDIRECT }),
    });
    expect(reply.status).toBe(400);
    expect(reply.json.error).toBe('unsupported_grant_type');
    expect(home.admin('state').software).toEqual({ profile: 'sharkey', clientCredentials: 'unsupported' });
  });
});

describe('rate limits (§10.3)', () => {
  it('gotosocial: 300 per 5 minutes per IP from the first request, Reset in whole seconds', async () => {
    const home = homeAs('gotosocial');
    home.fedi.now = Date.UTC(2025, 5, 1, 12, 31, 7, 250);
    const first = await home.request('GET', '/api/v1/instance', { ip: '10.0.0.1' });
    expect(first.header('x-ratelimit-limit')).toBe('300');
    expect(first.header('x-ratelimit-remaining')).toBe('299');
    expect(first.header('x-ratelimit-reset')).toBe('2025-06-01T12:36:07.000Z');
    home.fedi.now += 60_000;
    const token = grantedToken(home, 'read');
    const later = await home.request('GET', '/api/v1/accounts/verify_credentials', { token, ip: '10.0.0.1' });
    expect(later.header('x-ratelimit-remaining')).toBe('298');
    expect(later.header('x-ratelimit-reset')).toBe('2025-06-01T12:36:07.000Z');
    const oauth = await home.request('POST', '/oauth/token', { body: {}, ip: '10.0.0.1' });
    expect(oauth.header('x-ratelimit-remaining')).toBe('297');
  });

  it('gotosocial: a 429 says "rate limit reached" and keeps the headers', async () => {
    const home = homeAs('gotosocial');
    home.admin('set-rate-limit', { family: 'api', remaining: 0 });
    const reply = await home.request('GET', '/api/v1/instance');
    expect(reply.status).toBe(429);
    expect(reply.json).toEqual({ error: 'rate limit reached' });
    expect(reply.header('x-ratelimit-remaining')).toBe('0');
    expect(reply.header('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it('gotosocial: set-rate-limit with resetInMs plays a window that began earlier and ends then', async () => {
    const home = homeAs('gotosocial');
    home.fedi.now = Date.UTC(2025, 5, 1, 12, 31, 7, 250);
    home.admin('set-rate-limit', { family: 'api', remaining: 0, resetInMs: 20_000 });
    const limited = await home.request('GET', '/api/v1/instance', { ip: '10.0.0.9' });
    expect(limited.status).toBe(429);
    expect(limited.header('x-ratelimit-reset')).toBe('2025-06-01T12:31:27.000Z');
    home.fedi.now = Date.UTC(2025, 5, 1, 12, 31, 27, 250);
    const after = await home.request('GET', '/api/v1/instance', { ip: '10.0.0.9' });
    expect(after.status).toBe(200);
    expect(after.header('x-ratelimit-remaining')).toBe('299');
    // Mastodon's windows end on the clock's multiples: no admin moves them.
    expect(() =>
      homeAs('mastodon-4.5').admin('set-rate-limit', { family: 'api', remaining: 0, resetInMs: 20_000 }),
    ).toThrow(/clock's multiples/);
  });

  it.each<[SoftwareId, unknown]>([
    ['akkoma', { error: 'Throttled' }],
    [
      'sharkey',
      { error: 'RATE_LIMIT_EXCEEDED', error_description: 'Rate limit exceeded. Please try again later.' },
    ],
  ])('%s: no rate-limit headers, and a 429 body %j', async (profile, body) => {
    const home = homeAs(profile);
    const token = grantedToken(home, 'read write');
    const ok = await home.request('GET', '/api/v1/accounts/verify_credentials', { token });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    home.admin('set-rate-limit', { family: 'api', remaining: 0 });
    const limited = await home.request('GET', '/api/v1/accounts/verify_credentials', { token });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual(body);
    expect(Object.keys(limited.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
  });
});

describe('follows and ids (§10.3, §10.5)', () => {
  async function resolveBob(home: HomeHarness, token: string, locked = false) {
    home.fedi.actor({ username: 'bob', domain: 'remote.example', locked });
    const search = await home.request('GET', '/api/v2/search?q=bob%40remote.example&resolve=true', { token });
    return search.json.accounts[0];
  }

  it.each<[SoftwareId, RegExp]>([
    ['gotosocial', /^[0-9A-HJKMNP-TV-Z]{26}$/],
    ['akkoma', /^(?=.*[A-Za-z])[0-9A-Za-z]{18}$/],
    ['sharkey', /^[0-9a-z]{16}$/],
  ])('%s: accounts have ids like %s, and the API routes take them', async (profile, pattern) => {
    const home = homeAs(profile);
    const token = grantedToken(home, 'read write follow');
    const me = await home.request('GET', '/api/v1/accounts/verify_credentials', { token });
    expect(me.json.id).toMatch(pattern);
    const bob = await resolveBob(home, token);
    expect(bob.id).toMatch(pattern);
    expect((await home.request('GET', `/api/v1/accounts/${bob.id}`)).json.acct).toBe('bob@remote.example');
    const follow = await home.request('POST', `/api/v1/accounts/${bob.id}/follow`, { token });
    expect(follow.json).toMatchObject({ id: bob.id, following: true });
    expect((await home.request('GET', `/api/v1/accounts/${me.json.id}/following`)).status).toBe(200);
  });

  it.each<[SoftwareId, number]>([
    ['mastodon-4.5', 1],
    ['gotosocial', 1],
    ['akkoma', 2],
  ])('%s: a follow asked again while the request is pending makes %i Follow(s)', async (profile, made) => {
    const home = homeAs(profile);
    const token = grantedToken(home, 'read write follow');
    const bob = await resolveBob(home, token, true);
    for (let i = 0; i < 2; i++) {
      const again = await home.request('POST', `/api/v1/accounts/${bob.id}/follow`, { token });
      expect(again.json).toMatchObject({ requested: true });
    }
    expect((home.admin('state') as { followsMade: string[] }).followsMade).toEqual(
      Array.from({ length: made }, () => 'bob@remote.example'),
    );
  });

  describe('search for a post (§10.3)', () => {
    const POST = 'https://remote.example/users/bob/statuses/42';
    async function searchPost(profile: SoftwareId, version: 'v1' | 'v2') {
      const home = homeAs(profile);
      home.fedi.actor({ username: 'bob', domain: 'remote.example' });
      home.fedi.note({ id: POST, attributedTo: 'https://remote.example/users/bob', content: '<p>Hi</p>' });
      const token = grantedToken(home, 'read write follow');
      const q = encodeURIComponent(POST);
      return home.request('GET', `/api/${version}/search?q=${q}&resolve=true&type=statuses`, { token });
    }

    it('sharkey: v2 never answers the post; v1 does', async () => {
      expect((await searchPost('sharkey', 'v2')).json.statuses).toEqual([]);
      expect((await searchPost('sharkey', 'v1')).json.statuses[0]).toMatchObject({ uri: POST });
    });

    it.each<SoftwareId>(['mastodon-4.5', 'gotosocial', 'akkoma'])(
      '%s: v2 answers the post',
      async (profile) => {
        expect((await searchPost(profile, 'v2')).json.statuses[0]).toMatchObject({ uri: POST });
      },
    );

    it.each<[SoftwareId, number]>([
      ['mastodon-4.5', 404],
      ['akkoma', 404],
      ['gotosocial', 200],
    ])('%s: /api/v1/search answers %i', async (profile, status) => {
      expect((await searchPost(profile, 'v1')).status).toBe(status);
    });
  });

  it('seeded ids are the same at every reset', async () => {
    const home = homeAs('gotosocial');
    const ids = home.admin('state').accounts.map((a: { id: string }) => a.id);
    home.admin('software', { profile: 'gotosocial' });
    expect(home.admin('state').accounts.map((a: { id: string }) => a.id)).toEqual(ids);
  });

  async function followAnswer(home: HomeHarness, locked: boolean) {
    const token = grantedToken(home, 'read write');
    const bob = await resolveBob(home, token, locked);
    return (await home.request('POST', `/api/v1/accounts/${bob.id}/follow`, { token })).json;
  }

  it.each([true, false])(
    'sharkey: following a remote account (locked: %s) answers following: true and requested: true',
    async (locked) => {
      expect(await followAnswer(homeAs('sharkey'), locked)).toMatchObject({
        following: true,
        requested: true,
      });
      expect(await followAnswer(new HomeHarness(), locked)).toMatchObject({
        following: !locked,
        requested: locked,
      });
    },
  );
});

describe('the software admin op', () => {
  it('refuses an unknown profile, naming the known ones', () => {
    const home = new HomeHarness();
    expect(() => home.admin('software', { profile: 'pleroma' })).toThrow(
      'profile must be one of mastodon-4.6, mastodon-4.5, mastodon-4.2, mastodon-3.5, gotosocial, akkoma, sharkey (got "pleroma")',
    );
    expect(() => home.admin('software', { profile: 'akkoma', clientCredentials: 'maybe' })).toThrow(
      /clientCredentials must be/,
    );
  });

  it('starts the server over as that software; reset goes back to Mastodon 4.5', async () => {
    const home = new HomeHarness();
    await home.registerApp();
    expect(home.admin('software', { profile: 'akkoma' })).toEqual({
      profile: 'akkoma',
      clientCredentials: 'token',
    });
    expect(home.admin('state').apps).toEqual([]);
    expect(home.admin('state').software.profile).toBe('akkoma');
    home.module(HOME).reset();
    expect(home.admin('state').software).toEqual({ profile: 'mastodon-4.5', clientCredentials: 'token' });
    expect((await home.request('GET', '/nodeinfo/2.0')).json.software.name).toBe('mastodon');
  });
});

describe('the software admin op over the running sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('POST /hosts/home.example/software switches, 400 for an unknown profile, reset restores', async () => {
    const client = new SandboxClient(() => sandbox);
    expect(await sandbox.admin.setHomeSoftware(HOME, 'gotosocial')).toEqual({
      profile: 'gotosocial',
      clientCredentials: 'token',
    });
    const nodeinfo = await client.request('GET', `https://${HOME}/nodeinfo/2.0`);
    expect(nodeinfo.json.software.name).toBe('gotosocial');
    const instance = await client.request('GET', `https://${HOME}/api/v1/instance`);
    expect(instance.headers['x-ratelimit-reset']).toMatch(/\.000Z$/);
    await expect(sandbox.admin.hostOp(HOME, 'software', { profile: 'friendica' })).rejects.toThrow(
      /400 profile must be one of/,
    );
    await sandbox.admin.reset();
    const after = await client.request('GET', `https://${HOME}/nodeinfo/2.0`);
    expect(after.json.software).toEqual({ name: 'mastodon', version: '4.5.0' });
  });
});
