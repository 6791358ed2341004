import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { bareProfileHosts } from '@/utils/background/known-hosts';
import { isKnownHost, rememberHost } from '@/utils/background/known-hosts';
import {
  COMMAND,
  listenForOpenAtHome,
  openPageHandlers,
  resolveForPage,
  syncOpenAtHome,
  viewOriginal,
} from '@/utils/background/open-navigation';
import { allowOriginal, isAllowed, ORIGINAL_ALLOWED_MS } from '@/utils/background/redirect-rules';
import { featuresItem, homeServerItem, neverRedirectItem } from '@/utils/storage';
import { HOME, setUpHome } from './follow-fakes';
import { fakeNavigationApis, type FakeNavigationApis } from './navigation-fakes';
import { fakeHomeServers, type FakeHomeServers } from './open-fakes';

const START = Date.UTC(2025, 5, 1, 12, 0, 0);
const OPENING = 'chrome-extension://test-extension-id/redirect.html';
const POST = 'https://remote.example/@bob/113456789012345678';
/** A Lemmy post: its id is this server's own, so the URL alone says nothing about the original. */
const COPY = 'https://lemmy.copy.example/post/42';
const ORIGIN_ID = 'https://lemmy.origin.example/post/7';
const TAB = { id: 7 } as Browser.tabs.Tab;
let apis: FakeNavigationApis;
let net: FakeHomeServers;
/** Pages of other servers, by URL: what they answer a request for ActivityPub JSON. */
let remote: Map<string, () => Response>;
let remoteCalls: string[];

function activityJson(id: string): Response {
  return new Response(JSON.stringify({ id, type: 'Page' }), {
    headers: { 'content-type': 'application/activity+json; charset=utf-8' },
  });
}

function htmlPage(): Response {
  return new Response('<html><body>A post</body></html>', { headers: { 'content-type': 'text/html' } });
}

beforeEach(async () => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  apis = fakeNavigationApis();
  apis.install();
  net = fakeHomeServers();
  net.addServer(HOME);
  remote = new Map();
  remoteCalls = [];
  vi.stubGlobal('fetch', (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new Request(input, init).url;
    const page = remote.get(url);
    if (!page) return net.fetch(input, init);
    remoteCalls.push(url);
    return Promise.resolve(page());
  });
  await featuresItem.setValue({ followButtons: true, openAtHome: true });
  await setUpHome();
  apis.grantAllSites();
});

afterEach(async () => {
  // 'open:page' starts a sync it does not wait for: let it finish inside this test.
  await syncOpenAtHome();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function page(url: string, more: { activityId?: string | null; referrer?: string } = {}, tab = TAB) {
  return openPageHandlers['open:page']({ url, activityId: null, referrer: '', ...more }, tab);
}

const searches = () => net.calls.filter((call) => call.url.pathname === '/api/v2/search');

describe("'open:page'", () => {
  it('sends a post of another server to the Opening page', async () => {
    expect(await page(POST)).toEqual({ redirect: `${OPENING}#${POST}` });
  });

  it('passes the ActivityPub id along as ap=, for a local id too', async () => {
    const { redirect } = await page(COPY, { activityId: ORIGIN_ID });
    // Node's URL gives chrome-extension: origins as "null": compare the address's parts as text.
    const [base, rest = ''] = (redirect ?? '').split('?');
    const [query = '', hash] = rest.split('#');
    expect(base).toBe(OPENING);
    expect([...new URLSearchParams(query)]).toEqual([['ap', ORIGIN_ID]]);
    expect(hash).toBe(COPY);
  });

  it.each([
    ['the switch is off', () => featuresItem.setValue({ followButtons: true, openAtHome: false })],
    ['no server is set', () => homeServerItem.setValue(null)],
    ['the permission is missing', () => Promise.resolve(apis.grantAllSites(false))],
  ])('lets the page be when %s', async (_name, turnOff) => {
    await turnOff();
    expect(await page(POST)).toEqual({ redirect: null });
  });

  it('lets the home server’s pages be, under either of its names', async () => {
    await homeServerItem.setValue({
      host: 'social.wd.example',
      localDomain: 'wd.example',
      title: 'WD',
      software: 'mastodon',
      version: '4.5.0',
    });
    expect(await page('https://social.wd.example/@maya/1')).toEqual({ redirect: null });
    expect(await page('https://wd.example/@maya/1')).toEqual({ redirect: null });
    expect((await page(POST)).redirect).not.toBeNull();
  });

  it('lets an original asked for with Alt-click be (an empty query), and still learns its host', async () => {
    expect(await page('https://unknown.example/@bob/1?')).toEqual({ redirect: null });
    expect(await page('https://unknown.example/@bob/1?lang=en&')).toEqual({ redirect: null });
    expect(await isKnownHost('unknown.example')).toBe(true);
    expect((await page('https://unknown.example/@bob/1?lang=en')).redirect).not.toBeNull();
  });

  it('lets never-redirect sites and their subdomains be', async () => {
    await neverRedirectItem.setValue(['remote.example']);
    expect(await page(POST)).toEqual({ redirect: null });
    expect(await page('https://sub.remote.example/@bob/1')).toEqual({ redirect: null });
    expect((await page('https://notremote.example/@bob/1')).redirect).not.toBeNull();
  });

  it('lets a page opened from the home server be (its "open original page" link)', async () => {
    expect(await page(POST, { referrer: `https://${HOME}/@bob@remote.example/1` })).toEqual({
      redirect: null,
    });
    expect((await page(POST, { referrer: 'https://elsewhere.example/' })).redirect).not.toBeNull();
    expect((await page(POST, { referrer: 'not a url' })).redirect).not.toBeNull();
  });

  it('lets a URL be that this tab was allowed within the minute', async () => {
    await allowOriginal(TAB.id ?? 0, POST);
    expect(await page(POST)).toEqual({ redirect: null });
    expect((await page(POST, {}, { id: 8 } as Browser.tabs.Tab)).redirect).not.toBeNull();
    vi.setSystemTime(START + ORIGINAL_ALLOWED_MS);
    expect((await page(POST)).redirect).not.toBeNull();
  });

  it('lets a local id without an ActivityPub id be: only the page knows the original', async () => {
    expect(await page(COPY)).toEqual({ redirect: null });
    expect(await page(COPY, { activityId: 'http://lemmy.origin.example/post/7' })).toEqual({
      redirect: null,
    });
  });

  it.each(['https://remote.example/about', 'https://remote.example/', 'https://blog.example/2024/05/a-post'])(
    'lets %s be: no detector recognises it',
    async (url) => {
      expect(await page(url, { activityId: 'https://remote.example/notes/1' })).toEqual({ redirect: null });
    },
  );

  it('records the host as a fediverse host, and updates the rules for it', async () => {
    expect(await isKnownHost('new.example')).toBe(false);
    await page('https://new.example/@ann/1');
    expect(await isKnownHost('new.example')).toBe(true);
    await syncOpenAtHome();
    expect(apis.dynamicRules()[0]?.condition.requestDomains).toEqual(['new.example']);
  });

  it('records the host even while redirects are off', async () => {
    await featuresItem.setValue({ followButtons: true, openAtHome: false });
    await page('https://new.example/about');
    expect(await isKnownHost('new.example')).toBe(true);
  });

  it.each([
    'https://www.threads.com/@zuck/post/C1a2b3c4d5e',
    'https://threads.net/@zuck',
    'https://www.instagram.com/zuck/',
    'https://instagram.com/p/C1a2b3c4d5e/',
  ])('never makes %s a known host', async (url) => {
    await page(url);
    expect(await isKnownHost(new URL(url).hostname)).toBe(false);
  });

  it('never throws on junk, and never redirects for it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), fc.option(fc.integer(), { nil: undefined }), async (payload, id) => {
        const answer = await openPageHandlers['open:page'](payload as never, { id } as Browser.tabs.Tab);
        expect(answer).toEqual({ redirect: null });
      }),
      { numRuns: 200 },
    );
  });

  it('ignores a tab without an id and non-https URLs', async () => {
    expect(await page(POST, {}, {} as Browser.tabs.Tab)).toEqual({ redirect: null });
    expect(await page(POST.replace('https:', 'http:'))).toEqual({ redirect: null });
    expect(await page(`https://remote.example/@bob/${'1'.repeat(2100)}`)).toEqual({ redirect: null });
  });
});

describe("'open:original'", () => {
  it('lets the tab load that URL for the minute', async () => {
    expect(await openPageHandlers['open:original']({ url: POST }, TAB)).toEqual({ ok: true });
    expect(await isAllowed(7, POST)).toBe(true);
    expect(await isAllowed(8, POST)).toBe(false);
  });

  it('ignores junk', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (payload) => {
        expect(await openPageHandlers['open:original'](payload as never, TAB)).toEqual({ ok: true });
      }),
      { numRuns: 100 },
    );
    expect(apis.sessionRules()).toEqual([]);
  });
});

describe('resolveForPage', () => {
  it('allows the original for the tab, then resolves the URL', async () => {
    net.publish(HOME, POST, { status: { id: '1200', acct: 'bob@remote.example' } });
    expect(await resolveForPage({ url: POST }, 7)).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example/1200`,
    });
    expect(await isAllowed(7, POST)).toBe(true);
    expect(remoteCalls).toEqual([]);
  });

  it('asks the server for the canonical id of a local id, and resolves that', async () => {
    remote.set(COPY, () => activityJson(ORIGIN_ID));
    net.publish(HOME, ORIGIN_ID, { status: { id: '2', acct: 'alex@lemmy.origin.example' } });
    expect(await resolveForPage({ url: COPY }, 7)).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@alex@lemmy.origin.example/2`,
    });
    expect(remoteCalls).toEqual([COPY]);
    expect(searches().map((call) => call.url.searchParams.get('q'))).toEqual([ORIGIN_ID]);
  });

  it('loads the original when the server of a local id only serves HTML', async () => {
    remote.set(COPY, htmlPage);
    expect(await resolveForPage({ url: COPY }, 7)).toEqual({ kind: 'load-original' });
    expect(searches()).toEqual([]);
    expect(await isAllowed(7, COPY)).toBe(true);
  });

  it('uses the ActivityPub id the page gave, without asking the page’s server', async () => {
    remote.set(COPY, () => activityJson('https://wrong.example/post/1'));
    net.publish(HOME, ORIGIN_ID, { status: { id: '2', acct: 'alex@lemmy.origin.example' } });
    expect((await resolveForPage({ url: COPY, activityId: ORIGIN_ID }, 7)).kind).toBe('found');
    expect(remoteCalls).toEqual([]);
  });

  it('learns that a host keeps profiles at a bare /<username>, and then resolves them before they load', async () => {
    const profile = 'https://pixelfed.example/erin';
    expect(await resolveForPage({ url: profile }, 6)).toEqual({ kind: 'load-original' });
    // The page showed its ActivityPub id, a profile shape on the same host: it goes home, and the host is noted.
    const { redirect } = await page(profile, { activityId: 'https://pixelfed.example/users/erin' });
    expect(redirect).not.toBeNull();
    expect(await bareProfileHosts()).toEqual(['pixelfed.example']);
    net.publish(HOME, 'https://pixelfed.example/gus', { account: { acct: 'gus@pixelfed.example' } });
    expect(await resolveForPage({ url: 'https://pixelfed.example/gus' }, 8)).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@gus@pixelfed.example`,
    });
    // An ActivityPub id on another host proves nothing about this one.
    expect(
      (await page('https://blog.example/erin', { activityId: 'https://pixelfed.example/users/erin' }))
        .redirect,
    ).toBeNull();
  });

  it('loads what no detector recognises, unless the person asked for it', async () => {
    const url = 'https://blog.example/2024/05/a-post';
    net.publish(HOME, url, { status: { id: '5', acct: 'blog@blog.example' } });
    expect(await resolveForPage({ url }, 7)).toEqual({ kind: 'load-original' });
    expect(net.calls).toEqual([]);
    expect(await resolveForPage({ url, explicit: true }, 7)).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@blog@blog.example/5`,
    });
    expect(remoteCalls).toEqual([]);
  });

  it('resolves an explicit local id as it is when its server will not say more', async () => {
    remote.set(COPY, htmlPage);
    net.publish(HOME, COPY, { status: { id: '3', acct: 'alex@lemmy.origin.example' } });
    expect(await resolveForPage({ url: COPY, explicit: true }, 7)).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@alex@lemmy.origin.example/3`,
    });
    expect(searches().map((call) => call.url.searchParams.get('q'))).toEqual([COPY]);
  });

  it('allows nothing without a tab, and hands anything but an https URL to resolveTarget', async () => {
    net.publish(HOME, POST, { status: { id: '1200', acct: 'bob@remote.example' } });
    expect((await resolveForPage({ url: POST }, undefined)).kind).toBe('found');
    expect(apis.sessionRules()).toEqual([]);
    expect((await resolveForPage({ url: 'javascript:alert(1)' }, 7)).kind).toBe('failed');
    expect((await resolveForPage(null, 7)).kind).toBe('failed');
    expect(apis.sessionRules()).toEqual([]);
  });

  it('remembers the original, so that the shortcut goes back to it from the home copy', async () => {
    const homeUrl = `https://${HOME}/@bob@remote.example/1200`;
    net.publish(HOME, POST, { status: { id: '1200', acct: 'bob@remote.example' } });
    await resolveForPage({ url: POST }, 7);
    listenForOpenAtHome();
    vi.setSystemTime(START + ORIGINAL_ALLOWED_MS + 1);
    apis.pressShortcut(COMMAND, { id: 9, url: homeUrl } as Browser.tabs.Tab);
    await vi.waitFor(() => expect(apis.tabUpdates).toEqual([{ tabId: 9, url: POST }]));
    expect(await isAllowed(9, POST)).toBe(true);
  });

  it('sends a remote page to the Opening page with the shortcut', async () => {
    listenForOpenAtHome();
    apis.pressShortcut(COMMAND, { id: 9, url: POST } as Browser.tabs.Tab);
    await vi.waitFor(() =>
      expect(apis.tabUpdates).toEqual([{ tabId: 9, url: `${OPENING}?via=request#${POST}` }]),
    );
  });
});

describe('viewOriginal', () => {
  it('allows the URL for the tab, then takes the tab there', async () => {
    expect(await viewOriginal({ url: POST }, 7)).toEqual({ ok: true });
    expect(apis.tabUpdates).toEqual([{ tabId: 7, url: POST }]);
    expect(apis.log).toEqual(['updateSessionRules', 'tabs.update']);
    expect(await isAllowed(7, POST)).toBe(true);
  });

  it.each([
    [{ url: POST }, undefined],
    [{ url: 'http://remote.example/@bob/1' }, 7],
    [{ url: 'javascript:alert(1)' }, 7],
    [null, 7],
    ['https://remote.example/@bob/1', 7],
  ])('does nothing for %j in tab %s', async (payload, tabId) => {
    expect(await viewOriginal(payload, tabId)).toEqual({ ok: true });
    expect(apis.log).toEqual([]);
  });
});

describe('syncOpenAtHome', () => {
  it('registers the Alt-click script in the page’s world away from the home server, and the menu, while active', async () => {
    await rememberHost('remote.example');
    await syncOpenAtHome();
    expect(apis.scripts).toEqual([
      {
        id: 'homeward-alt-click',
        js: ['alt-click.js'],
        matches: ['https://*/*'],
        excludeMatches: [`https://${HOME}/*`],
        // After the page's own scripts: the page's world exists by then, and a click can only come later.
        runAt: 'document_idle',
        world: 'MAIN',
        persistAcrossSessions: true,
      },
    ]);
    expect(apis.menus.map((menu) => menu.title)).toEqual([`Open on ${HOME}`]);
    expect(apis.navigate(POST)).toBe(`${OPENING}#${POST}`);
  });

  it('removes the every-page marker script an earlier version registered', async () => {
    await fakeBrowser.scripting.registerContentScripts([
      { id: 'homeward-fediverse-markers', js: ['fediverse-markers.js'], matches: ['https://*/*'] },
    ]);
    await syncOpenAtHome();
    expect(apis.scripts.map((script) => script.id)).toEqual(['homeward-alt-click']);
  });

  it('leaves the Alt-click script alone when nothing changed', async () => {
    await syncOpenAtHome();
    await syncOpenAtHome();
    expect(apis.log.filter((call) => call.endsWith('ContentScripts'))).toEqual(['registerContentScripts']);
  });

  it('removes the rules and the Alt-click script when the permission goes', async () => {
    await rememberHost('remote.example');
    await syncOpenAtHome();
    apis.grantAllSites(false);
    await syncOpenAtHome();
    expect(apis.scripts).toEqual([]);
    expect(apis.dynamicRules()).toEqual([]);
    // The menu needs no permission: it is the person's own request.
    expect(apis.menus).toHaveLength(1);
  });
});

describe('reading a loaded page’s markers', () => {
  beforeEach(() => listenForOpenAtHome());

  it.each([
    ['a post address on an unknown host', 'https://unknown.example/@bob/113456789012345678', true],
    ['a profile address', 'https://unknown.example/users/bob', true],
    ['a copy of a remote post', 'https://remote.example/@carol@akkoma.example/1', true],
    ['an ordinary page', 'https://news.example/', false],
    ['an ordinary article', 'https://news.example/hours', false],
    ['an ordinary deep page', 'https://news.example/2026/11/gardening', false],
    ['the home server', `https://${HOME}/@bob/1`, false],
    // Read (its host may become known), and answered with no redirect: see 'open:page'.
    ['an original asked for with Alt-click', 'https://unknown.example/@bob/1?', true],
    ['http', 'http://unknown.example/@bob/1', false],
  ])('%s: %s → %s', async (_what, url, read) => {
    apis.loadTab(5, url);
    // Whatever it decides, it decides after a few storage reads.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(apis.injected).toEqual(read ? [{ tabId: 5, file: '/fediverse-markers.js' }] : []);
  });

  it('reads a bare /<name> page only on a host known to be fediverse', async () => {
    apis.loadTab(5, 'https://pixelfed.example/erin');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(apis.injected).toEqual([]);
    await rememberHost('pixelfed.example');
    apis.loadTab(6, 'https://pixelfed.example/erin');
    await vi.waitFor(() => expect(apis.injected).toEqual([{ tabId: 6, file: '/fediverse-markers.js' }]));
  });

  it('reads nothing while redirects are off, or on a never-listed site', async () => {
    apis.grantAllSites(false);
    apis.loadTab(5, 'https://unknown.example/@bob/1');
    apis.grantAllSites(true);
    await neverRedirectItem.setValue(['unknown.example']);
    apis.loadTab(6, 'https://unknown.example/@bob/1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(apis.injected).toEqual([]);
  });
});
