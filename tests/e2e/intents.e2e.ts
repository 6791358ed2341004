import { expect, it } from 'vitest';
import { HOME, REMOTE } from '../../sandbox/hosts';
import { LINKS_PAGE, WEB_AP_LINKS_PAGE, linkTargets } from '../../sandbox/remote';
import { e2eSuite, type E2E } from './harness/fixture';
import {
  FOLLOW,
  profileUrl,
  waitForFollowState,
  withAccount,
  withServer,
} from '../../sandbox/harness/follow-button';
import {
  sendForTab,
  signInToHomeWeb,
  turnOnOpenAtHome,
  waitForHome,
} from '../../sandbox/harness/open-at-home';
import { browserRequests } from '../../sandbox/harness/sandbox-log';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * Issue 23, "Done when": with no account connected, a post and a profile open at home where the home server's own
 * WebFinger answer says (FEP-3b86 intents, docs/intents.md), and through each fallback where it says less.
 */

const POST = linkTargets().find((t) => t.host === REMOTE.mastodon && t.kind === 'post')!;
const HANDLE = 'juno.field@threads.net';

async function lastSeq(e2e: E2E): Promise<number> {
  return (await e2e.sandbox.admin.log()).at(-1)?.seq ?? 0;
}

/** The first page the browser asked of the home server since `seq` (it may send a visitor on from there). */
async function firstHomePage(e2e: E2E, since: number): Promise<URL> {
  return waitUntil(
    'a page of the home server',
    async () => {
      const entry = browserRequests(await e2e.sandbox.admin.log(since)).find(
        (e) => e.host === HOME && e.secFetchMode === 'navigate',
      );
      return entry ? new URL(entry.path, `https://${HOME}`) : undefined;
    },
    15_000,
  );
}

/** Where the home server's intents say, once the extension has read them (its WebFinger request). */
async function serverWithIntents(e2e: E2E): Promise<void> {
  await withServer(e2e.session);
  await waitUntil('the home server’s WebFinger answer for its intents', async () =>
    browserRequests(await e2e.sandbox.admin.log()).some(
      (e) => e.host === HOME && e.path.startsWith('/.well-known/webfinger') && e.status === 200,
    )
      ? true
      : undefined,
  );
}

/** A post link followed from an ordinary page, signed out: the home page it starts at. */
async function openPostSignedOut(e2e: E2E): Promise<URL> {
  await turnOnOpenAtHome(e2e.session);
  const seq = await lastSeq(e2e);
  const tab = await e2e.session.openPage(LINKS_PAGE);
  await tab.click('link', `${POST.kind} on ${POST.host}`);
  return firstHomePage(e2e, seq);
}

/** The follow button's "Follow on your server", signed out: the home page it starts at. */
async function followOnServer(e2e: E2E): Promise<URL> {
  const tab = await e2e.session.openPage(profileUrl('threads', 'juno.field'));
  await waitForFollowState(tab, HANDLE, FOLLOW.connect);
  const seq = await lastSeq(e2e);
  await tab.click('button', FOLLOW.remoteFollow);
  return firstHomePage(e2e, seq);
}

e2eSuite(
  'the home server’s intents (FEP-3b86)',
  (e2e) => {
    it('Mastodon 4.6: a post through its Object intent, a profile through its OStatus link (it has no Follow)', async () => {
      await e2e.sandbox.admin.hostOp(HOME, 'software', { profile: 'mastodon-4.6' });
      await e2e.sandbox.admin.hostOp(HOME, 'set-webfinger-links', {
        // 4.6's own links, told apart from the software table's guess by a parameter Mastodon ignores.
        subscribe: '/authorize_interaction?uri={uri}&via=ostatus',
        intents: [
          { type: 'Create', template: '/share?text={content}' },
          { type: 'Object', template: '/authorize_interaction?uri={object}&via=object' },
        ],
      });
      await serverWithIntents(e2e);
      const profile = await followOnServer(e2e);
      expect([profile.pathname, profile.searchParams.get('uri'), profile.searchParams.get('via')]).toEqual([
        '/authorize_interaction',
        HANDLE,
        'ostatus',
      ]);
      const post = await openPostSignedOut(e2e);
      expect([post.pathname, post.searchParams.get('via')]).toEqual(['/authorize_interaction', 'object']);
      expect(post.searchParams.get('uri')).toMatch(/^https:\/\//);
    });

    it('a server with a Follow intent: a profile through Follow, a post through Object', async () => {
      await e2e.sandbox.admin.hostOp(HOME, 'set-webfinger-links', {
        subscribe: null,
        intents: [
          { type: 'Follow', template: '/authorize_interaction?uri={object}&via=follow&done={on-success}' },
          { type: 'Object', template: '/authorize_interaction?uri={object}&via=object' },
        ],
      });
      await serverWithIntents(e2e);
      const profile = await followOnServer(e2e);
      expect(profile.search).toBe(`?uri=${encodeURIComponent(HANDLE)}&via=follow&done=`);
      const post = await openPostSignedOut(e2e);
      expect(post.searchParams.get('via')).toBe('object');
    });

    it('only Object: the profile goes through Object too', async () => {
      await e2e.sandbox.admin.hostOp(HOME, 'set-webfinger-links', {
        subscribe: null,
        intents: [{ type: 'Object', template: '/authorize_interaction?uri={object}&via=object' }],
      });
      await serverWithIntents(e2e);
      const profile = await followOnServer(e2e);
      expect([profile.searchParams.get('uri'), profile.searchParams.get('via')]).toEqual([HANDLE, 'object']);
    });

    it('a template on another host is refused: the next link, then what the software serves', async () => {
      await e2e.sandbox.admin.hostOp(HOME, 'set-webfinger-links', {
        subscribe: null,
        intents: [{ type: 'Object', template: `https://${REMOTE.mastodon}/steal?u={object}` }],
      });
      await serverWithIntents(e2e);
      const seq = await lastSeq(e2e);
      const profile = await followOnServer(e2e);
      // Mastodon serves authorize_interaction (the software table): the guess the intents would have replaced.
      expect(profile.search).toBe(`?uri=${encodeURIComponent(HANDLE)}`);
      const post = await openPostSignedOut(e2e);
      expect([post.pathname, post.searchParams.has('via')]).toEqual(['/authorize_interaction', false]);
      expect(
        browserRequests(await e2e.sandbox.admin.log(seq)).filter((e) => e.path.startsWith('/steal')),
      ).toEqual([]);
    });

    it('Share on your server: the toolbar’s button opens the Create intent with the page’s title and address', async () => {
      await e2e.sandbox.admin.hostOp(HOME, 'software', { profile: 'mastodon-4.6' });
      await e2e.sandbox.admin.hostOp(HOME, 'set-webfinger-links', {
        // 4.6's Create, told apart from Mastodon's share page that Homeward knows by a parameter Mastodon ignores.
        intents: [{ type: 'Create', template: '/share?text={content}&via=create' }],
      });
      await serverWithIntents(e2e);
      // Only to find the tab by its address below: Firefox answers such a query with the sites permission alone.
      await turnOnOpenAtHome(e2e.session);
      await signInToHomeWeb(e2e.session);
      const page = await e2e.session.openPage(LINKS_PAGE);
      const title = await page.evaluate(() => document.title);
      const popup = await e2e.session.openPopup();
      const seq = await lastSeq(e2e);
      // The popup's button sends the tab it was opened over (automation opens the popup as a tab of its own).
      await sendForTab(popup, 'https://plain.example/*', 'shareTab');
      const shared = await e2e.session.waitForNewTab((url) => url.startsWith(`https://${HOME}/share?`));
      const first = await firstHomePage(e2e, seq);
      expect([first.pathname, first.searchParams.get('via')]).toEqual(['/share', 'create']);
      expect(first.searchParams.get('text')).toBe(`${title}\n${LINKS_PAGE}`);
      expect(await shared.inputValue('What’s on your mind?')).toBe(`${title}\n${LINKS_PAGE}`);
    });

    it('Share on your server is not offered where the home has no way to share (GoToSocial)', async () => {
      await e2e.sandbox.admin.hostOp(HOME, 'software', { profile: 'gotosocial' });
      await serverWithIntents(e2e);
      await turnOnOpenAtHome(e2e.session);
      await e2e.session.openPage(LINKS_PAGE);
      const popup = await e2e.session.openPopup();
      const answer = await sendForTab(popup, 'https://plain.example/*', 'shareTab');
      expect(answer).toMatchObject({ ok: false });
    });
  },
  undefined,
  { build: 'granted' },
);

e2eSuite(
  'web+ap links (Firefox, whose manifest names Homeward their handler)',
  (e2e) => {
    it('a web+ap:// link lands at home through the Opening page, asking first where an https link would not go by itself; with the switch off, it opens as its https address', async () => {
      await withAccount(e2e);
      await e2e.session.alwaysUseHandler('web+ap', new URL(WEB_AP_LINKS_PAGE).origin);
      const tab = await e2e.session.openPage(WEB_AP_LINKS_PAGE);
      // The post's page at home (signed out on the web: Mastodon's interstitial for it first).
      const postAtHome = new RegExp(`^https://${HOME}/(@bob@${REMOTE.mastodon}/|redirect/statuses/)\\d+$`);

      // Open fediverse links is off: a page's script could have followed the link, so the person is asked.
      await tab.click('link', `${POST.kind} on ${POST.host}`);
      await tab.waitForText(`Open this fediverse link on ${HOME}?`, { role: 'status' });
      expect(await tab.bodyText()).toContain(POST.url);
      await tab.click('button', `Open on ${HOME}`);
      expect(await waitForHome(tab, 15_000)).toMatch(postAtHome);

      // The handler switched off: the link opens as its https address (automatic opening still off: the original).
      const options = await e2e.session.openOptions();
      const toggle = async (on: boolean) => {
        await options.click('switch', 'Open web+ap links on my server');
        await waitUntil(`the switch to go ${on ? 'on' : 'off'}`, async () =>
          (await options.isChecked('switch', 'Open web+ap links on my server')) === on ? true : undefined,
        );
      };
      await toggle(false);
      await tab.goto(WEB_AP_LINKS_PAGE);
      await tab.click('link', `${POST.kind} on ${POST.host}`);
      await waitUntil('the post’s own page', async () => ((await tab.url()) === POST.url ? true : undefined));

      // On again, with automatic opening on and the host known (the first visit taught it): as the https link
      // would, home at once.
      await toggle(true);
      await turnOnOpenAtHome(e2e.session);
      await tab.goto(WEB_AP_LINKS_PAGE);
      await tab.click('link', `${POST.kind} on ${POST.host}`);
      expect(await waitForHome(tab, 15_000)).toMatch(postAtHome);
    });
  },
  ['firefox'],
);
