/** The server's memory: accounts, statuses, apps, tokens, sessions, follows, domain blocks; and the admin operations. */
import type { SandboxContext } from '../types';
import { escapeHtml, stripTags } from './http';
import {
  acctOf,
  serializeAccount,
  serializeApp,
  serializeStatus,
  type Account,
  type App,
  type Follow,
  type Grant,
  type Session,
  type Status,
  type Token,
} from './model';
import { VAPID_KEY } from './context';
import { newId } from './ids';
import type { RateLimiter } from './rate-limits';
import { DEFAULT_SOFTWARE, softwareFor, type SoftwareProfile } from './software';
import { DEFAULT_PEERS, applySetPeers, peerDomains, type PeersSettings, type PeersSummary } from './peers';

export interface LocalUser {
  username: string;
  displayName: string;
  note: string;
  locked?: boolean;
  /** Only users with credentials can sign in. */
  email?: string;
  password?: string;
  statuses: string[];
}

/** A remote account the server already knows, as ResolveAccountService would have stored it. */
export interface RemoteAccountSeed {
  username: string;
  domain: string;
  uri: string;
  url: string;
  displayName: string;
  /** Plain text, as the actor's summary gives it. */
  note: string;
  avatar: string;
  locked: boolean;
}

export interface MastodonServerConfig {
  localDomain: string;
  webDomain: string;
  title: string;
  description: string;
  users: LocalUser[];
  /**
   * Remote accounts the user who can sign in (the one with an email) follows after every reset, accepted: the
   * follows someone has before they install Homeward.
   */
  alreadyFollowing?: readonly RemoteAccountSeed[];
}

export type DomainBlocksVisibility = 'disabled' | 'users' | 'all';

export interface DomainBlock {
  domain: string;
  severity: 'silence' | 'suspend';
  comment: string;
  /** The admin's "obfuscate domain name in the public list" box (DomainBlock#obfuscate). */
  obfuscate: boolean;
}

/**
 * The domain as the public list shows it (DomainBlock#public_domain, app/models/domain_block.rb): when obfuscated,
 * every character but the dots after the first quarter (length / 4, rounded down) and before the last quarter
 * becomes `*`, so threads.net reads thr****.*et. The digest is always the real domain's.
 */
export function publicDomain(block: DomainBlock): string {
  if (!block.obfuscate) return block.domain;
  const visible = Math.floor(block.domain.length / 4);
  return [...block.domain]
    .map((chr, i) => (i > visible && i < block.domain.length - visible && chr !== '.' ? '*' : chr))
    .join('');
}

const DEFAULT_ACCEPT_DELAY_MS = 1500;
/** Local accounts were created before the sandbox's clock starts: a fixed day keeps ids and dates stable. */
const LOCAL_EPOCH = Date.UTC(2023, 3, 1, 12, 0, 0);
/** Seeded remote accounts were first seen on a fixed day too (after Threads federated, in 2024). */
const SEEDED_EPOCH = Date.UTC(2024, 5, 1, 12, 0, 0);

function followKeyOf(sourceId: string, targetId: string): string {
  return `${sourceId}>${targetId}`;
}

export interface State {
  /** The home software being played (docs/home-server.md §10); Mastodon 4.5 after every reset. */
  software: SoftwareProfile;
  accounts: Map<string, Account>;
  statuses: Map<string, Status>;
  apps: Map<string, App>;
  grants: Map<string, Grant>;
  tokens: Map<string, Token>;
  sessions: Map<string, Session>;
  follows: Map<string, Follow>;
  /**
   * Every follow the server made (a Follow sent, for a remote account), by target acct, in order: a follow asked for
   * when one already exists changes nothing (Mastodon's FollowService, docs/home-server.md §5), so two entries for
   * one account mean it was followed, unfollowed and followed again.
   */
  followsMade: string[];
  domainBlocks: DomainBlock[];
  domainBlocksVisibility: DomainBlocksVisibility;
  acceptDelayMs: number;
  /** Follows the user already has beyond the sandbox's own (to reach the 7500 follow limit quickly). */
  extraFollowing: Map<string, number>;
  /** The admin op `set-peers`'s settings for `/api/v1/instance/peers` (docs/home-server.md §3.1). */
  peers: PeersSettings;
  /**
   * What WebFinger answers publish besides the account's own links: the software's, or the admin op
   * `set-webfinger-links`'s (docs/home-server.md §10.6). Paths on the server, or whole addresses.
   */
  webfingerLinks: WebfingerLinks;
}

export interface WebfingerLinks {
  subscribe: string | null;
  intents: SoftwareProfile['intents'];
}

const INTENT_TYPES = ['Follow', 'Object', 'Create'] as const;

/** The admin op `set-webfinger-links` {subscribe?: string | null, intents?: [{type, template}]}. */
function applyWebfingerLinks(current: WebfingerLinks, body: Record<string, unknown>): WebfingerLinks {
  const next = { ...current };
  if ('subscribe' in body) {
    if (body.subscribe !== null && typeof body.subscribe !== 'string')
      throw new Error('subscribe must be a template or null');
    next.subscribe = body.subscribe;
  }
  if ('intents' in body) {
    const intents = body.intents;
    if (
      !Array.isArray(intents) ||
      !intents.every(
        (intent: unknown) =>
          typeof intent === 'object' &&
          intent !== null &&
          (INTENT_TYPES as readonly unknown[]).includes((intent as { type?: unknown }).type) &&
          typeof (intent as { template?: unknown }).template === 'string',
      )
    )
      throw new Error(`intents must be a list of {type: ${INTENT_TYPES.join('|')}, template}`);
    next.intents = intents as WebfingerLinks['intents'];
  }
  return next;
}

export type Store = ReturnType<typeof createStore>;

export function createStore(
  ctx: SandboxContext,
  config: MastodonServerConfig,
  base: string,
  limiter: RateLimiter,
) {
  const { localDomain, webDomain } = config;
  let state = initialState(DEFAULT_SOFTWARE);

  function initialState(software: SoftwareProfile): State {
    const s: State = {
      software,
      accounts: new Map(),
      statuses: new Map(),
      apps: new Map(),
      grants: new Map(),
      tokens: new Map(),
      sessions: new Map(),
      follows: new Map(),
      followsMade: [],
      domainBlocks: [],
      domainBlocksVisibility: 'all',
      acceptDelayMs: DEFAULT_ACCEPT_DELAY_MS,
      extraFollowing: new Map(),
      peers: DEFAULT_PEERS,
      webfingerLinks: { subscribe: software.subscribeTemplate, intents: software.intents },
    };
    config.users.forEach((user, index) => {
      const createdAt = LOCAL_EPOCH + index * 86_400_000;
      const id = newId(software, createdAt, index + 1);
      s.accounts.set(id, {
        id,
        username: user.username,
        domain: null,
        displayName: user.displayName,
        note: `<p>${escapeHtml(user.note)}</p>`,
        uri: `${base}/users/${user.username}`,
        url: `${base}/@${user.username}`,
        avatar: `${base}/system/accounts/avatars/${user.username}.png`,
        header: `${base}/headers/original/missing.png`,
        locked: user.locked ?? false,
        bot: false,
        group: false,
        createdAt,
        followersCount: 0,
        followingCount: 0,
      });
      user.statuses.forEach((text, n) => {
        const statusAt = createdAt + (n + 1) * 3_600_000;
        const statusId = newId(software, statusAt, n + 1);
        s.statuses.set(statusId, {
          id: statusId,
          accountId: id,
          uri: `${base}/users/${user.username}/statuses/${statusId}`,
          url: `${base}/@${user.username}/${statusId}`,
          content: `<p>${escapeHtml(text)}</p>`,
          createdAt: statusAt,
          sensitive: false,
          spoilerText: '',
          language: 'en',
          visibility: 'public',
        });
      });
    });
    seedFollows(s);
    return s;
  }

  function seedFollows(s: State): void {
    const me = config.users.find((u) => u.email);
    const source =
      me && [...s.accounts.values()].find((a) => a.domain === null && a.username === me.username);
    if (!source) return;
    (config.alreadyFollowing ?? []).forEach((seed, index) => {
      const seenAt = SEEDED_EPOCH + index * 60_000;
      const id = newId(s.software, seenAt, index + 1);
      s.accounts.set(id, {
        id,
        username: seed.username,
        domain: seed.domain.toLowerCase(),
        displayName: seed.displayName,
        note: seed.note,
        uri: seed.uri,
        url: seed.url,
        avatar: seed.avatar,
        header: `${base}/headers/original/missing.png`,
        locked: seed.locked,
        bot: false,
        group: false,
        createdAt: seenAt,
        followersCount: 0,
        followingCount: 0,
      });
      s.follows.set(followKeyOf(source.id, id), {
        sourceId: source.id,
        targetId: id,
        requested: false,
        acceptAt: null,
        reblogs: true,
        notify: false,
        languages: null,
        seeded: true,
      });
    });
  }

  // ---------- lookups ----------

  const isLocalDomain = (domain: string): boolean => [localDomain, webDomain].includes(domain.toLowerCase());

  /** DomainBlock.rule_for also matches parent domains: blocking threads.net covers www.threads.net. */
  function domainBlock(domain: string | null): DomainBlock | undefined {
    if (!domain) return undefined;
    const host = domain.toLowerCase();
    return state.domainBlocks.find((b) => host === b.domain || host.endsWith(`.${b.domain}`));
  }
  const isSuspended = (domain: string | null): boolean => domainBlock(domain)?.severity === 'suspend';

  function findLocal(username: string): Account | undefined {
    const name = username.toLowerCase();
    return [...state.accounts.values()].find((a) => a.domain === null && a.username.toLowerCase() === name);
  }

  function findByAcct(username: string, domain: string | null): Account | undefined {
    if (domain === null || isLocalDomain(domain)) return findLocal(username);
    const name = username.toLowerCase();
    const host = domain.toLowerCase();
    return [...state.accounts.values()].find((a) => a.domain === host && a.username.toLowerCase() === name);
  }

  function settleFollows(): void {
    const now = ctx.now();
    for (const follow of state.follows.values()) {
      if (follow.requested && follow.acceptAt !== null && now >= follow.acceptAt) follow.requested = false;
    }
  }

  function countsOf(account: Account): Parameters<typeof serializeAccount>[1] {
    settleFollows();
    const follows = [...state.follows.values()].filter((f) => !f.requested);
    const statuses = [...state.statuses.values()].filter((s) => s.accountId === account.id);
    const local = account.domain === null;
    return {
      followers: local ? follows.filter((f) => f.targetId === account.id).length : account.followersCount,
      following: local
        ? follows.filter((f) => f.sourceId === account.id).length +
          (state.extraFollowing.get(account.id) ?? 0)
        : account.followingCount,
      statuses: statuses.length,
      lastStatusAt: statuses.length ? Math.max(...statuses.map((s) => s.createdAt)) : null,
    };
  }

  const accountJson = (account: Account): Record<string, unknown> =>
    serializeAccount(account, countsOf(account));

  function statusJson(status: Status): Record<string, unknown> {
    const author = state.accounts.get(status.accountId);
    if (!author) throw new Error(`status ${status.id} has no author`);
    return serializeStatus(status, accountJson(author));
  }

  function credentialAccountJson(account: Account): Record<string, unknown> {
    const followRequests = [...state.follows.values()].filter(
      (f) => f.targetId === account.id && f.requested,
    ).length;
    return {
      ...accountJson(account),
      source: {
        privacy: 'public',
        sensitive: false,
        language: null,
        note: stripTags(account.note),
        fields: [],
        follow_requests_count: followRequests,
        hide_collections: false,
        discoverable: true,
        indexable: true,
        attribution_domains: [],
      },
      role: { id: '-99', name: '', permissions: '0', color: '', highlighted: false },
    };
  }

  const followKey = followKeyOf;

  /**
   * `/api/v1/instance/peers`'s body, built once per change and not per request (a big server's is 50,000 names):
   * it holds while the state, the number of accounts (remote accounts are only ever added) and the domain blocks
   * stay the same; `set-peers` drops it.
   */
  let peersCache: { state: State; key: string; body: string; listed: number } | null = null;

  function peersAnswer(): { body: string; listed: number } {
    const key = [state.accounts.size, ...state.domainBlocks.map((b) => `${b.severity}:${b.domain}`)].join(
      '\n',
    );
    if (peersCache?.state !== state || peersCache.key !== key) {
      const domains = peerDomains(
        [...state.accounts.values()].map((a) => a.domain),
        state.peers,
        state.domainBlocks,
        state.software.peers,
      );
      peersCache = { state, key, body: JSON.stringify(domains), listed: domains.length };
    }
    return peersCache;
  }

  function peersSummary(): PeersSummary {
    return { ...state.peers, listed: peersAnswer().listed };
  }

  /**
   * Admin operations (POST /hosts/<host>/<op> on the sandbox admin API): revoke-tokens {token?},
   * suspend-domain / silence-domain {domain, comment?, obfuscate?}, unsuspend-domain {domain},
   * domain-blocks-visibility {value: disabled|users|all}, accept-follows {acct?}, set-accept-delay {ms},
   * set-rate-limit {family: api|apps|follows, remaining, resetInMs? (GoToSocial's windows only)}, set-following-count {count},
   * set-peers {count?, domains?, enabled?, expose?} (docs/home-server.md §3.1), set-webfinger-links
   * {subscribe?, intents?} (§10.6), state, and
   * software {profile, clientCredentials?}, which starts the server over as that software (docs/home-server.md §10).
   */
  function admin(op: string, body: Record<string, unknown>): unknown {
    const text = (key: string): string | undefined =>
      typeof body[key] === 'string' ? (body[key] as string) : undefined;
    switch (op) {
      case 'revoke-tokens': {
        const only = text('token');
        let count = 0;
        for (const token of state.tokens.values()) {
          if ((!only || token.token === only) && !token.revoked) {
            token.revoked = true;
            count += 1;
          }
        }
        return { revoked: count };
      }
      case 'suspend-domain':
      case 'silence-domain': {
        const domain = text('domain')?.toLowerCase();
        if (!domain) throw new Error('domain is required');
        state.domainBlocks = state.domainBlocks.filter((b) => b.domain !== domain);
        state.domainBlocks.push({
          domain,
          severity: op === 'suspend-domain' ? 'suspend' : 'silence',
          comment: text('comment') ?? '',
          obfuscate: body.obfuscate === true,
        });
        return { domainBlocks: state.domainBlocks };
      }
      case 'unsuspend-domain': {
        const domain = text('domain')?.toLowerCase();
        state.domainBlocks = state.domainBlocks.filter((b) => b.domain !== domain);
        return { domainBlocks: state.domainBlocks };
      }
      case 'domain-blocks-visibility': {
        const value = text('value');
        if (value !== 'disabled' && value !== 'users' && value !== 'all')
          throw new Error('value must be disabled, users or all');
        state.domainBlocksVisibility = value;
        return { value };
      }
      case 'accept-follows': {
        const acct = text('acct')?.replace(/^@/, '');
        let accepted = 0;
        for (const follow of state.follows.values()) {
          const target = state.accounts.get(follow.targetId);
          if (follow.requested && target && (!acct || acctOf(target) === acct)) {
            follow.requested = false;
            accepted += 1;
          }
        }
        return { accepted };
      }
      case 'set-accept-delay': {
        const ms = Number(body.ms);
        if (!Number.isFinite(ms) || ms < 0) throw new Error('ms must be a non-negative number');
        state.acceptDelayMs = ms;
        return { ms };
      }
      case 'set-rate-limit': {
        const family = text('family');
        const remaining = Number(body.remaining);
        if (
          (family !== 'api' && family !== 'apps' && family !== 'follows') ||
          !Number.isInteger(remaining) ||
          remaining < 0
        ) {
          throw new Error("family must be 'api', 'apps' or 'follows' and remaining a non-negative integer");
        }
        const resetInMs = body.resetInMs === undefined ? undefined : Number(body.resetInMs);
        if (resetInMs !== undefined) {
          if (!Number.isInteger(resetInMs) || resetInMs <= 0)
            throw new Error('resetInMs must be a positive integer');
          if (state.software.rateLimits.headers !== 'gotosocial')
            throw new Error("resetInMs: this software's windows end on the clock's multiples");
        }
        limiter.setRemaining(family, remaining, resetInMs);
        return { family, remaining };
      }
      case 'set-following-count': {
        const me = config.users.find((u) => u.email);
        const account = me && findLocal(me.username);
        const count = Number(body.count);
        if (!account || !Number.isInteger(count) || count < 0)
          throw new Error('count must be a non-negative integer');
        const own = [...state.follows.values()].filter(
          (f) => f.sourceId === account.id && !f.requested,
        ).length;
        state.extraFollowing.set(account.id, Math.max(0, count - own));
        return { count };
      }
      case 'set-peers': {
        state.peers = applySetPeers(state.peers, body, state.software.peers, state.software.id, [
          localDomain,
          webDomain,
        ]);
        peersCache = null;
        return peersSummary();
      }
      case 'set-webfinger-links': {
        state.webfingerLinks = applyWebfingerLinks(state.webfingerLinks, body);
        return state.webfingerLinks;
      }
      case 'software': {
        const software = softwareFor(body);
        state = initialState(software);
        limiter.reset();
        return { profile: software.id, clientCredentials: software.clientCredentials };
      }
      case 'state':
        return dumpState();
      default:
        throw new Error(`unknown admin operation ${op}`);
    }
  }

  function followJson(f: Follow): Record<string, unknown> {
    return {
      acct: acctOf(state.accounts.get(f.targetId) as Account),
      targetId: f.targetId,
      state: f.requested ? 'requested' : 'following',
      acceptAt: f.acceptAt,
    };
  }

  function dumpState(): unknown {
    settleFollows();
    return {
      software: { profile: state.software.id, clientCredentials: state.software.clientCredentials },
      apps: [...state.apps.values()].map((a) => ({ ...serializeApp(a, VAPID_KEY, true) })),
      tokens: [...state.tokens.values()].map((t) => ({
        token: t.token,
        clientId: t.clientId,
        userId: t.userId,
        scopes: t.scopes,
        revoked: t.revoked,
        createdAt: t.createdAt,
      })),
      accounts: [...state.accounts.values()].map((a) => ({
        id: a.id,
        acct: acctOf(a),
        uri: a.uri,
        locked: a.locked,
      })),
      statuses: [...state.statuses.values()].map((s) => {
        const author = state.accounts.get(s.accountId);
        return {
          id: s.id,
          acct: author ? acctOf(author) : null,
          uri: s.uri,
          url: s.url,
          visibility: s.visibility,
        };
      }),
      // `follows`: made since the last reset; `seededFollows`: the ones every reset starts with.
      follows: [...state.follows.values()].filter((f) => !f.seeded).map(followJson),
      seededFollows: [...state.follows.values()].filter((f) => f.seeded).map(followJson),
      followsMade: state.followsMade,
      domainBlocks: state.domainBlocks,
      domainBlocksVisibility: state.domainBlocksVisibility,
      acceptDelayMs: state.acceptDelayMs,
      peers: peersSummary(),
      sessions: [...state.sessions.values()].filter((s) => s.userId).length,
    };
  }

  return {
    get state(): State {
      return state;
    },
    reset(): void {
      state = initialState(DEFAULT_SOFTWARE);
      limiter.reset();
    },
    isLocalDomain,
    domainBlock,
    isSuspended,
    findLocal,
    findByAcct,
    settleFollows,
    countsOf,
    accountJson,
    statusJson,
    credentialAccountJson,
    followKey,
    peersAnswer,
    admin,
    dumpState,
  };
}
