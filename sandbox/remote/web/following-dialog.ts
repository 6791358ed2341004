/**
 * The JSON behind both sites' Following dialogs (fixtures threads/following-dialog.js and
 * instagram/following-dialog.js): one page of rows at a time, the way the real sites page their lists. The dialogs
 * read it from their own origin, so the pages' CSP (connect-src 'self') allows it.
 *
 * How the real sites page, and so the sandbox (docs/sites.md, "Threads Following dialog", "Instagram Following
 * dialog"; switches in FollowingDialogSettings, admin `set-following-dialog` on threads.net):
 * - Threads asks for 20 rows, then 10 at a time (its GraphQL `first: 20`, then `first: 10`); Instagram for 12
 *   (`count=12`). The dialogs send `count`; without one a page is FOLLOWING_PAGE_SIZE rows.
 * - Both load in bursts with pauses of seconds between them, behind the loading state: after every `burstPages`
 *   pages (the dialogs send the page's number) the answer waits `pauseMs` more.
 * - A page may count more accounts than its list shows (deactivated ones): `unlisted`.
 */
import type { SbRequest, SbResponse } from '../../types';
import { avatarDataUrl } from '../avatar';
import { json } from '../http';
import type { FollowingDialogSettings, ThreadsDirectory } from '../threads-directory';

export const FOLLOWING_ENDPOINT = '/api/sandbox-following';
/** Rows per request when the dialog names no `count`. */
export const FOLLOWING_PAGE_SIZE = 25;
/** The most rows one request may ask for. */
export const FOLLOWING_MAX_PAGE = 50;

export interface FollowingPage {
  /** The counts the tabs show: the profile's follower count and the Following list's length. */
  followers: number;
  following: number;
  rows: { username: string; displayName: string; verified: boolean; avatar: string }[];
  /** The offset of the next page, or null at the end of the list. */
  next: number | null;
  /** Which variant of the dialog to draw. */
  layout: Pick<FollowingDialogSettings, 'tablist' | 'windowed'>;
}

function wholeParam(params: URLSearchParams, name: string, fallback: number): number {
  const value = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The pause before page `page`, if it starts a new burst: a whole number of ms, 0 otherwise. */
export function burstPauseMs(settings: FollowingDialogSettings, page: number, random = Math.random): number {
  if (settings.burstPages === 0 || page === 0 || page % settings.burstPages !== 0) return 0;
  const [min, max] = settings.pauseMs;
  return Math.round(min + random() * (max - min));
}

/**
 * `?username=<u>&list=following|followers&offset=<n>&count=<n>&page=<n>&q=<text>`. `mayList` says whose lists the
 * site shows at all (Instagram's logged-out visitor sees only the Following owner's); other accounts get 404.
 */
export async function followingEndpoint(
  directory: ThreadsDirectory,
  req: SbRequest,
  mayList: (username: string) => boolean,
): Promise<SbResponse> {
  const params = req.url.searchParams;
  const account = directory.find(params.get('username') ?? '');
  if (!account || !mayList(account.username)) return json(404, { error: 'Not found' });
  const settings = directory.dialog();
  const following = directory.following(account.username);
  const list =
    params.get('list') === 'followers'
      ? directory.followers(account.username)
      : following.slice(0, Math.max(0, following.length - settings.unlisted));
  const offset = wholeParam(params, 'offset', 0);
  const size = Math.min(FOLLOWING_MAX_PAGE, Math.max(1, wholeParam(params, 'count', FOLLOWING_PAGE_SIZE)));
  const query = (params.get('q') ?? '').trim().toLowerCase();
  const matching = query
    ? list.filter((a) => a.username.includes(query) || a.displayName.toLowerCase().includes(query))
    : list;
  const rows = matching.slice(offset, offset + size);
  const end = offset + rows.length;
  const pause = burstPauseMs(settings, wholeParam(params, 'page', 0));
  if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
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
    layout: { tablist: settings.tablist, windowed: settings.windowed },
  };
  return json(200, page);
}
