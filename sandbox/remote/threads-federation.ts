/**
 * threads.net and www.threads.net: Threads' fediverse side. WebFinger for opted-in accounts, actors and posts
 * under /ap/users/<id>/ that need signed fetches, and 301s to www.threads.com for everything a browser opens.
 *
 * WebFinger answers (docs/sites.md, evidence S20): opted-in → 200 JRD; anyone else → 404
 * `{"success":false,"error":"Not found"}`. Not documented publicly, so chosen here: the same 404 for a resource
 * without `acct:`, for a domain other than threads.net (or www.threads.net, see webfinger()), and for a missing
 * resource; the username part is
 * case-insensitive (Threads/Instagram names are lower case) and the subject is always the lower-case handle.
 */
import { THREADS_FEDERATION } from '../hosts';
import type { HostModule, SbRequest, SbResponse } from '../types';
import { avatarSvg } from './avatar';
import { AS_PUBLIC, activityJson, empty, isSigned, json, redirect } from './http';
import { THREADS_AP_ORIGIN, threadsActorId } from './threads-accounts';
import { findThreadsPost } from './threads-content';
import type {
  AccountPatch,
  AccountState,
  FollowingDialogSettings,
  ThreadsDirectory,
} from './threads-directory';
import { FOLLOWING_OWNER } from './threads-following';
import { sandboxPublicKeyPem } from './fediverse/activitypub';

export const THREADS_HANDLE_DOMAIN = 'threads.net';
const THREADS_WEB_ORIGIN = 'https://www.threads.com';

const notFound = (): SbResponse => json(404, { success: false, error: 'Not found' });

function webfinger(directory: ThreadsDirectory, req: SbRequest): SbResponse {
  const match = /^acct:([^@]+)@(.+)$/.exec(req.url.searchParams.get('resource') ?? '');
  // www.threads.net is asked too: a server that meets an actor id first (e.g. resolving a post's AP id) checks
  // WebFinger for `acct:<preferredUsername>@<actor host>` (Mastodon's FetchRemoteActorService#check_webfinger!).
  // Mastodon lists those accounts as @user@threads.net, so Threads must answer that query with the threads.net
  // subject (inferred from that behaviour, not documented).
  const domain = match?.[2]?.toLowerCase();
  const account =
    match && (domain === THREADS_HANDLE_DOMAIN || domain === `www.${THREADS_HANDLE_DOMAIN}`)
      ? directory.find(match[1] ?? '')
      : undefined;
  if (!account?.fediverse) return notFound();
  const profile = `${THREADS_AP_ORIGIN}/@${account.username}`;
  return {
    status: 200,
    headers: { 'content-type': 'application/jrd+json; charset=utf-8', 'access-control-allow-origin': '*' },
    body: JSON.stringify({
      subject: `acct:${account.username}@${THREADS_HANDLE_DOMAIN}`,
      aliases: [profile, threadsActorId(account)],
      links: [
        { rel: 'self', type: 'application/activity+json', href: threadsActorId(account) },
        { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: profile },
      ],
    }),
  };
}

function actorDocument(account: AccountState): Record<string, unknown> {
  const id = threadsActorId(account);
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    id,
    type: 'Person',
    preferredUsername: account.username,
    name: account.displayName,
    summary: account.bio,
    url: `${THREADS_AP_ORIGIN}/@${account.username}`,
    manuallyApprovesFollowers: account.locked,
    discoverable: true,
    inbox: `${id}inbox/`,
    outbox: `${id}outbox/`,
    followers: `${id}followers/`,
    following: `${id}following/`,
    endpoints: { sharedInbox: `${THREADS_AP_ORIGIN}/ap/inbox/` },
    icon: {
      type: 'Image',
      mediaType: 'image/svg+xml',
      url: `${THREADS_AP_ORIGIN}/avatars/${account.username}.svg`,
    },
    publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: sandboxPublicKeyPem() },
  };
}

export interface ThreadsDelivery {
  path: string;
  activity: unknown;
}

export function createThreadsFederation(directory: ThreadsDirectory): HostModule {
  let delivered: ThreadsDelivery[] = [];

  function apGet(req: SbRequest, path: string): SbResponse {
    const match = /^\/ap\/users\/(\d+)\/(?:post\/(\d+)\/)?$/.exec(path);
    const account = match ? directory.findById(match[1] ?? '') : undefined;
    if (!match || !account?.fediverse) return notFound();
    // Real Threads requires signed fetches: an unsigned GET tells nothing (docs/sites.md).
    if (!isSigned(req)) return json(401, { success: false, error: 'Unauthorized' });
    const postId = match[2];
    if (!postId) return activityJson(actorDocument(account));
    const post = findThreadsPost(account, postId);
    if (!post) return notFound();
    const actor = threadsActorId(account);
    return activityJson({
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${actor}post/${post.id}/`,
      type: 'Note',
      url: `${THREADS_AP_ORIGIN}/@${account.username}/post/${post.code}`,
      attributedTo: actor,
      content: `<p>${post.text}</p>`,
      published: post.published,
      to: [AS_PUBLIC],
      cc: [`${actor}followers/`],
    });
  }

  return {
    hosts: THREADS_FEDERATION,
    handle(req) {
      const path = req.url.pathname;
      if (req.method === 'POST') {
        if (!/^\/ap\/(users\/\d+\/)?inbox\/$/.test(path)) return notFound();
        try {
          delivered.push({ path, activity: JSON.parse(req.body.toString('utf8')) });
        } catch {
          return empty(400);
        }
        return empty(202);
      }
      if (path === '/.well-known/webfinger') return webfinger(directory, req);
      if (path.startsWith('/ap/')) return apGet(req, path);
      const avatar = /^\/avatars\/([^/]+)\.svg$/.exec(path);
      if (avatar && directory.find(avatar[1] ?? '')) {
        return {
          status: 200,
          headers: { 'content-type': 'image/svg+xml' },
          body: avatarSvg(avatar[1] ?? ''),
        };
      }
      // threads.net moved to threads.com in 2025: every web page redirects there, path and query kept.
      return redirect(301, THREADS_WEB_ORIGIN + path + req.url.search);
    },
    reset() {
      delivered = [];
      directory.reset();
    },
    /**
     * `inbox`: activities delivered since the last reset.
     * `set-account` `{ username, ...patch }`: change an account until the next reset, e.g. `{ fediverse: false }`;
     * the web sites follow (badges, alternates, private notices).
     * `set-following` `{ owner?, count }`: FOLLOWING_OWNER's Following list becomes `count` (0–2000) people long,
     * with the same mix, until the next reset; both sites' dialogs and counts follow.
     * `set-visitor` `{ loggedIn?, username? }`: who looks at both sites until the next reset: logged out (their
     * login prompts) or signed in as `username` (whose profile is then their own), threads-directory.ts.
     * `set-following-dialog` `{ tablist?, windowed?, burstPages?, pauseMs?, unlisted? }`: how both sites' Following
     * dialogs behave until the next reset (FollowingDialogSettings in threads-directory.ts); answers the settings.
     */
    admin(op, body) {
      if (op === 'inbox') return { delivered };
      if (op === 'set-following') {
        const owner = body.owner ?? FOLLOWING_OWNER;
        if (typeof owner !== 'string' || typeof body.count !== 'number')
          throw new Error('set-following needs a numeric count (and optionally the owner)');
        return { owner, count: directory.setFollowingCount(owner, body.count) };
      }
      if (op === 'set-visitor') {
        const { loggedIn, username } = body;
        if (loggedIn !== undefined && typeof loggedIn !== 'boolean')
          throw new Error('set-visitor: loggedIn is true or false');
        if (username !== undefined && username !== null && typeof username !== 'string')
          throw new Error('set-visitor: username is an account or null');
        return directory.setVisitor({ loggedIn, username });
      }
      if (op === 'set-following-dialog') return directory.dialog(body as Partial<FollowingDialogSettings>);
      if (op === 'set-account') {
        const { username, ...patch } = body;
        if (typeof username !== 'string') throw new Error('set-account needs a username');
        return directory.update(username, patch as AccountPatch);
      }
      throw new Error(`threads.net: unknown admin operation ${op}`);
    },
  };
}
