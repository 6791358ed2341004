/**
 * The sandbox's remote world: fediverse servers of eight kinds, a site that is not a fediverse server,
 * Threads' federation endpoints, the Threads, Instagram and Bluesky web sites, and Bridgy Fed's Bluesky bridge.
 */
import type { HostModule, SandboxContext } from '../types';
import { createBridgyFed } from './bridgy-fed';
import { createBlueskySite } from './bluesky/site';
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
export { LINKS_PAGE, WEB_AP_LINKS_PAGE, linkTargets, type LinkTarget } from './plain-site';
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

/** Bridgy Fed counts its requests per day on the sandbox's clock. */
export function createRemoteModules(ctx: SandboxContext): HostModule[] {
  const threads = createThreadsDirectory();
  return [
    ...SERVER_TABLES.map(createFediverseModule),
    createPlainSite(),
    createThreadsFederation(threads),
    createThreadsSite(threads),
    createInstagramSite(threads),
    createBridgyFed(() => ctx.now()),
    createBlueskySite(),
  ];
}
