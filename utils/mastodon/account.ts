import { browser } from 'wxt/browser';
import { words, type Words } from '../i18n';
import { clientFor, describeFailure, forgetClient, isUnauthorized } from './client';
import { metered } from './rate-budget';
import {
  appStillExists,
  authorizeUrl,
  exchangeCode,
  fetchAuthInfo,
  WITHOUT_METADATA,
  parseAuthorizationResponse,
  pkceChallenge,
  randomToken,
  registerApp,
  revokeToken,
} from './oauth';
import { canConnect } from '../capabilities';
import { homeSoftware } from './home-software';
import {
  accountItem,
  connectErrorItem,
  homeServerItem,
  type AccountSummary,
  type Credentials,
  type HomeServer,
  type RegisteredApp,
} from '../storage';
import { appKey, credentialsSecret, registeredAppsSecret } from '../storage/secrets';
import type { mastodon } from 'masto';

/** How connecting the account ended, as the popup shows it. */
export type ConnectResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'cancelled' | 'denied' | 'unsupported' | 'no-server' | 'rate-limited' | 'failed';
      message: Words;
    };

function summarise(account: mastodon.v1.Account, server: HomeServer): AccountSummary {
  return {
    id: account.id,
    username: account.username,
    handle: `${account.username}@${server.localDomain}`,
    displayName: account.displayName || account.username,
    avatar: account.avatarStatic || account.avatar,
    url: account.url,
  };
}

/**
 * A 401 means the token is dead: keep the server, ask to reconnect. Only for the token that got the 401: an
 * answer to a request made with an older token (still in flight while the person reconnected) changes nothing.
 */
export async function markUnauthorized(token: string): Promise<void> {
  const [record, credentials] = await Promise.all([accountItem.getValue(), credentialsSecret.getValue()]);
  if (!record || credentials?.accessToken !== token || record.status === 'reconnect') return;
  forgetClient();
  await accountItem.setValue({ ...record, status: 'reconnect' });
}

/** Re-reads the account (name or avatar may have changed) and finds out whether the token still works. */
export async function refreshAccount(): Promise<{ ok: true }> {
  const [record, credentials, server] = await Promise.all([
    accountItem.getValue(),
    credentialsSecret.getValue(),
    homeServerItem.getValue(),
  ]);
  if (!record || !server || record.status !== 'connected') return { ok: true };
  if (!credentials) {
    // The secrets live apart from the account record (secrets.ts), and a browser short of space may drop them
    // alone: say so, instead of a connection that looks fine while every request goes without a token. (A
    // Disconnect removes the record before the secrets, so a refresh that finds no secrets found no record either.)
    await accountItem.setValue({ ...record, status: 'reconnect' });
    return { ok: true };
  }
  try {
    const { host, accessToken } = credentials;
    const account = await metered(host, () =>
      clientFor(host, accessToken).v1.accounts.verifyCredentials.$raw(),
    );
    // The person may have reconnected meanwhile: write only over the connection this answer is about.
    if ((await credentialsSecret.getValue())?.accessToken !== credentials.accessToken) return { ok: true };
    await accountItem.setValue({ ...record, account: summarise(account, server) });
  } catch (error) {
    if (isUnauthorized(error)) await markUnauthorized(credentials.accessToken);
    // Offline or a hiccup: keep showing what we know.
  }
  return { ok: true };
}

async function appFor(server: HomeServer, redirectUri: string, scopes: string): Promise<RegisteredApp> {
  // Sharkey's apps serve one sign-in each: register anew, and keep nothing that could not be used again.
  if (homeSoftware(server).singleUseApps) return registerApp(server.host, redirectUri, scopes);
  const key = appKey(server.host, redirectUri);
  const apps = await registeredAppsSecret.getValue();
  const cached = apps[key];
  if (cached && cached.scopes === scopes && (await appStillExists(server.host, cached, redirectUri)))
    return cached;
  const app = await registerApp(server.host, redirectUri, scopes);
  await registeredAppsSecret.setValue({ ...(await registeredAppsSecret.getValue()), [key]: app });
  return app;
}

function failed(reason: Extract<ConnectResult, { ok: false }>['reason'], message: Words): ConnectResult {
  return { ok: false, reason, message };
}

let connecting: Promise<ConnectResult> | null = null;

/**
 * One sign-in at a time: a second click while the server's page is open joins the first. The outcome is also
 * stored, because the toolbar popup that asked has usually closed by the time the sign-in window finishes.
 */
export function connect(): Promise<ConnectResult> {
  connecting ??= (async () => {
    await connectErrorItem.removeValue();
    const result = await runConnect();
    if (!result.ok && result.reason !== 'cancelled') await connectErrorItem.setValue(result.message);
    return result;
  })().finally(() => {
    connecting = null;
  });
  return connecting;
}

async function runConnect(): Promise<ConnectResult> {
  if (!canConnect()) return failed('unsupported', words('connect_unsupportedBrowser'));
  const server = await homeServerItem.getValue();
  if (!server) return failed('no-server', words('connect_noServer'));
  const software = homeSoftware(server);
  if (!software.api)
    return failed('unsupported', words('connect_unsupportedSoftware', { software: software.name }));
  const redirectUri = browser.identity.getRedirectURL();
  try {
    // Sharkey's OAuth metadata describes its own provider, not the Mastodon-compatible one used here.
    let auth = software.singleUseApps ? WITHOUT_METADATA : await fetchAuthInfo(server.host);
    let app: RegisteredApp;
    try {
      app = await appFor(server, redirectUri, auth.scopes);
    } catch (error) {
      // Metadata that offers a scope registration then refuses (Mastodon answers 422 to a scope it does not
      // have): once more with the scopes every server has.
      const failure = describeFailure(error);
      if (failure.kind !== 'http' || failure.status !== 422 || auth === WITHOUT_METADATA) throw error;
      auth = WITHOUT_METADATA;
      app = await appFor(server, redirectUri, auth.scopes);
    }
    const state = randomToken(16);
    const verifier = auth.pkce ? randomToken(48) : undefined;
    const url = authorizeUrl({
      host: server.host,
      clientId: app.clientId,
      redirectUri,
      scopes: auth.scopes,
      state,
      codeChallenge: verifier ? await pkceChallenge(verifier) : undefined,
    });
    let redirectedTo: string | undefined;
    try {
      redirectedTo = await browser.identity.launchWebAuthFlow({ url, interactive: true });
    } catch {
      return failed('cancelled', words('connect_cancelled'));
    }
    if (!redirectedTo) return failed('cancelled', words('connect_cancelled'));
    const response = parseAuthorizationResponse(redirectedTo, state);
    if (!response.ok) {
      return response.reason === 'denied'
        ? failed('denied', words('connect_denied', { server: server.host }))
        : failed('failed', words('connect_unusable', { server: server.host }));
    }
    const token = await exchangeCode(server.host, app, redirectUri, response.code, verifier);
    const account = await metered(server.host, () =>
      clientFor(server.host, token.accessToken).v1.accounts.verifyCredentials.$raw(),
    );
    const previous = await credentialsSecret.getValue();
    await credentialsSecret.setValue({
      host: server.host,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      accessToken: token.accessToken,
      scope: token.scope,
    });
    await accountItem.setValue({
      host: server.host,
      account: summarise(account, server),
      status: 'connected',
    });
    // Only now, with the new connection stored, let the old token go: a slow old server must not delay this.
    if (previous && previous.accessToken !== token.accessToken) void revokeQuietly(previous);
    return { ok: true };
  } catch (error) {
    const failure = describeFailure(error);
    if (failure.kind === 'http' && failure.status === 429) {
      return failed('rate-limited', words('connect_rateLimited', { server: server.host }));
    }
    if (failure.kind === 'timeout') return failed('failed', words('server_timeout', { host: server.host }));
    if (failure.kind === 'network')
      return failed('failed', words('connect_unreachable', { server: server.host }));
    console.warn('Homeward: connecting failed', failure);
    return failed('failed', words('connect_failed', { server: server.host }));
  }
}

/** Revokes the token on the server (best effort) and forgets it here. */
export async function forgetConnection(credentials: Credentials | null): Promise<void> {
  // The record first: a record without secrets means "reconnect" to refreshAccount, which must not see one here.
  await accountItem.removeValue();
  await credentialsSecret.removeValue();
  forgetClient();
  if (credentials) await revokeQuietly(credentials);
}

async function revokeQuietly(credentials: Credentials): Promise<void> {
  try {
    await revokeToken(credentials.host, credentials, credentials.accessToken);
  } catch (error) {
    console.warn('Homeward: revoking the token failed', describeFailure(error));
  }
}

export async function disconnect(): Promise<{ ok: true }> {
  await forgetConnection(await credentialsSecret.getValue());
  return { ok: true };
}
