/**
 * Bluesky, put together: its profile pages, its Following list, and Bridgy Fed's bridge as its network
 * (docs/sites.md, "Bluesky"). One line in `SITES` (utils/sites/index.ts) registers it.
 */
import type { SiteAdapter } from '../types';
import { blueskyFollowingList } from './following';
import { bridgyFedNetwork } from './network';
import { blueskyProfiles } from './profile';

export const bluesky: SiteAdapter<'bluesky'> = {
  id: 'bluesky',
  name: 'Bluesky',
  network: bridgyFedNetwork,
  ...blueskyProfiles,
  followingList: blueskyFollowingList,
};
