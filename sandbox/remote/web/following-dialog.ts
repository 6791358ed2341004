/**
 * The JSON behind both sites' Following dialogs (fixtures threads/following-dialog.js and
 * instagram/following-dialog.js): one page of rows at a time, the way the real sites page their GraphQL lists.
 * The dialogs read it from their own origin, so the pages' CSP (connect-src 'self') allows it.
 */
import type { SbRequest, SbResponse } from '../../types';
import { avatarDataUrl } from '../avatar';
import { json } from '../http';
import type { ThreadsDirectory } from '../threads-directory';

export const FOLLOWING_ENDPOINT = '/api/sandbox-following';
/** Rows per request; a dialog asks for the next page when its scroller nears the bottom. */
export const FOLLOWING_PAGE_SIZE = 25;

export interface FollowingPage {
  /** The counts the tabs show: the profile's follower count and the Following list's length. */
  followers: number;
  following: number;
  rows: { username: string; displayName: string; verified: boolean; avatar: string }[];
  /** The offset of the next page, or null at the end of the list. */
  next: number | null;
}

/**
 * `?username=<u>&list=following|followers&offset=<n>&q=<text>`. `mayList` says whose lists the site shows at
 * all (Instagram's logged-out visitor sees only the Following owner's); other accounts get 404.
 */
export function followingEndpoint(
  directory: ThreadsDirectory,
  req: SbRequest,
  mayList: (username: string) => boolean,
): SbResponse {
  const params = req.url.searchParams;
  const account = directory.find(params.get('username') ?? '');
  if (!account || !mayList(account.username)) return json(404, { error: 'Not found' });
  const following = directory.following(account.username);
  const list = params.get('list') === 'followers' ? directory.followers(account.username) : following;
  const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);
  const query = (params.get('q') ?? '').trim().toLowerCase();
  const matching = query
    ? list.filter((a) => a.username.includes(query) || a.displayName.toLowerCase().includes(query))
    : list;
  const rows = matching.slice(offset, offset + FOLLOWING_PAGE_SIZE);
  const end = offset + rows.length;
  const page: FollowingPage = {
    followers: account.followers,
    following: following.length,
    rows: rows.map((a) => ({
      username: a.username,
      displayName: a.displayName,
      verified: a.verified,
      avatar: avatarDataUrl(a.username),
    })),
    next: end < matching.length ? end : null,
  };
  return json(200, page);
}
