import { MastoHttpError } from 'masto';
import { oauthClient, REQUEST_TIMEOUT_MS, restClient } from './client';
import type { RegisteredApp } from '../storage';

/**
 * OAuth with a Mastodon server, authorization-code flow. Mastodon apps are confidential clients and tokens never
 * expire (docs/home-server.md §2); PKCE S256 is used where the server advertises it (4.3+).
 */

export const APP_NAME = 'Homeward';
export const APP_WEBSITE = 'https://homeward.app';
const BASE_SCOPES = ['read:search', 'read:follows', 'write:follows'];
/**
 * Posting, asked for only once the person wants Homeward to send a message for them (a bridge request,
 * utils/follow/bridge-request.ts), never at the first sign-in.
 */
export const MESSAGE_SCOPE = 'write:statuses';

/** Whether a token granted `scope` (space-separated, as the server answered it) may post. */
export function canPost(scope: string): boolean {
  const granted = scope.split(/\s+/);
  return granted.includes(MESSAGE_SCOPE) || granted.includes('write');
}

/** `info` with the posting scope added. */
export function withMessages(info: ServerAuthInfo): ServerAuthInfo {
  return { ...info, scopes: `${info.scopes} ${MESSAGE_SCOPE}` };
}

export interface ServerAuthInfo {
  pkce: boolean;
  /** `profile` (4.3+) reads only the own account; older servers need `read:accounts`. */
  scopes: string;
}

/** What a server without OAuth metadata gets: no PKCE, `read:accounts` for the own account. */
export const WITHOUT_METADATA: ServerAuthInfo = {
  pkce: false,
  scopes: [...BASE_SCOPES, 'read:accounts'].join(' '),
};

/** Reads `/.well-known/oauth-authorization-server`; servers before 4.3 have none, which means no PKCE, no `profile`. */
export async function fetchAuthInfo(host: string): Promise<ServerAuthInfo> {
  let supported: string[] = [];
  let methods: string[] = [];
  try {
    const response = await fetch(`https://${host}/.well-known/oauth-authorization-server`, {
      credentials: 'omit',
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.ok) {
      const metadata = (await response.json()) as {
        scopes_supported?: unknown;
        code_challenge_methods_supported?: unknown;
      };
      supported = Array.isArray(metadata.scopes_supported) ? metadata.scopes_supported.map(String) : [];
      methods = Array.isArray(metadata.code_challenge_methods_supported)
        ? metadata.code_challenge_methods_supported.map(String)
        : [];
    }
  } catch {
    // Older servers: fall through to the conservative defaults.
  }
  const accountScope = supported.includes('profile') ? 'profile' : 'read:accounts';
  return { pkce: methods.includes('S256'), scopes: [...BASE_SCOPES, accountScope].join(' ') };
}

export async function registerApp(host: string, redirectUri: string, scopes: string): Promise<RegisteredApp> {
  const app = await restClient(host).v1.apps.create({
    clientName: APP_NAME,
    redirectUris: redirectUri,
    scopes,
    website: APP_WEBSITE,
  });
  if (!app.clientId || !app.clientSecret)
    throw new Error('The server registered the app without credentials');
  return { clientId: app.clientId, clientSecret: app.clientSecret, scopes };
}

/**
 * A registered app can disappear (an admin deletes it, the server is rebuilt). A client-credentials grant is the
 * cheapest way to ask whether the server still knows it: 401 invalid_client means register again. Any other
 * refusal (RFC 6749 §5.2: 400 `unsupported_grant_type` from a server without that grant, `invalid_scope`,
 * `unauthorized_client`…) cannot tell, and the safe answer is to register again too: a fresh app always works,
 * where a gone one would fail on the authorization page. A server that is down or unreachable still throws.
 */
export async function appStillExists(
  host: string,
  app: RegisteredApp,
  redirectUri: string,
): Promise<boolean> {
  try {
    const probe = await oauthClient(host).token.create({
      grantType: 'client_credentials',
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      redirectUri,
      scope: app.scopes,
    });
    // The answer was all we wanted: leave no app token behind on the person's server.
    await revokeToken(host, app, probe.accessToken).catch(() => undefined);
    return true;
  } catch (error) {
    if (error instanceof MastoHttpError && error.statusCode >= 400 && error.statusCode < 500) return false;
    throw error;
  }
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(byteLength = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(byteLength)));
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export interface AuthorizeRequest {
  host: string;
  clientId: string;
  redirectUri: string;
  scopes: string;
  state: string;
  codeChallenge?: string;
}

export function authorizeUrl(request: AuthorizeRequest): string {
  const url = new URL(`https://${request.host}/oauth/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('redirect_uri', request.redirectUri);
  url.searchParams.set('scope', request.scopes);
  url.searchParams.set('state', request.state);
  if (request.codeChallenge) {
    url.searchParams.set('code_challenge', request.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url.toString();
}

export type AuthorizationResponse =
  | { ok: true; code: string }
  | { ok: false; reason: 'denied' | 'state-mismatch' | 'malformed'; description?: string };

/** Reads the redirect Mastodon sent back (query, or fragment with response_mode=fragment) and checks `state`. */
export function parseAuthorizationResponse(
  redirectedTo: string,
  expectedState: string,
): AuthorizationResponse {
  let url: URL;
  try {
    url = new URL(redirectedTo);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const params = url.search ? url.searchParams : new URLSearchParams(url.hash.slice(1));
  if (params.get('state') !== expectedState) return { ok: false, reason: 'state-mismatch' };
  const error = params.get('error');
  if (error) return { ok: false, reason: 'denied', description: params.get('error_description') ?? error };
  const code = params.get('code');
  return code ? { ok: true, code } : { ok: false, reason: 'malformed' };
}

export async function exchangeCode(
  host: string,
  app: RegisteredApp,
  redirectUri: string,
  code: string,
  codeVerifier: string | undefined,
): Promise<{ accessToken: string; scope: string }> {
  // masto sends every parameter it is given (camelCase → snake_case); code_verifier is not in its types yet.
  const params = {
    grantType: 'authorization_code' as const,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri,
    code,
    scope: app.scopes,
    ...(codeVerifier ? { codeVerifier } : {}),
  };
  const token = await oauthClient(host).token.create(params);
  return { accessToken: token.accessToken, scope: token.scope };
}

export async function revokeToken(
  host: string,
  app: { clientId: string; clientSecret: string },
  token: string,
): Promise<void> {
  await oauthClient(host).revoke({ clientId: app.clientId, clientSecret: app.clientSecret, token });
}
