import { describe, expect, it } from 'vitest';
import { HOME_USER } from '../../sandbox/hosts';
import { Browser, HomeHarness, csrfOf, formFields, pkcePair, userToken } from './home-harness';

const REDIRECT = 'https://abc.chromiumapp.org/';
const INVALID_CLIENT =
  'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.';
const INVALID_GRANT =
  'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

function authorizeUrl(params: Record<string, string>): string {
  return `/oauth/authorize?${new URLSearchParams(params)}`;
}

describe('POST /api/v1/apps (§1)', () => {
  it('registers a confidential client from a form body', async () => {
    const home = new HomeHarness();
    const reply = await home.request('POST', '/api/v1/apps', {
      body: { client_name: 'My Ext', redirect_uris: REDIRECT, scopes: 'read write follow read' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json).toMatchObject({
      name: 'My Ext',
      website: null,
      scopes: ['read', 'write', 'follow'],
      redirect_uris: [REDIRECT],
      redirect_uri: REDIRECT,
      client_secret_expires_at: 0,
    });
    expect(reply.json.id).toMatch(/^\d+$/);
    expect(reply.json.client_id).toMatch(/^[\w-]{43}$/);
    expect(reply.json.client_secret).toMatch(/^[\w-]{43}$/);
    expect(typeof reply.json.vapid_key).toBe('string');
  });

  it('accepts JSON with several redirect URIs and joins them with newlines', async () => {
    const home = new HomeHarness();
    const reply = await home.request('POST', '/api/v1/apps', {
      asJson: true,
      body: { client_name: 'Multi', redirect_uris: ['https://a.example/cb', 'urn:ietf:wg:oauth:2.0:oob'] },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.redirect_uri).toBe('https://a.example/cb\nurn:ietf:wg:oauth:2.0:oob');
    expect(reply.json.redirect_uris).toEqual(['https://a.example/cb', 'urn:ietf:wg:oauth:2.0:oob']);
    expect(reply.json.scopes).toEqual(['read']);
  });

  it('ignores an array of scopes (mastodon#30152) and defaults to read', async () => {
    const home = new HomeHarness();
    const reply = await home.request('POST', '/api/v1/apps', {
      asJson: true,
      body: { client_name: 'Arr', redirect_uris: REDIRECT, scopes: ['write'] as unknown as string },
    });
    expect(reply.json.scopes).toEqual(['read']);
  });

  it.each([
    ['https://abc.chromiumapp.org/'],
    ['https://0123456789abcdef.extensions.allizom.org/'],
    ['http://127.0.0.1:8080/cb'],
    ['app://x/'],
    ['moz-extension://4b0f6a3c-0000-4000-8000-000000000000/cb'],
    ['com.example.app://cb'],
    ['urn:ietf:wg:oauth:2.0:oob'],
  ])('accepts the redirect URI %s', async (uri) => {
    const home = new HomeHarness();
    const reply = await home.request('POST', '/api/v1/apps', {
      body: { client_name: 'x', redirect_uris: uri },
    });
    expect(reply.status).toBe(200);
  });

  it.each([
    [{ redirect_uris: 'https://x.example/cb#frag' }, 'Redirect URI cannot contain a fragment.'],
    [{ redirect_uris: 'abc.chromiumapp.org/' }, 'Redirect URI must be an absolute URI.'],
    [{ redirect_uris: 'foo:bar' }, 'Redirect URI must specify a scheme.'],
    [{ redirect_uris: 'localhost:3000/cb' }, 'Redirect URI must specify a scheme.'],
    [{ redirect_uris: 'https://' }, 'Redirect URI must be a valid URI.'],
    [{ redirect_uris: 'javascript://x/alert' }, 'Redirect URI is forbidden by the server.'],
    [{ redirect_uris: 'https://x.example/a b' }, 'Redirect URI must be an absolute URI.'],
    [{ redirect_uris: 'https://x.example/<cb>' }, 'Redirect URI must be a valid URI.'],
    [{ redirect_uris: '' }, "Redirect URI can't be blank"],
    [{ redirect_uris: '\n' }, "Redirect URI can't be blank"],
    [{ client_name: '' }, "Application name can't be blank"],
    [{ client_name: 'x'.repeat(61) }, 'Application name is too long (maximum is 60 characters)'],
    [{ scopes: 'read write:bogus' }, "Scopes doesn't match those configured on the server."],
    [{ website: 'ftp://x.example' }, 'Application website is not a valid URL'],
  ])('rejects %j with 422 "%s"', async (fields, message) => {
    const home = new HomeHarness();
    const reply = await home.request('POST', '/api/v1/apps', {
      body: { client_name: 'Homeward', redirect_uris: REDIRECT, ...fields },
    });
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({ error: `Validation failed: ${message}` });
  });

  it('reports an empty array of redirect URIs as blank', async () => {
    const home = new HomeHarness();
    const reply = await home.request('POST', '/api/v1/apps', {
      asJson: true,
      body: { client_name: 'x', redirect_uris: [] as unknown as string },
    });
    expect(reply.json).toEqual({ error: "Validation failed: Redirect URI can't be blank" });
  });

  it('verify_credentials returns the app without credentials for app and user tokens, 401 otherwise', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp();
    const cc = await home.request('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret },
    });
    const mine = await home.request('GET', '/api/v1/apps/verify_credentials', {
      token: cc.json.access_token,
    });
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ name: 'Homeward', scopes: ['read', 'write', 'follow'] });
    expect(mine.json).not.toHaveProperty('client_id');
    expect(mine.json).not.toHaveProperty('client_secret');
    const anonymous = await home.request('GET', '/api/v1/apps/verify_credentials');
    expect(anonymous.status).toBe(401);
    expect(anonymous.json).toEqual({ error: 'The access token is invalid' });
    expect(anonymous.header('www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('GET /oauth/authorize (§2)', () => {
  it('sends a logged-out browser to sign in first, even with invalid parameters, and back afterwards', async () => {
    const home = new HomeHarness();
    const browser = new Browser(home);
    const first = await browser.get('/oauth/authorize?client_id=nope');
    expect(first.status).toBe(302);
    expect(first.header('location')).toBe('https://home.example/auth/sign_in');
    const cookie = first.cookies[0] ?? '';
    expect(cookie).toMatch(/^_mastodon_session=[\w-]+; path=\/; secure; HttpOnly; SameSite=Lax$/);
    const signedIn = await browser.signIn();
    expect(signedIn.status).toBe(302);
    expect(signedIn.header('location')).toBe('https://home.example/oauth/authorize?client_id=nope');
  });

  it('renders the sign-in form with labelled fields and rejects wrong credentials', async () => {
    const home = new HomeHarness();
    const browser = new Browser(home);
    const form = await browser.get('/auth/sign_in');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="user_email">E-mail address</label>');
    expect(form.text).toContain('name="user[email]"');
    expect(form.text).toContain('<label for="user_password">Password</label>');
    expect(form.text).toContain('name="user[password]"');
    expect(form.text).toMatch(/<button[^>]*type="submit"[^>]*>Log in<\/button>/);
    const wrong = await browser.signIn('not-the-password');
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('Invalid E-mail address or password.');
    const forged = await browser.request('POST', '/auth/sign_in', {
      body: {
        authenticity_token: 'forged',
        'user[email]': HOME_USER.email,
        'user[password]': HOME_USER.password,
      },
    });
    expect(forged.status).toBe(422);
    const ok = await browser.signIn();
    expect(ok.header('location')).toBe('https://home.example/');
  });

  it.each([
    ['missing client_id', {}, 400, 'Missing required parameter: client_id.'],
    ['unknown client', { client_id: 'unknown' }, 401, INVALID_CLIENT],
    ['missing redirect_uri', { client_id: '$app' }, 400, 'The redirect uri included is not valid.'],
    [
      'unregistered redirect_uri',
      { client_id: '$app', redirect_uri: 'https://evil.example/' },
      400,
      'The redirect uri included is not valid.',
    ],
    [
      'missing response_type',
      { client_id: '$app', redirect_uri: REDIRECT },
      400,
      'Missing required parameter: response_type.',
    ],
    [
      'response_type=token',
      { client_id: '$app', redirect_uri: REDIRECT, response_type: 'token' },
      400,
      'The authorization server does not support this response type.',
    ],
    [
      'scope beyond the app',
      { client_id: '$app', redirect_uri: REDIRECT, response_type: 'code', scope: 'read:accounts' },
      400,
      'The requested scope is invalid, unknown, or malformed.',
    ],
    [
      'unknown scope',
      { client_id: '$app', redirect_uri: REDIRECT, response_type: 'code', scope: 'read bogus' },
      400,
      'The requested scope is invalid, unknown, or malformed.',
    ],
    [
      'challenge without method',
      { client_id: '$app', redirect_uri: REDIRECT, response_type: 'code', code_challenge: 'abc' },
      400,
      'The code_challenge_method must be S256.',
    ],
    [
      'plain challenge',
      {
        client_id: '$app',
        redirect_uri: REDIRECT,
        response_type: 'code',
        code_challenge: 'abc',
        code_challenge_method: 'plain',
      },
      400,
      'The code_challenge_method must be S256.',
    ],
  ])('renders an HTML error page for %s', async (_name, params, status, message) => {
    const home = new HomeHarness();
    const app = await home.registerApp({ scopes: 'read' });
    const browser = new Browser(home);
    await browser.signIn();
    const query = Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, v === '$app' ? app.client_id : v]),
    );
    const reply = await browser.get(authorizeUrl(query));
    expect(reply.status).toBe(status);
    expect(reply.header('content-type')).toContain('text/html');
    expect(reply.header('location')).toBeUndefined();
    expect(reply.text).toMatch(/<div class="form-container"><div class="flash-message">([^<]*)<\/div>/);
    expect(reply.text).toContain(message.replaceAll("'", '&#39;'));
  });

  it('matches redirect URIs the way Ruby URI#== does (trailing slash, case, loopback port, ignored query)', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp({
      redirect_uris: 'https://X.chromiumapp.org\nhttp://127.0.0.1:8080/cb',
    });
    const browser = new Browser(home);
    await browser.signIn();
    for (const uri of [
      'https://x.chromiumapp.org/',
      'https://x.chromiumapp.org/?a=1',
      'http://127.0.0.1:9999/cb',
    ]) {
      const reply = await browser.get(
        authorizeUrl({ client_id: app.client_id, redirect_uri: uri, response_type: 'code', scope: 'read' }),
      );
      expect(reply.status, uri).toBe(200);
    }
    const other = await browser.get(
      authorizeUrl({
        client_id: app.client_id,
        redirect_uri: 'https://x.chromiumapp.org/other',
        response_type: 'code',
      }),
    );
    expect(other.status).toBe(400);
  });

  it('shows the authorization page with app name, permissions, user and both buttons; no CORS', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp();
    const browser = new Browser(home);
    await browser.signIn();
    const page = await browser.get(
      authorizeUrl({
        client_id: app.client_id,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'read write follow',
        state: 's1',
      }),
      { headers: { origin: 'https://abc.chromiumapp.org' } },
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain('Authorization required');
    expect(page.text).toContain('<strong>Homeward</strong> would like permission to access your account');
    expect(page.text).toContain('Logged in as <strong>@maya</strong>');
    expect(page.text).toContain('Full access to your Mastodon account');
    expect(page.text).toMatch(/<button[^>]*>Authorize<\/button>/);
    expect(page.text).toMatch(/<button[^>]*>Deny<\/button>/);
    expect(page.header('access-control-allow-origin')).toBeUndefined();
    const approve = formFields(page.text, 0);
    const deny = formFields(page.text, 1);
    expect(approve).toMatchObject({
      client_id: app.client_id,
      redirect_uri: REDIRECT,
      state: 's1',
      response_type: 'code',
      scope: 'read write follow',
    });
    expect(approve.authenticity_token).toBe(csrfOf(page.text));
    expect(deny._method).toBe('delete');
  });

  it('approve → code → token with PKCE → verify_credentials → revoke → 401 "was revoked"', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp();
    const browser = new Browser(home);
    expect((await browser.get(authorizeUrl({ client_id: app.client_id }))).status).toBe(302);
    await browser.signIn();
    const { verifier, challenge } = pkcePair();
    const page = await browser.get(
      authorizeUrl({
        client_id: app.client_id,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'read write follow',
        state: 'xyz',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }),
    );
    const approved = await browser.request('POST', '/oauth/authorize', { body: formFields(page.text) });
    expect(approved.status).toBe(302);
    const location = new URL(approved.header('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code') ?? '';
    expect(code).toMatch(/^[\w-]{43}$/);

    const exchange = (extra: Record<string, string>) =>
      home.request('POST', '/oauth/token', {
        body: {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT,
          client_id: app.client_id,
          client_secret: app.client_secret,
          ...extra,
        },
      });
    const noVerifier = await exchange({});
    expect(noVerifier.status).toBe(400);
    expect(noVerifier.json).toEqual({
      error: 'invalid_request',
      error_description: 'Missing required parameter: code_verifier.',
    });
    expect(noVerifier.header('cache-control')).toBe('no-store');
    expect(noVerifier.header('www-authenticate')).toContain('error="invalid_request"');
    const wrongVerifier = await exchange({ code_verifier: pkcePair().verifier });
    expect(wrongVerifier.json).toEqual({ error: 'invalid_grant', error_description: INVALID_GRANT });
    const good = await exchange({ code_verifier: verifier });
    expect(good.status).toBe(200);
    expect(good.header('cache-control')).toBe('no-store, no-cache');
    expect(good.header('pragma')).toBe('no-cache');
    expect(Object.keys(good.json).sort()).toEqual(['access_token', 'created_at', 'scope', 'token_type']);
    expect(good.json).toMatchObject({
      token_type: 'Bearer',
      scope: 'read write follow',
      created_at: Math.floor(home.fedi.now / 1000),
    });
    const reused = await exchange({ code_verifier: verifier });
    expect(reused.json.error).toBe('invalid_grant');

    const token = good.json.access_token as string;
    const me = await home.request('GET', '/api/v1/accounts/verify_credentials', { token });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      username: 'maya',
      acct: 'maya',
      display_name: HOME_USER.displayName,
      locked: false,
    });
    expect(me.json.source).toMatchObject({
      privacy: 'public',
      note: expect.any(String),
      follow_requests_count: 0,
    });
    expect(me.json.role).toBeDefined();
    const avatar = await home.request('GET', me.json.avatar);
    expect(avatar.status).toBe(200);
    expect(avatar.header('content-type')).toBe('image/png');

    const wrongClient = await home.request('POST', '/oauth/revoke', { body: { token } });
    expect(wrongClient.status).toBe(403);
    expect(wrongClient.json).toEqual({
      error: 'unauthorized_client',
      error_description: 'You are not authorized to revoke this token',
    });
    const revoked = await home.request('POST', '/oauth/revoke', {
      body: { token, client_id: app.client_id, client_secret: app.client_secret },
    });
    expect(revoked.status).toBe(200);
    expect(revoked.json).toEqual({});
    const after = await home.request('GET', '/api/v1/accounts/verify_credentials', { token });
    expect(after.status).toBe(401);
    expect(after.json).toEqual({ error: 'The access token was revoked' });
  });

  it('auto-approves a second authorization with the same scopes unless force_login, and reuses the token', async () => {
    const home = new HomeHarness();
    const { token, app, browser } = await userToken(home);
    const params = {
      client_id: app.client_id,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'follow write read',
    };
    const again = await browser.get(authorizeUrl(params));
    expect(again.status).toBe(302);
    const code = new URL(again.header('location') ?? '').searchParams.get('code') ?? '';
    const exchanged = await home.request('POST', '/oauth/token', {
      body: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: app.client_id,
        client_secret: app.client_secret,
      },
    });
    expect(exchanged.json.access_token).toBe(token);
    const forced = await browser.get(authorizeUrl({ ...params, force_login: 'true' }));
    expect(forced.status).toBe(200);
    const narrower = await browser.get(authorizeUrl({ ...params, scope: 'read' }));
    expect(narrower.status).toBe(200);
  });

  it('deny redirects with access_denied; fragment mode and OOB redirect as documented', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp({ redirect_uris: `${REDIRECT}\nurn:ietf:wg:oauth:2.0:oob` });
    const browser = new Browser(home);
    await browser.signIn();
    const page = await browser.get(
      authorizeUrl({ client_id: app.client_id, redirect_uri: REDIRECT, response_type: 'code', state: 'st' }),
    );
    const denied = await browser.request('POST', '/oauth/authorize', { body: formFields(page.text, 1) });
    expect(denied.header('location')).toBe(
      `${REDIRECT}?error=access_denied&error_description=The+resource+owner+or+authorization+server+denied+the+request.&state=st`,
    );
    const fragmentPage = await browser.get(
      authorizeUrl({
        client_id: app.client_id,
        redirect_uri: REDIRECT,
        response_type: 'code',
        response_mode: 'fragment',
      }),
    );
    const fragment = await browser.request('POST', '/oauth/authorize', {
      body: formFields(fragmentPage.text),
    });
    expect(fragment.header('location')).toMatch(/^https:\/\/abc\.chromiumapp\.org\/#code=[\w-]{43}$/);
    const oobPage = await browser.get(
      authorizeUrl({
        client_id: app.client_id,
        redirect_uri: 'urn:ietf:wg:oauth:2.0:oob',
        response_type: 'code',
      }),
    );
    const oob = await browser.request('POST', '/oauth/authorize', { body: formFields(oobPage.text) });
    expect(oob.header('location')).toMatch(
      /^https:\/\/home\.example\/oauth\/authorize\/native\?code=[\w-]{43}$/,
    );
    const shown = await browser.get(oob.header('location') ?? '');
    expect(shown.text).toContain(new URL(oob.header('location') ?? '').searchParams.get('code'));
  });

  it('keeps a registered query and appends the code to it; form_post answers with an auto-submitting form', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp({ redirect_uris: 'https://x.example/cb?app=1' });
    const browser = new Browser(home);
    await browser.signIn();
    const query = {
      client_id: app.client_id,
      redirect_uri: 'https://x.example/cb?app=1',
      response_type: 'code',
    };
    const page = await browser.get(authorizeUrl(query));
    const approved = await browser.request('POST', '/oauth/authorize', { body: formFields(page.text) });
    expect(approved.header('location')).toMatch(/^https:\/\/x\.example\/cb\?app=1&code=[\w-]{43}$/);
    expect(
      (await browser.get(authorizeUrl({ ...query, redirect_uri: 'https://x.example/cb?app=2' }))).status,
    ).toBe(400);
    const postPage = await browser.get(
      authorizeUrl({ ...query, response_mode: 'form_post', force_login: 'true' }),
    );
    const posted = await browser.request('POST', '/oauth/authorize', { body: formFields(postPage.text) });
    expect(posted.status).toBe(200);
    expect(posted.text).toContain('<form method="post" action="https://x.example/cb?app=1">');
    expect(posted.text).toMatch(/name="code" value="[\w-]{43}"/);
  });

  it('rejects an approval without the session authenticity token', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp();
    const browser = new Browser(home);
    await browser.signIn();
    const page = await browser.get(
      authorizeUrl({ client_id: app.client_id, redirect_uri: REDIRECT, response_type: 'code' }),
    );
    const reply = await browser.request('POST', '/oauth/authorize', {
      body: { ...formFields(page.text), authenticity_token: 'x' },
    });
    expect(reply.status).toBe(422);
  });

  it('signs out with DELETE (or POST _method=delete) and keeps the saved location with continue=true', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp();
    const browser = new Browser(home);
    await browser.signIn();
    const url = authorizeUrl({ client_id: app.client_id, redirect_uri: REDIRECT, response_type: 'code' });
    const page = await browser.get(url);
    const out = await browser.request('POST', '/auth/sign_out?continue=true', {
      body: { _method: 'delete', authenticity_token: csrfOf(page.text) },
    });
    expect(out.status).toBe(302);
    expect((await browser.get(url)).header('location')).toBe('https://home.example/auth/sign_in');
    expect((await browser.signIn()).header('location')).toBe(`https://home.example${url}`);
  });
});

describe('POST /oauth/token errors (§2)', () => {
  async function withCode(home: HomeHarness) {
    const app = await home.registerApp();
    const browser = new Browser(home);
    await browser.signIn();
    const page = await browser.get(
      authorizeUrl({ client_id: app.client_id, redirect_uri: REDIRECT, response_type: 'code' }),
    );
    const approved = await browser.request('POST', '/oauth/authorize', { body: formFields(page.text) });
    return { app, code: new URL(approved.header('location') ?? '').searchParams.get('code') ?? '' };
  }

  it.each([
    ['no grant_type', { grant_type: '' }, 400, 'invalid_request', 'Missing required parameter: grant_type.'],
    ['password grant', { grant_type: 'password' }, 400, 'unsupported_grant_type', undefined],
    ['no code', { code: '' }, 400, 'invalid_request', 'Missing required parameter: code.'],
    [
      'no redirect_uri',
      { redirect_uri: '' },
      400,
      'invalid_request',
      'Missing required parameter: redirect_uri.',
    ],
    ['no secret', { client_secret: '' }, 401, 'invalid_client', INVALID_CLIENT],
    ['unknown code', { code: 'x'.repeat(43) }, 400, 'invalid_grant', INVALID_GRANT],
    ['other redirect_uri', { redirect_uri: 'https://other.example/' }, 400, 'invalid_grant', INVALID_GRANT],
  ])('%s', async (_name, override, status, error, description) => {
    const home = new HomeHarness();
    const { app, code } = await withCode(home);
    const body = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: app.client_id,
      client_secret: app.client_secret,
      ...override,
    };
    const reply = await home.request('POST', '/oauth/token', { body });
    expect(reply.status).toBe(status);
    expect(reply.json.error).toBe(error);
    if (description) expect(reply.json.error_description).toBe(description);
    expect(reply.header('cache-control')).toBe('no-store');
  });

  it('expires codes after 600 seconds', async () => {
    const home = new HomeHarness();
    const { app, code } = await withCode(home);
    home.fedi.now += 600_000;
    const reply = await home.request('POST', '/oauth/token', {
      body: {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        client_id: app.client_id,
        client_secret: app.client_secret,
      },
    });
    expect(reply.json.error).toBe('invalid_grant');
  });

  it('accepts HTTP Basic client authentication and JSON bodies', async () => {
    const home = new HomeHarness();
    const { app, code } = await withCode(home);
    const reply = await home.request('POST', '/oauth/token', {
      asJson: true,
      headers: {
        authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}`,
      },
      body: { grant_type: 'authorization_code', code, redirect_uri: REDIRECT },
    });
    expect(reply.status).toBe(200);
  });

  it('client_credentials gives an app token limited to the app scopes; such tokens get 422 on user endpoints', async () => {
    const home = new HomeHarness();
    const app = await home.registerApp({ scopes: 'read' });
    const denied = await home.request('POST', '/oauth/token', {
      body: {
        grant_type: 'client_credentials',
        client_id: app.client_id,
        client_secret: app.client_secret,
        scope: 'write',
      },
    });
    expect(denied.json.error).toBe('invalid_scope');
    const cc = await home.request('POST', '/oauth/token', {
      body: { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret },
    });
    expect(cc.json.scope).toBe('read');
    const me = await home.request('GET', '/api/v1/accounts/verify_credentials', {
      token: cc.json.access_token,
    });
    expect(me.status).toBe(422);
    expect(me.json).toEqual({ error: 'This method requires an authenticated user' });
  });

  it('revoke: 403 without client auth, {} for an unknown token, 403 for another app’s token', async () => {
    const home = new HomeHarness();
    const { token } = await userToken(home);
    const other = await home.registerApp();
    const unknown = await home.request('POST', '/oauth/revoke', {
      body: { token: 'nope', client_id: other.client_id, client_secret: other.client_secret },
    });
    expect(unknown.status).toBe(200);
    expect(unknown.json).toEqual({});
    const foreign = await home.request('POST', '/oauth/revoke', {
      body: { token, client_id: other.client_id, client_secret: other.client_secret },
    });
    expect(foreign.status).toBe(403);
  });
});

describe('scopes (§ common errors)', () => {
  it('a read:search-only token cannot read credentials; read:accounts and profile can', async () => {
    const home = new HomeHarness();
    const narrow = await userToken(home, {
      appScopes: 'read:search profile read:accounts',
      scopes: 'read:search',
    });
    const reply = await home.request('GET', '/api/v1/accounts/verify_credentials', { token: narrow.token });
    expect(reply.status).toBe(403);
    expect(reply.json).toEqual({ error: 'This action is outside the authorized scopes' });
    const profile = await userToken(home, {
      appScopes: 'read:search profile read:accounts',
      scopes: 'profile',
    });
    expect(
      (await home.request('GET', '/api/v1/accounts/verify_credentials', { token: profile.token })).status,
    ).toBe(200);
  });

  it('accepts the token from the access_token parameter', async () => {
    const home = new HomeHarness();
    const { token } = await userToken(home);
    const reply = await home.request('GET', `/api/v1/accounts/verify_credentials?access_token=${token}`);
    expect(reply.status).toBe(200);
  });

  it('admin revoke-tokens revokes every token and the state dump shows it', async () => {
    const home = new HomeHarness();
    const { token } = await userToken(home);
    expect(home.admin('revoke-tokens')).toEqual({ revoked: 1 });
    expect(home.admin('state').tokens).toEqual([
      expect.objectContaining({ token, revoked: true, scopes: ['read', 'write', 'follow'] }),
    ]);
    const reply = await home.request('GET', '/api/v1/accounts/verify_credentials', { token });
    expect(reply.json).toEqual({ error: 'The access token was revoked' });
  });
});
