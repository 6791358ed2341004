/**
 * The live state of the Threads/Instagram accounts: the committed table plus changes made through the admin API
 * (e.g. an account turning fediverse sharing off, or a longer Following list). Shared by the federation side and
 * both web sites.
 */
import {
  THREADS_ACCOUNTS,
  findThreadsAccount,
  findThreadsAccountById,
  type ThreadsAccount,
} from './threads-accounts';
import {
  FOLLOWING_DEFAULT_COUNT,
  FOLLOWING_OWNER,
  followersAccounts,
  followingAccounts,
} from './threads-following';

export interface AccountState extends ThreadsAccount {
  /**
   * Whether the profile page carries `<link rel="alternate" type="application/activity+json">`. Public evidence
   * shows it on post pages only (docs/sites.md, evidence T14), so it is on for opted-in accounts and can be
   * switched off.
   */
  profileAlternate: boolean;
}

export type AccountPatch = Partial<Omit<AccountState, 'username' | 'id'>>;

/**
 * Who looks at the sandbox's Threads and Instagram pages. By default a signed-in person whose own account is not in
 * the sandbox (every profile shows Follow). `set-visitor` makes them logged out (the sites' login prompts) or signed
 * in as one of the accounts (that profile is their own: Edit profile instead of Follow).
 */
export interface Visitor {
  loggedIn: boolean;
  /** Lower case; null for an account outside the sandbox. */
  username: string | null;
}

export const DEFAULT_VISITOR: Visitor = { loggedIn: true, username: null };

/**
 * How both sites' Following dialogs behave (`set-following-dialog`), each variant behind its own switch; see
 * sandbox/remote/web/following-dialog.ts for where each comes from.
 */
export interface FollowingDialogSettings {
  /** Threads: the tabs inside a `[role=tablist]` (true) or a plain `div` (false). */
  tablist: boolean;
  /** Instagram: a windowed list (at most 15 rows in the DOM, their nodes reused) instead of a plain one. */
  windowed: boolean;
  /** After this many pages the next one waits `pauseMs` more: the sites' bursts. 0: no pauses. */
  burstPages: number;
  /** The pause between bursts, picked at random in [min, max] ms. */
  pauseMs: [number, number];
  /** Accounts the page counts but the list never shows (the list ends this many short of its count). */
  unlisted: number;
}

/** Realistic enough to prove that pauses are not the end, fast enough for a 2,000 list in under a minute. */
export const DEFAULT_DIALOG_SETTINGS: FollowingDialogSettings = {
  tablist: true,
  windowed: false,
  burstPages: 12,
  pauseMs: [1000, 2000],
  unlisted: 0,
};

export interface ThreadsDirectory {
  /** Any account, generated ones included. */
  find(username: string): AccountState | undefined;
  findById(id: string): AccountState | undefined;
  /** The hand-written table only: pages that list every account stay short. */
  all(): AccountState[];
  update(username: string, patch: AccountPatch): AccountState;
  /** The people `username` follows, in list order (empty for unknown accounts). */
  following(username: string): AccountState[];
  followers(username: string): AccountState[];
  /** `set-following`: FOLLOWING_OWNER's list becomes `count` long until the next reset. */
  setFollowingCount(owner: string, count: number): number;
  visitor(): Visitor;
  /** `set-visitor`: until the next reset. */
  setVisitor(patch: Partial<Visitor>): Visitor;
  /** `set-following-dialog`: changes some of the dialogs' settings until the next reset. */
  dialog(patch?: Partial<FollowingDialogSettings>): FollowingDialogSettings;
  reset(): void;
}

export function createThreadsDirectory(): ThreadsDirectory {
  let patches = new Map<string, AccountPatch>();
  let followingCount = FOLLOWING_DEFAULT_COUNT;
  let visitor = DEFAULT_VISITOR;
  let dialog = DEFAULT_DIALOG_SETTINGS;
  const state = (account: ThreadsAccount): AccountState => ({
    ...account,
    profileAlternate: account.fediverse,
    ...patches.get(account.username),
  });
  return {
    find(username) {
      const account = findThreadsAccount(username);
      return account && state(account);
    },
    findById(id) {
      const account = findThreadsAccountById(id);
      return account && state(account);
    },
    all: () => THREADS_ACCOUNTS.map(state),
    update(username, patch) {
      const account = findThreadsAccount(username);
      if (!account) throw new Error(`no Threads account ${username}`);
      patches.set(account.username, { ...patches.get(account.username), ...patch });
      return state(account);
    },
    following(username) {
      if (!findThreadsAccount(username)) return [];
      return followingAccounts(username, followingCount).map(state);
    },
    followers(username) {
      return findThreadsAccount(username) ? followersAccounts(username).map(state) : [];
    },
    setFollowingCount(owner, count) {
      if (owner.toLowerCase() !== FOLLOWING_OWNER)
        throw new Error(`only ${FOLLOWING_OWNER} has a Following list whose length can change`);
      followingAccounts(owner, count); // validates the range
      followingCount = count;
      return count;
    },
    visitor: () => visitor,
    setVisitor(patch) {
      const username = patch.username === undefined ? visitor.username : patch.username;
      if (username !== null && !findThreadsAccount(username))
        throw new Error(`no Threads account ${username}`);
      visitor = {
        loggedIn: patch.loggedIn ?? visitor.loggedIn,
        username: username === null ? null : username.toLowerCase(),
      };
      return visitor;
    },
    dialog(patch = {}) {
      const next = { ...dialog, ...patch };
      const [min, max] = next.pauseMs;
      const count = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
      if (typeof next.tablist !== 'boolean' || typeof next.windowed !== 'boolean')
        throw new Error('tablist and windowed are booleans');
      if (!count(next.burstPages) || !count(next.unlisted) || !count(min) || !count(max) || min > max)
        throw new Error('burstPages, unlisted and pauseMs [min, max] are whole numbers ≥ 0, min ≤ max');
      dialog = next;
      return dialog;
    },
    reset() {
      visitor = DEFAULT_VISITOR;
      patches = new Map();
      followingCount = FOLLOWING_DEFAULT_COUNT;
      dialog = DEFAULT_DIALOG_SETTINGS;
    },
  };
}
