/** The records a Mastodon server keeps, and their REST serializations (Account, Status, Relationship, Application). */
export interface Account {
  id: string;
  username: string;
  /** null for local accounts */
  domain: string | null;
  displayName: string;
  /** HTML */
  note: string;
  uri: string;
  url: string;
  avatar: string;
  header: string;
  locked: boolean;
  bot: boolean;
  group: boolean;
  createdAt: number;
  /** Remote counters as the actor announced them; local ones are computed. */
  followersCount: number;
  followingCount: number;
  /** Where ActivityPub deliveries to a remote account go (Mastodon's `inbox_url`, or the shared inbox). */
  inbox?: string | null;
}

export interface Status {
  id: string;
  accountId: string;
  uri: string;
  url: string;
  /** HTML */
  content: string;
  createdAt: number;
  sensitive: boolean;
  spoilerText: string;
  language: string | null;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  /** The accounts it mentions (resolved when it was posted), as the API's Status.mentions lists them. */
  mentions?: { id: string; username: string; url: string; acct: string }[];
}

export interface App {
  id: string;
  name: string;
  website: string | null;
  scopes: string[];
  /** As stored by Doorkeeper: whitespace-separated, arrays joined with "\n". */
  redirectUri: string;
  clientId: string;
  clientSecret: string;
}

export interface Grant {
  code: string;
  clientId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  expiresAt: number;
  used: boolean;
}

export interface Token {
  token: string;
  clientId: string;
  /** null for client_credentials tokens */
  userId: string | null;
  scopes: string[];
  createdAt: number;
  revoked: boolean;
}

export interface Session {
  id: string;
  csrf: string;
  userId: string | null;
  /** Devise's `store_location_for(:user, …)` */
  returnTo: string | null;
}

export interface Follow {
  sourceId: string;
  targetId: string;
  /** A FollowRequest until the target (or the remote server's Accept) approves it. */
  requested: boolean;
  /** When the remote Accept "arrives" (ms); null means only an admin `accept-follows` approves it. */
  acceptAt: number | null;
  reblogs: boolean;
  notify: boolean;
  languages: string[] | null;
  /** Made by the sandbox at reset (MastodonServerConfig.alreadyFollowing), not through the API. */
  seeded?: boolean;
}

export function acctOf(account: Account): string {
  return account.domain === null ? account.username : `${account.username}@${account.domain}`;
}

const midnight = (ms: number): string => `${new Date(ms).toISOString().slice(0, 10)}T00:00:00.000Z`;

export interface AccountCounts {
  followers: number;
  following: number;
  statuses: number;
  lastStatusAt: number | null;
}

export function serializeAccount(account: Account, counts: AccountCounts): Record<string, unknown> {
  return {
    id: account.id,
    username: account.username,
    acct: acctOf(account),
    display_name: account.displayName,
    locked: account.locked,
    bot: account.bot,
    discoverable: true,
    indexable: account.domain === null,
    group: account.group,
    created_at: midnight(account.createdAt),
    note: account.note,
    url: account.url,
    uri: account.uri,
    avatar: account.avatar,
    avatar_static: account.avatar,
    header: account.header,
    header_static: account.header,
    followers_count: counts.followers,
    following_count: counts.following,
    statuses_count: counts.statuses,
    last_status_at:
      counts.lastStatusAt === null ? null : new Date(counts.lastStatusAt).toISOString().slice(0, 10),
    hide_collections: false,
    ...(account.domain === null ? { noindex: false } : {}),
    emojis: [],
    roles: [],
    fields: [],
  };
}

export function serializeStatus(status: Status, account: Record<string, unknown>): Record<string, unknown> {
  return {
    id: status.id,
    created_at: new Date(status.createdAt).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: status.sensitive,
    spoiler_text: status.spoilerText,
    visibility: status.visibility,
    language: status.language,
    uri: status.uri,
    url: status.url,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    quotes_count: 0,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    content: status.content,
    filtered: [],
    reblog: null,
    account,
    media_attachments: [],
    mentions: status.mentions ?? [],
    tags: [],
    emojis: [],
    quote: null,
    card: null,
    poll: null,
  };
}

/** REST::RelationshipSerializer at 4.5 (no `muting_expires_at`). */
export function serializeRelationship(
  targetId: string,
  follow: Follow | undefined,
  optimistic: boolean,
): Record<string, unknown> {
  const following = optimistic || (follow !== undefined && !follow.requested);
  const requested = !optimistic && follow !== undefined && follow.requested;
  return {
    id: targetId,
    following,
    showing_reblogs: follow ? follow.reblogs : false,
    notifying: follow ? follow.notify : false,
    languages: follow ? follow.languages : null,
    followed_by: false,
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    requested,
    requested_by: false,
    domain_blocking: false,
    endorsed: false,
    note: '',
  };
}

export function serializeApp(app: App, vapidKey: string, withCredentials: boolean): Record<string, unknown> {
  const redirectUris = app.redirectUri.split(/\s+/).filter(Boolean);
  return {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes,
    redirect_uris: redirectUris,
    redirect_uri: app.redirectUri,
    vapid_key: vapidKey,
    ...(withCredentials
      ? { client_id: app.clientId, client_secret: app.clientSecret, client_secret_expires_at: 0 }
      : {}),
  };
}
