import { describe, expect, it } from 'vitest';
import { THREADS_ACCOUNTS, threadsActorId } from '../../sandbox/remote';
import { instagramPostsOf, threadsPostsOf } from '../../sandbox/remote/threads-content';
import { INSTAGRAM_RESERVED_PATHS } from '../../sandbox/remote/web/instagram-site';
import { BROWSER, apAlternate, remoteWorld } from './remote-harness';

const world = remoteWorld();
const THREADS = 'https://www.threads.com';
const INSTAGRAM = 'https://www.instagram.com';

const find = (username: string) => {
  const found = THREADS_ACCOUNTS.find((a) => a.username === username);
  if (!found) throw new Error(username);
  return found;
};
const juno = find('juno.field');
const vesper = find('vesper.studio');
const nora = find('nora.offgrid');
const leo = find('leo.longname');
const ivy = find('ivy.private');

const texts = (doc: Document, selector: string): string[] =>
  [...doc.querySelectorAll(selector)].map((e) => (e.textContent ?? '').trim());

describe('www.threads.com profile', () => {
  it('renders the header landmarks once (docs/sites.md, evidence T2, T3, T5, T7, T15, T16)', async () => {
    const reply = await world.get(`${THREADS}/@${juno.username}`, BROWSER);
    expect(reply.status).toBe(200);
    const doc = reply.document();
    expect(texts(doc, 'h1[dir="auto"]')).toEqual([juno.displayName]);
    expect(texts(doc, 'h1 + div > div > span')).toEqual([juno.username]);
    // The header avatar, and one per own post on the Threads tab.
    expect(doc.querySelectorAll(`img[alt="${juno.username}'s profile picture"]`)).toHaveLength(4);
    expect(doc.querySelector('span[title="1,234"]')?.parentElement?.textContent).toBe('1,234 followers');
    const buttons = texts(doc, 'div[role="button"]');
    expect(buttons.filter((t) => t === 'Follow')).toHaveLength(1);
    expect(doc.querySelector('a[href*="l.threads.net"][href*="instagram.com"]')).not.toBeNull();
    expect(doc.querySelector('[role="region"]')).not.toBeNull();
    expect([...doc.querySelectorAll('svg[aria-label]')].map((s) => s.getAttribute('aria-label'))).toEqual(
      expect.arrayContaining(['Home', 'Search', 'Create', 'Notifications', 'Profile', 'More']),
    );
  });

  it.each([
    ['', 'Threads', 3],
    ['/replies', 'Replies', 1],
    ['/media', 'Media', 1],
    ['/reposts', 'Reposts', 1],
  ])('tab %s selects %s and lists %i posts', async (suffix, label, count) => {
    const doc = (await world.get(`${THREADS}/@${juno.username}${suffix}`, BROWSER)).document();
    const tabs = [...doc.querySelectorAll('[role="tablist"] a[role="tab"][aria-label]')];
    expect(tabs.map((t) => t.getAttribute('href'))).toEqual([
      `/@${juno.username}`,
      `/@${juno.username}/replies`,
      `/@${juno.username}/media`,
      `/@${juno.username}/reposts`,
    ]);
    expect(
      tabs.filter((t) => t.getAttribute('aria-selected') === 'true').map((t) => t.getAttribute('aria-label')),
    ).toEqual([label]);
    const posts = doc.querySelectorAll('div[data-pressable-container="true"]');
    expect(posts).toHaveLength(count);
    for (const post of posts) {
      expect(post.querySelector('a[href*="/post/"] time[datetime]')).not.toBeNull();
      expect(
        post.querySelectorAll(
          'svg[aria-label="Like"], svg[aria-label="Reply"], svg[aria-label="Repost"], svg[aria-label="Share"]',
        ),
      ).toHaveLength(4);
    }
  });

  it('links other profiles from posts, for in-site navigation', async () => {
    const doc = (await world.get(`${THREADS}/@${juno.username}`, BROWSER)).document();
    const others = [...doc.querySelectorAll('a[href^="/@"]')]
      .map((a) => a.getAttribute('href') ?? '')
      .filter((href) => !href.startsWith(`/@${juno.username}`));
    expect(others.length).toBeGreaterThan(0);
  });

  it('has the Threads head (T10, T11) and the profile alternate for opted-in accounts', async () => {
    const doc = (await world.get(`${THREADS}/@${juno.username}`, BROWSER)).document();
    expect(doc.title).toBe(`${juno.displayName} (@${juno.username}) • Threads, Say more`);
    expect(doc.querySelector('meta[property="og:url"]')?.getAttribute('content')).toBe(
      `${THREADS}/@${juno.username}`,
    );
    expect(doc.querySelector('meta[property="og:description"]')?.getAttribute('content')).toBe(
      `1,234 Followers • 3 Threads • ${juno.bio}. See the latest conversations with @${juno.username}.`,
    );
    expect(apAlternate(doc)).toBe(threadsActorId(juno));
    expect(doc.querySelector('svg[aria-label="Fediverse"]')).not.toBeNull();
  });

  it('shows neither alternate nor fediverse badge for an account that has not opted in', async () => {
    const doc = (await world.get(`${THREADS}/@${nora.username}`, BROWSER)).document();
    expect(apAlternate(doc)).toBeUndefined();
    expect(doc.querySelector('svg[aria-label="Fediverse"]')).toBeNull();
    expect(texts(doc, 'h1')).toEqual([nora.displayName]);
  });

  it('puts the verified badge in the h1 and keeps long names whole', async () => {
    const verified = (await world.get(`${THREADS}/@${vesper.username}`, BROWSER)).document();
    expect(verified.querySelector('h1 svg[aria-label="Verified"]')).not.toBeNull();
    // The badge's <title> adds "Verified" to the h1's text; the name is the h1's first text node.
    expect(verified.querySelector('h1')?.firstChild?.textContent).toBe(vesper.displayName);
    expect(verified.querySelector('span[title="2,345,678"]')?.textContent).toBe('2.3M');
    const long = (await world.get(`${THREADS}/@${leo.username}`, BROWSER)).document();
    expect(texts(long, 'h1')).toEqual([leo.displayName]);
  });

  it('serves the profile for any case of the username', async () => {
    const doc = (await world.get(`${THREADS}/@${juno.username.toUpperCase()}`, BROWSER)).document();
    expect(texts(doc, 'h1 + div > div > span')).toEqual([juno.username]);
  });
});

describe('www.threads.com other pages', () => {
  it('renders a post page with the AP alternate and the app link', async () => {
    const [, post] = threadsPostsOf(juno);
    const doc = (
      await world.get(`${THREADS}/@${juno.username}/post/${post?.code ?? ''}`, BROWSER)
    ).document();
    expect(apAlternate(doc)).toBe(`${threadsActorId(juno)}post/${post?.id ?? ''}/`);
    expect(doc.querySelector('meta[property="al:ios:url"]')?.getAttribute('content')).toBe(
      `barcelona://media?shortcode=${post?.code ?? ''}`,
    );
    expect(doc.querySelectorAll('div[data-pressable-container="true"]')).toHaveLength(1);
    expect(doc.querySelector('h1')).toBeNull();
  });

  it.each(['/', '/search', '/activity', '/login'])('%s is not a profile page', async (path) => {
    const reply = await world.get(`${THREADS}${path}`, BROWSER);
    expect(reply.status).toBe(200);
    const doc = reply.document();
    expect(doc.querySelector('h1')).toBeNull();
    expect(doc.querySelector('[role="tablist"]')).toBeNull();
  });

  it('lists accounts with Follow buttons on /search', async () => {
    const doc = (await world.get(`${THREADS}/search`, BROWSER)).document();
    expect(doc.querySelector('input[type="search"][aria-label="Search"]')).not.toBeNull();
    expect(texts(doc, 'div[role="button"]').filter((t) => t === 'Follow')).toHaveLength(
      THREADS_ACCOUNTS.length,
    );
  });

  it.each(['/@no.such.user', '/@no.such.user/replies', `/@${juno.username}/post/NOPE`, '/settings/privacy'])(
    '%s is the "not available" page with 404',
    async (path) => {
      const reply = await world.get(`${THREADS}${path}`, BROWSER);
      expect(reply.status).toBe(404);
      expect(reply.document().body.textContent).toContain("Sorry, this page isn't available");
    },
  );
});

describe('www.threads.com security and theme', () => {
  it('sends a CSP with Trusted Types, and the inline script carries its nonce and policy', async () => {
    const reply = await world.get(`${THREADS}/@${juno.username}`, BROWSER);
    const csp = reply.headers['content-security-policy'] ?? '';
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).toMatch(/trusted-types sandbox-spa(;|$)/);
    expect(csp).not.toContain("unsafe-inline'; script");
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const scripts = [...reply.document().querySelectorAll('script')];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.getAttribute('nonce')).toBe(nonce);
    expect(scripts[0]?.textContent).toContain("createPolicy('sandbox-spa'");
  });

  it('uses a fresh nonce per response', async () => {
    const a = await world.get(`${THREADS}/`, BROWSER);
    const b = await world.get(`${THREADS}/`, BROWSER);
    expect(a.headers['content-security-policy']).not.toBe(b.headers['content-security-policy']);
  });

  it.each([
    ['?theme=dark', '__fb-dark-mode', 'true'],
    ['?theme=light', '__fb-light-mode', 'true'],
    ['', '__fb-light-mode', 'false'],
  ])('theme flag %s', async (query, htmlClass, fixed) => {
    const root = (await world.get(`${THREADS}/@${juno.username}${query}`, BROWSER)).document()
      .documentElement;
    expect(root.classList.contains(htmlClass)).toBe(true);
    expect(root.getAttribute('data-theme-fixed')).toBe(fixed);
  });
});

describe('the SPA endpoint', () => {
  const spa = (host: string, path: string) =>
    world.get(`${host}/api/sandbox-page?path=${encodeURIComponent(path)}`);

  it('returns the next page as header and content markup', async () => {
    const reply = await spa(THREADS, `/@${vesper.username}/replies`);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const page = reply.json<{
      status: number;
      title: string;
      alternate: string | null;
      header: string;
      content: string;
    }>();
    expect(page.status).toBe(200);
    expect(page.title).toBe(`${vesper.displayName} (@${vesper.username}) • Threads, Say more`);
    expect(page.alternate).toBe(threadsActorId(vesper));
    expect(page.header).toContain(`<h1 dir="auto"`);
    expect(page.content).toContain('aria-label="Replies" aria-selected="true"');
  });

  it('reports unknown pages as 404 and refuses foreign paths', async () => {
    expect((await spa(THREADS, '/@no.such.user')).json()['status']).toBe(404);
    expect((await spa(THREADS, 'https://evil.example/')).status).toBe(400);
    expect((await spa(THREADS, '//evil.example/')).status).toBe(400);
  });

  it('passes redirects on (Instagram login walls)', async () => {
    expect((await spa(INSTAGRAM, '/direct/inbox/')).json()).toEqual({
      redirect: `${INSTAGRAM}/accounts/login/?next=%2Fdirect%2Finbox%2F`,
    });
  });
});

describe('www.instagram.com profile', () => {
  it('renders the header landmarks (docs/sites.md, evidence I1–I9, I22)', async () => {
    const reply = await world.get(`${INSTAGRAM}/${juno.username}/`, BROWSER);
    expect(reply.status).toBe(200);
    const doc = reply.document();
    expect(doc.querySelectorAll('section > main[role="main"] > div > header')).toHaveLength(1);
    expect(texts(doc, 'header section h2')).toEqual([juno.username]);
    const avatar = doc.querySelector(
      `header a._a6hd[href="/${juno.username}/"] > img[alt="${juno.username}'s profile picture"]`,
    );
    expect(avatar?.getAttribute('crossorigin')).toBe('anonymous');
    expect(doc.querySelector(`a[href="/${juno.username}/followers/"] span[title="1,234"]`)).not.toBeNull();
    expect(doc.querySelector(`a[href="/${juno.username}/following/"]`)).not.toBeNull();
    expect(texts(doc, 'header button').filter((t) => t === 'Follow')).toHaveLength(1);
    expect(doc.querySelector('header > section button')).not.toBeNull();
    expect(
      doc.querySelector(
        `a[href^="https://www.threads.com/@${juno.username}?xmt="] svg[aria-label="Threads"]`,
      ),
    ).not.toBeNull();
    expect(doc.querySelector('div#mount_0_0_Ab')).not.toBeNull();
  });

  it('has the Instagram head (I10–I12)', async () => {
    const doc = (await world.get(`${INSTAGRAM}/${juno.username}/`, BROWSER)).document();
    expect(doc.title).toBe(`${juno.displayName} (@${juno.username}) • Instagram photos and videos`);
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      `${INSTAGRAM}/${juno.username}/`,
    );
    expect(doc.querySelector('meta[property="al:ios:url"]')?.getAttribute('content')).toBe(
      `instagram://user?username=${juno.username}`,
    );
    expect(doc.querySelector('meta[name="description"]')?.getAttribute('content')).toMatch(
      new RegExp(
        `^1,234 Followers, \\d+ Following, 6 Posts - See Instagram photos and videos from ${juno.displayName} \\(@${juno.username}\\)$`,
      ),
    );
  });

  it.each([
    ['', 'Posts', 4, 2],
    ['reels/', 'Reels', 0, 2],
    ['tagged/', 'Tagged', 0, 0],
  ])('tab /%s selects %s with %i posts and %i reels', async (suffix, label, photos, reels) => {
    const doc = (await world.get(`${INSTAGRAM}/${juno.username}/${suffix}`, BROWSER)).document();
    const selected = [...doc.querySelectorAll('div[role="tablist"] a[role="tab"][aria-selected="true"]')];
    expect(texts(doc, 'div[role="tablist"] a[role="tab"]')).toEqual(['Posts', 'Reels', 'Tagged']);
    expect(selected.map((t) => t.textContent?.trim())).toEqual([label]);
    expect(doc.querySelectorAll('div._ac7v a[href^="/p/"]')).toHaveLength(photos);
    expect(doc.querySelectorAll('div._ac7v a[href^="/reel/"] svg[aria-label="Clip"]')).toHaveLength(reels);
  });

  it('shows the private variant without grid or tabs', async () => {
    const doc = (await world.get(`${INSTAGRAM}/${ivy.username}/`, BROWSER)).document();
    expect(texts(doc, 'header section h2')).toEqual([ivy.username]);
    expect(doc.body.textContent).toContain('This account is private');
    expect(doc.querySelector('[role="tablist"]')).toBeNull();
    expect(doc.querySelector('div._ac7v')).toBeNull();
    expect(texts(doc, 'header button').filter((t) => t === 'Follow')).toHaveLength(1);
  });

  it('sends an ordinary CSP without Trusted Types', async () => {
    const csp =
      (await world.get(`${INSTAGRAM}/${juno.username}/`, BROWSER)).headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-/);
    expect(csp).not.toContain('trusted-types');
  });

  it('gives unknown users the "not available" page with 404', async () => {
    const reply = await world.get(`${INSTAGRAM}/no.such.user/`, BROWSER);
    expect(reply.status).toBe(404);
    expect(reply.document().body.textContent).toContain("Sorry, this page isn't available.");
  });
});

describe('www.instagram.com reserved paths are not profiles', () => {
  const [photo, reel] = instagramPostsOf(juno);
  const pages = [
    '/',
    '/explore/',
    `/p/${photo?.code ?? ''}/`,
    `/reel/${reel?.code ?? ''}/`,
    '/accounts/login/',
  ];
  const loginWalls = [
    ...INSTAGRAM_RESERVED_PATHS.filter(
      (segment) => !['p', 'reel', 'tv', 'explore', 'accounts'].includes(segment),
    ).map((s) => `/${s}/`),
    '/accounts/edit/',
    `/${juno.username}/followers/`,
  ];

  it.each(pages)('%s renders a page without a profile header', async (path) => {
    const reply = await world.get(`${INSTAGRAM}${path}`, BROWSER);
    expect(reply.status).toBe(200);
    const doc = reply.document();
    expect(doc.querySelector('header section h2')).toBeNull();
    expect(doc.querySelector('link[rel="canonical"][href$="/explore/"]')).toBeNull();
  });

  it('shows the author on a post page', async () => {
    const doc = (await world.get(`${INSTAGRAM}/p/${photo?.code ?? ''}/`, BROWSER)).document();
    expect(doc.querySelector(`article a[href="/${juno.username}/"]`)).not.toBeNull();
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(
      `${INSTAGRAM}/p/${photo?.code ?? ''}/`,
    );
  });

  it.each(loginWalls)('%s sends a logged-out browser to the login page', async (path) => {
    const reply = await world.get(`${INSTAGRAM}${path}`, BROWSER);
    expect(reply.status).toBe(302);
    expect(reply.headers['location']).toBe(`${INSTAGRAM}/accounts/login/?next=${encodeURIComponent(path)}`);
  });
});

describe('the changed header markup (remix.header)', () => {
  const remix = find('remix.header');

  it('keeps the Threads name, handle and avatar, but its Follow and Mention are no longer buttons', async () => {
    const doc = (await world.get(`${THREADS}/@${remix.username}`, BROWSER)).document();
    expect(texts(doc, 'h1')).toEqual([remix.displayName]);
    expect(texts(doc, 'h1 + div > div > span')).toEqual([remix.username]);
    expect(doc.querySelector(`img[alt="${remix.username}'s profile picture"]`)).not.toBeNull();
    expect(texts(doc, '[role="button"], button').filter((t) => t === 'Follow' || t === 'Mention')).toEqual(
      [],
    );
    expect(texts(doc, 'div[tabindex="0"]')).toEqual(expect.arrayContaining(['Follow', 'Mention']));
  });

  it('keeps the Instagram header and username, but its Follow and Message are no longer buttons', async () => {
    const doc = (await world.get(`${INSTAGRAM}/${remix.username}/`, BROWSER)).document();
    expect(texts(doc, 'header section h2')).toEqual([remix.username]);
    expect(doc.querySelector('header button')).toBeNull();
    expect(texts(doc, 'header div[tabindex="0"]:not([role])')).toEqual(['Follow', 'Message']);
  });

  it('leaves every other account on the usual header', async () => {
    const doc = (await world.get(`${INSTAGRAM}/${juno.username}/`, BROWSER)).document();
    expect(texts(doc, 'header button')).toEqual(['Follow']);
  });
});
