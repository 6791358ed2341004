/**
 * The sandbox's remote world: fediverse servers of eight kinds, a site that is not a fediverse server,
 * Threads' federation endpoints, the Threads and Instagram web sites, and Bridgy Fed's Bluesky bridge.
 */
import type { HostModule, SandboxContext } from '../types';
import { createBridgyFed } from './bridgy-fed';
import { createFediverseModule } from './fediverse/server';
import { SERVER_TABLES } from './fediverse/servers';
import { createPlainSite } from './plain-site';
import { createThreadsDirectory } from './threads-directory';
import { createThreadsFederation } from './threads-federation';
import { createInstagramSite } from './web/instagram-site';
import { createThreadsSite } from './web/threads-site';

export {
  BRIDGED_ACCOUNTS,
  BRIDGED_POSTS,
  bridgedActorId,
  bridgedPostId,
  bridgedPostUrl,
  bridgedProfileUrl,
} from './bridgy-fed';
export { LINKS_PAGE, linkTargets, type LinkTarget } from './plain-site';
export { LEMMY_ORIGIN, MISSING_POST_URL, SERVER_TABLES } from './fediverse/servers';
export { THREADS_ACCOUNTS, findThreadsAccount, threadsActorId } from './threads-accounts';
export {
  ALREADY_FOLLOWED,
  FOLLOWING_DEFAULT_COUNT,
  FOLLOWING_MAX_COUNT,
  FOLLOWING_OWNER,
  followingMix,
  followingOf,
  type FollowedAccount,
  type FollowingMix,
} from './threads-following';
export { FOLLOWING_ENDPOINT, FOLLOWING_PAGE_SIZE } from './web/following-dialog';
export { THREADS_CSP } from './web/threads-site';
export { SPA_ENDPOINT } from './web/site';

/**
 * The context is not needed yet: remote servers only answer, they never fetch. It stays in the signature so a
 * remote server can later call back (e.g. deliver an Accept to the home server's inbox).
 */
export function createRemoteModules(_ctx: SandboxContext): HostModule[] {
  const threads = createThreadsDirectory();
  return [
    ...SERVER_TABLES.map(createFediverseModule),
    createPlainSite(),
    createThreadsFederation(threads),
    createThreadsSite(threads),
    createInstagramSite(threads),
    createBridgyFed(),
  ];
}
