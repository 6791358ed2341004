/**
 * Threads, put together: its profile pages, its Following list and its network (docs/sites.md). One line in
 * `SITES` (utils/sites/index.ts) registers it.
 */
import type { SiteAdapter } from '../types';
import { threadsFollowingList } from './following';
import { threadsNetwork } from './network';
import { threadsProfiles } from './profile';

export const threads: SiteAdapter<'threads'> = {
  id: 'threads',
  name: 'Threads',
  network: threadsNetwork,
  ...threadsProfiles,
  followingList: threadsFollowingList,
};
