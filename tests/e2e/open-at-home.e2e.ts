import { expect, it } from 'vitest';
import { HOME, REMOTE } from '../../sandbox/hosts';
import { LINKS_PAGE, linkTargets, MISSING_POST_URL } from '../../sandbox/remote';
import { detectFediverseLink } from '../../utils/fediverse/links';
import { e2eSuite, type E2E } from './harness/fixture';
import { withAccount, withServer } from '../../sandbox/harness/follow-button';
import {
  expectOriginalLoaded,
  expectOriginalStays,
  sendForTab,
  signInToHomeWeb,
  turnOnOpenAtHome,
  waitForHome,
} from '../../sandbox/harness/open-at-home';
import { browserRequests, requestsTo } from '../../sandbox/harness/sandbox-log';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * "Open it at home" (issue 4, "Done when"): links followed from an ordinary page land on the home server's page
 * for the same object, for every sandbox software; known hosts are sent home before their page is asked for;
 * the loop escapes and the failures behave as written.
 */

/**
 * Everything the links page offers that "Open it at home" handles (Threads profiles have the follow button), one
 * server per software: lemmy2.example is there as the origin of lemmy.example's copy, which stays in.
 */
const TARGETS = linkTargets().filter(
  (target) =>
    target.kind !== 'missing' &&
    target.host !== REMOTE.lemmyOrigin &&
    !(target.host === 'www.threads.com' && target.kind === 'profile'),
);

const linkName = (target: { kind: string; host: string }) => `${target.kind} on ${target.host}`;

interface HomeToken {
  token: string;
  /** Null for an app's own (client credentials) token. */
  userId: string | null;
  revoked: boolean;
  createdAt: number;
}

/** The home server's live tokens of a signed-in user, newest first. */
async function userTokens(e2e: E2E): Promise<string[]> {
  const { tokens } = await e2e.sandbox.admin.hostOp<{ tokens: HomeToken[] }>(HOME, 'state');
  return tokens
    .filter((t) => t.userId !== null && !t.revoked)
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((t) => t.token);
}

/**
 * The connected account's token, as the home server issued it: the extension keeps it where no page, and no test
 * reading extension storage, can see it (utils/storage/secrets.ts).
 */
async function accountToken(e2e: E2E): Promise<string> {
  const [token] = await userTokens(e2e);
  if (!token) throw new Error('the home server has no live token for the account');
  return token;
}

/** Where the home server's web UI shows what `url` (or the page's ActivityPub id) resolves to, per its own search. */
async function expectedHomeUrl(e2e: E2E, query: string, token?: string): Promise<string> {
  const response = await e2e.sandbox.ctx.serverFetch(
    HOME,
    `https://${HOME}/api/v2/search?resolve=true&limit=1&q=${encodeURIComponent(query)}`,
    { headers: { authorization: `Bearer ${token ?? (await accountToken(e2e))}` } },
  );
  const found = JSON.parse(response.text) as {
    statuses: { id: string; account: { acct: string } }[];
    accounts: { acct: string }[];
  };
  const [status] = found.statuses;
  if (status) return `https://${HOME}/@${status.account.acct}/${status.id}`;
  const [account] = found.accounts;
  if (account) return `https://${HOME}/@${account.acct}`;
  throw new Error(`the home server resolves nothing for ${query}`);
}

/** The page's own ActivityPub id, as the home server knows it (what a local copy must be resolved by). */
async function activityIdOf(e2e: E2E, url: string): Promise<string> {
  const page = await e2e.sandbox.ctx.serverFetch(HOME, url);
  const href = /<link rel="alternate" type="application\/activity\+json" href="([^"]+)"/.exec(page.text)?.[1];
  return href ? href.replaceAll('&amp;', '&') : url;
}

/**
 * A connected account with automatic redirects on. `web` also signs the browser in to the home server, which
 * only scenarios that land on a home page need (signed out, Mastodon shows an interstitial instead).
 */
async function ready(e2e: E2E, { web = true } = {}): Promise<void> {
  await withAccount(e2e);
  if (web) await signInToHomeWeb(e2e.session);
  await turnOnOpenAtHome(e2e.session);
}

async function lastSeq(e2e: E2E): Promise<number> {
  return (await e2e.sandbox.admin.log()).at(-1)?.seq ?? 0;
}

async function remoteDocuments(e2e: E2E, since: number, host: string) {
  return browserRequests(await e2e.sandbox.admin.log(since)).filter(
    (entry) => entry.host === host && entry.secFetchDest === 'document',
  );
}

/** Document requests to the home server since `since`, the top-level page loads. */
async function homeDocuments(e2e: E2E, since: number) {
  return browserRequests(await e2e.sandbox.admin.log(since)).filter(
    (entry) => entry.host === HOME && entry.secFetchDest === 'document',
  );
}

e2eSuite(
  'open it at home',
  (e2e) => {
    it('opens a post and a profile of every sandbox software on the home server, known hosts before their page loads', async () => {
      await ready(e2e);
      const tab = await e2e.session.openPage(LINKS_PAGE);
      const token = await accountToken(e2e);
      // A host is known once one of its pages went home: its markers were seen, or the server resolved it.
      const known = new Set<string>();
      for (const target of TARGETS) {
        const expected = await expectedHomeUrl(e2e, await activityIdOf(e2e, target.url), token);
        const seq = await lastSeq(e2e);
        await tab.goto(LINKS_PAGE);
        await tab.click('link', linkName(target));
        const landed = await waitForHome(tab, 15_000).catch(async () => `not home: ${await tab.url()}`);
        expect.soft(landed, linkName(target)).toBe(expected);
        const link = detectFediverseLink(target.url);
        const wasKnown = known.has(target.host);
        if (landed === expected) known.add(target.host);
        if (wasKnown && link && !link.localId) {
          // Known host, an address that names the object itself: the browser never asked for the remote page.
          expect.soft(await remoteDocuments(e2e, seq, target.host), linkName(target)).toEqual([]);
        }
      }
    }, 150_000);

    it('opens at home a post whose server answers its page loads with a service worker (Misskey): no reload loop, and the original opens from the home server and within the minute', async () => {
      await withAccount(e2e);
      await signInToHomeWeb(e2e.session);
      const target = TARGETS.find((t) => t.host === REMOTE.misskey && t.kind === 'post')!;
      const profile = TARGETS.find((t) => t.host === REMOTE.misskey && t.kind === 'profile')!;
      // A first visit, redirects still off: the page registers its worker, which then controls the next load.
      const first = await e2e.session.openPage(target.url);
      await waitUntil('the Misskey worker to control the page', async () => {
        await first.goto(target.url);
        return (await first.evaluate(() => navigator.serviceWorker?.controller !== null)) ? true : undefined;
      });
      await first.close();
      await turnOnOpenAtHome(e2e.session);
      const expected = await expectedHomeUrl(
        e2e,
        await activityIdOf(e2e, target.url),
        await accountToken(e2e),
      );
      // The page's loads, as the page or its worker asks (the extension's own look-up of the original is a CORS
      // fetch, and Firefox's check of /sw.js is no page).
      // Each as [time, Sec-Fetch-Mode, Referer], so that a failure says who asked, and how.
      const pageLoads = async (seq: number, url: string) =>
        browserRequests(await e2e.sandbox.admin.log(seq))
          .filter(
            (entry) =>
              entry.host === REMOTE.misskey &&
              entry.path === new URL(url).pathname &&
              entry.secFetchMode !== 'cors',
          )
          .map((entry) => [entry.time, entry.secFetchMode, entry.referer]);
      let seq = await lastSeq(e2e);
      const tab = await e2e.session.openPage(target.url);
      expect(await waitForHome(tab, 15_000).catch(async () => `not home: ${await tab.url()}`)).toBe(expected);
      // An unknown host: the page's own load, and at most one reload its worker answered (in Chromium the tab's
      // one-shot rule cannot see a load the worker makes: the page then goes by location.replace). Chromium showed a
      // third, ~0.1 s after the second, twice in full runs with the machine at its busiest and never alone (18 runs
      // under load): not explained (docs/fediverse-software.md, "Service workers"). A loop makes more.
      const firstLoads = await pageLoads(seq, target.url);
      expect(firstLoads.length, JSON.stringify(firstLoads)).toBeLessThanOrEqual(
        e2e.session.browserName === 'chromium' ? 3 : 2,
      );

      // The home server's link to the original profile opens it. Firefox gives a page its worker answered an empty
      // document.referrer: the host the tab showed before says where it came from (utils/open-at-home/tab-hosts.ts).
      const homeProfile = await e2e.session.openPage(`https://${HOME}/@alice@${REMOTE.misskey}`);
      await homeProfile.click('link', 'Browse more on the original profile');
      await expectOriginalStays(homeProfile, profile.url);
      await homeProfile.close();

      // Known now, another page (the profile), from a link: Firefox's rules send it home before the page loads;
      // in Chromium its worker answers the load out of the rules' sight, so the page loads and its marker script
      // sends it (docs/fediverse-software.md, "Service workers").
      seq = await lastSeq(e2e);
      const again = await e2e.session.openPage(LINKS_PAGE);
      await again.click('link', linkName(profile));
      expect(await waitForHome(again, 15_000).catch(async () => `not home: ${await again.url()}`)).toMatch(
        new RegExp(`^https://${HOME}/@alice@${REMOTE.misskey}$`),
      );
      const profileLoads = await pageLoads(seq, profile.url);
      expect(profileLoads.length, JSON.stringify(profileLoads)).toBeLessThanOrEqual(
        e2e.session.browserName === 'firefox' ? 0 : 2,
      );

      // The home server sending it back to the original (its own link): the original, no loop.
      await again.click('link', 'Browse more on the original profile');
      await expectOriginalStays(again, profile.url);
    }, 90_000);

    it('without an account, opens the home server’s own page for the link', async () => {
      await withServer(e2e.session);
      await signInToHomeWeb(e2e.session);
      await turnOnOpenAtHome(e2e.session);
      const seq = await lastSeq(e2e);
      const tab = await e2e.session.openPage(LINKS_PAGE);
      const post = TARGETS.find((t) => t.host === REMOTE.mastodon && t.kind === 'post')!;
      await tab.click('link', linkName(post));
      // Signed in on the web, the server's page goes on to the post itself (docs/home-server.md §6).
      expect(await waitForHome(tab)).toMatch(new RegExp(`^https://${HOME}/@bob@${REMOTE.mastodon}/\\d+$`));
      const asked = browserRequests(await e2e.sandbox.admin.log(seq))
        .filter((entry) => entry.host === HOME && entry.secFetchDest === 'document')
        .map((entry) => new URL(entry.path, `https://${HOME}`));
      expect(asked.map((url) => url.pathname)).toContain('/authorize_interaction');
      // The page's own ActivityPub id, which its markers gave.
      expect(asked.find((url) => url.pathname === '/authorize_interaction')?.searchParams.get('uri')).toBe(
        await activityIdOf(e2e, post.url),
      );
      expect(await userTokens(e2e)).toEqual([]);
    });

    it('lets the original load from the home server, on Alt-click and for never-listed sites; the same link clicked again goes home again, and Back does not loop', async () => {
      await ready(e2e);
      const post = TARGETS.find((t) => t.host === REMOTE.mastodon && t.kind === 'post')!;
      const profile = TARGETS.find((t) => t.host === REMOTE.mastodon && t.kind === 'profile')!;
      const tab = await e2e.session.openPage(LINKS_PAGE);
      await tab.click('link', linkName(profile));
      const home = await waitForHome(tab);

      // Mastodon's link to the original profile, from the home server: opens the original.
      await tab.click('link', 'Browse more on the original profile');
      await expectOriginalStays(tab, profile.url);

      // The same link clicked again from the page that linked it: home again, not the remote server's page.
      await tab.goto(LINKS_PAGE);
      await tab.click('link', linkName(profile));
      expect(await waitForHome(tab)).toBe(home);
      // Back from home: the links page, which linked it (the redirect left no entry of the original to meet).
      await tab.back();
      await waitUntil('Back to the links page', async () =>
        (await tab.url()) === LINKS_PAGE ? true : undefined,
      );
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(await tab.url()).toBe(LINKS_PAGE);

      // Alt-click opens the original of a link that would go home (its address ends in an empty query).
      const other = await e2e.session.openPage(LINKS_PAGE);
      await other.click('link', linkName(post), { alt: true });
      await expectOriginalStays(other, `${post.url}?`);

      // A never-listed site opens as it is.
      const options = await e2e.session.openOptions();
      await options.fill('Never open at home', REMOTE.mastodon);
      await options.click('button', 'Save list');
      await options.waitForText(`Saved: ${REMOTE.mastodon}.`);
      const third = await e2e.session.openPage(LINKS_PAGE);
      await third.click('link', linkName(post));
      await expectOriginalLoaded(third, post.url);
    });

    it('sends a link it has opened once straight home the next time, without the Opening page; the home server’s link to the original still opens it', async () => {
      await ready(e2e);
      const profile = TARGETS.find((t) => t.host === REMOTE.mastodon && t.kind === 'profile')!;
      const tab = await e2e.session.openPage(LINKS_PAGE);
      // The first visit makes the host known (the page's markers), the second goes through the Opening page.
      await tab.click('link', linkName(profile));
      const home = await waitForHome(tab);
      await tab.goto(LINKS_PAGE);
      let seq = await lastSeq(e2e);
      await tab.click('link', linkName(profile));
      expect(await waitForHome(tab)).toBe(home);
      // The Opening page sends no referrer (entrypoints/opening/index.html): that is how its hop shows.
      expect((await homeDocuments(e2e, seq)).map((entry) => entry.referer)).toEqual([null]);

      // The same link from another tab: the browser's direct rule takes it home, and the request carries the
      // linking page's referrer as a link to home would. Neither the home API nor the remote host is asked.
      const other = await e2e.session.openPage(LINKS_PAGE);
      seq = await lastSeq(e2e);
      await other.click('link', linkName(profile));
      expect(await waitForHome(other)).toBe(home);
      expect((await homeDocuments(e2e, seq)).map((entry) => entry.referer)).toEqual([
        'https://plain.example/',
      ]);
      const asked = browserRequests(await e2e.sandbox.admin.log(seq));
      expect(asked.filter((entry) => entry.host === HOME && entry.client === 'extension')).toEqual([]);
      expect(await remoteDocuments(e2e, seq, REMOTE.mastodon)).toEqual([]);

      // Mastodon's link to the original profile, from the home copy: the original, not home again.
      await other.click('link', 'Browse more on the original profile');
      await expectOriginalStays(other, profile.url);
    });

    it('says when the home server cannot find it or blocks its domain; View original opens it as it is', async () => {
      await ready(e2e, { web: false });
      await e2e.sandbox.admin.hostOp(HOME, 'suspend-domain', { domain: REMOTE.gotosocial });
      const tab = await e2e.session.openPage(LINKS_PAGE);
      await tab.click('link', `post on ${REMOTE.gotosocial}`);
      await tab.waitForText(`Your server blocks ${REMOTE.gotosocial}`, { role: 'status' });
      expect(await tab.count('button', 'View original')).toBe(1);

      // A first visit makes the host known; the missing post is then looked up before its page loads.
      await tab.goto(LINKS_PAGE);
      await tab.click('link', `profile on ${REMOTE.mastodon}`);
      await waitForHome(tab);
      await tab.goto(LINKS_PAGE);
      await tab.click('link', `missing on ${REMOTE.mastodon}`);
      await tab.waitForText(`${HOME} couldn't find this post or profile`, { role: 'status' });
      await tab.click('button', 'View original');
      await waitUntil('the missing original', async () =>
        (await tab.url()) === MISSING_POST_URL ? true : undefined,
      );
    });

    it('shows the retry time after a 429', async () => {
      await ready(e2e, { web: false });
      await e2e.sandbox.admin.hostOp(HOME, 'set-rate-limit', { family: 'api', remaining: 0 });
      const tab = await e2e.session.openPage(LINKS_PAGE);
      await tab.click('link', `post on ${REMOTE.misskey}`);
      await tab.waitForText('Your server asked Homeward to wait', { role: 'status' });
      await tab.waitForText('Try again at ');
      expect(await tab.count('button', 'View original')).toBe(1);
    });

    it('asks to reconnect after a 401', async () => {
      await ready(e2e, { web: false });
      // The popup checks the account when it opens (refreshAccount). Under load that check once reached the server
      // after the revoke: its 401 marked the account for reconnecting before the Opening page asked, which then
      // rightly opened the server's own page instead. The Opening page's own 401 is what this test is about.
      // The harness's own check (withAccount, from the server side) does not count: it is in the log before the
      // popup's, so waiting on it once let the revoke overtake the popup's check (Firefox, CI of 2026-12-07).
      await waitUntil('the popup’s account check to be answered', async () => {
        const checks = browserRequests(await e2e.sandbox.admin.log()).filter(
          (entry) => entry.host === HOME && entry.path.startsWith('/api/v1/accounts/verify_credentials'),
        );
        return checks.length > 0 && checks.every((entry) => entry.status !== null) ? true : undefined;
      });
      await e2e.sandbox.admin.hostOp(HOME, 'revoke-tokens', {});
      const tab = await e2e.session.openPage(LINKS_PAGE);
      await tab.click('link', `post on ${REMOTE.akkoma}`);
      await tab.waitForText(`${HOME} no longer accepts Homeward`, { role: 'status' });
      expect(await tab.count('button', 'Reconnect')).toBe(1);
    });

    it('gives up on a hanging or refusing home server within 5 seconds', async () => {
      await ready(e2e, { web: false });
      for (const [what, fault] of [
        ['hangs', { hang: true }],
        ['refuses', { refuse: true }],
      ] as const) {
        await e2e.sandbox.admin.clearFaults();
        await e2e.sandbox.admin.fault({ host: HOME, pathPrefix: '/api/v2/search', ...fault });
        const tab = await e2e.session.openPage(LINKS_PAGE);
        await tab.click('link', `post on ${REMOTE.friendica}`);
        // From the moment the Opening page asks: the remote page's own load time is not the server's.
        await waitUntil('the Opening page', async () =>
          (await tab.url()).startsWith(e2e.session.extensionOrigin) ? true : undefined,
        );
        const started = Date.now();
        await tab.waitForText(`Couldn't open this on ${HOME}`, { role: 'status', timeoutMs: 8_000 });
        expect.soft(Date.now() - started, what).toBeLessThan(5_000 + 1_000);
        expect(await tab.count('button', 'Try again')).toBe(1);
        expect(await tab.count('button', 'View original')).toBe(1);
      }
    });

    it('opens on request with automatic redirects off: the context menu’s Opening page, the toolbar’s message', async () => {
      await withAccount(e2e);
      await signInToHomeWeb(e2e.session);
      // A click on the toolbar button gives the background the tab's address through activeTab, which automation
      // cannot click: the all-sites permission stands in for it. Firefox grants it through the switch, which then
      // goes back off in storage only: the permission stays, and nothing redirects on its own.
      await turnOnOpenAtHome(e2e.session);
      await e2e.session.setExtensionStorage('sync', { features: { followButtons: true, openAtHome: false } });
      const post = TARGETS.find((t) => t.host === REMOTE.pixelfed && t.kind === 'post')!;
      const expected = await expectedHomeUrl(e2e, post.url);
      // What the context menu opened before tickets (the menu itself cannot be clicked by automation): an address
      // anyone can craft. It no longer opens at home; the post loads as its link would (docs/security.md).
      await e2e.sandbox.admin.clearLog();
      const crafted = await e2e.session.openPage(
        `${e2e.session.extensionOrigin}/opening.html?via=request#${post.url}`,
      );
      await waitUntil('the post to load as it is', async () =>
        (await crafted.url()) === post.url ? true : undefined,
      );
      expect(requestsTo(await e2e.sandbox.admin.log(), HOME)).toEqual([]);
      // The toolbar below looks for the tab that shows the post: only one may.
      await crafted.close();

      // The toolbar popup's "Open on home.example" asks the background to send the tab it was opened over.
      const remote = await e2e.session.openPage(post.url);
      expect(await remote.url()).toBe(post.url); // automatic redirects are off
      const popup = await e2e.session.openPopup();
      await sendForTab(popup, 'https://pixelfed.example/*', 'openTabAtHome');
      expect(await waitForHome(remote)).toBe(expected);
    });
  },
  undefined,
  { build: 'granted' },
);
