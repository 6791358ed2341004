/**
 * Instagram, put together: its profile pages, its Following list, and Threads' network, since an Instagram
 * account's fediverse identity is the Threads account of the same username (docs/sites.md). One line in `SITES`
 * (utils/sites/index.ts) registers it.
 */
import { threadsNetwork } from '../threads/network';
import type { SiteAdapter } from '../types';
import { instagramFollowingList } from './following';
import { instagramProfiles } from './profile';

export const instagram: SiteAdapter<'instagram'> = {
  id: 'instagram',
  name: 'Instagram',
  network: threadsNetwork,
  ...instagramProfiles,
  followingList: instagramFollowingList,
};
