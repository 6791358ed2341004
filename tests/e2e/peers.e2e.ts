import { expect, it } from 'vitest';
import { HOME, REMOTE } from '../../sandbox/hosts';
import { MISSING_POST_URL } from '../../sandbox/remote';
import { e2eSuite, type E2E } from './harness/fixture';
import { withAccount } from '../../sandbox/harness/follow-button';
import {
  expectOriginalLoaded,
  LINKS_PAGE,
  signInToHomeWeb,
  turnOnOpenAtHome,
  waitForHome,
  waitForPeersAsked,
} from '../../sandbox/harness/open-at-home';
import { browserRequests } from '../../sandbox/harness/sandbox-log';

/**
 * The home server's peers (issue 18): a host the server federates with goes home before its page is asked for,
 * from the very first visit; one of its addresses the server cannot find opens as it is.
 */

const PEER = REMOTE.mastodon;

async function lastSeq(e2e: E2E): Promise<number> {
  return (await e2e.sandbox.admin.log()).at(-1)?.seq ?? 0;
}

/** The browser's own requests for pages of `host` since `seq` (not the home server's server-to-server fetches). */
async function pagesAsked(e2e: E2E, seq: number, host: string) {
  return browserRequests(await e2e.sandbox.admin.log(seq)).filter(
    (entry) => entry.host === host && entry.secFetchDest === 'document',
  );
}

/** A connected account, the browser signed in at home, the server naming PEER, and automatic opening on. */
async function ready(e2e: E2E): Promise<void> {
  await e2e.sandbox.admin.setPeers(HOME, { domains: [PEER] });
  await withAccount(e2e);
  await signInToHomeWeb(e2e.session);
  await turnOnOpenAtHome(e2e.session);
  // The peers arrive with the switch (one request to the home server); the rules follow them.
  await waitForPeersAsked(e2e.sandbox.admin);
}

e2eSuite(
  'open it at home: the home server’s peers',
  (e2e) => {
    it('sends a first visit to a peer host home without asking the host for the page', async () => {
      await ready(e2e);
      const tab = await e2e.session.openPage(LINKS_PAGE);
      const seq = await lastSeq(e2e);
      await tab.click('link', `post on ${PEER}`);
      expect(await waitForHome(tab, 15_000)).toMatch(new RegExp(`^https://${HOME}/@bob@${PEER}/\\d+$`));
      expect(await pagesAsked(e2e, seq, PEER)).toEqual([]);
    });

    it('opens as it is an address on a peer host that the home server cannot find', async () => {
      await ready(e2e);
      const tab = await e2e.session.openPage(LINKS_PAGE);
      await tab.click('link', `missing on ${new URL(MISSING_POST_URL).host}`);
      await expectOriginalLoaded(tab, MISSING_POST_URL);
    });

    it('learns nothing from a server that does not publish its peers (404)', async () => {
      await e2e.sandbox.admin.setPeers(HOME, { domains: [PEER], enabled: false });
      await withAccount(e2e);
      await signInToHomeWeb(e2e.session);
      await turnOnOpenAtHome(e2e.session);
      const tab = await e2e.session.openPage(LINKS_PAGE);
      const seq = await lastSeq(e2e);
      await tab.click('link', `post on ${PEER}`);
      // Still home, but only after the page itself showed it is a fediverse post (a host not known yet).
      await waitForHome(tab, 15_000);
      expect((await pagesAsked(e2e, seq, PEER)).length).toBeGreaterThan(0);
    });
  },
  undefined,
  // Open it at home's switch asks for all sites: the Chromium build that has them (README, "Test build").
  { build: 'granted' },
);
