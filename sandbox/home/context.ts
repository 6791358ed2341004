/** What the home server's parts share: the request being served, the server's pieces and its error texts. */
import { randomBytes } from 'node:crypto';
import type { SandboxContext, SbRequest } from '../types';
import type { Federation } from './federation';
import type { Params } from './http';
import type { Account, Session, Status, Token } from './model';
import type { Site } from './pages';
import type { RateLimiter } from './rate-limits';
import type { MastodonServerConfig, Store } from './store';
import type { Auth } from './auth';
import type { Resolver } from './resolver';

export const SESSION_COOKIE = '_mastodon_session';
// Any well-formed uncompressed P-256 point encoded in base64url works for a sandbox that never sends pushes.
export const VAPID_KEY = `B${randomBytes(64).toString('base64url')}`;

export const ERRORS = {
  invalidToken: 'The access token is invalid',
  revokedToken: 'The access token was revoked',
  scope: 'This action is outside the authorized scopes',
  needsUser: 'This method requires an authenticated user',
  notFound: 'Record not found',
  notAllowed: 'This action is not allowed',
  tooMany: 'Too many requests',
  missingQ: 'param is missing or the value is empty or invalid: q',
} as const;

/** One request's view of the server: its parameters, session, cookies to set and API authentication. */
export interface Call {
  req: SbRequest;
  path: string;
  params: Params;
  session: Session | null;
  setCookies: string[];
  token: Token | null;
  /** A token was sent (header or parameter), valid or not. */
  tokenSent: boolean;
  tokenError: string;
}

export type Resolved = { account: Account } | { status: Status } | null;

/** The server's parts every route file uses. */
export interface Core {
  ctx: SandboxContext;
  config: MastodonServerConfig;
  localDomain: string;
  webDomain: string;
  /** https://WEB_DOMAIN */
  base: string;
  site: Site;
  federation: Federation;
  limiter: RateLimiter;
  store: Store;
}

export interface Server extends Core {
  auth: Auth;
  resolver: Resolver;
}
