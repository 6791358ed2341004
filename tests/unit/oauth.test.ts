import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  appStillExists,
  fetchAuthInfo,
  authorizeUrl,
  parseAuthorizationResponse,
  pkceChallenge,
  randomToken,
} from '@/utils/mastodon/oauth';

describe('authorizeUrl', () => {
  it('carries every parameter Mastodon checks, PKCE only when given', () => {
    const base = {
      host: 'home.example',
      clientId: 'cid',
      redirectUri: 'https://x.chromiumapp.org/',
      scopes: 'read:search profile',
      state: 's1',
    };
    const plain = new URL(authorizeUrl(base));
    expect(plain.origin + plain.pathname).toBe('https://home.example/oauth/authorize');
    expect(Object.fromEntries(plain.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'https://x.chromiumapp.org/',
      scope: 'read:search profile',
      state: 's1',
    });
    const pkce = new URL(authorizeUrl({ ...base, codeChallenge: 'abc' }));
    expect(pkce.searchParams.get('code_challenge')).toBe('abc');
    expect(pkce.searchParams.get('code_challenge_method')).toBe('S256');
  });
});

describe('parseAuthorizationResponse', () => {
  it.each([
    ['https://x.chromiumapp.org/?code=C&state=S', { ok: true, code: 'C' }],
    ['https://x.chromiumapp.org/#code=C&state=S', { ok: true, code: 'C' }],
    ['https://x.chromiumapp.org/?code=C&state=other', { ok: false, reason: 'state-mismatch' }],
    ['https://x.chromiumapp.org/?code=C', { ok: false, reason: 'state-mismatch' }],
    [
      'https://x.chromiumapp.org/?error=access_denied&error_description=The+resource+owner+denied&state=S',
      { ok: false, reason: 'denied', description: 'The resource owner denied' },
    ],
    ['https://x.chromiumapp.org/?state=S', { ok: false, reason: 'malformed' }],
    ['not a url', { ok: false, reason: 'malformed' }],
  ])('%s', (url, expected) => {
    expect(parseAuthorizationResponse(url, 'S')).toEqual(expected);
  });
});

describe('PKCE', () => {
  it('derives the S256 challenge exactly as the server checks it (RFC 7636 appendix B)', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
    const verifier = randomToken(48);
    expect(await pkceChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
  });

  it('makes verifiers of the allowed alphabet and length (43–128)', () => {
    const verifier = randomToken(48);
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(randomToken(48)).not.toBe(verifier);
  });
});

describe('appStillExists', () => {
  const APP = { clientId: 'cid', clientSecret: 'secret', scopes: 'read:search profile' };
  const REDIRECT = 'https://x.chromiumapp.org/';

  function tokenEndpoint(status: number, body: unknown) {
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (request: Request) => {
      calls.push(new URL(request.url).pathname);
      const answer = new URL(request.url).pathname === '/oauth/revoke' ? {} : body;
      return new Response(JSON.stringify(answer), {
        status: new URL(request.url).pathname === '/oauth/revoke' ? 200 : status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    });
    return calls;
  }

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('keeps an app the server still grants a token to, and revokes that token', async () => {
    const calls = tokenEndpoint(200, {
      access_token: 't',
      token_type: 'Bearer',
      scope: 'read',
      created_at: 1,
    });
    expect(await appStillExists('home.example', APP, REDIRECT)).toBe(true);
    expect(calls).toEqual(['/oauth/token', '/oauth/revoke']);
  });

  it.each([
    ['401 invalid_client (the app is gone)', 401, { error: 'invalid_client' }],
    [
      '400 unsupported_grant_type (a server without client credentials)',
      400,
      { error: 'unsupported_grant_type' },
    ],
    ['400 invalid_scope', 400, { error: 'invalid_scope' }],
    ['403 from a proxy', 403, { error: 'Forbidden' }],
  ])('registers again after %s', async (_name, status, body) => {
    tokenEndpoint(status, body);
    expect(await appStillExists('home.example', APP, REDIRECT)).toBe(false);
  });

  it('lets a server that is down fail the connection', async () => {
    tokenEndpoint(503, { error: 'Service Unavailable' });
    await expect(appStillExists('home.example', APP, REDIRECT)).rejects.toMatchObject({ statusCode: 503 });
  });
});

describe('fetchAuthInfo: what to ask each server for', () => {
  function metadataAnswers(status: number, body: string, type = 'application/json; charset=utf-8') {
    vi.stubGlobal('fetch', async () => new Response(body, { status, headers: { 'content-type': type } }));
  }

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('asks for `profile` and uses PKCE where the metadata offers both (Mastodon 4.3+)', async () => {
    metadataAnswers(
      200,
      JSON.stringify({ scopes_supported: ['read', 'profile'], code_challenge_methods_supported: ['S256'] }),
    );
    expect(await fetchAuthInfo('home.example')).toEqual({
      pkce: true,
      scopes: 'read:search read:follows write:follows profile',
    });
  });

  it.each([
    ['404 (Mastodon before 4.3, GoToSocial)', 404, '<h1>Not found</h1>', 'text/html'],
    [
      "200 HTML (Akkoma's front end answers every path)",
      200,
      '<!doctype html><title>Akkoma</title>',
      'text/html',
    ],
    ['a JSON answer without the fields', 200, '{"issuer":"https://home.example"}', 'application/json'],
    [
      'fields of the wrong type',
      200,
      '{"scopes_supported":"profile","code_challenge_methods_supported":1}',
      'application/json',
    ],
  ])('falls back to read:accounts without PKCE on %s', async (_name, status, body, type) => {
    metadataAnswers(status, body, type);
    expect(await fetchAuthInfo('home.example')).toEqual({
      pkce: false,
      scopes: 'read:search read:follows write:follows read:accounts',
    });
  });

  it('falls back the same when the request fails', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await fetchAuthInfo('home.example')).toMatchObject({ pkce: false });
  });
});
