import { expect, it } from 'vitest';
import { HOME, REMOTE } from '../../sandbox/hosts';
import { e2eSuite } from './harness/fixture';
import { withAccount } from './harness/follow-button';
import { LINKS_PAGE, signInToHomeWeb, turnOnOpenAtHome, waitForHome } from './harness/open-at-home';
import { browserRequests } from './harness/sandbox-log';

e2eSuite(
  'open it at home: links from an ordinary page',
  (e2e) => {
    it('opens a post on the home server, and a known host before its page loads', async () => {
      await withAccount(e2e);
      await signInToHomeWeb(e2e.session);
      await turnOnOpenAtHome(e2e.session);
      const tab = await e2e.session.openPage(LINKS_PAGE);
      await tab.click('link', `post on ${REMOTE.mastodon}`);
      const home = await waitForHome(tab);
      expect(home).toMatch(new RegExp(`^https://${HOME}/@bob@${REMOTE.mastodon}/\\d+$`));
      await tab.waitForText('The tomatoes are finally red!');

      const seq = (await e2e.sandbox.admin.log()).at(-1)?.seq ?? 0;
      await tab.goto(LINKS_PAGE);
      await tab.click('link', `profile on ${REMOTE.mastodon}`);
      expect(await waitForHome(tab)).toBe(`https://${HOME}/@bob@${REMOTE.mastodon}`);
      // The home copy may show the remote avatar; the remote page itself must never be asked for.
      const remotePages = browserRequests(await e2e.sandbox.admin.log(seq)).filter(
        (entry) => entry.host === REMOTE.mastodon && entry.secFetchDest === 'document',
      );
      expect(remotePages).toEqual([]);
    });
  },
  undefined,
  { build: 'granted' },
);
