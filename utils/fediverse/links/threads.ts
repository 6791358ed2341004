/**
 * Threads posts, `/@<user>/post/<code>` on threads.com and threads.net (docs/sites.md). The code is a web id:
 * the post's ActivityPub id is in the page's `link rel=alternate` (`…/ap/users/<id>/post/<id>/`), so it is a
 * local id. Threads profiles belong to the follow button (utils/sites/threads/profile.ts), not to this feature.
 */
import { isCandidate, linkOf, THREADS_HOSTS } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

/** Threads shares Instagram's usernames: at most 30 letters, digits, `.` and `_`. */
const POST_PATH = /^\/@[A-Za-z0-9._]{1,30}\/post\/[A-Za-z0-9_-]{5,40}\/?$/;

export function detectThreads(url: URL): FediverseLink | null {
  if (!isCandidate(url) || !THREADS_HOSTS.includes(url.hostname) || !POST_PATH.test(url.pathname))
    return null;
  return linkOf(url, 'threads', 'post', true, 'host');
}

export const threadsExamples: LinkExamples = {
  post: [
    ['https://www.threads.com/@juno.field/post/DAbc123xyz', true],
    ['https://www.threads.com/@juno.field/post/DAbc123xyz/', true],
    ['https://threads.com/@zuck/post/C8hV_b-xAbc?xmt=AQG', true],
    ['https://www.threads.net/@juno.field/post/DAbc123xyz', true],
    ['https://threads.net/@Juno.Field/post/DAbc123xyz#comments', true],
  ],
  profile: [],
  none: [
    'https://www.threads.com/@juno.field',
    'https://www.threads.com/@juno.field/replies',
    'https://www.threads.com/@juno.field/post/',
    'https://www.threads.com/@juno.field/post/DAbc123xyz/media',
    'https://www.threads.com/@juno-field/post/DAbc123xyz',
    'https://www.threads.com/@abcdefghijklmnopqrstuvwxyz12345/post/DAbc123xyz',
    'https://www.threads.com/@juno.field/post/DAbc%20123',
    'https://www.threads.com/@juno.field/113456789012345678',
    'https://www.threads.com.evil.example/@juno.field/post/DAbc123xyz',
    'https://threads.example/@juno.field/post/DAbc123xyz',
    'http://www.threads.com/@juno.field/post/DAbc123xyz',
    'https://juno@www.threads.com/@juno.field/post/DAbc123xyz',
    'https://www.threads.net/ap/users/17841400000000000/post/17900000000000000/',
  ],
};
