import { browser } from 'wxt/browser';
import { words, type Words } from '../i18n';
import { budgetOf, clientFor, describeFailure, forgetClient, isUnauthorized, nameBudget } from './client';
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
  canPost,
  withMessages,
} from './oauth';
import { canConnect } from '../capabilities';
import { homeSoftware } from './home-software';
import {
  accountKey,
  accountsItem,
  defaultAccount,
  readAccounts,
  type AccountRecord,
  connectErrorItem,
  homeServerItem,
  type AccountSummary,
  type Credentials,
  type HomeServer,
  type RegisteredApp,
} from '../storage';
import { accountCredentialsSecret, appKey, registeredAppsSecret } from '../storage/secrets';
import { credentialsOf } from './session';
import type { mastodon } from 'masto';

/** How connecting the account ended, as the popup shows it. */
export type ConnectResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'cancelled' | 'denied' | 'unsupported' | 'no-server' | 'rate-limited' | 'failed';
      message: Words;
    };

function summarise(
  account: mastodon.v1.Account,
  server: Pick<HomeServer, 'host' | 'localDomain'>,
): AccountSummary {
  return {
    id: account.id,
    username: account.username,
    handle: `${account.username}@${server.localDomain}`,
    displayName: account.displayName || account.username,
    avatar: account.avatarStatic || account.avatar,
    url: account.url,
  };
}

/** Writes the list of accounts, `change` applied to the one `key` names (nothing when it is gone meanwhile). */
async function updateAccount(key: string, change: (record: AccountRecord) => AccountRecord): Promise<void> {
  const accounts = await readAccounts();
  if (!accounts.some((record) => accountKey(record) === key)) return;
  await accountsItem.setValue(
    accounts.map((record) => (accountKey(record) === key ? change(record) : record)),
  );
}

/** The connected account whose token is `token`, if any. */
async function accountWithToken(token: string): Promise<AccountRecord | undefined> {
  for (const record of await readAccounts())
    if ((await credentialsOf(record))?.accessToken === token) return record;
  return undefined;
}

/**
 * A 401 means the token is dead: keep the account, ask to reconnect it. Only for the token that got the 401: an
 * answer to a request made with an older token (still in flight while the person reconnected) changes nothing, and
 * the other accounts are left as they are.
 */
export async function markUnauthorized(token: string): Promise<void> {
  const record = await accountWithToken(token);
  if (!record || record.status === 'reconnect') return;
  forgetClient(token);
  await updateAccount(accountKey(record), (current) => ({ ...current, status: 'reconnect' }));
}

/** The local domain in an account's handle (`user@domain`): a server's handles keep it. */
function localDomainOf(record: AccountRecord): string {
  return record.account.handle.slice(record.account.handle.lastIndexOf('@') + 1) || record.host;
}

/** Re-reads each account (name or avatar may have changed) and finds out whether its token still works. */
export async function refreshAccount(): Promise<{ ok: true }> {
  for (const record of await readAccounts()) {
    if (record.status !== 'connected') continue;
    const key = accountKey(record);
    const credentials = await credentialsOf(record);
    if (!credentials) {
      // The secrets live apart from the account records (secrets.ts), and a browser short of space may drop them
      // alone: say so, instead of a connection that looks fine while every request goes without a token.
      await updateAccount(key, (current) => ({ ...current, status: 'reconnect' }));
      continue;
    }
    try {
      const { host, accessToken } = credentials;
      nameBudget(accessToken, key);
      const account = await metered(budgetOf(host, accessToken), () =>
        clientFor(host, accessToken).v1.accounts.verifyCredentials.$raw(),
      );
      // The person may have reconnected meanwhile: write only over the connection this answer is about.
      if ((await accountCredentialsSecret.getValue())[key]?.accessToken !== accessToken) continue;
      await updateAccount(key, (current) => ({
        ...current,
        account: summarise(account, { host, localDomain: localDomainOf(current) }),
      }));
    } catch (error) {
      if (isUnauthorized(error)) await markUnauthorized(credentials.accessToken);
      // Offline or a hiccup: keep showing what we know.
    }
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

let connecting: { kind: string; result: Promise<ConnectResult> } | null = null;

/**
 * One sign-in at a time: a second click while the server's page is open joins the first. The outcome is also
 * stored, because the toolbar popup that asked has usually closed by the time the sign-in window finishes.
 * `messages` asks the server for posting too (a bridge request needs it); a connection that has it keeps it.
 * `server`: another server than the home server, for an account added beside the others (settings' Add account;
 * the caller has checked it). An account already connected (the same server and id) gets the new token; any other
 * is added at the end of the list, or first when it is the first on the home server.
 */
export function connect(options: { messages?: boolean; server?: HomeServer } = {}): Promise<ConnectResult> {
  const kind = JSON.stringify([options.server?.host ?? null, options.messages === true]);
  // The same sign-in joins the one running; another waits for it to end, then runs as asked.
  if (connecting?.kind === kind) return connecting.result;
  const before = connecting?.result.catch(() => undefined);
  const result = (async () => {
    await before;
    await connectErrorItem.removeValue();
    const server = options.server ?? (await homeServerItem.getValue());
    // Reconnecting the home server's account keeps what it had (posting, once asked for); an account added
    // beside it asks for the usual scopes only.
    const current = options.server ? null : await defaultCredentials(server);
    const ended = await runConnect(
      server,
      options.messages === true || (current !== null && canPost(current.scope)),
    );
    if (!ended.ok && ended.reason !== 'cancelled') await connectErrorItem.setValue(ended.message);
    return ended;
  })().finally(() => {
    if (connecting?.result === result) connecting = null;
  });
  connecting = { kind, result };
  return result;
}

/** The secrets of the account the follow button uses on `server` (the first there), if any. */
async function defaultCredentials(server: HomeServer | null): Promise<Credentials | null> {
  const record = defaultAccount(server, await readAccounts());
  return record ? credentialsOf(record) : null;
}

/** Chromium's rejection of launchWebAuthFlow when the sign-in page answered an error or did not load at all. */
const SIGN_IN_PAGE_NOT_LOADED = 'Authorization page could not be loaded.';
/**
 * Chromium's rejection while another sign-in window of Homeward's is still open: one left by a background that has
 * since stopped (connect() joins or waits for its own). Only closing that window frees the next sign-in
 * (docs/home-software.md, "Signing in").
 */
const SIGN_IN_ALREADY_OPEN = 'Only one web auth flow is allowed at a time.';

async function runConnect(server: HomeServer | null, messages: boolean): Promise<ConnectResult> {
  if (!canConnect()) return failed('unsupported', words('connect_unsupportedBrowser'));
  if (!server) return failed('no-server', words('connect_noServer'));
  const software = homeSoftware(server);
  if (!software.api)
    return failed('unsupported', words('connect_unsupportedSoftware', { software: software.name }));
  const redirectUri = browser.identity.getRedirectURL();
  try {
    // Sharkey's OAuth metadata describes its own provider, not the Mastodon-compatible one used here.
    const scoped = (info: typeof WITHOUT_METADATA) => (messages ? withMessages(info) : info);
    const basic = scoped(WITHOUT_METADATA);
    let auth = software.singleUseApps ? basic : scoped(await fetchAuthInfo(server.host));
    let app: RegisteredApp;
    try {
      app = await appFor(server, redirectUri, auth.scopes);
    } catch (error) {
      // Metadata that offers a scope registration then refuses (Mastodon answers 422 to a scope it does not
      // have): once more with the scopes every server has.
      const failure = describeFailure(error);
      if (failure.kind !== 'http' || failure.status !== 422 || auth === basic) throw error;
      auth = basic;
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
    } catch (error) {
      // Chromium tells a sign-in page that did not load (an error status: the server down, or its limit reached)
      // from a window the person closed (docs/home-software.md, "Signing in").
      if (error instanceof Error && error.message === SIGN_IN_PAGE_NOT_LOADED)
        return failed('failed', words('connect_pageNotLoaded', { server: server.host }));
      if (error instanceof Error && error.message === SIGN_IN_ALREADY_OPEN)
        return failed('failed', words('connect_windowOpen'));
      console.warn('Homeward: the sign-in window ended without an answer', String(error));
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
    const record: AccountRecord = {
      host: server.host,
      account: summarise(account, server),
      status: 'connected',
      server,
    };
    const key = accountKey(record);
    const accounts = await readAccounts();
    const known = accounts.find((candidate) => accountKey(candidate) === key);
    const previous = known ? await credentialsOf(known) : null;
    await accountCredentialsSecret.setValue({
      ...(await accountCredentialsSecret.getValue()),
      [key]: {
        host: server.host,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        accessToken: token.accessToken,
        scope: token.scope,
      },
    });
    const home = await homeServerItem.getValue();
    const firstOnHome =
      home?.host === server.host && !accounts.some((candidate) => candidate.host === home.host);
    await accountsItem.setValue(
      known
        ? accounts.map((candidate) => (accountKey(candidate) === key ? record : candidate))
        : firstOnHome
          ? [record, ...accounts]
          : [...accounts, record],
    );
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

/**
 * Disconnects one account: revokes its token on its server (best effort) and forgets it here. The other accounts,
 * their tokens and their order are left as they are.
 */
export async function forgetAccount(key: string): Promise<void> {
  const record = (await readAccounts()).find((candidate) => accountKey(candidate) === key);
  const credentials = record ? await credentialsOf(record) : null;
  // The record first: a record without secrets means "reconnect" to refreshAccount, which must not see one here.
  await accountsItem.setValue((await readAccounts()).filter((candidate) => accountKey(candidate) !== key));
  const { [key]: _gone, ...others } = await accountCredentialsSecret.getValue();
  await accountCredentialsSecret.setValue(others);
  if (credentials) {
    forgetClient(credentials.accessToken);
    await revokeQuietly(credentials);
  }
}

async function revokeQuietly(credentials: Credentials): Promise<void> {
  try {
    await revokeToken(credentials.host, credentials, credentials.accessToken);
  } catch (error) {
    console.warn('Homeward: revoking the token failed', describeFailure(error));
  }
}

/** Disconnects the account `key` names, or the default one (the popup's **Disconnect**). */
export async function disconnect(key?: string): Promise<{ ok: true }> {
  const target =
    key ??
    (await (async () => {
      const server = await homeServerItem.getValue();
      const record = defaultAccount(server, await readAccounts());
      return record ? accountKey(record) : undefined;
    })());
  if (target) await forgetAccount(target);
  return { ok: true };
}

/** Puts the account `key` names where `order` says (the settings' reorder); the keys it leaves out keep their place after. */
export async function reorderAccounts(order: readonly string[]): Promise<void> {
  const accounts = await readAccounts();
  const byKey = new Map(accounts.map((record) => [accountKey(record), record]));
  const first = order.flatMap((key) => byKey.get(key) ?? []);
  await accountsItem.setValue([...new Set([...first, ...accounts])]);
}
