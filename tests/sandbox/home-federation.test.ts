import { describe, expect, it } from 'vitest';
import { Browser, HomeHarness, userToken, type Json } from './home-harness';

const BOB = 'https://remote.example/users/bob';

async function setup(opts: { locked?: boolean } = {}) {
  const home = new HomeHarness();
  home.fedi.actor({ username: 'bob', domain: 'remote.example', name: 'Bob Remote', locked: opts.locked });
  const session = await userToken(home);
  const search = (q: string, extra: Record<string, string> = {}, token: string | undefined = session.token) =>
    home.request('GET', `/api/v2/search?${new URLSearchParams({ q, ...extra })}`, { token });
  return { home, ...session, search };
}

describe('GET /api/v2/search (§4)', () => {
  it.each([
    [
      { q: 'bob@remote.example', resolve: 'true' },
      401,
      'Search queries that resolve remote resources are not supported without authentication',
    ],
    [{ q: 'bob', offset: '0' }, 401, 'Search queries pagination is not supported without authentication'],
    [
      { q: 'bob', offset: '1', resolve: 'true' },
      401,
      'Search queries pagination is not supported without authentication',
    ],
    [{}, 400, 'param is missing or the value is empty or invalid: q'],
    [{ q: '' }, 400, 'param is missing or the value is empty or invalid: q'],
    [{ q: 'bob', limit: '-1' }, 400, 'Pagination values for `offset` and `limit` must be positive'],
  ])('anonymous %j → %i', async (params, status, error) => {
    const home = new HomeHarness();
    const reply = await home.request('GET', `/api/v2/search?${new URLSearchParams(params)}`);
    expect(reply.status).toBe(status);
    expect(reply.json).toEqual({ error });
  });

  it('checks the token scopes when a token is sent', async () => {
    const home = new HomeHarness();
    const bad = await home.request('GET', '/api/v2/search?q=maya', { token: 'nope' });
    expect(bad.status).toBe(401);
    const narrow = await userToken(home, { appScopes: 'read:accounts read:search', scopes: 'read:accounts' });
    const forbidden = await home.request('GET', '/api/v2/search?q=maya', { token: narrow.token });
    expect(forbidden.status).toBe(403);
    const search = await userToken(home, { appScopes: 'read:accounts read:search', scopes: 'read:search' });
    expect((await home.request('GET', '/api/v2/search?q=maya', { token: search.token })).status).toBe(200);
  });

  it('resolves @user@domain through WebFinger and a signed ActivityPub GET', async () => {
    const { home, search } = await setup();
    const reply = await search('@bob@remote.example', { resolve: 'true', limit: '1' });
    expect(reply.status).toBe(200);
    expect(reply.json.statuses).toEqual([]);
    expect(reply.json.hashtags).toEqual([]);
    expect(reply.json.accounts).toHaveLength(1);
    expect(reply.json.accounts[0]).toMatchObject({
      username: 'bob',
      acct: 'bob@remote.example',
      display_name: 'Bob Remote',
      url: 'https://remote.example/@bob',
      uri: BOB,
      avatar: 'https://remote.example/avatars/bob.png',
      locked: false,
    });
    expect(reply.json.accounts[0].id).toMatch(/^\d{15,}$/);
    const [finger, actor] = home.fedi.fetches;
    expect(finger?.url).toBe(
      'https://remote.example/.well-known/webfinger?resource=acct%3Abob%40remote.example',
    );
    expect(actor?.url).toBe(BOB);
    expect(actor?.headers.accept).toContain('application/activity+json');
    expect(actor?.headers.signature).toMatch(
      /^keyId="https:\/\/home\.example\/actor#main-key",algorithm="rsa-sha256",/,
    );
    expect(actor?.headers.date).toBe(new Date(home.fedi.now).toUTCString());
    const again = await search('bob@remote.example', { resolve: 'true' });
    expect(again.json.accounts[0].id).toBe(reply.json.accounts[0].id);
  });

  it('resolves a WEB_DOMAIN account through the apex 301 to the Mastodon host', async () => {
    const { home, search } = await setup();
    const reply = await search('maya@wd.example', { resolve: 'true' });
    expect(reply.json.accounts[0]).toMatchObject({
      acct: 'maya@wd.example',
      uri: 'https://social.wd.example/users/maya',
      url: 'https://social.wd.example/@maya',
    });
    expect(home.fedi.fetches.map((f) => f.url)).toEqual([
      'https://wd.example/.well-known/webfinger?resource=acct%3Amaya%40wd.example',
      'https://social.wd.example/.well-known/webfinger?resource=acct%3Amaya%40wd.example',
      'https://social.wd.example/users/maya',
    ]);
  });

  it('without resolve only finds accounts already known', async () => {
    const { search } = await setup();
    expect((await search('bob@remote.example')).json.accounts).toEqual([]);
    await search('bob@remote.example', { resolve: 'true' });
    expect((await search('bob@remote.example')).json.accounts).toHaveLength(1);
    expect((await search('maya')).json.accounts[0]).toMatchObject({ acct: 'maya' });
    expect((await search('maya@home.example')).json.accounts[0]).toMatchObject({ acct: 'maya' });
  });

  it('resolves an https URL of a remote status, storing its author', async () => {
    const { home, search } = await setup();
    const url = 'https://remote.example/users/bob/statuses/42';
    home.fedi.note({ id: url, attributedTo: BOB, content: '<p>Hi from Bob</p>' });
    const reply = await search(url, { resolve: 'true' });
    expect(reply.json.accounts).toEqual([]);
    expect(reply.json.statuses).toHaveLength(1);
    expect(reply.json.statuses[0]).toMatchObject({
      uri: url,
      content: '<p>Hi from Bob</p>',
      visibility: 'public',
      account: { acct: 'bob@remote.example' },
    });
    expect((await search(url, { resolve: 'true', type: 'accounts' })).json.statuses).toEqual([]);
    expect((await search(url, { resolve: 'true', type: 'statuses', offset: '1' })).json.statuses).toEqual([]);
    expect((await search(url)).json.statuses).toEqual([]);
  });

  it('follows the object id when a profile URL answers with the canonical actor', async () => {
    const { home, search } = await setup();
    home.fedi.serve('https://remote.example/@bob', { id: BOB, type: 'Person', preferredUsername: 'bob' });
    const reply = await search('https://remote.example/@bob', { resolve: 'true' });
    expect(reply.json.accounts[0]).toMatchObject({ acct: 'bob@remote.example', display_name: 'Bob Remote' });
    expect(home.fedi.fetches.map((f) => f.url)).toContain(BOB);
  });

  it('recognises local URLs without fetching', async () => {
    const { home, search } = await setup();
    const status = home.admin('state').statuses.find((s: { acct: string }) => s.acct === 'maya');
    const byStatus = await search(status.url, { resolve: 'true' });
    expect(byStatus.json.statuses[0]).toMatchObject({ id: status.id, account: { acct: 'maya' } });
    const byProfile = await search('https://home.example/@maya', { resolve: 'true' });
    expect(byProfile.json.accounts[0]).toMatchObject({ acct: 'maya' });
    expect(home.fedi.fetches).toEqual([]);
  });

  it('swallows failures and suspended domains into 200 with empty lists', async () => {
    const { home, search } = await setup();
    const empty = { accounts: [], statuses: [], hashtags: [] };
    expect((await search('ghost@nowhere.example', { resolve: 'true' })).json).toEqual(empty);
    expect((await search('https://nowhere.example/x', { resolve: 'true' })).json).toEqual(empty);
    await search('bob@remote.example', { resolve: 'true' });
    home.admin('suspend-domain', { domain: 'remote.example' });
    const before = home.fedi.fetches.length;
    expect((await search('bob@remote.example', { resolve: 'true' })).json).toEqual(empty);
    expect((await search('bob')).json).toEqual(empty);
    expect(home.fedi.fetches.length).toBe(before);
  });

  it('caps limit at 40', async () => {
    const { search } = await setup();
    expect((await search('maya', { limit: '100' })).status).toBe(200);
  });
});

describe('accounts lookup, search and show', () => {
  it('lookup never resolves remotely and 404s unknown or suspended accounts', async () => {
    const { home, search, token } = await setup();
    const notFound = { error: 'Record not found' };
    expect((await home.request('GET', '/api/v1/accounts/lookup?acct=bob@remote.example')).json).toEqual(
      notFound,
    );
    expect(home.fedi.fetches).toEqual([]);
    expect((await home.request('GET', '/api/v1/accounts/lookup')).status).toBe(404);
    await search('bob@remote.example', { resolve: 'true' });
    const found = await home.request('GET', '/api/v1/accounts/lookup?acct=bob@remote.example');
    expect(found.json.acct).toBe('bob@remote.example');
    expect((await home.request('GET', `/api/v1/accounts/${found.json.id}`, { token })).json.acct).toBe(
      'bob@remote.example',
    );
    expect((await home.request('GET', '/api/v1/accounts/lookup?acct=maya')).json.acct).toBe('maya');
    home.admin('suspend-domain', { domain: 'remote.example' });
    expect((await home.request('GET', '/api/v1/accounts/lookup?acct=bob@remote.example')).status).toBe(404);
  });

  it('accounts/search needs a user and resolves like v2', async () => {
    const { home, token } = await setup();
    expect((await home.request('GET', '/api/v1/accounts/search?q=bob')).status).toBe(401);
    const app = await home.registerApp();
    const cc = await home.request('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret },
    });
    expect(
      (await home.request('GET', '/api/v1/accounts/search?q=bob', { token: cc.json.access_token })).status,
    ).toBe(422);
    expect((await home.request('GET', '/api/v1/accounts/search?q=', { token })).json).toEqual([]);
    const resolved = await home.request('GET', '/api/v1/accounts/search?q=bob@remote.example&resolve=true', {
      token,
    });
    expect(resolved.json[0].acct).toBe('bob@remote.example');
  });
});

describe('follow, unfollow, relationships (§5)', () => {
  async function bobId(search: (q: string, extra?: Record<string, string>) => Promise<{ json: Json }>) {
    return (await search('bob@remote.example', { resolve: 'true' })).json.accounts[0].id as string;
  }

  it('unlocked remote: optimistic following, stored as a request until the Accept arrives after the delay', async () => {
    const { home, token, search } = await setup();
    const id = await bobId(search);
    const followed = await home.request('POST', `/api/v1/accounts/${id}/follow`, { token });
    expect(followed.status).toBe(200);
    expect(followed.json).toEqual({
      id,
      following: true,
      showing_reblogs: true,
      notifying: false,
      languages: null,
      followed_by: false,
      blocking: false,
      blocked_by: false,
      muting: false,
      muting_notifications: false,
      requested: false,
      requested_by: false,
      domain_blocking: false,
      endorsed: false,
      note: '',
    });
    const relationships = () =>
      home.request('GET', `/api/v1/accounts/relationships?id[]=${id}&id[]=999`, { token });
    expect((await relationships()).json).toEqual([
      expect.objectContaining({ id, following: false, requested: true }),
    ]);
    expect(home.admin('state').follows).toEqual([
      expect.objectContaining({ acct: 'bob@remote.example', state: 'requested' }),
    ]);
    home.fedi.now += 1499;
    expect((await relationships()).json[0]).toMatchObject({ following: false, requested: true });
    home.fedi.now += 1;
    expect((await relationships()).json[0]).toMatchObject({ following: true, requested: false });
    const again = await home.request('POST', `/api/v1/accounts/${id}/follow`, {
      token,
      body: { notify: 'true' },
    });
    expect(again.json).toMatchObject({ following: true, notifying: true });
    const unfollowed = await home.request('POST', `/api/v1/accounts/${id}/unfollow`, { token });
    expect(unfollowed.json).toMatchObject({ following: false, requested: false });
    expect((await home.request('POST', `/api/v1/accounts/${id}/unfollow`, { token })).status).toBe(200);
  });

  it('admin set-accept-delay changes when the Accept arrives', async () => {
    const { home, token, search } = await setup();
    home.admin('set-accept-delay', { ms: 0 });
    const id = await bobId(search);
    await home.request('POST', `/api/v1/accounts/${id}/follow`, { token });
    const rel = await home.request('GET', `/api/v1/accounts/relationships?id=${id}`, { token });
    expect(rel.json[0]).toMatchObject({ following: true, requested: false });
  });

  it('locked remote: requested until admin accept-follows', async () => {
    const { home, token, search } = await setup({ locked: true });
    const id = await bobId(search);
    const followed = await home.request('POST', `/api/v1/accounts/${id}/follow`, { token });
    expect(followed.json).toMatchObject({ following: false, requested: true });
    home.fedi.now += 86_400_000;
    const rel = () => home.request('GET', `/api/v1/accounts/relationships?id[]=${id}`, { token });
    expect((await rel()).json[0]).toMatchObject({ following: false, requested: true });
    expect(home.admin('accept-follows', { acct: 'bob@remote.example' })).toEqual({ accepted: 1 });
    expect((await rel()).json[0]).toMatchObject({ following: true, requested: false });
  });

  it('local unlocked accounts are followed at once', async () => {
    const { home, token, search } = await setup();
    const sam = (await search('sam')).json.accounts[0];
    await home.request('POST', `/api/v1/accounts/${sam.id}/follow`, { token });
    const rel = await home.request('GET', `/api/v1/accounts/relationships?id=${sam.id}`, { token });
    expect(rel.json[0]).toMatchObject({ following: true, requested: false });
  });

  it('errors: 404 unknown, 403 self, 403 suspended domain, 422 follow limit, 429 follows budget, scopes', async () => {
    const { home, token, search } = await setup();
    const id = await bobId(search);
    const me = (await home.request('GET', '/api/v1/accounts/verify_credentials', { token })).json;
    expect((await home.request('POST', '/api/v1/accounts/12345/follow', { token })).json).toEqual({
      error: 'Record not found',
    });
    expect((await home.request('POST', `/api/v1/accounts/${me.id}/follow`, { token })).json).toEqual({
      error: 'Following your own account is not allowed',
    });
    const readOnly = await userToken(home, { appScopes: 'read', scopes: 'read' });
    const outOfScope = await home.request('POST', `/api/v1/accounts/${id}/follow`, { token: readOnly.token });
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.json).toEqual({ error: 'This action is outside the authorized scopes' });

    home.admin('set-following-count', { count: 7500 });
    const limit = await home.request('POST', `/api/v1/accounts/${id}/follow`, { token });
    expect(limit.status).toBe(422);
    expect(limit.json).toEqual({ error: 'Validation failed: You cannot follow more than 7500 people' });
    home.admin('set-following-count', { count: 0 });

    home.fedi.now = Date.UTC(2025, 5, 1, 12, 0, 0);
    home.admin('set-rate-limit', { family: 'follows', remaining: 1 });
    const lastOne = await home.request('POST', `/api/v1/accounts/${id}/follow`, { token });
    expect(lastOne.status).toBe(200);
    expect(lastOne.header('x-ratelimit-limit')).toBe('400');
    expect(lastOne.header('x-ratelimit-remaining')).toBe('0');
    expect(lastOne.header('x-ratelimit-reset')).toBe('2025-06-02T00:00:00.000000Z');
    const sam = (await search('sam')).json.accounts[0];
    const limited = await home.request('POST', `/api/v1/accounts/${sam.id}/follow`, { token });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: 'Too many requests' });

    home.admin('suspend-domain', { domain: 'remote.example' });
    expect((await home.request('POST', `/api/v1/accounts/${id}/follow`, { token })).json).toEqual({
      error: 'This action is not allowed',
    });
    expect((await home.request('GET', `/api/v1/accounts/relationships?id=${id}`, { token })).json).toEqual(
      [],
    );
    expect(
      (await home.request('GET', `/api/v1/accounts/relationships?id=${id}&with_suspended=true`, { token }))
        .json,
    ).toHaveLength(1);
  });

  it('relationships needs a user token with read or read:follows; no ids gives []', async () => {
    const { home, token } = await setup();
    expect((await home.request('GET', '/api/v1/accounts/relationships')).status).toBe(401);
    expect((await home.request('GET', '/api/v1/accounts/relationships', { token })).json).toEqual([]);
  });
});

describe('web routes and remote interaction (§6, §8)', () => {
  it('authorize_interaction: sign in first, then resolve and redirect to the local view', async () => {
    const home = new HomeHarness();
    home.fedi.actor({ username: 'bob', domain: 'remote.example', name: 'Bob Remote' });
    const browser = new Browser(home);
    const url = '/authorize_interaction?uri=bob%40remote.example';
    expect((await browser.get(url)).header('location')).toBe('https://home.example/auth/sign_in');
    expect((await browser.signIn()).header('location')).toBe(`https://home.example${url}`);
    const resolved = await browser.get(url);
    expect(resolved.status).toBe(302);
    expect(resolved.header('location')).toBe('https://home.example/@bob@remote.example');
    const profile = await browser.get('/@bob@remote.example');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('<title>Bob Remote (@bob@remote.example) - Home Sandbox</title>');
    expect(profile.text).toMatch(/<h1>.*Bob Remote.*\n.*@bob@remote\.example/);
    expect(profile.text).toContain('id="mastodon"');
    expect(profile.text).toContain('<script id="initial-state" type="application/json">');

    const noteUrl = 'https://remote.example/users/bob/statuses/7';
    home.fedi.note({
      id: noteUrl,
      attributedTo: 'https://remote.example/users/bob',
      content: '<p>Seven</p>',
    });
    const status = await browser.get(`/authorize_follow?uri=${encodeURIComponent(noteUrl)}`);
    expect(status.header('location')).toBe(
      `https://home.example/authorize_interaction?uri=${encodeURIComponent(noteUrl)}`,
    );
    const statusRedirect = await browser.get(status.header('location') ?? '');
    expect(statusRedirect.header('location')).toMatch(/^https:\/\/home\.example\/@bob@remote\.example\/\d+$/);
    const statusPage = await browser.get(statusRedirect.header('location') ?? '');
    expect(statusPage.text).toContain('Seven');

    expect((await browser.get('/authorize_interaction?acct=acct:bob@remote.example')).status).toBe(302);
    expect((await browser.get('/.well-known/proxy?uri=bob%40remote.example')).status).toBe(302);
    const missing = await browser.get('/authorize_interaction?uri=ghost%40nowhere.example');
    expect(missing.status).toBe(404);
    expect(missing.header('content-type')).toContain('text/html');
    const followersOnly = 'https://remote.example/users/bob/statuses/8';
    home.fedi.note({
      id: followersOnly,
      attributedTo: 'https://remote.example/users/bob',
      content: 'x',
      to: [`https://remote.example/users/bob/followers`],
    });
    expect(
      (await browser.get(`/authorize_interaction?uri=${encodeURIComponent(followersOnly)}`)).status,
    ).toBe(404);
    expect((await browser.get('/authorize_interaction')).status).toBe(404);
  });

  it('logged out: known remote objects go to the leaving interstitial, unknown ones get the shell', async () => {
    const home = new HomeHarness();
    home.fedi.actor({ username: 'bob', domain: 'remote.example', name: 'Bob Remote' });
    const { search } = await (async () => {
      const session = await userToken(home);
      return {
        search: (q: string) =>
          home.request('GET', `/api/v2/search?q=${encodeURIComponent(q)}&resolve=true`, {
            token: session.token,
          }),
      };
    })();
    const bob = (await search('bob@remote.example')).json.accounts[0];
    const anonymous = new Browser(home);
    const known = await anonymous.get('/@bob@remote.example');
    expect(known.status).toBe(302);
    expect(known.header('location')).toBe(`https://home.example/redirect/accounts/${bob.id}`);
    const leaving = await anonymous.get(known.header('location') ?? '');
    expect(leaving.status).toBe(200);
    expect(leaving.text).toContain('<link rel="canonical" href="https://remote.example/@bob">');
    expect(leaving.text).toContain('You are about to leave Home Sandbox');
    const unknown = await anonymous.get('/@carol@remote.example');
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain('id="mastodon"');
    expect(unknown.text).toContain('"access_token":null');
    const own = await anonymous.get('/@maya');
    expect(own.text).toContain('<title>Maya Hart (@maya@home.example) - Home Sandbox</title>');
    expect(own.text).toContain('<meta content="maya@home.example" property="profile:username">');
    expect(own.text).toContain('<meta content="Home Sandbox" property="og:site_name">');
    expect(own.text).toContain(
      '<link rel="alternate" type="application/activity+json" href="https://home.example/users/maya">',
    );
    expect(own.text).toContain('<link rel="manifest" href="/manifest">');
    expect(own.text).toContain('<meta name="applicationServerKey"');
    expect(own.text).not.toContain('csrf-token');
  });

  it('serves its own actor as ActivityPub and redirects HTML requests to the profile', async () => {
    const home = new HomeHarness();
    const ap = await home.request('GET', '/users/maya', { headers: { accept: 'application/activity+json' } });
    expect(ap.header('content-type')).toContain('application/activity+json');
    expect(ap.json).toMatchObject({
      id: 'https://home.example/users/maya',
      type: 'Person',
      preferredUsername: 'maya',
    });
    const page = await home.request('GET', '/users/maya', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(301);
    expect(page.header('location')).toBe('https://home.example/@maya');
  });

  it('logged-out local pages carry the Link header and public caching; logged-in ones name the object', async () => {
    const home = new HomeHarness();
    const profile = await home.request('GET', '/@maya');
    expect(profile.header('cache-control')).toBe('public, max-age=15');
    expect(profile.header('link')).toBe(
      '<https://home.example/.well-known/webfinger?resource=acct%3Amaya%40home.example>; rel="lrdd"; type="application/jrd+json", <https://home.example/users/maya>; rel="alternate"; type="application/activity+json"',
    );
    const status = home.admin('state').statuses.find((s: { acct: string }) => s.acct === 'maya');
    const statusPage = await home.request('GET', `/@maya/${status.id}`);
    expect(statusPage.header('cache-control')).toBe('public, max-age=10');
    expect(statusPage.header('link')).toBe(
      `<${status.uri}>; rel="alternate"; type="application/activity+json"`,
    );
    expect(statusPage.text).toContain(
      '<title>Maya Hart: &quot;Hello from the Homeward sandbox!&quot; - Home Sandbox</title>',
    );
    const browser = new Browser(home);
    await browser.signIn();
    const mine = await browser.get('/@maya');
    expect(mine.text).toMatch(
      /<h1><span class="display-name__html">Maya Hart<\/span>\s*<small class="display-name__account">@maya<\/small><\/h1>/,
    );
    expect(mine.header('cache-control')).toBeUndefined();
    expect((await browser.get('/@maya/1')).text).toContain('Post not found');
  });

  it('a signed-in browser visiting the sign-in page is sent on', async () => {
    const home = new HomeHarness();
    const browser = new Browser(home);
    await browser.signIn();
    const again = await browser.get('/auth/sign_in');
    expect(again.status).toBe(302);
    expect(again.header('location')).toBe('https://home.example/');
  });

  it('/intent maps web+mastodon follow and share links', async () => {
    const home = new HomeHarness();
    const follow = await home.request(
      'GET',
      `/intent?uri=${encodeURIComponent('web+mastodon://follow?uri=acct:bob@remote.example')}`,
    );
    expect(follow.header('location')).toBe(
      'https://home.example/authorize_interaction?uri=bob%40remote.example',
    );
    const share = await home.request(
      'GET',
      `/intent?uri=${encodeURIComponent('web+mastodon://share?text=hi')}`,
    );
    expect(share.header('location')).toBe('https://home.example/share?text=hi');
    expect(
      (await home.request('GET', `/intent?uri=${encodeURIComponent('https://x.example/')}`)).status,
    ).toBe(404);
  });
});
