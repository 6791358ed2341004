/**
 * www.instagram.com (instagram.com → 301 www): profiles (posts, reels, tagged; private variant), posts, explore,
 * the login page, and the first path segments that are not profiles. Fixtures: sandbox/fixtures/instagram.
 */
import { INSTAGRAM_WEB } from '../../hosts';
import type { HostModule } from '../../types';
import { avatarDataUrl } from '../avatar';
import { findInstagramPost, instagramPostsOf, type InstagramPost } from '../threads-content';
import type { AccountState, ThreadsDirectory } from '../threads-directory';
import { compactCount, exactCount, longDate } from './format';
import { FOLLOWING_OWNER } from '../threads-following';
import { FOLLOWING_ENDPOINT, followingEndpoint } from './following-dialog';
import { createSiteModule, type SitePage, type SiteResult } from './site';
import { NO_HTML, htmlOf, joinHtml, render, type Html } from './template';

export const INSTAGRAM_ORIGIN = 'https://www.instagram.com';

/** First path segments that are not usernames (landscape.md). */
export const INSTAGRAM_RESERVED_PATHS: readonly string[] = [
  'p',
  'reel',
  'reels',
  'tv',
  'stories',
  'explore',
  'accounts',
  'direct',
  'live',
  's',
  'about',
  'legal',
  'developer',
  'web',
  'challenge',
  'emails',
  'oauth',
];

/** An ordinary CSP: nonce'd scripts, no Trusted Types. */
export const INSTAGRAM_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'self'",
].join('; ');

type ProfileTab = 'posts' | 'reels' | 'tagged';

const f = (name: string, values: Parameters<typeof render>[1]): Html =>
  render(`instagram/${name}.html`, values);

function grid(posts: readonly InstagramPost[]): Html {
  const items = posts.map((post) =>
    f('grid-item', {
      href: `/${post.kind}/${post.code}/`,
      alt: post.caption,
      src: avatarDataUrl(`${post.author.username}-${post.code}`),
      clip: post.kind === 'reel' ? f('clip-icon', {}) : NO_HTML,
    }),
  );
  const rows: Html[] = [];
  for (let i = 0; i < items.length; i += 3)
    rows.push(f('grid-row', { items: joinHtml(items.slice(i, i + 3)) }));
  return f('grid', { rows: joinHtml(rows) });
}

export function createInstagramSite(directory: ThreadsDirectory): HostModule {
  function simple(status: number, title: string, content: Html): SitePage {
    return { status, title, head: NO_HTML, header: NO_HTML, content };
  }

  function profile(account: AccountState, tab: ProfileTab): SitePage {
    const posts = instagramPostsOf(account);
    const title = `${account.displayName} (@${account.username}) • Instagram photos and videos`;
    // The Following owner's count is its list's length; the others' lists are never shown, so any number does.
    const owner = account.username === FOLLOWING_OWNER;
    const following = owner ? directory.following(account.username).length : 100 + (Number(account.id) % 400);
    const counts = `${exactCount(account.followers)} Followers, ${exactCount(following)} Following, ${posts.length} Posts`;
    let body: Html;
    if (account.instagramPrivate) body = f('private-notice', {});
    else {
      const shown = tab === 'posts' ? posts : tab === 'reels' ? posts.filter((p) => p.kind === 'reel') : [];
      body = joinHtml([
        f('tabs', {
          username: account.username,
          postsSelected: String(tab === 'posts'),
          reelsSelected: String(tab === 'reels'),
          taggedSelected: String(tab === 'tagged'),
        }),
        shown.length > 0 ? grid(shown) : f('empty-tab', { message: 'No Photos' }),
      ]);
    }
    return {
      status: 200,
      title,
      head: f('profile-head', {
        title,
        description: `${counts} - See Instagram photos and videos from ${account.displayName} (@${account.username})`,
        ogDescription: `${counts} - ${account.displayName} (@${account.username}) on Instagram: "${account.bio}"`,
        url: `${INSTAGRAM_ORIGIN}/${account.username}/`,
        avatar: `https://www.threads.net/avatars/${account.username}.svg`,
        username: account.username,
      }),
      header: f(account.headerVariant === 'changed' ? 'profile-header-changed' : 'profile-header', {
        username: account.username,
        displayName: account.displayName,
        avatar: avatarDataUrl(account.username),
        verifiedBadge: account.verified ? f('verified-badge', {}) : NO_HTML,
        posts: posts.length,
        followersExact: exactCount(account.followers),
        followersShort: compactCount(account.followers),
        following: exactCount(following),
        // Sandbox plumbing for following-dialog.js: only this link opens the dialog instead of the login wall.
        followingDialog: owner ? htmlOf(` data-sandbox-dialog-owner="${account.username}"`) : NO_HTML,
        bio: account.bio,
        // Every sandbox account has a Threads profile; the xmt token is opaque on the real site.
        threadsBadge: f('threads-badge', { username: account.username, xmt: `AQG${account.id}` }),
      }),
      content: body,
    };
  }

  function postPage(post: InstagramPost): SitePage {
    const author = directory.find(post.author.username);
    if (!author) return notAvailable();
    if (author.instagramPrivate) return profile(author, 'posts');
    const url = `${INSTAGRAM_ORIGIN}/${post.kind}/${post.code}/`;
    const title = `${author.displayName} on Instagram: "${post.caption}"`;
    return {
      status: 200,
      title,
      head: f('post-head', { title, description: post.caption, url, id: post.id }),
      header: NO_HTML,
      content: f('post-page', {
        username: author.username,
        displayName: author.displayName,
        avatar: avatarDataUrl(author.username),
        src: avatarDataUrl(`${author.username}-${post.code}`),
        caption: post.caption,
        kind: post.kind,
        code: post.code,
        published: post.published,
        dateText: longDate(post.published),
      }),
    };
  }

  const notAvailable = (): SitePage => simple(404, 'Page not found • Instagram', f('not-available', {}));
  const login = (): SitePage => simple(200, 'Login • Instagram', f('login', {}));
  const toLogin = (path: string): SiteResult => ({
    redirect: `${INSTAGRAM_ORIGIN}/accounts/login/?next=${encodeURIComponent(path)}`,
  });

  function resolve(path: string): SiteResult {
    const segments = path.split('/').filter(Boolean);
    const [first, second, third] = segments;
    if (first === undefined) return login();
    if (INSTAGRAM_RESERVED_PATHS.includes(first)) {
      if (first === 'accounts' && second === 'login') return login();
      if (first === 'explore' && second === undefined) {
        const posts = directory
          .all()
          .filter((a) => !a.instagramPrivate)
          .flatMap((a) => instagramPostsOf(a).slice(0, 2));
        return simple(200, 'Explore • Instagram', f('explore', { grid: grid(posts) }));
      }
      if (
        (first === 'p' || first === 'reel' || first === 'tv') &&
        second !== undefined &&
        third === undefined
      ) {
        const post = findInstagramPost(second);
        return post ? postPage(post) : notAvailable();
      }
      // Everything else behind a reserved segment needs a login on the real site.
      return toLogin(path);
    }
    const account = directory.find(first);
    if (!account || segments.length > 2) return notAvailable();
    if (second === undefined) return profile(account, 'posts');
    if (second === 'reels' || second === 'tagged') return profile(account, second);
    // The sandbox shows one Following list, as if its owner were signed in (the dialog opens over the profile);
    // every other list is behind the login wall of a logged-out visitor.
    if (second === 'following' && account.username === FOLLOWING_OWNER) return profile(account, 'posts');
    if (second === 'followers' || second === 'following') return toLogin(path);
    return notAvailable();
  }

  return createSiteModule({
    name: 'Instagram',
    hosts: INSTAGRAM_WEB,
    origin: INSTAGRAM_ORIGIN,
    shell: 'instagram/shell.html',
    nav: () => f('nav', {}),
    csp: INSTAGRAM_CSP,
    dialogScript: 'instagram/following-dialog.js',
    endpoints: {
      [FOLLOWING_ENDPOINT]: (req) => followingEndpoint(directory, req, (u) => u === FOLLOWING_OWNER),
    },
    resolve,
  });
}
