/**
 * bsky.app (sandbox/remote/bluesky): the SPA shell, the screen and Following endpoints, the admin operations, and
 * the markup the page's script builds, parsed with linkedom. What it must look like: docs/sites.md ("Bluesky").
 */
import { parseHTML } from 'linkedom';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  BLUESKY_FOLLOWING_DEFAULT,
  BLUESKY_FOLLOWING_MAX,
  FOLLOWING_OWNER,
  QUILL,
  ROWAN,
  SNOWDROP,
  VISITOR,
  blueskyFollowingOf,
} from '../../sandbox/remote/bluesky-accounts';
import {
  BLUESKY_FOLLOWS_ENDPOINT,
  BLUESKY_PAGE_SIZE,
  BLUESKY_SCREEN_ENDPOINT,
  blueskyMarkupToHtml,
  createBlueskySite,
  renderBlueskyFollowsPage,
  renderBlueskyScreen,
  type BlueskyFollowsPage,
  type BlueskyMarkup,
  type BlueskyScreen,
} from '../../sandbox/remote/bluesky/site';
import type { SbResponse } from '../../sandbox/types';

const site = createBlueskySite();
const ORIGIN = 'https://bsky.app';

beforeEach(() => site.reset());

interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
}

async function request(path: string, method = 'GET'): Promise<Reply> {
  const url = new URL(path, ORIGIN);
  const response: SbResponse = await site.handle({
    method,
    url,
    host: url.hostname,
    headers: { accept: 'text/html' },
    cookies: {},
    body: Buffer.from(''),
    remoteIp: '127.0.0.1',
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers ?? {}))
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  const body = response.body;
  const text =
    typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
  return { status: response.status, headers, text };
}

const getJson = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const reply = await request(path);
  return { status: reply.status, body: JSON.parse(reply.text) as T };
};

const screenOf = async (path: string): Promise<BlueskyScreen> => {
  const { status, body } = await getJson<BlueskyScreen>(
    `${BLUESKY_SCREEN_ENDPOINT}?path=${encodeURIComponent(path)}`,
  );
  expect(status).toBe(200);
  return body;
};

const pageOf = async (actor: string, cursor?: string): Promise<BlueskyFollowsPage> => {
  const query = `actor=${encodeURIComponent(actor)}${cursor ? `&cursor=${cursor}` : ''}`;
  const { status, body } = await getJson<BlueskyFollowsPage>(`${BLUESKY_FOLLOWS_ENDPOINT}?${query}`);
  expect(status).toBe(200);
  return body;
};

/** The markup as the page would hold it, inside a body. */
function dom(markup: BlueskyMarkup | readonly BlueskyMarkup[]): HTMLElement {
  const { document } = parseHTML(`<!DOCTYPE html><html><body>${blueskyMarkupToHtml(markup)}</body></html>`);
  return document.body as unknown as HTMLElement;
}

const testIds = (root: ParentNode): string[] =>
  [...root.querySelectorAll('[data-testid]')].map((e) => e.getAttribute('data-testid') ?? '');
const text = (element: Element | null | undefined): string => (element?.textContent ?? '').trim();

/** The loaded profile screen, as the page shows it once the data has arrived. */
async function loadedProfile(path: string): Promise<{ screen: BlueskyScreen; body: HTMLElement }> {
  const screen = await screenOf(path);
  expect(screen.loaded).toBeDefined();
  return { screen, body: dom(screen.loaded!.markup) };
}

function actionRow(body: HTMLElement): Element {
  const menu = body.querySelector('[data-testid="profileHeaderDropdownBtn"]');
  const row = menu?.parentElement?.parentElement;
  if (!row) throw new Error('no action row');
  return row;
}

/** The row's direct children: a button's testID, or "div>" and the testID inside. */
const rowChildren = (row: Element): string[] =>
  [...row.children].map((c) =>
    c.tagName === 'BUTTON'
      ? (c.getAttribute('data-testid') ?? '?')
      : `div>${c.firstElementChild?.getAttribute('data-testid') ?? '?'}`,
  );

describe('bsky.app shell (bskyweb)', () => {
  it('serves the same SPA shell for every app path, nothing of the profile in it', async () => {
    const reply = await request('/profile/rowan.bsky.social');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    const { document } = parseHTML(reply.text);
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.querySelector('#root')?.childNodes).toHaveLength(0);
    expect(reply.text).not.toContain('Rowan');
    expect(reply.text).not.toContain('data-testid');
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]?.getAttribute('data-screen-endpoint')).toBe(BLUESKY_SCREEN_ENDPOINT);
    expect(scripts[0]?.textContent).toContain('IntersectionObserver');

    const strip = (html: string) => html.replace(/nonce="[^"]*"/, '');
    for (const path of [
      '/',
      '/profile/rowan.bsky.social/follows',
      '/profile/@rowan.bsky.social',
      '/search',
      '/no/such/page',
    ]) {
      const other = await request(path);
      expect(other.status, path).toBe(200);
      expect(strip(other.text), path).toBe(strip(reply.text));
    }
  });

  it('sends a CSP whose script nonce is new on every response and is the inline script’s', async () => {
    const first = await request('/profile/rowan.bsky.social');
    const second = await request('/profile/rowan.bsky.social');
    const csp = first.headers['content-security-policy'] ?? '';
    for (const directive of [
      "default-src 'self'",
      "img-src 'self' data: blob:",
      "connect-src 'self'",
      "style-src 'self' 'unsafe-inline'",
    ])
      expect(csp).toContain(directive);
    const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(parseHTML(first.text).document.querySelector('script')?.getAttribute('nonce')).toBe(nonce);
    expect(second.headers['content-security-policy']).not.toBe(csp);
  });

  it.each([
    ['/profile/rowan.bsky.social/', '/profile/rowan.bsky.social'],
    ['/profile/rowan.bsky.social/follows/', '/profile/rowan.bsky.social/follows'],
    ['/profile/rowan.bsky.social/?ref=x', '/profile/rowan.bsky.social?ref=x'],
  ])('redirects %s to %s (RemoveTrailingSlash, 302)', async (path, location) => {
    const reply = await request(path);
    expect(reply.status).toBe(302);
    expect(reply.headers['location']).toBe(location);
  });

  it('answers what a browser fetches by itself, and nothing but GET', async () => {
    const favicon = await request('/favicon.ico');
    expect(favicon.status).toBe(200);
    expect(favicon.text.length).toBeLessThan(2000);
    expect((await request('/manifest.json')).status).toBe(200);
    expect((await request('/xrpc/app.bsky.actor.getProfile?actor=x')).status).toBe(501);
    expect((await request('/profile/rowan.bsky.social', 'POST')).status).toBe(405);
    expect((await request('/', 'GET')).status).toBe(200);
  });
});

describe('bsky.app profile screen (B2, B3, B6)', () => {
  it('mounts profileScreen with the loading header: no testIDs inside', async () => {
    const screen = await screenOf('/profile/rowan.bsky.social');
    expect(screen.route).toBe('Profile');
    expect(screen.title).toBe('@rowan.bsky.social — Bluesky');
    const body = dom(screen.markup);
    expect(testIds(body)).toEqual(['profileScreen']);
    expect(body.querySelector('[data-testid="profileScreen"]')?.children.length).toBeGreaterThan(0);
  });

  it('renders ProfileHeaderStandard for someone else, signed in', async () => {
    const { screen, body } = await loadedProfile('/profile/rowan.bsky.social');
    expect(screen.loaded?.title).toBe('Rowan Ellery (@rowan.bsky.social) — Bluesky');
    const pager = body.querySelector('[data-testid="profileView"] > [data-testid="profilePager"]');
    expect(pager).not.toBeNull();

    const row = actionRow(body);
    expect(row.hasAttribute('data-testid')).toBe(false);
    expect(rowChildren(row)).toEqual(['dmBtn', 'followBtn', 'div>profileHeaderDropdownBtn']);
    const dm = row.querySelector('[data-testid="dmBtn"]');
    expect(dm?.getAttribute('aria-label')).toBe('Message rowan.bsky.social');
    const follow = body.querySelector('[data-testid="followBtn"]');
    expect(follow?.parentElement).toBe(row);
    expect(follow?.tagName).toBe('BUTTON');
    expect(follow?.getAttribute('type')).toBe('button');
    expect(follow?.getAttribute('role')).toBe('button');
    expect(follow?.getAttribute('aria-label')).toBe('Follow rowan.bsky.social');
    expect(text(follow)).toBe('Follow');
    expect(follow?.querySelector('svg')).not.toBeNull();
    expect(text(follow?.querySelector('div[dir="auto"]'))).toBe('Follow');
    const menu = body.querySelector('[data-testid="profileHeaderDropdownBtn"]');
    expect(menu?.getAttribute('aria-label')).toBe('More options');
    expect(menu?.getAttribute('aria-haspopup')).toBe('menu');

    const name = body.querySelector('div[dir="auto"][data-testid="profileHeaderDisplayName"]');
    expect(name?.firstChild?.textContent).toBe('Rowan Ellery');
    const handleLines = [...body.querySelectorAll('div[dir="auto"]')].filter(
      (d) => text(d) === '@rowan.bsky.social',
    );
    expect(handleLines).toHaveLength(1);
    expect(handleLines[0]?.hasAttribute('data-testid')).toBe(false);

    const follows = body.querySelector('a[data-testid="profileHeaderFollowsButton"]');
    expect(follows?.getAttribute('href')).toBe('/profile/rowan.bsky.social/follows');
    expect(follows?.getAttribute('role')).toBe('link');
    expect(follows?.getAttribute('aria-label')).toBe('212 following');
    expect([...(follows?.querySelectorAll('span') ?? [])].map((s) => s.textContent)).toEqual([
      '212 ',
      'following',
    ]);
    const followers = body.querySelector('a[data-testid="profileHeaderFollowersButton"]');
    expect(followers?.getAttribute('href')).toBe('/profile/rowan.bsky.social/followers');
    expect(followers?.getAttribute('aria-label')).toBe('1234 followers');
    expect(text(followers)).toBe('1.2K followers');
    expect(followers?.parentElement).toBe(follows?.parentElement);
    expect(text(follows?.parentElement?.lastElementChild)).toBe('318 posts');
    expect(text(body.querySelector('div[dir="auto"][data-testid="profileHeaderDescription"]'))).toBe(
      ROWAN.description,
    );
  });

  it('gives the Follow button a second state for the optimistic flip', async () => {
    const screen = await screenOf('/profile/rowan.bsky.social');
    expect(screen.follow?.handle).toBe(ROWAN.handle);
    const on = dom(screen.follow!.on).querySelector('button');
    expect(on?.getAttribute('data-testid')).toBe('unfollowBtn');
    expect(on?.getAttribute('aria-label')).toBe('Unfollow rowan.bsky.social');
    expect(text(on)).toBe('Following');
    expect(on?.querySelector('svg')).toBeNull();
    const off = dom(screen.follow!.off).querySelector('button');
    expect(off?.getAttribute('data-testid')).toBe('followBtn');
  });

  it('shows Edit profile and the menu on the visitor’s own profile, also as /profile/me', async () => {
    for (const path of [`/profile/${VISITOR.handle}`, '/profile/me']) {
      const { screen, body } = await loadedProfile(path);
      const row = actionRow(body);
      expect(rowChildren(row), path).toEqual([
        'profileHeaderEditProfileButton',
        'div>profileHeaderDropdownBtn',
      ]);
      const edit = row.querySelector('[data-testid="profileHeaderEditProfileButton"]');
      expect(edit?.getAttribute('aria-label')).toBe('Edit profile');
      expect(text(edit)).toBe('Edit Profile');
      expect(screen.follow).toBeUndefined();
      expect(screen.loaded?.title).toBe('Maya Hart (@maya-hart.bsky.social) — Bluesky');
    }
  });

  it('matches names in any case and by DID, and shows the handle in lower case', async () => {
    const { screen, body } = await loadedProfile('/profile/ROWAN.Bsky.Social');
    expect(screen.title).toBe('@ROWAN.Bsky.Social — Bluesky');
    expect(body.querySelector('[data-testid="followBtn"]')?.getAttribute('aria-label')).toBe(
      'Follow rowan.bsky.social',
    );
    const byDid = await loadedProfile(`/profile/${ROWAN.did}`);
    expect(
      byDid.body.querySelector('a[data-testid="profileHeaderFollowsButton"]')?.getAttribute('href'),
    ).toBe('/profile/rowan.bsky.social/follows');
    const caseless = await loadedProfile('/PROFILE/quill.bsky.social');
    expect(caseless.screen.route).toBe('Profile');
    expect(text(caseless.body.querySelector('[data-testid="profileHeaderDisplayName"]'))).toBe(
      QUILL.displayName,
    );
  });

  it.each([
    '/profile/nobody.bsky.social',
    '/profile/@rowan.bsky.social',
    '/profile/did:plc:aaaaaaaaaaaaaaaa',
  ])('renders profileErrorScreen for %s', async (path) => {
    const { screen, body } = await loadedProfile(path);
    expect(testIds(body)).toEqual(['profileErrorScreen']);
    expect(screen.follow).toBeUndefined();
    expect(screen.loaded?.title).toBe(screen.title);
  });

  it('compacts visible counts and keeps the exact ones in the labels', async () => {
    const { body } = await loadedProfile(`/profile/${SNOWDROP.handle}`);
    const followers = body.querySelector('a[data-testid="profileHeaderFollowersButton"]');
    expect(followers?.getAttribute('aria-label')).toBe('15230 followers');
    expect(followers?.firstElementChild?.textContent).toBe('15.2K ');
  });

  it('counts the owner’s Following list as it is now long', async () => {
    const follows = async () =>
      (await loadedProfile(`/profile/${FOLLOWING_OWNER.handle}`)).body.querySelector(
        'a[data-testid="profileHeaderFollowsButton"]',
      );
    expect((await follows())?.getAttribute('aria-label')).toBe(`${BLUESKY_FOLLOWING_DEFAULT} following`);
    await site.admin!('set-following', { count: 567 });
    expect((await follows())?.getAttribute('aria-label')).toBe('567 following');
    expect(text(await follows())).toBe('567 following');
    await site.admin!('set-following', { count: 600 });
    expect((await follows())?.firstElementChild?.textContent).toBe('600 ');
    site.reset();
    expect((await follows())?.getAttribute('aria-label')).toBe(`${BLUESKY_FOLLOWING_DEFAULT} following`);
  });

  it('shows a logged-out visitor Follow but no Message button, and Follow asks them to sign in', async () => {
    expect(await site.admin!('set-signed-in', { signedIn: false })).toEqual({ signedIn: false });
    const { screen, body } = await loadedProfile('/profile/rowan.bsky.social');
    expect(rowChildren(actionRow(body))).toEqual(['followBtn', 'div>profileHeaderDropdownBtn']);
    expect(screen.signedIn).toBe(false);
    expect(dom(screen.signIn!).querySelector('[role="dialog"][aria-modal="true"]')).not.toBeNull();
    // Their "own" profile is just a profile, and `me` is nobody.
    const own = await loadedProfile(`/profile/${VISITOR.handle}`);
    expect(rowChildren(actionRow(own.body))).toEqual(['followBtn', 'div>profileHeaderDropdownBtn']);
    expect(testIds((await loadedProfile('/profile/me')).body)).toEqual(['profileErrorScreen']);
  });
});

describe('bsky.app routes (B1)', () => {
  it.each([
    ['/', 'Home'],
    ['/profile/rowan.bsky.social/rss', 'Profile'],
    ['/profile/rowan.bsky.social/follows', 'ProfileFollows'],
    ['/profile/rowan.bsky.social/followers', 'Other'],
    ['/profile/rowan.bsky.social/post/3lbq7xk2pzs2c', 'Other'],
    ['/settings/privacy-and-security/activity', 'Other'],
    ['/intent/compose', 'Home'],
    // No trailing-slash tolerance inside the app.
    ['/profile/rowan.bsky.social/', 'NotFound'],
    ['/profile/rowan.bsky.social/likes', 'NotFound'],
  ])('%s is %s', async (path, route) => {
    expect((await screenOf(path)).route).toBe(route);
  });

  it('rejects a path that is not local', async () => {
    for (const path of ['https://example.org/x', '//example.org/x', '']) {
      const reply = await request(`${BLUESKY_SCREEN_ENDPOINT}?path=${encodeURIComponent(path)}`);
      expect(reply.status, path).toBe(400);
    }
  });
});

describe('bsky.app Following screen (B5)', () => {
  it('mounts profileFollowsScreen with its header and the spinner alone', async () => {
    const screen = await screenOf(`/profile/${FOLLOWING_OWNER.handle}/follows`);
    expect(screen.title).toBe('People followed by @fern.bsky.social — Bluesky');
    const body = dom(screen.markup);
    const root = body.querySelector('[data-testid="profileFollowsScreen"]');
    expect(testIds(body)).toEqual(['profileFollowsScreen']);
    expect(root?.querySelector('button[aria-label="Go back"]')).not.toBeNull();
    expect([...(root?.querySelectorAll('div[dir="auto"]') ?? [])].map((d) => text(d))).toEqual([
      'Fern Adeyemi',
      '45 following',
    ]);
    expect(root?.querySelectorAll('.rotate-500ms')).toHaveLength(1);
    expect(root?.querySelector('.rotate-500ms svg')).not.toBeNull();
    expect(root?.querySelector('a')).toBeNull();
    expect(screen.list?.endpoint).toBe(BLUESKY_FOLLOWS_ENDPOINT);
    expect(screen.list?.actor).toBe(FOLLOWING_OWNER.handle);
    expect(screen.list?.pageSize).toBe(BLUESKY_PAGE_SIZE);
    expect(dom(screen.list!.loader).querySelector('div.rotate-500ms > svg')).not.toBeNull();
  });

  it('groups the exact count in the subtitle', async () => {
    await site.admin!('set-following', { count: 600 });
    const screen = await screenOf(`/profile/${FOLLOWING_OWNER.handle}/follows`);
    expect(text(dom(screen.markup).querySelectorAll('div[dir="auto"]')[1])).toBe('600 following');
    // Beyond what set-following allows, straight from the pure renderer.
    const big = renderBlueskyScreen('/profile/fern.bsky.social/follows', {
      signedIn: true,
      followingCount: 1234,
    });
    expect(text(dom(big.markup).querySelectorAll('div[dir="auto"]')[1])).toBe('1,234 following');
  });

  it('pages the list by 30 with a cursor', async () => {
    const first = await pageOf(FOLLOWING_OWNER.handle);
    expect(first.rows).toHaveLength(BLUESKY_PAGE_SIZE);
    expect(first.total).toBe(BLUESKY_FOLLOWING_DEFAULT);
    expect(first.cursor).toBe('30');
    const second = await pageOf(FOLLOWING_OWNER.handle, first.cursor);
    expect(second.rows).toHaveLength(BLUESKY_FOLLOWING_DEFAULT - BLUESKY_PAGE_SIZE);
    expect(second.cursor).toBeUndefined();
  });

  it('renders rows as B5 has them: one outer profile link each, no testIDs', async () => {
    const page = await pageOf(FOLLOWING_OWNER.handle);
    const body = dom(page.rows);
    expect(testIds(body)).toEqual([]);
    const outer = [...body.querySelectorAll('a[href^="/profile/"]')].filter(
      (a) => !a.parentElement?.closest('a'),
    );
    const expected = blueskyFollowingOf(BLUESKY_FOLLOWING_DEFAULT).slice(0, BLUESKY_PAGE_SIZE);
    expect(outer.map((a) => a.getAttribute('href'))).toEqual(expected.map((a) => `/profile/${a.handle}`));
    expect([...body.children]).toHaveLength(BLUESKY_PAGE_SIZE);

    const [first] = outer;
    expect(first?.getAttribute('role')).toBe('link');
    expect(first?.getAttribute('aria-label')).toBe('View Rowan Ellery’s profile');
    const avatar = first?.querySelector('a[href="/profile/rowan.bsky.social"]');
    expect(avatar?.getAttribute('aria-label')).toBe("Rowan Ellery's avatar");
    expect(avatar?.querySelector('img')?.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    const lines = [...(first?.querySelectorAll('div[dir="auto"]') ?? [])].map((d) => text(d));
    expect(lines).toEqual(['Rowan Ellery', '@rowan.bsky.social', 'Follow', ROWAN.description]);
    const follow = first?.querySelector('button');
    expect(follow?.getAttribute('aria-label')).toBe('Follow');
    expect(text(follow)).toBe('Follow');
    expect(follow?.hasAttribute('data-testid')).toBe(false);
    expect(follow?.parentElement?.tagName).toBe('DIV');
    // The padded card, with a top border on every row but the first.
    const card = (a: Element | undefined) => a?.parentElement?.getAttribute('class') ?? '';
    expect(card(outer[1])).not.toBe(card(outer[0]));
    expect(card(outer[2])).toBe(card(outer[1]));
    const second = await pageOf(FOLLOWING_OWNER.handle, '30');
    const next = dom(second.rows).querySelector('a[href^="/profile/"]');
    expect(card(next ?? undefined)).toBe(card(outer[1]));
  });

  it('lists the whole of a long list exactly once, in order', async () => {
    expect(await site.admin!('set-following', { count: BLUESKY_FOLLOWING_MAX })).toEqual({
      owner: FOLLOWING_OWNER.handle,
      count: BLUESKY_FOLLOWING_MAX,
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await pageOf(FOLLOWING_OWNER.handle, cursor);
      expect(page.total).toBe(BLUESKY_FOLLOWING_MAX);
      pages += 1;
      const body = dom(page.rows);
      for (const a of body.querySelectorAll('a[href^="/profile/"]'))
        if (!a.parentElement?.closest('a')) seen.push(a.getAttribute('href')!.slice('/profile/'.length));
      cursor = page.cursor;
    } while (cursor);
    expect(pages).toBe(BLUESKY_FOLLOWING_MAX / BLUESKY_PAGE_SIZE);
    expect(seen).toEqual(blueskyFollowingOf(BLUESKY_FOLLOWING_MAX).map((a) => a.handle));
  });

  it('shows everyone else’s list empty, with the empty state’s wording', async () => {
    const page = await pageOf(ROWAN.handle);
    expect(page).toEqual({ subject: ROWAN.handle, total: 0, rows: [] });
    const screen = await screenOf(`/profile/${ROWAN.handle}/follows`);
    expect(text(dom(screen.list!.empty))).toContain("This user isn't following anyone.");
    const own = await screenOf(`/profile/${VISITOR.handle}/follows`);
    expect(text(dom(own.list!.empty))).toContain('You are not following anyone yet');
  });

  it('shows the list to logged-out visitors without Follow buttons', async () => {
    await site.admin!('set-signed-in', { signedIn: false });
    const page = await pageOf(FOLLOWING_OWNER.handle);
    expect(page.rows).toHaveLength(BLUESKY_PAGE_SIZE);
    expect(dom(page.rows).querySelector('button')).toBeNull();
    site.reset();
    expect(dom((await pageOf(FOLLOWING_OWNER.handle)).rows).querySelectorAll('button')).toHaveLength(
      BLUESKY_PAGE_SIZE,
    );
  });

  it('renders an error instead of a list for an unknown account', async () => {
    const screen = await screenOf('/profile/nobody.bsky.social/follows');
    expect(screen.list).toBeUndefined();
    expect(text(dom(screen.markup))).toContain('Oops!');
  });

  it('answers 400 for an unknown actor, a bad cursor or a bad limit', async () => {
    for (const query of [
      'actor=nobody.bsky.social',
      '',
      `actor=${FOLLOWING_OWNER.handle}&cursor=abc`,
      `actor=${FOLLOWING_OWNER.handle}&cursor=9999`,
      `actor=${FOLLOWING_OWNER.handle}&limit=0`,
      `actor=${FOLLOWING_OWNER.handle}&limit=101`,
    ]) {
      const reply = await request(`${BLUESKY_FOLLOWS_ENDPOINT}?${query}`);
      expect(reply.status, query).toBe(400);
      expect(JSON.parse(reply.text)).toMatchObject({ error: 'InvalidRequest' });
    }
    const ten = await getJson<BlueskyFollowsPage>(
      `${BLUESKY_FOLLOWS_ENDPOINT}?actor=${FOLLOWING_OWNER.handle}&limit=10`,
    );
    expect(ten.body.rows).toHaveLength(10);
    expect(ten.body.cursor).toBe('10');
    expect(renderBlueskyFollowsPage('FERN.bsky.social', '40').rows).toHaveLength(5);
  });
});

describe('bsky.app admin operations', () => {
  it('validates set-following and set-signed-in, and resets both', async () => {
    for (const count of [BLUESKY_FOLLOWING_MAX + 1, -1, 1.5, '10'])
      expect(() => site.admin!('set-following', { count })).toThrow();
    expect(() => site.admin!('set-signed-in', { signedIn: 'no' })).toThrow();
    expect(() => site.admin!('no-such-op', {})).toThrow(/unknown admin operation/);
    await site.admin!('set-following', { count: 0 });
    await site.admin!('set-signed-in', { signedIn: false });
    expect(await site.admin!('state', {})).toEqual({ signedIn: false, followingCount: 0 });
    expect((await pageOf(FOLLOWING_OWNER.handle)).rows).toEqual([]);
    site.reset();
    expect(await site.admin!('state', {})).toEqual({
      signedIn: true,
      followingCount: BLUESKY_FOLLOWING_DEFAULT,
    });
  });
});
