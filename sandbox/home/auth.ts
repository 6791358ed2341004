/** Sessions, CSRF, OAuth tokens and client authentication: who is asking, and may they. */
import type { SbResponse } from '../types';
import { html, json, randomToken, redirect, stringParam } from './http';
import type { Account, App, Session } from './model';
import * as pages from './pages';
import { ERRORS, SESSION_COOKIE, type Call, type Core } from './context';
import { tokenAllows } from './software';

export type Auth = ReturnType<typeof createAuth>;

export function createAuth(s: Core) {
  const { base, site, store } = s;

  function ensureSession(call: Call): Session {
    if (call.session) return call.session;
    const session: Session = { id: randomToken(), csrf: randomToken(), userId: null, returnTo: null };
    store.state.sessions.set(session.id, session);
    call.session = session;
    call.setCookies.push(`${SESSION_COOKIE}=${session.id}; path=/; secure; HttpOnly; SameSite=Lax`);
    return session;
  }

  function csrfValid(call: Call): boolean {
    const token = stringParam(call.params, 'authenticity_token');
    return Boolean(call.session && token && token === call.session.csrf);
  }

  function invalidCsrf(): SbResponse {
    return html(
      422,
      pages.errorPage(
        site,
        "The change you wanted was rejected. Maybe you tried to change something you didn't have access to.",
      ),
    );
  }

  /**
   * Doorkeeper's `doorkeeper_authorize!`: a valid token holding any one of the scopes, matched and refused as the
   * software being played does it (docs/home-server.md §10.2).
   */
  function requireToken(call: Call, scopes: readonly string[]): SbResponse | null {
    if (!call.token) {
      return json(
        401,
        { error: call.tokenError },
        {
          'www-authenticate': `Bearer realm="Doorkeeper", error="invalid_token", error_description="${call.tokenError}"`,
        },
      );
    }
    const { model, denied } = store.state.software.scopes;
    if (scopes.length > 0 && !tokenAllows(model, call.token.scopes, scopes)) {
      if (!denied.doorkeeperHeader) {
        const body = Object.fromEntries(
          Object.entries(denied.body).map(([key, text]) => [
            key,
            text.replace('{scopes}', scopes.join(denied.joiner)),
          ]),
        );
        return json(403, body);
      }
      return json(
        403,
        { error: ERRORS.scope },
        {
          'www-authenticate': `Bearer realm="Doorkeeper", error="insufficient_scope", error_description="${ERRORS.scope}", scope="${scopes.join(' ')}"`,
        },
      );
    }
    return null;
  }

  /** `authorize_if_got_token!`: only checked when a token was sent. */
  const optionalToken = (call: Call, scopes: readonly string[]): SbResponse | null =>
    call.tokenSent ? requireToken(call, scopes) : null;

  function requireUser(call: Call): Account | SbResponse {
    const user = apiUser(call);
    return user ?? json(422, { error: ERRORS.needsUser });
  }

  function authenticateClient(call: Call): App | null {
    let clientId = stringParam(call.params, 'client_id');
    let clientSecret = stringParam(call.params, 'client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(call.req.headers.authorization ?? '');
    if (basic?.[1]) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon >= 0) {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      }
    }
    const app = clientId ? store.state.apps.get(clientId) : undefined;
    return app && clientSecret && app.clientSecret === clientSecret ? app : null;
  }

  const loginUser = (call: Call): Account | null => {
    const userId = call.session?.userId;
    return (userId && store.state.accounts.get(userId)) || null;
  };

  /** API `current_user`: the token's owner, else the browser session's user (Api::BaseController#current_user). */
  function apiUser(call: Call): Account | null {
    if (call.token) return call.token.userId ? (store.state.accounts.get(call.token.userId) ?? null) : null;
    return loginUser(call);
  }

  function requireLogin(call: Call): Account | SbResponse {
    const user = loginUser(call);
    if (user) return user;
    // Devise's authenticate_user! stores the location of GET requests only.
    const session = ensureSession(call);
    if (call.req.method === 'GET') session.returnTo = call.req.url.href;
    return redirect(`${base}/auth/sign_in`);
  }

  return {
    ensureSession,
    csrfValid,
    invalidCsrf,
    requireToken,
    requireUser,
    authenticateClient,
    apiUser,
    requireLogin,
    optionalToken,
    loginUser,
  };
}
