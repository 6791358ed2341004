/**
 * The live state of the Threads/Instagram accounts: the committed table plus changes made through the admin API
 * (e.g. an account turning fediverse sharing off). Shared by the federation side and both web sites.
 */
import { THREADS_ACCOUNTS, type ThreadsAccount } from './threads-accounts';

export interface AccountState extends ThreadsAccount {
  /**
   * Whether the profile page carries `<link rel="alternate" type="application/activity+json">`. Public evidence
   * shows it on post pages only (site-dom.md T14), so it is on for opted-in accounts and can be switched off.
   */
  profileAlternate: boolean;
}

export type AccountPatch = Partial<Omit<AccountState, 'username' | 'id'>>;

export interface ThreadsDirectory {
  find(username: string): AccountState | undefined;
  findById(id: string): AccountState | undefined;
  all(): AccountState[];
  update(username: string, patch: AccountPatch): AccountState;
  reset(): void;
}

export function createThreadsDirectory(): ThreadsDirectory {
  let patches = new Map<string, AccountPatch>();
  const state = (account: ThreadsAccount): AccountState => ({
    ...account,
    profileAlternate: account.fediverse,
    ...patches.get(account.username),
  });
  return {
    find(username) {
      const account = THREADS_ACCOUNTS.find((a) => a.username === username.toLowerCase());
      return account && state(account);
    },
    findById(id) {
      const account = THREADS_ACCOUNTS.find((a) => a.id === id);
      return account && state(account);
    },
    all: () => THREADS_ACCOUNTS.map(state),
    update(username, patch) {
      const account = THREADS_ACCOUNTS.find((a) => a.username === username.toLowerCase());
      if (!account) throw new Error(`no Threads account ${username}`);
      patches.set(account.username, { ...patches.get(account.username), ...patch });
      return state(account);
    },
    reset() {
      patches = new Map();
    },
  };
}
