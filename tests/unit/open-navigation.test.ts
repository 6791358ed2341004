import fc from 'fast-check';
import { oneAccount } from './one-account';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { bareProfileHosts } from '@/utils/open-at-home/known-hosts';
import { isKnownHost, rememberHost } from '@/utils/open-at-home/known-hosts';
import { COMMAND, listenForOpenAtHome } from '@/utils/open-at-home/navigation';
import { resolveForPage, resolveOnCommit, viewOriginal } from '@/utils/open-at-home/opening';
import { openPageHandlers } from '@/utils/open-at-home/page-markers';
import { syncOpenAtHome } from '@/utils/open-at-home/sync';
import { issueTicket, redeemTicket } from '@/utils/open-at-home/opening-tickets';
import { allowOriginal, isAllowed, ORIGINAL_ALLOWED_MS } from '@/utils/open-at-home/redirect-rules';
import { forgetTab, previousTabHost, rememberTabHost } from '@/utils/open-at-home/tab-hosts';
import type { OpenTarget } from '@/utils/open-at-home/protocol';
import {
  accountKey,
  accountsItem,
  featuresItem,
  homeServerItem,
  neverRedirectItem,
  webClientItem,
} from '@/utils/storage';
import { accountCredentialsSecret } from '@/utils/storage/secrets';
import {
  DIRECT_RULES_MAX,
  directBasis,
  directGeneration,
  exactFilter,
  forgetDirectRules,
  goDirect,
  LAST_DIRECT_ID,
} from '@/utils/open-at-home/direct-rules';
import { OPEN_CACHE_TTL_MS } from '@/utils/open-at-home/resolve';
import { findThreadsAccount } from '../../sandbox/remote';
import { threadsPostsOf } from '../../sandbox/remote/threads-content';
import { backgroundTest, HOME, START } from './background';
import { fakeNavigationApis, type FakeNavigationApis } from './navigation-fakes';
import { WEB_DOMAIN_SERVER } from './account-fixtures';

const OPENING = 'chrome-extension://test-extension-id/opening.html';
/** bob's post on remote.example (sandbox/remote/fediverse/servers.ts). */
const POST = 'https://remote.example/@bob/113456789012345678';
const POST_ID = 'https://remote.example/users/bob/statuses/113456789012345678';
/** A Lemmy copy: its id is lemmy.example's own, so the URL alone says nothing about the original (on lemmy2). */
const COPY = 'https://lemmy.example/post/77';
const ORIGIN_ID = 'https://lemmy2.example/post/12';
/** remote.example's copy of carol's Akkoma notice: Mastodon serves its web app there, HTML only. */
const HTML_COPY = 'https://remote.example/@carol@akkoma.example/113500000000000001';
const HTML_COPY_ID = 'https://akkoma.example/objects/c0ffee00-1a2b-4c3d-8e9f-0123456789ab';
/**
 * A post at an address no detector recognises: a blog's (WordPress with its ActivityPub plugin, say). The
 * sandbox has no such software, so the home server's answer for blog.example addresses is given here: the
 * status it would have resolved.
 */
const UNRECOGNISED = 'https://blog.example/2024/05/a-post';
function blogResolvesAtHome(): void {
  bg.fail({
    host: HOME,
    pathPrefix: `/api/v2/search?q=${encodeURIComponent('https://blog.example/')}`,
    answer: {
      status: 200,
      body: {
        accounts: [],
        statuses: [
          {
            id: '5',
            uri: UNRECOGNISED,
            url: UNRECOGNISED,
            account: { id: '50', username: 'blog', acct: 'blog@blog.example' },
          },
        ],
        hashtags: [],
      },
    },
  });
}
const TAB = { id: 7 } as Browser.tabs.Tab;
const bg = backgroundTest();
let apis: FakeNavigationApis;

/** The extension's requests to other servers than the home server (the canonical-id fetches). */
const remoteCalls = () =>
  bg
    .calls()
    .filter((c) => c.host !== HOME)
    .map((c) => c.url.href);
/** Where the home server opens a status it resolved, by the status's ActivityPub id. */
async function atHome(acct: string, uri: string): Promise<string> {
  return `https://${HOME}/@${acct}/${await bg.statusId(uri)}`;
}

beforeEach(async () => {
  apis = fakeNavigationApis();
  apis.install();
  await featuresItem.setValue({ followButtons: true, openAtHome: true });
  await bg.connect();
  apis.grantAllSites();
});

afterEach(async () => {
  // 'open:page' starts a sync it does not wait for: let it finish inside this test.
  await syncOpenAtHome();
});

/**
 * The marker script's question, and where the page goes: Chromium's answer is a reload that a one-shot session
 * rule for the tab sends to the Opening page (`sendThroughOnce`), so `redirect` here is that rule's destination.
 */
async function page(
  url: string,
  more: { activityId?: string | null; referrer?: string; workerAnswered?: boolean } = {},
  tab = TAB,
): Promise<{ redirect: string | null }> {
  const answer = await openPageHandlers['open:page']({ url, activityId: null, referrer: '', ...more }, tab);
  if (!answer.reload) return answer;
  expect(answer.redirect).toBeNull();
  const rule = (await sendThroughRules(tab.id!)).find((rule) =>
    new RegExp(rule.condition.regexFilter!).test(url.split('#')[0]!),
  );
  expect(rule, `a one-shot rule for ${url}`).toBeDefined();
  return { redirect: rule!.action.redirect!.url! };
}

/** The tab's one-shot redirects (`sendThroughOnce`). */
async function sendThroughRules(tabId: number) {
  return (await fakeBrowser.declarativeNetRequest.getSessionRules()).filter(
    (rule) => rule.action.type === 'redirect' && rule.condition.tabIds?.includes(tabId) === true,
  );
}

const searches = () => bg.calls().filter((call) => call.url.pathname === '/api/v2/search');

/** What the browser says of a message from the Opening page in tab `id`'s top frame. */
const inTab = (id = 7) => ({ tab: { id }, frameId: 0 });

/** The Opening page of a target the background made (a ticket for the tab), asking to resolve. */
async function opened(target: OpenTarget, tabId = 7) {
  const ticket = await issueTicket(target, tabId);
  return resolveForPage({ url: target.url, ticket }, inTab(tabId));
}

/** Splits an Opening page address: its ticket and the URL after `#`. */
function addressParts(address: string | null): { base: string; ticket: string | null; hash: string } {
  // Node's URL gives chrome-extension: origins as "null": compare the address's parts as text.
  const [before = '', hash = ''] = (address ?? '').split('#');
  const [base = '', query = ''] = before.split('?');
  return { base, ticket: new URLSearchParams(query).get('t'), hash };
}

describe("'open:page'", () => {
  it('sends a post of another server to the Opening page, with a ticket for this tab', async () => {
    const { base, ticket, hash } = addressParts((await page(POST)).redirect);
    expect([base, hash]).toEqual([OPENING, POST]);
    expect(await redeemTicket(ticket, POST, 8)).toBeNull();
    expect(await redeemTicket(ticket, POST, 7)).toEqual({ url: POST });
  });

  it('answers at once while the home server hangs: a sync waiting for its peers holds nothing up', async () => {
    const gate = bg.hold({ host: HOME, pathPrefix: '/api/v1/instance/peers' });
    // The sync at start asks for the peers (never asked yet) and waits for them.
    const starting = syncOpenAtHome();
    await vi.waitFor(() => expect(gate.arrived).toBe(1));
    // remote.example is new to this browser: its markers make rules, which the answer waits for.
    const { base } = addressParts((await page(POST)).redirect);
    expect(base).toBe(OPENING);
    expect(await isKnownHost('remote.example')).toBe(true);
    expect(gate.arrived).toBe(1);
    gate.open();
    await starting;
  });

  it('in Chromium answers with a reload that one rule, for this tab alone, sends to the Opening page once', async () => {
    const answer = await openPageHandlers['open:page'](
      { url: `${POST}#reply`, activityId: null, referrer: '' },
      TAB,
    );
    // The page never holds the Opening page's address: its own navigate event would show it.
    expect(answer).toEqual({ redirect: null, reload: true });
    const [rule, ...more] = await sendThroughRules(7);
    expect(more).toEqual([]);
    expect(rule!.condition).toMatchObject({ tabIds: [7], resourceTypes: ['main_frame'] });
    expect(rule!.priority).toBeGreaterThan(2);
    const pattern = new RegExp(rule!.condition.regexFilter!);
    expect([POST, `${POST}/`, `${POST}?x`].map((url) => pattern.test(url))).toEqual([true, false, false]);
    // It is not this tab's exemption from the redirect rules.
    expect(await isAllowed(7, POST)).toBe(false);
    // Another page in the tab replaces it; the Opening page's first question ends it.
    await page('https://remote.example/@bob/2');
    const [other, ...none] = await sendThroughRules(7);
    expect([other!.id === rule!.id, none]).toEqual([false, []]);
    const { ticket } = addressParts(other!.action.redirect!.url!);
    await resolveForPage({ url: 'https://remote.example/@bob/2', ticket }, inTab(7));
    expect(await sendThroughRules(7)).toEqual([]);
  });

  it('sends a page that asks again while its rule waits by location.replace: its reload never reached the rules', async () => {
    await page(POST);
    // A service worker answered the reload itself (Misskey's does for every page): the markers are read again.
    const again = await openPageHandlers['open:page']({ url: POST, activityId: null, referrer: '' }, TAB);
    expect(again.reload).toBeUndefined();
    const { base, ticket, hash } = addressParts(again.redirect);
    expect([base, hash]).toEqual([OPENING, POST]);
    expect(await redeemTicket(ticket, POST, 7)).toEqual({ url: POST });
    expect(await sendThroughRules(7)).toEqual([]);
  });

  it('removes a one-shot rule 15 s after making it, whatever else happens', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout'] });
    vi.setSystemTime(START);
    await page(POST);
    await vi.advanceTimersByTimeAsync(14_000);
    expect(await sendThroughRules(7)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await sendThroughRules(7)).toEqual([]);
  });

  it('lets a one-shot rule nobody used go after 15 s', async () => {
    await page(POST);
    vi.setSystemTime(Date.now() + 16_000);
    await page('https://remote.example/@carol/2', {}, { id: 9 } as Browser.tabs.Tab);
    expect(await sendThroughRules(7)).toEqual([]);
    expect(await sendThroughRules(9)).toHaveLength(1);
  });

  it('drops an id on another host when the address names its object itself: the page cannot choose it', async () => {
    const { redirect } = await page(POST, { activityId: 'https://elsewhere.example/ap/notes/1' });
    const { ticket } = addressParts(redirect);
    expect(await redeemTicket(ticket, POST, 7)).toEqual({ url: POST });
  });

  it('never learns a name past its lists with a trailing dot', async () => {
    await page(`https://${HOME}./@maya/1`);
    await page('https://www.threads.com./@zuck/post/C1a2b3c4d5e');
    expect(await isKnownHost(`${HOME}.`)).toBe(false);
    expect(await isKnownHost(HOME)).toBe(false);
    expect(await isKnownHost('www.threads.com')).toBe(false);
  });

  it('keeps the ActivityPub id in the ticket, never in the address', async () => {
    const { redirect } = await page(COPY, { activityId: ORIGIN_ID });
    expect(redirect).not.toContain(encodeURIComponent(ORIGIN_ID));
    const { ticket, hash } = addressParts(redirect);
    expect(hash).toBe(COPY);
    expect(await redeemTicket(ticket, COPY, 7)).toEqual({ url: COPY, activityId: ORIGIN_ID });
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
    await homeServerItem.setValue(WEB_DOMAIN_SERVER);
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

  it('lets a page its service worker answered be when the tab came from the home server (Firefox drops its referrer)', async () => {
    await rememberTabHost(TAB.id!, HOME);
    // The question may come before the tab's update that names the page, or after it.
    expect(await page(POST, { workerAnswered: true })).toEqual({ redirect: null });
    await rememberTabHost(TAB.id!, 'remote.example');
    expect(await page(POST, { workerAnswered: true })).toEqual({ redirect: null });
    // Only for a page a worker answered: a typed address from the home server's tab still goes home.
    expect((await page(POST)).redirect).not.toBeNull();
    // And only from the home server.
    await rememberTabHost(TAB.id!, 'elsewhere.example');
    await rememberTabHost(TAB.id!, 'remote.example');
    expect((await page(POST, { workerAnswered: true })).redirect).not.toBeNull();
    await forgetTab(TAB.id!);
    expect(await previousTabHost(TAB.id!, 'remote.example')).toBeNull();
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

describe('resolveForPage', () => {
  it('resolves the URL and leaves the original closed to the tab: the same link clicked again goes home again', async () => {
    const outcome = await opened({ url: POST });
    expect(outcome).toEqual({ kind: 'found', homeUrl: await atHome('bob@remote.example', POST_ID) });
    expect(await isAllowed(7, POST)).toBe(false);
    expect(remoteCalls()).toEqual([]);
  });

  it('opens with another connected account when the page asks for it by position', async () => {
    const home = (await oneAccount.getValue())!;
    const other = {
      ...home,
      host: WEB_DOMAIN_SERVER.host,
      account: { ...home.account, id: '5', handle: 'maya@wd.example' },
      server: WEB_DOMAIN_SERVER,
    };
    await accountsItem.setValue([home, other]);
    await accountCredentialsSecret.setValue({
      ...(await accountCredentialsSecret.getValue()),
      [accountKey(other)]: {
        host: other.host,
        clientId: 'cid',
        clientSecret: 'secret',
        accessToken: await bg.tokenOn(WEB_DOMAIN_SERVER.host),
        scope: 'read',
      },
    });
    const ticket = await issueTicket({ url: POST }, 7);
    const outcome = await resolveForPage({ url: POST, ticket, account: 2 }, inTab(7));
    expect(outcome).toMatchObject({ kind: 'found' });
    expect((outcome as { homeUrl: string }).homeUrl).toMatch(
      /^https:\/\/social\.wd\.example\/@bob@remote\.example\//,
    );
  });

  it('lets the tab load the original when it is not for home after all', async () => {
    const outcome = await opened({ url: HTML_COPY });
    expect(outcome).toEqual({ kind: 'load-original' });
    expect(await isAllowed(7, HTML_COPY)).toBe(true);
  });

  it('asks the server for the canonical id of a local id, and resolves that', async () => {
    // Lemmy answers a copy with a redirect to the original, whose server gives its id.
    const outcome = await opened({ url: COPY });
    expect(outcome).toEqual({ kind: 'found', homeUrl: await atHome('gus@lemmy2.example', ORIGIN_ID) });
    // The copy, then the redirect's hop to the original; without cookies.
    expect(remoteCalls()).toEqual([COPY, ORIGIN_ID]);
    expect(
      bg
        .calls()
        .filter((c) => c.host !== HOME)
        .map((c) => [c.status, c.cookies]),
    ).toEqual([
      [302, false],
      [200, false],
    ]);
    expect(searches().map((call) => call.url.searchParams.get('q'))).toEqual([ORIGIN_ID]);
  });

  it('loads the original when the server of a local id only serves HTML', async () => {
    expect(await opened({ url: HTML_COPY })).toEqual({ kind: 'load-original' });
    expect(remoteCalls()).toEqual([HTML_COPY]);
    expect(searches()).toEqual([]);
    expect(await isAllowed(7, HTML_COPY)).toBe(true);
  });

  it('uses the ActivityPub id the page gave, without asking the page’s server', async () => {
    expect((await opened({ url: COPY, activityId: ORIGIN_ID })).kind).toBe('found');
    expect(remoteCalls()).toEqual([]);
  });

  it('learns that a host keeps profiles at a bare /<username>, and then resolves them before they load', async () => {
    const profile = 'https://pixelfed.example/erin';
    expect(await opened({ url: profile }, 6)).toEqual({ kind: 'load-original' });
    expect(searches()).toEqual([]);
    // The page showed its ActivityPub id, a profile shape on the same host: it goes home, and the host is noted.
    const { redirect } = await page(profile, { activityId: 'https://pixelfed.example/users/erin' });
    expect(redirect).not.toBeNull();
    expect(await bareProfileHosts()).toEqual(['pixelfed.example']);
    expect(await opened({ url: profile }, 8)).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@erin@pixelfed.example`,
    });
    // An ActivityPub id on another host proves nothing about this one.
    expect(
      (await page('https://blog.example/erin', { activityId: 'https://pixelfed.example/users/erin' }))
        .redirect,
    ).toBeNull();
  });

  it('loads what no detector recognises, unless the person asked for it', async () => {
    const url = UNRECOGNISED;
    blogResolvesAtHome();
    expect(await opened({ url })).toEqual({ kind: 'load-original' });
    expect(bg.calls()).toEqual([]);
    expect(await opened({ url, explicit: true })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@blog@blog.example/5`,
    });
    expect(remoteCalls()).toEqual([]);
  });

  it('resolves an explicit local id as it is when its server will not say more', async () => {
    // The home server reads the copy's page itself and follows its ActivityPub link (FetchResourceService).
    expect(await opened({ url: HTML_COPY, explicit: true })).toEqual({
      kind: 'found',
      homeUrl: await atHome('carol@akkoma.example', HTML_COPY_ID),
    });
    expect(searches().map((call) => call.url.searchParams.get('q'))).toEqual([HTML_COPY]);
  });

  it('acts only for a tab’s top frame, and only on https URLs', async () => {
    const ticket = await issueTicket({ url: POST }, 7);
    for (const sender of [{}, { tab: {}, frameId: 0 }, { tab: { id: 7 } }, { tab: { id: 7 }, frameId: 3 }]) {
      expect((await resolveForPage({ url: POST, ticket }, sender)).kind).toBe('failed');
      expect(await viewOriginal({ url: POST, ticket }, sender)).toEqual({ ok: true });
    }
    for (const payload of [
      { url: 'javascript:alert(1)' },
      { url: 'http://remote.example/@bob/1' },
      null,
      POST,
    ])
      expect((await resolveForPage(payload, inTab())).kind).toBe('failed');
    expect(bg.calls()).toEqual([]);
    expect(apis.sessionRules()).toEqual([]);
    expect(apis.tabUpdates).toEqual([]);
  });

  it('takes nothing from the page’s address: without a ticket, an unknown host just loads', async () => {
    // A post the home server could resolve, on a host Homeward does not know.
    const attacker = 'https://lemmy.example/post/42';
    // What a framed or crafted `opening.html?via=request&ap=…#…` sends: the extra fields mean nothing.
    const forged = { url: attacker, activityId: POST, explicit: true, ticket: 'not-a-ticket' };
    expect(await resolveForPage(forged, inTab())).toEqual({ kind: 'load-original' });
    expect(bg.calls()).toEqual([]);
    expect(apis.sessionRules()).toEqual([]);
    expect(await isKnownHost('lemmy.example')).toBe(false);
  });

  it('honours a ticket only in its own tab and for its own URL', async () => {
    const a = 'https://blog.example/a';
    const b = 'https://blog.example/b';
    blogResolvesAtHome();
    const ticket = await issueTicket({ url: a, explicit: true }, 7);
    expect(await resolveForPage({ url: a, ticket }, inTab(8))).toEqual({
      kind: 'load-original',
    });
    expect(await resolveForPage({ url: b, ticket }, inTab(7))).toEqual({
      kind: 'load-original',
    });
    expect(bg.calls()).toEqual([]);
    expect((await resolveForPage({ url: a, ticket }, inTab(7))).kind).toBe('found');
    // A link opened in a new tab: the ticket binds to the first tab that shows it.
    const loose = await issueTicket({ url: a, explicit: true }, null);
    expect((await resolveForPage({ url: a, ticket: loose }, inTab(12))).kind).toBe('found');
    expect((await resolveForPage({ url: a, ticket: loose }, inTab(13))).kind).toBe('load-original');
  });

  it('resolves what the redirect rule sends without a ticket: a post or profile on a known host', async () => {
    expect(await resolveForPage({ url: POST }, inTab())).toEqual({ kind: 'load-original' });
    expect(bg.calls()).toEqual([]);
    await rememberHost('remote.example');
    expect((await resolveForPage({ url: POST }, inTab())).kind).toBe('found');
    // Not a post or profile shape: the rule would not have sent it.
    expect(await resolveForPage({ url: 'https://remote.example/about' }, inTab())).toEqual({
      kind: 'load-original',
    });
    // Redirects off: no rule exists to have sent it.
    await featuresItem.setValue({ followButtons: true, openAtHome: false });
    expect(await resolveForPage({ url: POST }, inTab(9))).toEqual({ kind: 'load-original' });
  });

  it('learns a host only from a resolve of its own id, and never Threads', async () => {
    // juno.field's first thread: its page on www.threads.com, its ActivityPub id on www.threads.net.
    const juno = findThreadsAccount('juno.field')!;
    const thread = threadsPostsOf(juno)[0]!;
    const threadsPost = `https://www.threads.com/@juno.field/post/${thread.code}`;
    const threadsId = `https://www.threads.net/ap/users/${juno.id}/post/${thread.id}/`;
    expect((await opened({ url: threadsPost, activityId: threadsId, explicit: true })).kind).toBe('found');
    expect(await isKnownHost('www.threads.com')).toBe(false);
    expect(await isKnownHost('threads.net')).toBe(false);
    expect(await isKnownHost('www.threads.net')).toBe(false);
    // A page on one host whose object lives on another (a crafted link): the address's host is not learned.
    expect((await opened({ url: 'https://video.example/@cat', activityId: POST, explicit: true })).kind).toBe(
      'found',
    );
    expect(await isKnownHost('video.example')).toBe(false);
    // The address's own id: learned (lena's post on the same server).
    const other = 'https://remote.example/@lena/113456789012345999';
    expect((await opened({ url: other })).kind).toBe('found');
    expect(await isKnownHost('remote.example')).toBe(true);
  });

  it('remembers the original, so that the shortcut goes back to it from the home copy', async () => {
    await opened({ url: POST });
    const homeUrl = await atHome('bob@remote.example', POST_ID);
    listenForOpenAtHome();
    vi.setSystemTime(START + ORIGINAL_ALLOWED_MS + 1);
    apis.pressShortcut(COMMAND, { id: 9, url: homeUrl } as Browser.tabs.Tab);
    await vi.waitFor(() => expect(apis.tabUpdates).toEqual([{ tabId: 9, url: POST }]));
    expect(await isAllowed(9, POST)).toBe(true);
  });

  it('sends a remote page to the Opening page with the shortcut', async () => {
    listenForOpenAtHome();
    apis.pressShortcut(COMMAND, { id: 9, url: POST } as Browser.tabs.Tab);
    await vi.waitFor(() => expect(apis.tabUpdates).toHaveLength(1));
    const { ticket, hash } = addressParts(apis.tabUpdates[0]?.url ?? null);
    expect([apis.tabUpdates[0]?.tabId, hash]).toEqual([9, POST]);
    expect(await redeemTicket(ticket, POST, 9)).toEqual({ url: POST, explicit: true });
  });
});

describe('viewOriginal', () => {
  it('allows the page’s target for the tab, then takes the tab there', async () => {
    const ticket = await issueTicket({ url: POST }, 7);
    apis.log.length = 0;
    expect(await viewOriginal({ url: POST, ticket }, inTab())).toEqual({ ok: true });
    expect(apis.tabUpdates).toEqual([{ tabId: 7, url: POST }]);
    expect(apis.log).toEqual(['updateSessionRules', 'tabs.update']);
    expect(await isAllowed(7, POST)).toBe(true);
  });

  it.each([
    [{ url: POST }, inTab()],
    [{ url: 'http://remote.example/@bob/1' }, inTab()],
    [{ url: 'javascript:alert(1)' }, inTab()],
    [null, inTab()],
    ['https://remote.example/@bob/1', inTab()],
    [{ url: POST }, { tab: { id: 7 }, frameId: 1 }],
  ])('does nothing for %j from %j', async (payload, sender) => {
    expect(await viewOriginal(payload, sender)).toEqual({ ok: true });
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
        runAt: 'document_start',
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

describe('direct rules: a link the server answered for goes straight home', () => {
  const FROM_A_PAGE = { tabId: 8, initiator: 'plain.example' };
  /** The redirect rule sends POST to the Opening page, which resolves it: the background's part of a click. */
  async function resolvedOnce(): Promise<string> {
    await rememberHost('remote.example');
    await syncOpenAtHome();
    expect(apis.navigate(POST, FROM_A_PAGE)).toBe(`${OPENING}#${POST}`);
    const outcome = await resolveForPage({ url: POST }, inTab());
    expect(outcome.kind).toBe('found');
    const homeUrl = (outcome as { homeUrl: string }).homeUrl;
    await vi.waitFor(() => expect(apis.navigate(POST, FROM_A_PAGE)).toBe(homeUrl));
    return homeUrl;
  }

  it('takes the next navigation to the address to its home page, in any tab, without the Opening page', async () => {
    const homeUrl = await resolvedOnce();
    expect(homeUrl).toBe(await atHome('bob@remote.example', POST_ID));
    expect(apis.navigate(POST, { tabId: 3 })).toBe(homeUrl);
    // Only that address: another post of the host, or the same with a query, still goes by the Opening page.
    expect(apis.navigate(`${POST}?x=1`, FROM_A_PAGE)).toBe(`${OPENING}#${POST}?x=1`);
    expect(
      apis.navigate(POST.toUpperCase().replace('HTTPS://REMOTE.EXAMPLE', 'https://remote.example')),
    ).not.toBe(homeUrl);
  });

  it('leaves the home server’s own links to the original, View original and Alt-click alone', async () => {
    const homeUrl = await resolvedOnce();
    expect(apis.navigate(POST, { tabId: 8, initiator: HOME })).toBeNull();
    await allowOriginal(8, POST);
    expect(apis.navigate(POST, { tabId: 8, initiator: 'plain.example' })).toBeNull();
    expect(apis.navigate(POST, { tabId: 9, initiator: 'plain.example' })).toBe(homeUrl);
  });

  it('lives as long as the answer it came from, and an alarm removes it then', async () => {
    await resolvedOnce();
    const alarms = await fakeBrowser.alarms.getAll();
    expect(alarms.map((alarm) => alarm.name)).toContain('homeward-direct-rules');
    const alarm = alarms.find((a) => a.name === 'homeward-direct-rules')!;
    expect(alarm.scheduledTime).toBe(START + OPEN_CACHE_TTL_MS);
    listenForOpenAtHome();
    vi.setSystemTime(alarm.scheduledTime);
    await fakeBrowser.alarms.onAlarm.trigger(alarm);
    await vi.waitFor(() => expect(apis.navigate(POST, FROM_A_PAGE)).toBe(`${OPENING}#${POST}`));
    expect(apis.sessionRules()).toEqual([]);
  });

  it.each([
    ['another web client', () => webClientItem.setValue({ kind: 'elk', host: 'elk.zone' })],
    ['the account signed out', () => oneAccount.setValue(null)],
    ['a never-redirect entry', () => neverRedirectItem.setValue(['other.example'])],
    ['redirects off', () => featuresItem.setValue({ followButtons: true, openAtHome: false })],
  ])('goes, with every other, when %s changes where home is', async (_, change) => {
    await resolvedOnce();
    listenForOpenAtHome();
    await change();
    await vi.waitFor(() => expect(apis.sessionRules()).toEqual([]));
  });

  it('goes with Clear caches', async () => {
    await resolvedOnce();
    await forgetDirectRules();
    expect(apis.sessionRules()).toEqual([]);
  });

  it('is made only for what the redirect rule sends: not for a ticket with an id, an explicit one, or rules off', async () => {
    await rememberHost('remote.example');
    await syncOpenAtHome();
    expect((await opened({ url: POST, activityId: POST_ID })).kind).toBe('found');
    expect((await opened({ url: POST, explicit: true })).kind).toBe('found');
    await featuresItem.setValue({ followButtons: true, openAtHome: false });
    expect((await resolveForPage({ url: POST }, inTab())).kind).toBe('load-original');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(apis.sessionRules()).toEqual([]);
  });

  it('is not made when where home is changed while the server answered', async () => {
    await rememberHost('remote.example');
    await syncOpenAtHome();
    const basis = await directBasis();
    await webClientItem.setValue({ kind: 'elk', host: 'elk.zone' });
    await goDirect(
      POST,
      'https://home.example/@bob@remote.example/1',
      START + 1000,
      basis!,
      directGeneration(),
    );
    expect(apis.sessionRules()).toEqual([]);
  });

  it('is not made from an answer read before Clear caches', async () => {
    await rememberHost('remote.example');
    const basis = (await directBasis())!;
    const seen = directGeneration();
    await forgetDirectRules();
    await goDirect(POST, 'https://home.example/@bob@remote.example/1', START + 1000, basis, seen);
    expect(apis.sessionRules()).toEqual([]);
    await goDirect(
      POST,
      'https://home.example/@bob@remote.example/1',
      START + 1000,
      basis,
      directGeneration(),
    );
    expect(apis.sessionRules()).toHaveLength(1);
  });

  it('leaves links from a custom web client’s host alone', async () => {
    await webClientItem.setValue({
      kind: 'custom',
      post: 'https://client.example/{server}/@{acct}/{id}',
      profile: 'https://client.example/{server}/@{acct}',
    });
    const homeUrl = await resolvedOnce();
    expect(apis.navigate(POST, { tabId: 8, initiator: 'client.example' })).toBeNull();
    expect(homeUrl.startsWith('https://client.example/')).toBe(true);
  });

  it('keeps the newest 500: the answer that expires first goes first', async () => {
    await rememberHost('remote.example');
    const basis = (await directBasis())!;
    for (let i = 0; i <= DIRECT_RULES_MAX; i++)
      await goDirect(
        `https://remote.example/@bob/${1000 + i}`,
        `https://${HOME}/@bob/${i}`,
        START + 10_000 + i,
        basis,
        directGeneration(),
      );
    const rules = apis.sessionRules();
    expect(rules).toHaveLength(DIRECT_RULES_MAX);
    expect(rules.every((rule) => rule.id >= 1 && rule.id <= LAST_DIRECT_ID)).toBe(true);
    expect(apis.navigate('https://remote.example/@bob/1000')).not.toBe(`https://${HOME}/@bob/0`);
    expect(apis.navigate(`https://remote.example/@bob/${1000 + DIRECT_RULES_MAX}`)).toBe(
      `https://${HOME}/@bob/${DIRECT_RULES_MAX}`,
    );
    // 501 rules written one by one: about 2 s alone, over vitest's 5 s default on a loaded CI machine (Node 22 run).
  }, 30_000);
});

describe('exactFilter', () => {
  it('names an address alone, without its fragment', () => {
    expect(exactFilter(`${POST}#top`)).toBe(`|${POST}|`);
  });
  it.each([
    'https://remote.example/@bob/1*',
    'https://remote.example/a^b',
    'https://remote.example/a|b',
    'https://remote.example/a b',
  ])('gives up on %s: urlFilter would read its signs', (url) => {
    expect(exactFilter(url)).toBeNull();
  });
});

describe('resolveOnCommit: the answer begun when the Opening page commits', () => {
  const ruleAddress = (url: string) => `${OPENING}#${url}`;

  it('asks the home server once: the page’s question takes the answer begun at commit', async () => {
    await rememberHost('remote.example');
    resolveOnCommit(7, ruleAddress(POST));
    await vi.waitFor(() => expect(searches()).toHaveLength(1));
    const outcome = await resolveForPage({ url: POST }, inTab());
    expect(outcome).toEqual({ kind: 'found', homeUrl: await atHome('bob@remote.example', POST_ID) });
    expect(searches()).toHaveLength(1);
  });

  it('begins nothing for an address the rule could not have sent, a ticketed page, or another page', async () => {
    resolveOnCommit(7, ruleAddress(POST)); // remote.example not known yet
    resolveOnCommit(7, `${OPENING}?t=abc#${POST}`);
    resolveOnCommit(7, `https://remote.example/@bob#${POST}`);
    resolveOnCommit(7, ruleAddress('javascript:alert(1)'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(bg.calls()).toEqual([]);
    expect(await resolveForPage({ url: POST }, inTab())).toEqual({ kind: 'load-original' });
  });

  it('answers a page that asks for another address, or from another tab, as any other', async () => {
    await rememberHost('remote.example');
    resolveOnCommit(7, ruleAddress(POST));
    const other = 'https://remote.example/@lena/113456789012345999';
    expect((await resolveForPage({ url: other }, inTab())).kind).toBe('found');
    expect((await resolveForPage({ url: POST }, inTab(8))).kind).toBe('found');
    // The begun answer went with the first question from its tab: a later one resolves again (from the cache).
    expect(searches().map((call) => call.url.searchParams.get('q'))).toEqual(
      expect.arrayContaining([POST, other]),
    );
  });

  it('begins once per address and tab: a repeated report, or one after the page asked, asks nothing more', async () => {
    await rememberHost('remote.example');
    resolveOnCommit(7, ruleAddress(POST));
    resolveOnCommit(7, ruleAddress(POST));
    expect((await resolveForPage({ url: POST }, inTab())).kind).toBe('found');
    const other = 'https://remote.example/@lena/113456789012345999';
    expect((await resolveForPage({ url: other }, inTab())).kind).toBe('found');
    resolveOnCommit(7, ruleAddress(other));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(searches()).toHaveLength(2);
    // Try again on the page: resolved anew (from the cache now).
    expect((await resolveForPage({ url: other }, inTab())).kind).toBe('found');
  });

  it('still refuses a framed page, whatever was begun for its tab', async () => {
    await rememberHost('remote.example');
    resolveOnCommit(7, ruleAddress(POST));
    expect((await resolveForPage({ url: POST }, { tab: { id: 7 }, frameId: 3 })).kind).toBe('failed');
  });
});
