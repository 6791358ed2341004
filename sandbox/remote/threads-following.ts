/**
 * Who follows whom on the sandbox's Threads/Instagram: the long Following list of FOLLOWING_OWNER (generated
 * people, threads-generated.ts), short lists for everyone else, and what tests and benchmarks should expect of
 * them. Pure data: the live list (admin changes, the `set-following` length) is in threads-directory.ts.
 */
import {
  THREADS_ACCOUNTS,
  THREADS_AP_ORIGIN,
  findThreadsAccount,
  threadsActorId,
  type ThreadsAccount,
} from './threads-accounts';
import {
  FOLLOWING_DEFAULT_COUNT,
  FOLLOWING_MAX_COUNT,
  FOLLOWING_OWNER,
  GENERATED_ACCOUNTS,
  isSeededIndex,
} from './threads-generated';
import type { RemoteAccountSeed } from '../home/store';

export { FOLLOWING_DEFAULT_COUNT, FOLLOWING_MAX_COUNT, FOLLOWING_OWNER } from './threads-generated';

/** How many people the Followers tab lists, whatever the follower count says (the scan reads Following). */
export const FOLLOWERS_SHOWN = 12;

export interface FollowedAccount {
  account: ThreadsAccount;
  /** Opted in to fediverse sharing: WebFinger at threads.net answers and the actor exists. */
  optedIn: boolean;
  /** Opted in and locked: a follow from the home server stays "requested". */
  locked: boolean;
  /** The home server's default user follows this account after every reset. */
  alreadyFollowed: boolean;
}

export interface FollowingMix {
  total: number;
  optedIn: number;
  notOptedIn: number;
  alreadyFollowed: number;
  locked: number;
  /** Opted in and not followed yet: what "Find them on the fediverse" can offer to follow. */
  toFollow: number;
}

const HAND_WRITTEN = new Set(THREADS_ACCOUNTS.map((a) => a.username));

/** The people the owner follows, before any admin change: `count` long for the owner, a short list otherwise. */
export function followingAccounts(username: string, count = FOLLOWING_DEFAULT_COUNT): ThreadsAccount[] {
  const name = username.toLowerCase();
  if (name === FOLLOWING_OWNER) {
    if (!Number.isInteger(count) || count < 0 || count > FOLLOWING_MAX_COUNT)
      throw new Error(`the Following list is 0 to ${FOLLOWING_MAX_COUNT} long`);
    return GENERATED_ACCOUNTS.slice(0, count);
  }
  // Everyone in the hand-written table follows the rest of it; generated people follow nobody.
  return HAND_WRITTEN.has(name) ? THREADS_ACCOUNTS.filter((a) => a.username !== name) : [];
}

/** Followers shown in the dialog: a few of the table's accounts (the count on the page stays the account's). */
export function followersAccounts(username: string): ThreadsAccount[] {
  const name = username.toLowerCase();
  return THREADS_ACCOUNTS.filter((a) => a.username !== name).slice(0, FOLLOWERS_SHOWN);
}

const SEEDED = new Set(GENERATED_ACCOUNTS.filter((_, i) => isSeededIndex(i)).map((a) => a.username));

/** The accounts the home user already follows after every reset (all opted in, none locked). */
export const ALREADY_FOLLOWED: readonly ThreadsAccount[] = GENERATED_ACCOUNTS.filter((a) =>
  SEEDED.has(a.username),
);

/** The expected categories of an unchanged list (no `set-account` patches), for tests and benchmarks. */
export function followingOf(owner: string = FOLLOWING_OWNER, count?: number): FollowedAccount[] {
  return followingAccounts(owner, count).map((account) => ({
    account,
    optedIn: account.fediverse,
    locked: account.fediverse && account.locked,
    alreadyFollowed: SEEDED.has(account.username),
  }));
}

export function followingMix(list: readonly FollowedAccount[]): FollowingMix {
  const count = (keep: (f: FollowedAccount) => boolean): number => list.filter(keep).length;
  return {
    total: list.length,
    optedIn: count((f) => f.optedIn),
    notOptedIn: count((f) => !f.optedIn),
    alreadyFollowed: count((f) => f.alreadyFollowed),
    locked: count((f) => f.locked),
    toFollow: count((f) => f.optedIn && !f.alreadyFollowed),
  };
}

/**
 * What the home server must hold so that its user already follows ALREADY_FOLLOWED: the accounts as its
 * ResolveAccountService would have stored them from WebFinger and the actor (threads-federation.ts).
 */
export function alreadyFollowedSeeds(): RemoteAccountSeed[] {
  return ALREADY_FOLLOWED.map((account) => ({
    username: account.username,
    domain: 'threads.net',
    uri: threadsActorId(account),
    url: `${THREADS_AP_ORIGIN}/@${account.username}`,
    displayName: account.displayName,
    note: account.bio,
    avatar: `${THREADS_AP_ORIGIN}/avatars/${account.username}.svg`,
    locked: account.locked,
  }));
}

/** Whether an account has a Following list the sites can show in a dialog. */
export const hasFollowingList = (username: string): boolean =>
  findThreadsAccount(username) !== undefined && followingAccounts(username).length > 0;
