import type { mastodon } from 'masto';
import {
  accountKey,
  defaultAccount,
  homeServerItem,
  readAccounts,
  type AccountRecord,
  type Credentials,
  type HomeServer,
} from '../storage';
import { accountCredentialsSecret, credentialsSecret } from '../storage/secrets';
import { clientFor, nameBudget } from './client';

/**
 * The connected accounts, as every feature asks for them: the one place that decides whether Homeward is signed in,
 * and with which account. Background code only (it reads the tokens).
 *
 * Several accounts may be connected, on one server or several (utils/storage/index.ts `accountsItem`, in the
 * person's order). The **default** is the first one on the home server: the follow button, Bring my people and
 * Open it at home use it; the follow button's menu can use any.
 */
export interface HomeSession {
  host: string;
  token: string;
  /** The account's id on its server. */
  accountId: string;
  /** `accountKey`: which connected account this is; also the name of its rate budget (client.ts `budgetOf`). */
  key: string;
  /** The one masto.js client for this token (clientFor), shared by every feature. */
  client: mastodon.rest.Client;
}

export type SessionState =
  | { kind: 'no-server' }
  /** A server is set but no working connection to it: none yet, or one the server revoked (a 401). */
  | { kind: 'signed-out'; server: HomeServer; revoked: boolean }
  | { kind: 'signed-in'; server: HomeServer; session: HomeSession };

/**
 * The server of a connected account: as checked when it connected, else what its host and handle say (an account
 * connected before several were possible is on the home server, whose record is the settings').
 */
export function serverOf(record: AccountRecord): HomeServer {
  const handle = record.account.handle;
  return (
    record.server ?? {
      host: record.host,
      localDomain: handle.slice(handle.lastIndexOf('@') + 1) || record.host,
      title: record.host,
      software: 'mastodon',
      version: '',
    }
  );
}

/**
 * An account's secrets. The one connection an earlier build kept (`credentialsSecret`) is moved under its
 * account's key the first time that account is asked for, and removed from where it was.
 */
export async function credentialsOf(record: AccountRecord): Promise<Credentials | null> {
  const key = accountKey(record);
  const all = await accountCredentialsSecret.getValue();
  const own = all[key];
  if (own) return own.host === record.host ? own : null;
  const legacy = await credentialsSecret.getValue();
  if (!legacy || legacy.host !== record.host) return null;
  await accountCredentialsSecret.setValue({ ...all, [key]: legacy });
  await credentialsSecret.removeValue();
  return legacy;
}

function sessionOf(record: AccountRecord, credentials: Credentials): HomeSession {
  const { host } = record;
  const token = credentials.accessToken;
  const key = accountKey(record);
  nameBudget(token, key);
  return { host, token, accountId: record.account.id, key, client: clientFor(host, token) };
}

/**
 * Whether the default account is usable. The account record and the secrets are kept apart
 * (utils/storage/secrets.ts): both must be there, for this server, and not marked for reconnecting.
 */
export async function homeSession(): Promise<SessionState> {
  const [server, accounts] = await Promise.all([homeServerItem.getValue(), readAccounts()]);
  if (!server) return { kind: 'no-server' };
  const record = defaultAccount(server, accounts);
  const credentials = record?.status === 'connected' ? await credentialsOf(record) : null;
  if (!record || !credentials) return { kind: 'signed-out', server, revoked: record?.status === 'reconnect' };
  return { kind: 'signed-in', server, session: sessionOf(record, credentials) };
}

/** One connected account as the features see it: its record, and its session when its token still works. */
export interface AccountSession {
  record: AccountRecord;
  key: string;
  session: HomeSession | null;
}

/** Every connected account, in the person's order. */
export async function accountSessions(): Promise<AccountSession[]> {
  const accounts = await readAccounts();
  const found: AccountSession[] = [];
  for (const record of accounts) {
    const credentials = record.status === 'connected' ? await credentialsOf(record) : null;
    found.push({
      record,
      key: accountKey(record),
      session: credentials ? sessionOf(record, credentials) : null,
    });
  }
  return found;
}

/** The session of the account `key` names, when it is connected and its token works. */
export async function sessionFor(key: string): Promise<HomeSession | null> {
  const record = (await readAccounts()).find((candidate) => accountKey(candidate) === key);
  const credentials = record?.status === 'connected' ? await credentialsOf(record) : null;
  return record && credentials ? sessionOf(record, credentials) : null;
}
