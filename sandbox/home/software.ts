/**
 * The home software the home server can play (admin op `software`), as data: one profile per software. The routes
 * read the active profile (`store.state.software`); Mastodon 4.5 is the default and what every other section of
 * docs/home-server.md describes. Each field's comment names the section of docs/home-server.md §10 that gives the
 * fact and its source.
 */
import { SERVER_SCOPES } from './oauth-rules';

export const SOFTWARE_IDS = [
  'mastodon-4.6',
  'mastodon-4.5',
  'mastodon-4.2',
  'mastodon-3.5',
  'gotosocial',
  'akkoma',
  'sharkey',
] as const;
export type SoftwareId = (typeof SOFTWARE_IDS)[number];

/**
 * How a token's scopes meet an endpoint's: `exact` strings (Mastodon), `hierarchical` (`read` covers `read:*`,
 * GoToSocial and Akkoma), or `read-write` (Sharkey: any scope starting with `read` or `write` grants every read or
 * write permission).
 */
export type ScopeModel = 'exact' | 'hierarchical' | 'read-write';

/** The scopes an endpoint accepts, any one of them (docs/home-server.md §10.2). */
export interface EndpointScopes {
  verifyCredentials: readonly string[];
  search: readonly string[];
  /** An account, `accounts/lookup`, `accounts/search` and an account's following list. */
  readAccounts: readonly string[];
  relationships: readonly string[];
  /** Follow and unfollow. */
  follows: readonly string[];
  /** `POST /api/v1/statuses`. */
  statuses: readonly string[];
}

export type ClientCredentials = 'token' | 'unpersisted-token' | 'unsupported';

/** `GET /api/v1/instance/peers`, the domains the server knows (docs/home-server.md §3.1, §10.1). */
export interface PeersAnswer {
  /**
   * `public`: anyone, a token is not even read; `user`: a user's token (any scope, in the Authorization header)
   * unless the admin exposes the list (GoToSocial's `instance-expose-peers`, off by default).
   */
  access: 'public' | 'user';
  /**
   * Which of the sandbox's domain blocks take a domain off the list: `blocked`, any block, suspension or silence
   * (Mastodon's `Instance.searchable`); `suspended`, suspensions only (GoToSocial); `none` (Akkoma, Sharkey).
   * Always the block's exact domain, not its subdomains.
   */
  leavesOut: 'blocked' | 'suspended' | 'none';
  /** Sorted a–z by the server (GoToSocial), or unordered in SQL, which the sandbox plays as first known first. */
  order: 'a-z' | 'first-seen';
  /** An admin setting can turn the route off, answering an empty 404 (Mastodon's `peers_api_enabled`). */
  canDisable: boolean;
  /** The 401 body when `access` is `user` and no user's token came. */
  unauthorized: Readonly<Record<string, string>> | null;
  cacheControl: string;
}

export interface SoftwareProfile {
  id: SoftwareId;
  /** NodeInfo `software` (§10.1). */
  nodeinfo: { name: string; version: string };
  /** `/api/v1/instance` `version`, and whether `/api/v2/instance` exists (§10.1). */
  instance: { version: string; v2: boolean };
  /** `/.well-known/oauth-authorization-server`: Mastodon's JSON, Misskey's JSON, or no route (§10.1). */
  oauthMetadata: 'mastodon' | 'misskey' | 'none';
  /** WebFinger's `http://ostatus.org/schema/1.0/subscribe` template, or no such link (§10.1). */
  subscribeTemplate: string | null;
  /**
   * WebFinger's FEP-3b86 intent templates (paths on the server), in the order the answer lists them: Mastodon 4.6
   * publishes Create and Object, no earlier version any (§10.6).
   */
  intents: readonly { type: 'Follow' | 'Object' | 'Create'; template: string }[];
  /** A path no route serves: Mastodon's 404 page, or the front end's page with 200 (§10.1). */
  unknownPage: 'not-found' | 'front-end';
  /** An `/api/…` path no route serves (§10.1). */
  unknownApi: { error: string };
  scopes: {
    /** Scopes an app may register; null: any, stored as given (§10.2). */
    known: readonly string[] | null;
    model: ScopeModel;
    /** A token's scopes: the ones asked for at authorization, or the app's whatever was asked (§10.2). */
    granted: 'requested' | 'app';
    endpoints: EndpointScopes;
    /** The 403 body for a token without the scope; `{scopes}` stands for the endpoint's (§10.2). */
    denied: { body: Readonly<Record<string, string>>; joiner: string; doorkeeperHeader: boolean };
  };
  /** PKCE S256 checked, or the challenge and verifier ignored (§10.2). */
  pkce: boolean;
  /** How often one app registration can be authorized: Sharkey's client id is a single sign-in session (§10.2). */
  appAuthorizations: 'many' | 'one';
  /** The client-credentials grant, and whether GoToSocial's `redirect_uri` is required for it (§10.2). */
  clientCredentials: ClientCredentials;
  clientCredentialsNeedRedirectUri: boolean;
  /** Whose rate-limit headers the API sends, and the body of a 429 (§10.3). */
  rateLimits: { headers: 'mastodon' | 'gotosocial' | 'none'; tooMany: Readonly<Record<string, string>> };
  /**
   * Search (§10.3): `v1`, whether `/api/v1/search` is still served (Mastodon dropped it in 3.0, Akkoma never had it;
   * GoToSocial and Sharkey serve it); `v2Statuses`, whether `/api/v2/search` answers posts (Sharkey's never does).
   */
  search: { v1: boolean; v2Statuses: boolean };
  /** A follow's answer: the relationship as it stands, or `following: true` whatever it is (§10.3). */
  followAnswer: 'relationship' | 'following';
  /**
   * A follow asked again while the request is pending: `nothing` new (Mastodon's FollowService, GoToSocial), or
   * `new-follow`, another Follow sent (Akkoma's MastodonAPI.follow skips only accepted follows, §10.3).
   */
  followAgainWhilePending: 'nothing' | 'new-follow';
  /** The remote-interaction page: its path, the paths that redirect to it, and how it answers (§10.4). */
  interaction: {
    page: string | null;
    aliases: readonly string[];
    /** Query parameters that may carry a post or profile URL (the others only a handle). */
    urlParams: readonly string[];
    /** A session first (Mastodon), or only before following an account (Akkoma). */
    signIn: 'first' | 'accounts';
    /** An account: sent to its web page, or shown a page to follow it. */
    account: 'web-page' | 'follow-page';
  };
  /**
   * The web pages of a known remote account or post (§10.4): `{acct}` is user@domain, `{id}` the server's id;
   * null when the web shows none. `remotePermalinks`: Mastodon 4's `/@user@domain(/:id)` web-app routes exist.
   */
  web: {
    account: string | null;
    status: string | null;
    remotePermalinks: boolean;
    signIn: boolean;
  };
  /** The ids the server gives accounts and statuses (§10.5). */
  ids: 'snowflake' | 'ulid' | 'flake' | 'aidx';
  /** `GET /api/v1/instance/peers` (§10.1). */
  peers: PeersAnswer;
}

const MASTODON_DENIED = {
  body: { error: 'This action is outside the authorized scopes' },
  joiner: ' ',
  doorkeeperHeader: true,
} as const;

/** Mastodon 4.5: what docs/home-server.md §1–§9 describe. */
const MASTODON_45: SoftwareProfile = {
  id: 'mastodon-4.5',
  nodeinfo: { name: 'mastodon', version: '4.5.0' },
  instance: { version: '4.5.0', v2: true },
  oauthMetadata: 'mastodon',
  subscribeTemplate: '/authorize_interaction?uri={uri}',
  intents: [],
  unknownPage: 'not-found',
  unknownApi: { error: 'Not Found' },
  scopes: {
    known: SERVER_SCOPES,
    model: 'exact',
    granted: 'requested',
    endpoints: {
      verifyCredentials: ['profile', 'read', 'read:accounts'],
      search: ['read', 'read:search'],
      readAccounts: ['read', 'read:accounts'],
      relationships: ['read', 'read:follows'],
      follows: ['follow', 'write', 'write:follows'],
      statuses: ['write', 'write:statuses'],
    },
    denied: MASTODON_DENIED,
  },
  pkce: true,
  appAuthorizations: 'many',
  clientCredentials: 'token',
  clientCredentialsNeedRedirectUri: false,
  rateLimits: { headers: 'mastodon', tooMany: { error: 'Too many requests' } },
  search: { v1: false, v2Statuses: true },
  followAnswer: 'relationship',
  followAgainWhilePending: 'nothing',
  interaction: {
    page: '/authorize_interaction',
    aliases: ['/authorize_follow', '/.well-known/proxy'],
    urlParams: ['uri'],
    signIn: 'first',
    account: 'web-page',
  },
  web: { account: '/@{acct}', status: '/@{acct}/{id}', remotePermalinks: true, signIn: false },
  ids: 'snowflake',
  peers: {
    access: 'public',
    leavesOut: 'blocked',
    order: 'first-seen',
    canDisable: true,
    unauthorized: null,
    cacheControl: 'public, max-age=300',
  },
};

/**
 * 4.6: everything of 4.5, and WebFinger's Activity Intents: Create to the share page, Object to the interaction page
 * (mastodon#38120 and #38130, §10.6).
 */
const MASTODON_46: SoftwareProfile = {
  ...MASTODON_45,
  id: 'mastodon-4.6',
  nodeinfo: { name: 'mastodon', version: '4.6.0' },
  instance: { version: '4.6.0', v2: true },
  intents: [
    { type: 'Create', template: '/share?text={content}' },
    { type: 'Object', template: '/authorize_interaction?uri={object}' },
  ],
};

/** Before 4.3: no `profile` scope, no OAuth metadata, no PKCE (§10.2). */
const MASTODON_42: SoftwareProfile = {
  ...MASTODON_45,
  id: 'mastodon-4.2',
  nodeinfo: { name: 'mastodon', version: '4.2.0' },
  instance: { version: '4.2.0', v2: true },
  oauthMetadata: 'none',
  scopes: {
    ...MASTODON_45.scopes,
    known: SERVER_SCOPES.filter((scope) => scope !== 'profile'),
    endpoints: { ...MASTODON_45.scopes.endpoints, verifyCredentials: ['read', 'read:accounts'] },
  },
  pkce: false,
};

/** 3.5: no v2 instance, and the web app still lives under `/web` (§10.1, §10.4). */
const MASTODON_35: SoftwareProfile = {
  ...MASTODON_42,
  id: 'mastodon-3.5',
  nodeinfo: { name: 'mastodon', version: '3.5.0' },
  instance: { version: '3.5.0', v2: false },
  interaction: { ...MASTODON_45.interaction, aliases: ['/authorize_follow'], account: 'follow-page' },
  web: { account: '/web/@{acct}', status: '/web/@{acct}/{id}', remotePermalinks: false, signIn: true },
};

const GOTOSOCIAL: SoftwareProfile = {
  id: 'gotosocial',
  nodeinfo: { name: 'gotosocial', version: '0.20.0+git-57cb4fe' },
  instance: { version: '0.20.0+git-57cb4fe', v2: true },
  oauthMetadata: 'none',
  subscribeTemplate: null,
  intents: [],
  unknownPage: 'not-found',
  unknownApi: { error: 'Not Found' },
  scopes: {
    known: null,
    model: 'hierarchical',
    granted: 'requested',
    endpoints: {
      verifyCredentials: ['profile', 'read:accounts'],
      search: ['read:search'],
      readAccounts: ['read:accounts'],
      relationships: ['read:accounts'],
      follows: ['write:follows'],
      statuses: ['write:statuses'],
    },
    denied: {
      body: { error: 'Forbidden: token has insufficient scope permission' },
      joiner: ' ',
      doorkeeperHeader: false,
    },
  },
  pkce: false,
  appAuthorizations: 'many',
  clientCredentials: 'token',
  clientCredentialsNeedRedirectUri: true,
  rateLimits: { headers: 'gotosocial', tooMany: { error: 'rate limit reached' } },
  search: { v1: true, v2Statuses: true },
  followAnswer: 'relationship',
  followAgainWhilePending: 'nothing',
  interaction: { page: null, aliases: [], urlParams: [], signIn: 'first', account: 'web-page' },
  web: { account: null, status: null, remotePermalinks: false, signIn: false },
  ids: 'ulid',
  peers: {
    access: 'user',
    leavesOut: 'suspended',
    order: 'a-z',
    canDisable: false,
    unauthorized: { error: 'Unauthorized: peers open query requires an authenticated account/user' },
    cacheControl: 'no-store',
  },
};

const AKKOMA: SoftwareProfile = {
  id: 'akkoma',
  nodeinfo: { name: 'akkoma', version: '3.16.0' },
  instance: { version: '2.7.2 (compatible; Akkoma 3.16.0)', v2: false },
  oauthMetadata: 'none',
  subscribeTemplate: '/ostatus_subscribe?acct={uri}',
  intents: [],
  unknownPage: 'front-end',
  unknownApi: { error: 'Not implemented' },
  scopes: {
    known: null,
    model: 'hierarchical',
    granted: 'requested',
    endpoints: {
      verifyCredentials: ['read:accounts'],
      search: ['read:search'],
      readAccounts: ['read:accounts'],
      relationships: ['read:follows'],
      follows: ['follow', 'write:follows'],
      statuses: ['write:statuses'],
    },
    denied: {
      body: { error: 'Insufficient permissions: {scopes}.' },
      joiner: ' | ',
      doorkeeperHeader: false,
    },
  },
  pkce: false,
  appAuthorizations: 'many',
  clientCredentials: 'token',
  clientCredentialsNeedRedirectUri: false,
  rateLimits: { headers: 'none', tooMany: { error: 'Throttled' } },
  search: { v1: false, v2Statuses: true },
  followAnswer: 'relationship',
  followAgainWhilePending: 'new-follow',
  interaction: {
    page: '/ostatus_subscribe',
    aliases: [],
    urlParams: ['acct'],
    signIn: 'accounts',
    account: 'follow-page',
  },
  web: { account: '/users/{id}', status: '/notice/{id}', remotePermalinks: false, signIn: false },
  ids: 'flake',
  peers: {
    access: 'public',
    leavesOut: 'none',
    order: 'first-seen',
    canDisable: false,
    unauthorized: null,
    cacheControl: 'max-age=0, private, must-revalidate',
  },
};

/** Sharkey's Mastodon API over Misskey: its scopes, metadata and pages are Misskey's (§10.1–§10.4). */
const SHARKEY: SoftwareProfile = {
  id: 'sharkey',
  nodeinfo: { name: 'sharkey', version: '2025.5.2-dev' },
  instance: { version: '3.0.0 (compatible; Sharkey 2025.5.2-dev; like Akkoma)', v2: true },
  oauthMetadata: 'misskey',
  subscribeTemplate: '/authorize-follow?acct={uri}',
  intents: [],
  unknownPage: 'front-end',
  unknownApi: { error: 'Not Found' },
  scopes: {
    known: null,
    model: 'read-write',
    granted: 'app',
    endpoints: {
      verifyCredentials: ['read'],
      search: ['read'],
      readAccounts: ['read'],
      relationships: ['read'],
      follows: ['write'],
      statuses: ['write'],
    },
    denied: {
      body: {
        error: 'PERMISSION_DENIED',
        error_description: 'Your app does not have the necessary permissions to use this endpoint.',
      },
      joiner: ' ',
      doorkeeperHeader: false,
    },
  },
  pkce: false,
  appAuthorizations: 'one',
  clientCredentials: 'unpersisted-token',
  clientCredentialsNeedRedirectUri: false,
  rateLimits: {
    headers: 'none',
    tooMany: {
      error: 'RATE_LIMIT_EXCEEDED',
      error_description: 'Rate limit exceeded. Please try again later.',
    },
  },
  search: { v1: true, v2Statuses: false },
  followAnswer: 'following',
  followAgainWhilePending: 'nothing',
  interaction: {
    page: '/lookup',
    aliases: ['/authorize-follow', '/authorize_interaction'],
    urlParams: ['uri', 'acct'],
    signIn: 'first',
    account: 'web-page',
  },
  web: { account: '/@{acct}', status: '/notes/{id}', remotePermalinks: false, signIn: false },
  ids: 'aidx',
  peers: {
    access: 'public',
    leavesOut: 'none',
    order: 'first-seen',
    canDisable: false,
    unauthorized: null,
    cacheControl: 'private, max-age=0, must-revalidate',
  },
};

export const SOFTWARE: Readonly<Record<SoftwareId, SoftwareProfile>> = {
  'mastodon-4.6': MASTODON_46,
  'mastodon-4.5': MASTODON_45,
  'mastodon-4.2': MASTODON_42,
  'mastodon-3.5': MASTODON_35,
  gotosocial: GOTOSOCIAL,
  akkoma: AKKOMA,
  sharkey: SHARKEY,
};

export const DEFAULT_SOFTWARE = MASTODON_45;

/**
 * The profile for the admin op `software` {profile, clientCredentials?}; `clientCredentials` plays a server of that
 * software that answers the grant otherwise (an operator's hardened Sharkey answers `unsupported_grant_type`).
 */
export function softwareFor(body: Record<string, unknown>): SoftwareProfile {
  const id = body.profile;
  if (typeof id !== 'string' || !(SOFTWARE_IDS as readonly string[]).includes(id)) {
    throw new Error(`profile must be one of ${SOFTWARE_IDS.join(', ')} (got ${JSON.stringify(id ?? null)})`);
  }
  const profile = SOFTWARE[id as SoftwareId];
  const grant = body.clientCredentials;
  if (grant === undefined) return profile;
  if (grant !== 'token' && grant !== 'unpersisted-token' && grant !== 'unsupported') {
    throw new Error("clientCredentials must be 'token', 'unpersisted-token' or 'unsupported'");
  }
  return { ...profile, clientCredentials: grant };
}

/** Whether a token holding `held` may call an endpoint that accepts `needed` (see ScopeModel). */
export function scopeGrants(model: ScopeModel, held: string, needed: string): boolean {
  if (held === needed) return true;
  if (model === 'hierarchical') return needed.startsWith(`${held}:`);
  if (model === 'read-write') return held.startsWith(needed);
  return false;
}

export function tokenAllows(
  model: ScopeModel,
  held: readonly string[],
  accepted: readonly string[],
): boolean {
  return accepted.some((needed) => held.some((scope) => scopeGrants(model, scope, needed)));
}

/** The path of a web page template (`/@{acct}/{id}`) for an account's acct and an id. */
export function fillTemplate(template: string, values: { acct?: string; id?: string; uri?: string }): string {
  return template
    .replace('{acct}', values.acct ?? '')
    .replace('{id}', values.id ?? '')
    .replace('{uri}', values.uri ?? '');
}

const ID_PATTERNS = {
  snowflake: '\\d+',
  ulid: '[0-9A-HJKMNP-TV-Z]{26}',
  flake: '[0-9A-Za-z]{1,22}',
  aidx: '[0-9a-z]{16}',
} as const;

/** The route pattern of the server's ids (Mastodon's routes take digits only). */
export function idPattern(profile: SoftwareProfile): string {
  return ID_PATTERNS[profile.ids];
}

/** A web page template as a RegExp whose groups are the acct and the id, in the template's order. */
export function templatePattern(template: string, profile: SoftwareProfile): RegExp {
  const source = template
    .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
    .replace('{acct}', '([^/]+@[^/]+)')
    .replace('{id}', `(${idPattern(profile)})`);
  return new RegExp(`^${source}/?$`);
}
