/**
 * www.instagram.com (instagram.com → 301 www): profiles (posts, reels, tagged; private variant), posts, explore,
 * the login page, and the first path segments that are not profiles. Fixtures: sandbox/fixtures/instagram.
 */
import { INSTAGRAM_WEB } from '../../hosts';
import type { HostModule } from '../../types';
import { avatarDataUrl } from '../avatar';
import { escapeHtml } from '../http';
import { findInstagramPost, instagramPostsOf, type InstagramPost } from '../threads-content';
import type { AccountState, ThreadsDirectory } from '../threads-directory';
import { compactCount, exactCount, longDate } from './format';
import { FOLLOWING_OWNER } from '../threads-following';
import { FOLLOWING_ENDPOINT, followingEndpoint } from './following-dialog';
import { createSiteModule, type SitePage, type SiteResult } from './site';
import { aroundCount, siteCopy, type SiteCopy, type SiteLanguage } from './site-copy';
import { NO_HTML, htmlOf, joinHtml, render, type Html } from './template';

export const INSTAGRAM_ORIGIN = 'https://www.instagram.com';

/** First path segments that are not usernames (docs/sites.md, "Facts about Threads and Instagram"). */
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

/** "N posts" in the page's language, the number in its own bold span as on the site (`title`: the exact count). */
function stat(text: (count: string) => string, shown: string, exact?: string): Html {
  const number = exact
    ? `<span class="x1lliihq x1s688f" title="${escapeHtml(exact)}"><span class="html-span xdj266r x14z9mp xat24cr x1lziwak">${escapeHtml(shown)}</span></span>`
    : `<span class="html-span xdj266r x14z9mp xat24cr x1lziwak x1s688f">${escapeHtml(shown)}</span>`;
  return aroundCount(text, htmlOf(number));
}

/** The bio's links: none, one (icon and link), or several (one button "first and N more"). */
function bioLinks(account: AccountState, copy: SiteCopy): Html {
  const count = account.bioLinks ?? 0;
  const first = `${account.username.replace(/[._]/g, '')}.example`;
  if (count === 0) return NO_HTML;
  if (count === 1) return f('bio-link', { linkIcon: copy.linkIcon, href: `https://${first}/`, text: first });
  return f('bio-links', { linkIcon: copy.linkIcon, text: copy.moreLinks(first, count - 1) });
}

const HIGHLIGHT_NAMES = ['Garden', 'Travel', 'Food', 'Friends', 'Studio', 'Books', 'Music', 'Walks'];

/** The story highlights tray (`[role=menu]`, `ul > li`), with `highlights` of them (0 by default). */
function highlights(account: AccountState, copy: SiteCopy): Html {
  const count = account.highlights ?? 0;
  const items = Array.from({ length: count }, (_, i) => {
    const name = HIGHLIGHT_NAMES[i % HIGHLIGHT_NAMES.length] ?? 'Highlight';
    return f('highlight', {
      label: copy.highlight(name),
      id: `1789${account.id}${i}`,
      name,
      src: avatarDataUrl(`${account.username}-highlight-${i}`),
    });
  });
  return f('highlights', { items: joinHtml(items) });
}

export function createInstagramSite(directory: ThreadsDirectory): HostModule {
  function simple(status: number, title: string, content: Html): SitePage {
    return { status, title, head: NO_HTML, header: NO_HTML, content };
  }

  function profile(account: AccountState, tab: ProfileTab, language: SiteLanguage): SitePage {
    const copy = siteCopy(language);
    const visitor = directory.visitor();
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
          postsTab: copy.instagramTabs.posts,
          reelsTab: copy.instagramTabs.reels,
          taggedTab: copy.instagramTabs.tagged,
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
      header: header(account, posts.length, following, language),
      overlay: visitor.loggedIn
        ? NO_HTML
        : f('login-overlay', {
            signUpText: copy.instagramSignUp,
            logIn: copy.logIn,
            signUp: copy.signUp,
            close: copy.close,
            username: account.username,
          }),
      content: body,
    };
  }

  /**
   * The profile header: the classic layout, the 2025 one (`headerVariant: '2025'`, docs/sites.md "Profile headers"),
   * or the invented changed markup. One's own profile (`set-visitor`) shows Edit profile and View archive instead
   * of Follow; a logged-out visitor's Follow and lists open the login prompt.
   */
  function header(account: AccountState, posts: number, following: number, language: SiteLanguage): Html {
    const copy = siteCopy(language);
    const visitor = directory.visitor();
    const own = visitor.loggedIn && visitor.username === account.username;
    const loginWall = visitor.loggedIn ? NO_HTML : htmlOf(' data-sandbox-login-wall=""');
    const owner = account.username === FOLLOWING_OWNER;
    const modern = account.headerVariant === '2025';
    const message = visitor.loggedIn && !account.followOnly;
    const values = {
      username: account.username,
      displayName: account.displayName,
      avatar: avatarDataUrl(account.username),
      profilePicture: copy.profilePicture(account.username),
      verifiedBadge: account.verified ? f('verified-badge', {}) : NO_HTML,
      posts,
      followersExact: exactCount(account.followers),
      followersShort: compactCount(account.followers),
      following: exactCount(following),
      postsStat: stat(copy.posts, exactCount(posts)),
      followersStat: stat(copy.followers, compactCount(account.followers), exactCount(account.followers)),
      followingStat: stat(copy.following, exactCount(following)),
      // Sandbox plumbing for following-dialog.js: only this link opens the dialog instead of the login wall.
      followingDialog:
        owner && visitor.loggedIn ? htmlOf(` data-sandbox-dialog-owner="${account.username}"`) : NO_HTML,
      loginWall,
      bio: account.bio,
      // Every sandbox account has a Threads profile; the xmt token is opaque on the real site.
      threadsBadge: f('threads-badge', { username: account.username, xmt: `AQG${account.id}` }),
    };
    if (account.headerVariant === 'changed') return f('profile-header-changed', values);
    const actions = own
      ? f('actions-own', { editProfile: copy.editProfile, viewArchive: copy.viewArchive })
      : modern
        ? f('actions-2025', {
            follow: copy.follow,
            loginWall,
            message: message ? f('message-2025', { message: copy.message }) : NO_HTML,
          })
        : f('actions-classic', {
            follow: copy.follow,
            loginWall,
            message: copy.message,
            similarAccounts: copy.similarAccounts,
          });
    if (!modern) return f('profile-header', { ...values, actions });
    return f('profile-header-2025', {
      ...values,
      options: copy.options,
      bioLinks: bioLinks(account, copy),
      actions,
      highlights: highlights(account, copy),
    });
  }

  function postPage(post: InstagramPost): SitePage {
    const author = directory.find(post.author.username);
    if (!author) return notAvailable();
    if (author.instagramPrivate) return profile(author, 'posts', 'en');
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

  function resolve(path: string, language: SiteLanguage): SiteResult {
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
    if (second === undefined) return profile(account, 'posts', language);
    if (second === 'reels' || second === 'tagged') return profile(account, second, language);
    // The sandbox shows one Following list, as if its owner were signed in (the dialog opens over the profile);
    // every other list is behind the login wall of a logged-out visitor.
    if (second === 'following' && account.username === FOLLOWING_OWNER && directory.visitor().loggedIn)
      return profile(account, 'posts', language);
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
    pageScript: 'login-prompt.js',
    endpoints: {
      [FOLLOWING_ENDPOINT]: (req) => followingEndpoint(directory, req, (u) => u === FOLLOWING_OWNER),
    },
    resolve,
  });
}
