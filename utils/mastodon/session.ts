import type { mastodon } from 'masto';
import { accountItem, homeServerItem, type HomeServer } from '../storage';
import { credentialsSecret } from '../storage/secrets';
import { clientFor } from './client';

/**
 * The connected account, as every feature asks for it: the one place that decides whether Homeward is signed in
 * to the home server set now. Background code only (it reads the token).
 */
export interface HomeSession {
  host: string;
  token: string;
  /** The connected account's id on its server. */
  accountId: string;
  /** The one masto.js client for this token (clientFor), shared by every feature. */
  client: mastodon.rest.Client;
}

export type SessionState =
  | { kind: 'no-server' }
  /** A server is set but no working connection to it: none yet, or one the server revoked (a 401). */
  | { kind: 'signed-out'; server: HomeServer; revoked: boolean }
  | { kind: 'signed-in'; server: HomeServer; session: HomeSession };

/**
 * Whether a connection to the home server set now is usable. The account record and the secrets are kept apart
 * (utils/storage/secrets.ts): both must be there, for this server, and not marked for reconnecting.
 */
export async function homeSession(): Promise<SessionState> {
  const [server, account, credentials] = await Promise.all([
    homeServerItem.getValue(),
    accountItem.getValue(),
    credentialsSecret.getValue(),
  ]);
  if (!server) return { kind: 'no-server' };
  if (!account || account.status !== 'connected' || !credentials || credentials.host !== server.host)
    return { kind: 'signed-out', server, revoked: account?.status === 'reconnect' };
  const { host } = server;
  const token = credentials.accessToken;
  return {
    kind: 'signed-in',
    server,
    session: { host, token, accountId: account.account.id, client: clientFor(host, token) },
  };
}
