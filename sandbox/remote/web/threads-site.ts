/**
 * www.threads.com (threads.com → 301 www): profiles, tabs, post pages, a few non-profile pages, built from the
 * fixtures in sandbox/fixtures/threads (structure and evidence: sandbox/fixtures/README.md).
 */
import { THREADS_WEB } from '../../hosts';
import type { HostModule } from '../../types';
import { avatarDataUrl } from '../avatar';
import { escapeHtml, redirect, wantsActivityJson } from '../http';
import { THREADS_AP_ORIGIN, threadsActorId } from '../threads-accounts';
import {
  findThreadsPost,
  threadsPostsOf,
  threadsRepliesOf,
  threadsRepostsOf,
  type ThreadsPost,
} from '../threads-content';
import type { AccountState, ThreadsDirectory } from '../threads-directory';
import { compactCount, exactCount, longDate, shortDate } from './format';
import { FOLLOWING_ENDPOINT, followingEndpoint } from './following-dialog';
import { SPA_ENDPOINT, createSiteModule, type SitePage, type SiteResult } from './site';
import { aroundCount, siteCopy, type SiteCopy, type SiteLanguage } from './site-copy';
import { NO_HTML, htmlOf, joinHtml, render, type Html } from './template';

export const THREADS_ORIGIN = 'https://www.threads.com';

/** The policy name the page's own script uses; the only one the CSP allows. */
export const THREADS_TRUSTED_TYPES_POLICY = 'sandbox-spa';

/**
 * Threads enforces Trusted Types (docs/sites.md; evidence S6 builds its SVG with createElementNS to avoid
 * violations). The real policy names are not public: the sandbox allows only its own policy and no `default`
 * policy, the strictest reading, so main-world code that assigns strings to innerHTML fails here as it would there.
 */
export const THREADS_CSP = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  `trusted-types ${THREADS_TRUSTED_TYPES_POLICY}`,
].join('; ');

type ProfileTab = 'threads' | 'replies' | 'media' | 'reposts';

const f = (name: string, values: Parameters<typeof render>[1]): Html =>
  render(`threads/${name}.html`, values);

function verifiedBadge(account: AccountState): Html {
  return account.verified ? f('verified-badge', {}) : NO_HTML;
}

function postText(post: ThreadsPost): Html {
  let text = escapeHtml(post.text);
  const mention = post.mentions;
  if (mention) {
    text = text.replace(
      `@${mention.username}`,
      `<a href="/@${mention.username}" role="link" class="x1i10hfl xjbqb8w x1ejq31n x1n2onr6 x1s688f">@${mention.username}</a>`,
    );
  }
  return htmlOf(text);
}

/** "1.2K followers" in the page's language, the compact number titled with the exact one, as on the site. */
function followersStat(copy: SiteCopy, followers: number): Html {
  const number = `<span title="${exactCount(followers)}" class="x1lliihq x1plvlek xryxfnj x1n2onr6 x193iq5w">${escapeHtml(compactCount(followers))}</span>`;
  return aroundCount(copy.followers, htmlOf(number));
}

export function createThreadsSite(directory: ThreadsDirectory): HostModule {
  const live = (account: { username: string }): AccountState => {
    const state = directory.find(account.username);
    if (!state) throw new Error(`no Threads account ${account.username}`);
    return state;
  };

  function postCard(post: ThreadsPost, context?: string): Html {
    const author = live(post.author);
    return f('post-card', {
      context: context ? f('post-context', { label: context }) : NO_HTML,
      username: author.username,
      avatar: avatarDataUrl(author.username),
      verifiedBadge: verifiedBadge(author),
      code: post.code,
      published: post.published,
      publishedTitle: longDate(post.published),
      publishedShort: shortDate(post.published),
      text: postText(post),
      image: post.hasImage
        ? f('post-image', { username: author.username, src: avatarDataUrl(`${author.username}-photo`) })
        : NO_HTML,
    });
  }

  function alternate(href: string | undefined): Html {
    return href ? f('alternate', { href }) : NO_HTML;
  }

  function profile(account: AccountState, tab: ProfileTab, language: SiteLanguage): SitePage {
    const copy = siteCopy(language);
    const visitor = directory.visitor();
    const ownProfile = visitor.loggedIn && visitor.username === account.username;
    const loginWall = visitor.loggedIn ? NO_HTML : htmlOf(' data-sandbox-login-wall=""');
    const title = `${account.displayName} (@${account.username}) • Threads, Say more`;
    const own = threadsPostsOf(account);
    const posts: Record<ProfileTab, Html[]> = {
      threads: own.map((p) => postCard(p)),
      replies: threadsRepliesOf(account).map((p) =>
        postCard(p, `Replying to @${p.replyTo?.author.username ?? ''}`),
      ),
      media: own.filter((p) => p.hasImage).map((p) => postCard(p)),
      reposts: threadsRepostsOf(account).map((p) => postCard(p, `${account.username} reposted`)),
    };
    const list = posts[tab];
    const profileAlternate =
      account.fediverse && account.profileAlternate ? threadsActorId(account) : undefined;
    return {
      status: 200,
      title,
      alternate: profileAlternate,
      head: f('profile-head', {
        title,
        description: `${exactCount(account.followers)} Followers • ${own.length} Threads • ${account.bio}. See the latest conversations with @${account.username}.`,
        url: `${THREADS_ORIGIN}/@${account.username}`,
        avatar: `${THREADS_AP_ORIGIN}/avatars/${account.username}.svg`,
        username: account.username,
        alternate: alternate(profileAlternate),
      }),
      header: f(account.headerVariant === 'changed' ? 'profile-header-changed' : 'profile-header', {
        username: account.username,
        displayName: account.displayName,
        verifiedBadge: verifiedBadge(account),
        fediverseBadge: account.fediverse ? f('fediverse-badge', {}) : NO_HTML,
        avatar: avatarDataUrl(account.username),
        profilePicture: copy.profilePicture(account.username),
        bio: account.bio,
        followersExact: exactCount(account.followers),
        followersShort: compactCount(account.followers),
        followersStat: followersStat(copy, account.followers),
        // Sandbox plumbing for following-dialog.js; a logged-out visitor meets the login prompt instead.
        dialogTrigger: visitor.loggedIn
          ? htmlOf(`data-sandbox-dialog-trigger="${account.username}"`)
          : htmlOf('data-sandbox-login-wall=""'),
        actions: ownProfile
          ? f('actions-own', { editProfile: copy.editProfile })
          : f('actions', { follow: copy.follow, mention: copy.mention, loginWall }),
        instagramLink: encodeURIComponent(`https://www.instagram.com/${account.username}`),
      }),
      overlay: visitor.loggedIn
        ? NO_HTML
        : f('login-overlay', {
            loginTitle: copy.loginTitle,
            continueWithInstagram: copy.continueWithInstagram,
            appExperience: copy.appExperience,
            sayMore: copy.sayMore,
            close: copy.close,
            username: account.username,
          }),
      content: joinHtml([
        f('tabs', {
          username: account.username,
          threadsSelected: String(tab === 'threads'),
          repliesSelected: String(tab === 'replies'),
          mediaSelected: String(tab === 'media'),
          repostsSelected: String(tab === 'reposts'),
          threadsTab: copy.threadsTabs.threads,
          repliesTab: copy.threadsTabs.replies,
          mediaTab: copy.threadsTabs.media,
          repostsTab: copy.threadsTabs.reposts,
        }),
        list.length > 0 ? joinHtml(list) : f('empty-tab', { message: 'No posts yet.' }),
      ]),
    };
  }

  function postPage(account: AccountState, post: ThreadsPost): SitePage {
    const apId = account.fediverse ? `${threadsActorId(account)}post/${post.id}/` : undefined;
    return {
      status: 200,
      title: `${account.displayName} (@${account.username}) on Threads`,
      alternate: apId,
      head: f('post-head', {
        title: `${account.displayName} (@${account.username}) on Threads`,
        text: post.text,
        url: `${THREADS_ORIGIN}/@${account.username}/post/${post.code}`,
        avatar: `${THREADS_AP_ORIGIN}/avatars/${account.username}.svg`,
        code: post.code,
        // Post pages carry the AP alternate (docs/sites.md, evidence S17, S19), for opted-in authors.
        alternate: alternate(apId),
      }),
      header: NO_HTML,
      content: f('post-page', { username: account.username, post: postCard(post) }),
    };
  }

  function simple(status: number, title: string, content: Html): SitePage {
    return { status, title, head: NO_HTML, header: NO_HTML, content };
  }

  const notAvailable = (): SitePage => simple(404, 'Threads', f('not-available', {}));

  function resolve(rawPath: string, language: SiteLanguage): SiteResult {
    const path = rawPath.length > 1 ? rawPath.replace(/\/$/, '') : rawPath;
    if (path === '/') {
      const posts = directory.all().flatMap((a) => threadsPostsOf(a).slice(0, 1));
      return simple(
        200,
        'Threads',
        f('feed', { heading: 'For you', posts: joinHtml(posts.map((p) => postCard(p))) }),
      );
    }
    if (path === '/search') {
      const rows = directory.all().map((a) =>
        f('account-row', {
          username: a.username,
          displayName: a.displayName,
          avatar: avatarDataUrl(a.username),
          verifiedBadge: verifiedBadge(a),
        }),
      );
      return simple(200, 'Search • Threads', f('search', { rows: joinHtml(rows) }));
    }
    if (path === '/activity')
      return simple(200, 'Threads', f('login-prompt', { heading: 'Log in to see your activity' }));
    if (path === '/login')
      return simple(200, 'Log in • Threads', f('login-prompt', { heading: 'Log in to Threads' }));

    const match = /^\/@([\w.]+)(?:\/(replies|reposts|media)|\/post\/([\w-]+))?$/.exec(path);
    const account = match ? directory.find(match[1] ?? '') : undefined;
    if (!match || !account) return notAvailable();
    if (match[3] !== undefined) {
      const post = findThreadsPost(account, match[3]);
      return post ? postPage(account, post) : notAvailable();
    }
    return profile(account, (match[2] as ProfileTab | undefined) ?? 'threads', language);
  }

  const site = createSiteModule({
    name: 'Threads',
    hosts: THREADS_WEB,
    origin: THREADS_ORIGIN,
    shell: 'threads/shell.html',
    nav: () => f('nav', {}),
    csp: THREADS_CSP,
    dialogScript: 'threads/following-dialog.js',
    pageScript: 'login-prompt.js',
    // Every profile's "N followers" row opens the dialog; the long list is FOLLOWING_OWNER's.
    endpoints: { [FOLLOWING_ENDPOINT]: (req) => followingEndpoint(directory, req, () => true) },
    resolve,
  });
  return {
    ...site,
    handle(req) {
      // docs/sites.md: Threads post web URLs do not resolve by themselves on every server. How Meta answers a
      // server's fetch is not public; the sandbox plays the strict case: an ActivityPub fetch of a web page is
      // sent to the login wall, whose HTML has no alternate, so a fediverse server must be given the AP id.
      if (wantsActivityJson(req) && req.url.pathname !== SPA_ENDPOINT && req.url.pathname !== '/login')
        return redirect(302, `${THREADS_ORIGIN}/login?next=${encodeURIComponent(req.url.pathname)}`);
      return site.handle(req);
    },
  };
}
