/** App registration, the OAuth authorization-code and client-credentials flows, sign-in (docs/home-server.md §1, §1–2). */
import { createHash, randomUUID } from 'node:crypto';
import type { SbResponse } from '../types';
import { html, json, randomToken, redirect, stringParam, truthy } from './http';
import { serializeApp, type Account, type App, type Grant, type Session } from './model';
import {
  OOB_REDIRECT_URI,
  groupedPermissions,
  isWebUrl,
  parseScopes,
  redirectUriAllowed,
  redirectUriErrors,
  sameScopeSet,
  scopesValid,
} from './oauth-rules';
import * as pages from './pages';
import { VAPID_KEY, type Call, type Server } from './context';
import { tokenAllows } from './software';

/** Doorkeeper's default `authorization_code_expires_in` (10 minutes), which Mastodon keeps. */
const AUTHORIZATION_CODE_TTL_MS = 600_000;
const FIRST_APP_ID = 563_419;

const OAUTH_DESCRIPTIONS = {
  invalid_client:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_redirect_uri: 'The redirect uri included is not valid.',
  unsupported_response_type: 'The authorization server does not support this response type.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  invalid_code_challenge_method: 'The code_challenge_method must be S256.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  access_denied: 'The resource owner or authorization server denied the request.',
  unauthorized_client: 'You are not authorized to revoke this token',
} as const;

export function oauthRoutes(s: Server) {
  const { ctx, config, base, site, store, auth } = s;
  const { findLocal } = store;
  const { ensureSession, csrfValid, invalidCsrf, authenticateClient, requireLogin } = auth;

  // ---------- apps (§1) ----------

  function createApp(call: Call): SbResponse {
    const name = stringParam(call.params, 'client_name') ?? '';
    const rawUris = call.params.redirect_uris;
    const redirectUri = Array.isArray(rawUris)
      ? rawUris.map(String).join('\n')
      : (stringParam(call.params, 'redirect_uris') ?? '');
    // An array of scopes is dropped by strong parameters and falls back to the default (mastodon#30152).
    const scopesText = stringParam(call.params, 'scopes')?.trim() || 'read';
    const website = stringParam(call.params, 'website') ?? '';
    const errors: string[] = [];
    if (!name.trim()) errors.push("Application name can't be blank");
    for (const message of redirectUri.trim() ? redirectUriErrors(redirectUri) : ["can't be blank"]) {
      errors.push(`Redirect URI ${message}`);
    }
    const scopes = parseScopes(scopesText);
    // Only Mastodon checks the scopes against a list; the other softwares store them as given (§10.2).
    const known = store.state.software.scopes.known;
    if (known && !scopes.every((scope) => known.includes(scope)))
      errors.push("Scopes doesn't match those configured on the server.");
    if ([...name].length > 60) errors.push('Application name is too long (maximum is 60 characters)');
    if (website && (!isWebUrl(website) || website.length > 2000)) {
      errors.push(
        website.length > 2000
          ? 'Application website is too long (maximum is 2000 characters)'
          : 'Application website is not a valid URL',
      );
    }
    if (redirectUri.length > 2000) errors.push('Redirect URI is too long (maximum is 2000 characters)');
    if (errors.length > 0) return json(422, { error: `Validation failed: ${errors.join(', ')}` });
    const app: App = {
      // Application ids are a plain database sequence.
      id: String(FIRST_APP_ID + store.state.apps.size),
      name,
      website: website || null,
      scopes,
      redirectUri,
      clientId: randomToken(),
      clientSecret: randomToken(),
    };
    store.state.apps.set(app.clientId, app);
    return json(200, serializeApp(app, VAPID_KEY, true));
  }

  // ---------- OAuth (§2) ----------

  /** Mastodon's ScopeChecker; elsewhere every scope asked for must be covered by one of the app's (§10.2). */
  function scopesAllowed(text: string, appScopes: readonly string[]): boolean {
    const { known, model } = store.state.software.scopes;
    if (known) return scopesValid(text, appScopes, known);
    const scopes = parseScopes(text);
    return scopes.length > 0 && scopes.every((scope) => tokenAllows(model, appScopes, [scope]));
  }

  interface PreAuth {
    app: App;
    redirectUri: string;
    scopes: string[];
    state: string;
    challenge: string;
    challengeMethod: string;
    responseMode: string;
  }

  /** Doorkeeper's PreAuthorization validations, in order; errors render an HTML page (never a redirect). */
  function preAuthorize(call: Call): PreAuth | SbResponse {
    const p = (key: string): string => stringParam(call.params, key) ?? '';
    const fail = (status: number, description: string): SbResponse =>
      html(status, pages.errorPage(site, description));
    const clientId = p('client_id');
    if (!clientId) return fail(400, 'Missing required parameter: client_id.');
    const app = store.state.apps.get(clientId);
    if (!app) return fail(401, OAUTH_DESCRIPTIONS.invalid_client);
    // Sharkey's sign-in session is made once, at registration, and deleted when its code is exchanged: the page
    // then fails in the browser, with 200 and no redirect (docs/home-server.md §10.2).
    const usedOnce = [...store.state.grants.values()].some((g) => g.clientId === app.clientId && g.used);
    if (store.state.software.appAuthorizations === 'one' && usedOnce)
      return html(200, pages.errorPage(site, 'An error has occurred'));
    const redirectUri = p('redirect_uri');
    const registered = app.redirectUri.split(/\s+/).filter(Boolean);
    if (!redirectUri || !redirectUriAllowed(redirectUri, registered))
      return fail(400, OAUTH_DESCRIPTIONS.invalid_redirect_uri);
    const responseType = p('response_type');
    if (!responseType) return fail(400, 'Missing required parameter: response_type.');
    if (responseType !== 'code') return fail(400, OAUTH_DESCRIPTIONS.unsupported_response_type);
    const software = store.state.software;
    const scopeText = p('scope') || p('scopes') || (app.scopes.includes('read') ? 'read' : '');
    // Sharkey's authorization ignores the scope asked for: the token gets the app's (§10.2).
    const ownScopes = software.scopes.granted === 'app';
    if (!ownScopes && !scopesAllowed(scopeText, app.scopes))
      return fail(400, OAUTH_DESCRIPTIONS.invalid_scope);
    // Before Mastodon 4.3 and on the other softwares, PKCE parameters are not read at all (§10.2).
    const challenge = software.pkce ? p('code_challenge') : '';
    const challengeMethod = software.pkce ? p('code_challenge_method') : '';
    if (challenge && challengeMethod !== 'S256')
      return fail(400, OAUTH_DESCRIPTIONS.invalid_code_challenge_method);
    return {
      app,
      redirectUri,
      scopes: ownScopes ? app.scopes : parseScopes(scopeText),
      state: p('state'),
      challenge,
      challengeMethod,
      responseMode: p('response_mode') || 'query',
    };
  }

  function authorizeGet(call: Call): SbResponse {
    const user = requireLogin(call);
    if (!('id' in user)) return user;
    const pre = preAuthorize(call);
    if (!('app' in pre)) return pre;
    const matching = [...store.state.tokens.values()].some(
      (t) =>
        !t.revoked &&
        t.clientId === pre.app.clientId &&
        t.userId === user.id &&
        sameScopeSet(t.scopes, pre.scopes),
    );
    if (matching && !truthy(stringParam(call.params, 'force_login'))) return grantCode(pre, user);
    const session = ensureSession(call);
    return html(
      200,
      pages.authorizePage(site, {
        appName: pre.app.name,
        acct: user.username,
        csrf: session.csrf,
        permissions: groupedPermissions(pre.scopes),
        fields: {
          client_id: pre.app.clientId,
          redirect_uri: pre.redirectUri,
          state: pre.state,
          response_type: 'code',
          response_mode: pre.responseMode,
          scope: pre.scopes.join(' '),
          code_challenge: pre.challenge,
          code_challenge_method: pre.challengeMethod,
        },
      }),
      {
        'content-security-policy':
          "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; frame-ancestors 'none'",
      },
    );
  }

  function authorizeDecide(call: Call, approve: boolean): SbResponse {
    const user = requireLogin(call);
    if (!('id' in user)) return user;
    if (!csrfValid(call)) return invalidCsrf();
    const pre = preAuthorize(call);
    if (!('app' in pre)) return pre;
    if (!approve) {
      return clientRedirect(pre, {
        error: 'access_denied',
        error_description: OAUTH_DESCRIPTIONS.access_denied,
      });
    }
    return grantCode(pre, user);
  }

  function grantCode(pre: PreAuth, user: Account): SbResponse {
    const grant: Grant = {
      code: randomToken(),
      clientId: pre.app.clientId,
      userId: user.id,
      redirectUri: pre.redirectUri,
      scopes: pre.scopes,
      challenge: pre.challenge || null,
      expiresAt: ctx.now() + AUTHORIZATION_CODE_TTL_MS,
      used: false,
    };
    store.state.grants.set(grant.code, grant);
    if (pre.redirectUri === OOB_REDIRECT_URI)
      return redirect(`${base}/oauth/authorize/native?code=${grant.code}`);
    return clientRedirect(pre, { code: grant.code });
  }

  function clientRedirect(pre: PreAuth, values: Record<string, string>): SbResponse {
    const fields = { ...values, ...(pre.state ? { state: pre.state } : {}) };
    if (pre.responseMode === 'form_post') return html(200, pages.formPostPage(site, pre.redirectUri, fields));
    const query = new URLSearchParams(fields).toString();
    if (pre.responseMode === 'fragment') return redirect(`${pre.redirectUri}#${query}`);
    // Doorkeeper appends to any query the registered URI already has (URIBuilder.uri_with_query).
    return redirect(`${pre.redirectUri}${pre.redirectUri.includes('?') ? '&' : '?'}${query}`);
  }

  function oauthError(status: number, error: string, description: string): SbResponse {
    return json(
      status,
      { error, error_description: description },
      {
        'cache-control': 'no-store',
        pragma: 'no-cache',
        'www-authenticate': `Bearer realm="Doorkeeper", error="${error}", error_description="${description}"`,
      },
    );
  }

  function issueToken(app: App, userId: string | null, scopes: string[]): SbResponse {
    // reuse_access_token: a matching live token for the same app, owner and scopes comes back unchanged.
    let token = [...store.state.tokens.values()].find(
      (t) =>
        !t.revoked && t.clientId === app.clientId && t.userId === userId && sameScopeSet(t.scopes, scopes),
    );
    if (!token) {
      token = {
        token: randomToken(),
        clientId: app.clientId,
        userId,
        scopes,
        createdAt: ctx.now(),
        revoked: false,
      };
      store.state.tokens.set(token.token, token);
    }
    return json(
      200,
      {
        access_token: token.token,
        token_type: 'Bearer',
        scope: token.scopes.join(' '),
        created_at: Math.floor(token.createdAt / 1000),
      },
      { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' },
    );
  }

  function oauthToken(call: Call): SbResponse {
    const p = (key: string): string => stringParam(call.params, key) ?? '';
    const grantType = p('grant_type');
    if (!grantType) return oauthError(400, 'invalid_request', 'Missing required parameter: grant_type.');
    if (grantType === 'client_credentials') return clientCredentials(call);
    if (grantType !== 'authorization_code') {
      return oauthError(400, 'unsupported_grant_type', OAUTH_DESCRIPTIONS.unsupported_grant_type);
    }
    const code = p('code');
    if (!code) return oauthError(400, 'invalid_request', 'Missing required parameter: code.');
    const grant = store.state.grants.get(code);
    const verifier = store.state.software.pkce ? p('code_verifier') : '';
    if (grant?.challenge && !verifier)
      return oauthError(400, 'invalid_request', 'Missing required parameter: code_verifier.');
    const redirectUri = p('redirect_uri');
    if (!redirectUri) return oauthError(400, 'invalid_request', 'Missing required parameter: redirect_uri.');
    const app = authenticateClient(call);
    if (!app) return oauthError(401, 'invalid_client', OAUTH_DESCRIPTIONS.invalid_client);
    const invalidGrant = (): SbResponse => oauthError(400, 'invalid_grant', OAUTH_DESCRIPTIONS.invalid_grant);
    if (!grant || grant.clientId !== app.clientId || grant.used || ctx.now() >= grant.expiresAt)
      return invalidGrant();
    if (redirectUri !== grant.redirectUri) return invalidGrant();
    if (grant.challenge && createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)
      return invalidGrant();
    grant.used = true;
    return issueToken(app, grant.userId, grant.scopes);
  }

  /** The client-credentials grant as the software answers it (§10.2). */
  function clientCredentials(call: Call): SbResponse {
    const software = store.state.software;
    if (software.clientCredentials === 'unsupported')
      return oauthError(400, 'unsupported_grant_type', OAUTH_DESCRIPTIONS.unsupported_grant_type);
    if (software.clientCredentials === 'unpersisted-token') {
      // Sharkey asks nothing of the client and stores nothing: the token is refused wherever it is used.
      return json(200, {
        access_token: randomUUID(),
        token_type: 'Bearer',
        scope: 'read',
        created_at: Math.floor(ctx.now() / 1000),
      });
    }
    if (software.clientCredentialsNeedRedirectUri && !stringParam(call.params, 'redirect_uri')) {
      return json(400, {
        error: 'invalid_request',
        error_description: 'Bad Request: redirect_uri was not set in the token request form',
      });
    }
    const app = authenticateClient(call);
    if (!app) return oauthError(401, 'invalid_client', OAUTH_DESCRIPTIONS.invalid_client);
    const scopeText = stringParam(call.params, 'scope') || 'read';
    if (!scopesAllowed(scopeText, app.scopes))
      return oauthError(400, 'invalid_scope', OAUTH_DESCRIPTIONS.invalid_scope);
    return issueToken(app, null, parseScopes(scopeText));
  }

  function oauthRevoke(call: Call): SbResponse {
    const forbidden = (): SbResponse =>
      json(403, { error: 'unauthorized_client', error_description: OAUTH_DESCRIPTIONS.unauthorized_client });
    const app = authenticateClient(call);
    if (!app) return forbidden();
    const token = store.state.tokens.get(stringParam(call.params, 'token') ?? '');
    if (!token) return json(200, {});
    if (token.clientId !== app.clientId) return forbidden();
    token.revoked = true;
    return json(200, {});
  }

  function signIn(call: Call): SbResponse {
    if (!csrfValid(call)) return invalidCsrf();
    const email = stringParam(call.params, 'user[email]') ?? '';
    const password = stringParam(call.params, 'user[password]') ?? '';
    const user = config.users.find(
      (u) => u.email && u.email.toLowerCase() === email.trim().toLowerCase() && u.password === password,
    );
    const account = user && findLocal(user.username);
    const old = call.session as Session;
    if (!account) {
      return html(
        200,
        pages.signInPage(site, old.csrf, { error: 'Invalid E-mail address or password.', email }),
      );
    }
    // Devise renews the session id on sign-in (fixation protection) but keeps the stored location.
    store.state.sessions.delete(old.id);
    call.session = null;
    const session = ensureSession(call);
    session.userId = account.id;
    const target = old.returnTo ?? `${base}/`;
    return redirect(target);
  }

  function signOut(call: Call): SbResponse {
    if (!csrfValid(call)) return invalidCsrf();
    const old = call.session as Session;
    store.state.sessions.delete(old.id);
    call.session = null;
    const keep = truthy(stringParam(call.params, 'continue'));
    const session = ensureSession(call);
    if (keep) session.returnTo = old.returnTo;
    return redirect(keep ? `${base}/auth/sign_in` : `${base}/`);
  }

  /**
   * Test plumbing (admin op `grant-token`): what an app registration plus a completed sign-in and approval would
   * leave behind, for `username`, without driving the browser through the pages. Tests of the sign-in itself
   * must use the real pages; this is for tests that only need a connected account.
   */
  function grantToken(body: Record<string, unknown>): unknown {
    const username = typeof body.username === 'string' ? body.username : '';
    const redirectUri = typeof body.redirectUri === 'string' ? body.redirectUri : '';
    const scopes = parseScopes(typeof body.scopes === 'string' ? body.scopes : 'read');
    const user = findLocal(username);
    if (!user || !redirectUri) throw new Error('grant-token needs a local username and a redirectUri');
    const app: App = {
      id: String(FIRST_APP_ID + store.state.apps.size),
      name: typeof body.clientName === 'string' ? body.clientName : 'Homeward',
      website: null,
      scopes,
      redirectUri,
      clientId: randomToken(),
      clientSecret: randomToken(),
    };
    store.state.apps.set(app.clientId, app);
    const issued = JSON.parse(String(issueToken(app, user.id, scopes).body)) as {
      access_token: string;
      scope: string;
    };
    return {
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      accessToken: issued.access_token,
      scope: issued.scope,
    };
  }

  return { createApp, authorizeGet, authorizeDecide, oauthToken, oauthRevoke, signIn, signOut, grantToken };
}
