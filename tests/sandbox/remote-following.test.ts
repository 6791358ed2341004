/**
 * The Following lists behind "Find them on the fediverse": FOLLOWING_OWNER's generated list (its mix and its
 * stability), the generated accounts on threads.net, www.threads.com and www.instagram.com, the dialogs' JSON,
 * the `set-following` admin operation, the home user's seeded follows, and both dialogs scrolled to the end in
 * Chromium.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOME } from '../../sandbox/hosts';
import { CHROMIUM_QUIET_FLAGS } from '../../sandbox/core/browsers';
import { findBrowser } from '../../sandbox/core/find-browser';
import { THREADS_ACCOUNTS, findThreadsAccount } from '../../sandbox/remote';
import { findInstagramPost, instagramPostsOf } from '../../sandbox/remote/threads-content';
import {
  ALREADY_FOLLOWED,
  FOLLOWING_DEFAULT_COUNT,
  FOLLOWING_MAX_COUNT,
  FOLLOWING_OWNER,
  followingMix,
  followingOf,
} from '../../sandbox/remote/threads-following';
import { GENERATED_ACCOUNTS } from '../../sandbox/remote/threads-generated';
import { DEFAULT_DIALOG_SETTINGS } from '../../sandbox/remote/threads-directory';
import {
  FOLLOWING_ENDPOINT,
  burstPauseMs,
  type FollowingPage,
} from '../../sandbox/remote/web/following-dialog';
import { HomeHarness, userToken } from './home-harness';
import { BROWSER, SIGNED_AP, remoteWorld, watchedPage } from './remote-harness';

const THREADS = 'https://www.threads.com';
const INSTAGRAM = 'https://www.instagram.com';

const list = followingOf(FOLLOWING_OWNER);
const pick = (keep: (f: (typeof list)[number]) => boolean) => {
  const found = list.find(keep);
  if (!found) throw new Error('the Following list lacks a required kind of account');
  return found.account;
};
const optedIn = pick((f) => f.optedIn && !f.locked && !f.alreadyFollowed);
const notOptedIn = pick((f) => !f.optedIn);
const locked = pick((f) => f.locked);

describe('the Following list', () => {
  it(`is ${FOLLOWING_DEFAULT_COUNT} people: about 60 % opted in, 12 already followed, one locked`, () => {
    const mix = followingMix(list);
    expect(mix.total).toBe(300);
    expect(mix.optedIn + mix.notOptedIn).toBe(300);
    expect(mix.optedIn / mix.total).toBeGreaterThan(0.5);
    expect(mix.optedIn / mix.total).toBeLessThan(0.7);
    expect(mix.alreadyFollowed).toBe(12);
    expect(mix.locked).toBe(1);
    expect(mix.toFollow).toBe(mix.optedIn - 12);
    for (const f of list.filter((f) => f.alreadyFollowed)) {
      expect(f.optedIn).toBe(true);
      expect(f.locked).toBe(false);
    }
    expect(list.filter((f) => f.alreadyFollowed).map((f) => f.account)).toEqual(ALREADY_FOLLOWED);
  });

  it('keeps the mix on a longer list, and the same people at its start', () => {
    const long = followingOf(FOLLOWING_OWNER, FOLLOWING_MAX_COUNT);
    const mix = followingMix(long);
    expect(mix.total).toBe(2000);
    expect(mix.optedIn / mix.total).toBeGreaterThan(0.55);
    expect(mix.optedIn / mix.total).toBeLessThan(0.65);
    expect(mix.alreadyFollowed).toBe(12);
    expect(mix.locked).toBe(1);
    expect(long.slice(0, 300)).toEqual(list);
    expect(() => followingOf(FOLLOWING_OWNER, FOLLOWING_MAX_COUNT + 1)).toThrow();
  });

  it('is the same on every load of the module (no randomness)', async () => {
    vi.resetModules();
    const fresh = await import('../../sandbox/remote/threads-generated');
    expect(fresh.GENERATED_ACCOUNTS).not.toBe(GENERATED_ACCOUNTS);
    expect(fresh.GENERATED_ACCOUNTS).toEqual(GENERATED_ACCOUNTS);
  });

  it('uses valid, unique Instagram usernames and ids that no hand-written account has', () => {
    const all = [...THREADS_ACCOUNTS, ...GENERATED_ACCOUNTS];
    expect(new Set(all.map((a) => a.username)).size).toBe(all.length);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    for (const a of GENERATED_ACCOUNTS) {
      expect(a.username).toMatch(/^[a-z0-9._]{1,30}$/);
      expect(a.username).not.toMatch(/\.$/);
      expect(a.displayName.length).toBeGreaterThan(0);
    }
  });

  it('is found by the shared look-up, but pages that list every account stay as they were', () => {
    expect(findThreadsAccount(optedIn.username.toUpperCase())).toBe(optedIn);
    expect(findThreadsAccount(FOLLOWING_OWNER)?.username).toBe(FOLLOWING_OWNER);
    expect(THREADS_ACCOUNTS.some((a) => a.username === optedIn.username)).toBe(false);
  });

  it('gives the other hand-written accounts short lists and generated people none', () => {
    expect(followingOf('juno.field')).toHaveLength(THREADS_ACCOUNTS.length - 1);
    expect(followingOf(optedIn.username)).toEqual([]);
  });
});

describe('generated accounts on threads.net, www.threads.com and www.instagram.com', () => {
  const world = remoteWorld();
  const webfinger = (username: string) =>
    world.get(
      `https://threads.net/.well-known/webfinger?resource=${encodeURIComponent(`acct:${username}@threads.net`)}`,
    );

  it('answers WebFinger and the actor for an opted-in account', async () => {
    const reply = await webfinger(optedIn.username);
    expect(reply.status).toBe(200);
    const self = reply
      .json<{ links: { rel: string; href: string }[] }>()
      .links.find((l) => l.rel === 'self')?.href;
    expect(self).toBe(`https://www.threads.net/ap/users/${optedIn.id}/`);
    const actor = await world.get(self ?? '', SIGNED_AP);
    expect(actor.status).toBe(200);
    expect(actor.json()).toMatchObject({
      preferredUsername: optedIn.username,
      manuallyApprovesFollowers: false,
    });
  });

  it('answers 404 for an account that did not opt in', async () => {
    const reply = await webfinger(notOptedIn.username);
    expect(reply.status).toBe(404);
    expect(reply.json()).toEqual({ success: false, error: 'Not found' });
    expect((await world.get(`https://www.threads.net/ap/users/${notOptedIn.id}/`, SIGNED_AP)).status).toBe(
      404,
    );
  });

  it('marks the locked account as manuallyApprovesFollowers', async () => {
    const actor = await world.get(`https://www.threads.net/ap/users/${locked.id}/`, SIGNED_AP);
    expect(actor.json()).toMatchObject({ manuallyApprovesFollowers: true });
  });

  it.each([
    ['Threads', (u: string) => `${THREADS}/@${u}`],
    ['Instagram', (u: string) => `${INSTAGRAM}/${u}/`],
  ])('renders a %s profile for generated people', async (_site, url) => {
    for (const account of [optedIn, notOptedIn]) {
      const reply = await world.get(url(account.username), BROWSER);
      expect(reply.status).toBe(200);
      expect(reply.document().body.textContent).toContain(account.displayName);
    }
  });

  it('serves the Instagram post pages of generated people', async () => {
    const [post] = instagramPostsOf(optedIn);
    expect(findInstagramPost(post?.code ?? '')).toEqual(post);
    const reply = await world.get(`${INSTAGRAM}/p/${post?.code ?? ''}/`, BROWSER);
    expect(reply.status).toBe(200);
    expect(reply.document().querySelector(`article a[href="/${optedIn.username}/"]`)).not.toBeNull();
    expect(findInstagramPost('AAAA')).toBeUndefined();
  });
});

describe('the dialogs’ rows and counts', () => {
  const world = remoteWorld();

  async function wholeList(origin: string, username: string, listName = 'following'): Promise<string[]> {
    const names: string[] = [];
    let next: number | null = 0;
    while (next !== null) {
      const reply = await world.get(
        `${origin}${FOLLOWING_ENDPOINT}?username=${username}&list=${listName}&offset=${next}`,
      );
      expect(reply.status).toBe(200);
      const page = reply.json<FollowingPage>();
      expect(page.rows.length).toBeLessThanOrEqual(25);
      names.push(...page.rows.map((r) => r.username));
      next = page.next;
    }
    return names;
  }

  it.each([THREADS, INSTAGRAM])('%s pages through the whole list in order', async (origin) => {
    expect(await wholeList(origin, FOLLOWING_OWNER)).toEqual(list.map((f) => f.account.username));
    const first = (
      await world.get(`${origin}${FOLLOWING_ENDPOINT}?username=${FOLLOWING_OWNER}`)
    ).json<FollowingPage>();
    expect(first).toMatchObject({ following: 300, followers: 48, next: 25 });
  });

  it('filters with the search text', async () => {
    const wanted = optedIn.username;
    const page = (
      await world.get(`${INSTAGRAM}${FOLLOWING_ENDPOINT}?username=${FOLLOWING_OWNER}&q=${wanted}`)
    ).json<FollowingPage>();
    expect(page.rows.map((r) => r.username)).toContain(wanted);
    expect(page.rows.every((r) => r.username.includes(wanted) || r.displayName.includes(wanted))).toBe(true);
  });

  it('lists short lists on Threads for others, and nobody else’s on Instagram', async () => {
    expect(await wholeList(THREADS, 'juno.field')).toHaveLength(THREADS_ACCOUNTS.length - 1);
    expect(await wholeList(THREADS, 'juno.field', 'followers')).toHaveLength(12);
    expect((await world.get(`${INSTAGRAM}${FOLLOWING_ENDPOINT}?username=juno.field`)).status).toBe(404);
    expect((await world.get(`${THREADS}${FOLLOWING_ENDPOINT}?username=no.such.user`)).status).toBe(404);
  });

  it('Instagram renders /<owner>/following/ as the profile, with the count and the dialog link', async () => {
    const reply = await world.get(`${INSTAGRAM}/${FOLLOWING_OWNER}/following/`, BROWSER);
    expect(reply.status).toBe(200);
    const doc = reply.document();
    expect(doc.querySelector('header section h2')?.textContent).toBe(FOLLOWING_OWNER);
    expect(doc.querySelector(`a[href="/${FOLLOWING_OWNER}/following/"]`)?.textContent).toBe('300 following');
    expect(doc.querySelector('meta[name="description"]')?.getAttribute('content')).toContain(
      '48 Followers, 300 Following',
    );
    const others = await world.get(`${INSTAGRAM}/juno.field/following/`, BROWSER);
    expect(others.status).toBe(302);
  });

  it('set-following makes the list longer until the reset, on both sites', async () => {
    const threadsNet = world.moduleFor('threads.net');
    expect(await threadsNet.admin?.('set-following', { count: 1000 })).toEqual({
      owner: FOLLOWING_OWNER,
      count: 1000,
    });
    expect(await wholeList(THREADS, FOLLOWING_OWNER)).toEqual(
      followingOf(FOLLOWING_OWNER, 1000).map((f) => f.account.username),
    );
    const doc = (await world.get(`${INSTAGRAM}/${FOLLOWING_OWNER}/`, BROWSER)).document();
    expect(doc.querySelector(`a[href="/${FOLLOWING_OWNER}/following/"]`)?.textContent).toBe(
      '1,000 following',
    );
    expect(() => threadsNet.admin?.('set-following', { count: 2001 })).toThrow();
    expect(() => threadsNet.admin?.('set-following', { owner: 'juno.field', count: 5 })).toThrow();
    threadsNet.reset();
    const first = (
      await world.get(`${THREADS}${FOLLOWING_ENDPOINT}?username=${FOLLOWING_OWNER}`)
    ).json<FollowingPage>();
    expect(first.following).toBe(300);
  });

  it('pages as the sites do: the count each dialog asks for (20, 10, 12), at most 50', async () => {
    const page = async (query: string) =>
      (
        await world.get(`${THREADS}${FOLLOWING_ENDPOINT}?username=${FOLLOWING_OWNER}&${query}`)
      ).json<FollowingPage>();
    expect((await page('count=20')).rows).toHaveLength(20);
    expect(await page('offset=20&count=10&page=1')).toMatchObject({ next: 30 });
    expect((await page('count=12')).rows.map((r) => r.username)).toEqual(
      list.slice(0, 12).map((f) => f.account.username),
    );
    expect((await page('count=500')).rows).toHaveLength(50);
    expect((await page('count=junk')).rows).toHaveLength(25);
  });

  it('pauses between bursts: before every burstPages-th page, for a time in pauseMs', () => {
    const settings = { ...DEFAULT_DIALOG_SETTINGS, burstPages: 3, pauseMs: [1000, 3000] as [number, number] };
    expect([0, 1, 2, 3, 4, 5, 6].map((page) => burstPauseMs(settings, page, () => 0.5))).toEqual([
      0, 0, 0, 2000, 0, 0, 2000,
    ]);
    expect(burstPauseMs(settings, 3, () => 0)).toBe(1000);
    expect(burstPauseMs({ ...settings, burstPages: 0 }, 3)).toBe(0);
    // The default: pauses of 1–2 s, after 12 pages (144 Instagram rows, 130 on Threads).
    expect(DEFAULT_DIALOG_SETTINGS).toMatchObject({ burstPages: 12, pauseMs: [1000, 2000] });
  });

  it('set-following-dialog switches the variants until the reset; unlisted accounts are counted, not listed', async () => {
    const threadsNet = world.moduleFor('threads.net');
    expect(
      await threadsNet.admin?.('set-following-dialog', { tablist: false, windowed: true, unlisted: 13 }),
    ).toMatchObject({ tablist: false, windowed: true, unlisted: 13 });
    const names = await wholeList(INSTAGRAM, FOLLOWING_OWNER);
    expect(names).toEqual(list.slice(0, 287).map((f) => f.account.username));
    const first = (
      await world.get(`${INSTAGRAM}${FOLLOWING_ENDPOINT}?username=${FOLLOWING_OWNER}`)
    ).json<FollowingPage>();
    expect(first).toMatchObject({ following: 300, layout: { tablist: false, windowed: true } });
    expect(() => threadsNet.admin?.('set-following-dialog', { pauseMs: [3000, 1000] })).toThrow();
    expect(() => threadsNet.admin?.('set-following-dialog', { windowed: 'yes' })).toThrow();
    threadsNet.reset();
    const after = (
      await world.get(`${INSTAGRAM}${FOLLOWING_ENDPOINT}?username=${FOLLOWING_OWNER}`)
    ).json<FollowingPage>();
    expect(after.layout).toEqual({ tablist: true, windowed: false });
  });
});

describe('the home user already follows a dozen of them', () => {
  async function setup() {
    const home = new HomeHarness();
    const remote = remoteWorld();
    home.fedi.peers = (host) =>
      home.modules.find((m) => m.hosts.includes(host)) ?? remote.modules.find((m) => m.hosts.includes(host));
    // What POST /reset on the admin API does to the home server: the seeded follows must come back.
    home.module(HOME).reset();
    const { token } = await userToken(home);
    const lookup = async (username: string) =>
      (
        await home.request(
          'GET',
          `/api/v2/search?${new URLSearchParams({ q: `@${username}@threads.net`, resolve: 'true' })}`,
          { token },
        )
      ).json.accounts[0];
    const relationship = async (id: string) =>
      (await home.request('GET', `/api/v1/accounts/relationships?id[]=${id}`, { token })).json[0];
    return { home, token, lookup, relationship };
  }

  it('after every reset: search finds them without a fetch, and relationships say following', async () => {
    const { home, lookup, relationship, token } = await setup();
    for (const account of ALREADY_FOLLOWED) {
      const found = await lookup(account.username);
      expect(found).toMatchObject({
        acct: `${account.username}@threads.net`,
        display_name: account.displayName,
      });
      expect(await relationship(found.id)).toMatchObject({ following: true, requested: false });
    }
    expect(home.fedi.fetches.filter((f) => f.url.includes('threads.net'))).toEqual([]);
    const me = (await home.request('GET', '/api/v1/accounts/verify_credentials', { token })).json;
    expect(me.following_count).toBe(12);
    const state = home.admin('state');
    expect(state.follows).toEqual([]);
    expect(state.seededFollows.map((f: { acct: string }) => f.acct)).toEqual(
      ALREADY_FOLLOWED.map((a) => `${a.username}@threads.net`),
    );

    const first = await lookup(ALREADY_FOLLOWED[0]?.username ?? '');
    await home.request('POST', `/api/v1/accounts/${first.id}/unfollow`, { token });
    expect(await relationship(first.id)).toMatchObject({ following: false });
    home.module(HOME).reset();
    const again = await userToken(home);
    const after = await home.request('GET', `/api/v1/accounts/relationships?id[]=${first.id}`, {
      token: again.token,
    });
    expect(after.json[0]).toMatchObject({ id: first.id, following: true });
  });

  it('lists them in GET /accounts/:id/following, newest first, paged by Link headers, without pending requests', async () => {
    const { home, lookup, token } = await setup();
    const me = (await home.request('GET', '/api/v1/accounts/verify_credentials', { token })).json;
    const first = await home.request('GET', `/api/v1/accounts/${me.id}/following?limit=5`, { token });
    expect(first.status).toBe(200);
    expect(first.json).toHaveLength(5);
    const next = /<([^>]+)>; rel="next"/.exec(first.header('link') ?? '')?.[1];
    expect(first.header('link')).toMatch(/rel="prev"/);
    const rest = await home.request('GET', new URL(next!).pathname + new URL(next!).search, { token });
    expect(rest.json).toHaveLength(5);
    const all = await home.request('GET', `/api/v1/accounts/${me.id}/following?limit=80`, { token });
    expect(all.json.map((a: { acct: string }) => a.acct).sort()).toEqual(
      ALREADY_FOLLOWED.map((a) => `${a.username}@threads.net`).sort(),
    );
    // Not a full page: no next link.
    expect(all.header('link')).not.toMatch(/rel="next"/);
    expect([...first.json, ...rest.json].map((a: { id: string }) => a.id)).toEqual(
      all.json.slice(0, 10).map((a: { id: string }) => a.id),
    );
    // A follow request to a locked account is not a follow yet.
    const closed = await lookup(locked.username);
    await home.request('POST', `/api/v1/accounts/${closed.id}/follow`, { token });
    const after = await home.request('GET', `/api/v1/accounts/${me.id}/following?limit=80`, { token });
    expect(after.json).toHaveLength(12);
    expect((await home.request('GET', '/api/v1/accounts/999999/following', { token })).status).toBe(404);
  });

  it('resolves the others over WebFinger; the locked one stays requested, an open one is followed', async () => {
    const { home, lookup, relationship, token } = await setup();
    expect(await lookup(notOptedIn.username)).toBeUndefined();
    const open = await lookup(optedIn.username);
    const closed = await lookup(locked.username);
    expect(open).toMatchObject({ acct: `${optedIn.username}@threads.net`, locked: false });
    expect(closed).toMatchObject({ acct: `${locked.username}@threads.net`, locked: true });
    home.admin('set-accept-delay', { ms: 0 });
    await home.request('POST', `/api/v1/accounts/${open.id}/follow`, { token });
    await home.request('POST', `/api/v1/accounts/${closed.id}/follow`, { token });
    expect(await relationship(open.id)).toMatchObject({ following: true, requested: false });
    expect(await relationship(closed.id)).toMatchObject({ following: false, requested: true });
  });
});

describe('both dialogs in Chromium', { timeout: 60_000 }, () => {
  const world = remoteWorld();
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: findBrowser('chromium').path,
      args: ['--headless=new', ...CHROMIUM_QUIET_FLAGS],
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  const openPage = () => watchedPage(browser, world, { viewport: { width: 1280, height: 900 } });
  const threadsNet = world.moduleFor('threads.net');
  // No pauses between bursts here: what they do is the scanner's business (utils/people/scan.test.ts).
  beforeEach(() => {
    threadsNet.reset();
    threadsNet.admin?.('set-following-dialog', { burstPages: 0 });
  });

  /**
   * Scrolls the dialog's scroller (found as S1 finds it: the first scrollable descendant) to its bottom until the
   * trailing progressbar is gone, then returns the distinct profile links of the rows.
   */
  async function scrollToEnd(page: Page, rowLink: string): Promise<string[]> {
    await page.waitForFunction(
      () => {
        const dialog = document.querySelector('[role="dialog"]');
        if (!dialog) return false;
        const scroller = [...dialog.querySelectorAll('div')].find(
          (d) =>
            ['auto', 'scroll'].includes(getComputedStyle(d).overflowY) && d.scrollHeight > d.clientHeight,
        );
        if (scroller) scroller.scrollTop = scroller.scrollHeight;
        return dialog.querySelector('[role="progressbar"], [data-visualcompletion="loading-state"]') === null;
      },
      undefined,
      { polling: 100, timeout: 40_000 },
    );
    return page.evaluate(
      (selector) => [
        ...new Set(
          [...document.querySelectorAll(`[role="dialog"] ${selector}`)].map(
            (a) => a.getAttribute('href') ?? '',
          ),
        ),
      ],
      rowLink,
    );
  }

  it('Threads: the followers row opens the dialog; the Following tab scrolls to 300 rows; Escape closes', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${THREADS}/@${FOLLOWING_OWNER}`);
    await page.getByRole('button', { name: '48 followers' }).click();
    const following = page.locator('[role="dialog"] [role="tablist"] [role="tab"][aria-label="Following"]');
    await following.waitFor();
    expect(await following.locator('span[title]').getAttribute('title')).toBe('300');
    expect(await page.locator('[role="dialog"]').count()).toBe(1);
    expect(
      await page.evaluate(() => document.body.lastElementChild?.querySelector('[role="dialog"]') !== null),
    ).toBe(true);
    await following.locator('[role="button"]').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[role="tab"][aria-label="Following"]')?.getAttribute('aria-selected') ===
        'true',
    );
    const links = await scrollToEnd(page, 'a[role="link"][href^="/@"]');
    expect(links).toEqual(list.map((f) => `/@${f.account.username}`));
    const buttons = await page.evaluate(
      () =>
        [...document.querySelectorAll('[role="dialog"] [role="button"]')].filter(
          (b) => b.textContent === 'Following',
        ).length,
    );
    expect(buttons).toBe(300);
    expect(page.url()).toBe(`${THREADS}/@${FOLLOWING_OWNER}`);
    await page.keyboard.press('Escape');
    expect(await page.locator('[role="dialog"]').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Instagram: the following link opens the dialog at /<owner>/following/; it scrolls to 300 rows; Close returns', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${INSTAGRAM}/${FOLLOWING_OWNER}/`);
    await page.click(`a[href="/${FOLLOWING_OWNER}/following/"]`);
    await page.locator('[role="dialog"]').waitFor();
    expect(page.url()).toBe(`${INSTAGRAM}/${FOLLOWING_OWNER}/following/`);
    const links = await scrollToEnd(page, 'a[role="link"][href]');
    expect(links).toEqual(list.map((f) => `/${f.account.username}/`));
    const buttons = await page.locator('[role="dialog"] button', { hasText: 'Following' }).count();
    expect(buttons).toBe(300);
    await page.click('[role="dialog"] svg[aria-label="Close"]');
    expect(await page.locator('[role="dialog"]').count()).toBe(0);
    expect(page.url()).toBe(`${INSTAGRAM}/${FOLLOWING_OWNER}/`);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Instagram: opening /<owner>/following/ directly shows the dialog over the profile', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${INSTAGRAM}/${FOLLOWING_OWNER}/following/`);
    const dialog = page.locator('[role="dialog"]');
    await dialog.locator('a[role="link"][href]').first().waitFor();
    expect(await dialog.locator('h1').textContent()).toBe('Following');
    expect(await dialog.locator('input[placeholder="Search"]').count()).toBe(1);
    expect(await page.textContent('header section h2')).toBe(FOLLOWING_OWNER);
    await page.keyboard.press('Escape');
    await page.waitForURL(`${INSTAGRAM}/${FOLLOWING_OWNER}/`, { timeout: 5000 });
    expect(await dialog.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Threads, tablist switched off: the same tabs with no [role=tablist] around them', async () => {
    threadsNet.admin?.('set-following-dialog', { tablist: false, burstPages: 0 });
    const { page, problems } = await openPage();
    await page.goto(`${THREADS}/@${FOLLOWING_OWNER}`);
    await page.getByRole('button', { name: '48 followers' }).click();
    const following = page.locator('[role="dialog"] [role="tab"][aria-label="Following"]');
    await following.waitFor();
    expect(await page.locator('[role="dialog"] [role="tablist"]').count()).toBe(0);
    expect(await page.locator('[role="dialog"] [role="tab"]').count()).toBe(2);
    await following.locator('[role="button"]').click();
    await page.waitForFunction(
      () =>
        document.querySelector('[role="tab"][aria-label="Following"]')?.getAttribute('aria-selected') ===
        'true',
    );
    expect(await scrollToEnd(page, 'a[role="link"][href^="/@"]')).toEqual(
      list.map((f) => `/@${f.account.username}`),
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('Instagram, windowed: at most 15 rows, their nodes reused, padding for the rest; read a screen at a time', async () => {
    threadsNet.admin?.('set-following-dialog', { windowed: true, burstPages: 0 });
    const { page, problems } = await openPage();
    await page.goto(`${INSTAGRAM}/${FOLLOWING_OWNER}/following/`);
    await page.locator('[role="dialog"] a[role="link"][href]').first().waitFor();
    expect(
      await page
        .locator('[role="dialog"] [data-visualcompletion="loading-state"] svg[aria-label="Loading..."]')
        .count(),
    ).toBe(1);
    const read = await page.evaluate(async () => {
      const dialog = document.querySelector('[role="dialog"]')!;
      const scroller = [...dialog.querySelectorAll('div')].find(
        (d) => getComputedStyle(d).overflowY === 'auto' && d.scrollHeight > d.clientHeight,
      )!;
      const seen: string[] = [];
      let most = 0;
      const firstRow = dialog.querySelector('a[role="link"][href]')!;
      const hrefsOfFirstRow = new Set<string>();
      const frame = () =>
        new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      let idle = 0;
      for (let quiet = 0; quiet < 40;) {
        const links = [...dialog.querySelectorAll('a[role="link"][href]')];
        most = Math.max(most, links.length);
        hrefsOfFirstRow.add(firstRow.getAttribute('href') ?? '');
        for (const link of links) {
          const href = link.getAttribute('href') ?? '';
          if (!seen.includes(href)) seen.push(href);
        }
        const before = scroller.scrollTop;
        scroller.scrollTop += scroller.clientHeight * 0.9;
        await frame();
        if (scroller.scrollTop === before) {
          // The end: no loading state for a whole second (the loader comes and goes between pages on a busy
          // machine). 40 quiet steps in a row (4 s with no new page) is a stuck list, not a slow machine.
          idle = dialog.querySelector('[data-visualcompletion="loading-state"]') ? 0 : idle + 1;
          if (idle >= 10) break;
          quiet += 1;
          await new Promise((resolve) => setTimeout(resolve, 100));
        } else {
          quiet = 0;
          idle = 0;
        }
      }
      const padded = (
        dialog.querySelector('a[role="link"]')!.closest('[style*="padding-bottom"]') as HTMLElement
      ).style.paddingTop;
      return { seen, most, reused: hrefsOfFirstRow.size, connected: firstRow.isConnected, padded };
    });
    expect(read.seen).toEqual(list.map((f) => `/${f.account.username}/`));
    expect(read.most).toBeLessThanOrEqual(15);
    expect(read.reused).toBeGreaterThan(10);
    expect(read.connected).toBe(true);
    expect(Number.parseInt(read.padded, 10)).toBeGreaterThan(1000);
    expect(problems).toEqual([]);
    await page.close();
  });
});
