import { expect, it } from 'vitest';
import { HOME } from '../../sandbox/hosts';
import { ARTICLE_AUTHOR, ARTICLE_PAGE, ARTICLE_PAGE_BAD_TAG } from '../../sandbox/remote/plain-site';
import { e2eSuite, type E2E } from './harness/fixture';
import { FOLLOW, waitForFollowState, withAccount } from '../../sandbox/harness/follow-button';
import { turnOnOpenAtHome } from '../../sandbox/harness/open-at-home';
import type { Tab } from '../../sandbox/harness/session';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * **Follow the author** (issue 20): the toolbar popup over an article whose `fediverse:creator` names its author
 * offers the follow button for that account, with the same states as on a profile.
 *
 * Automation cannot click the toolbar button, whose click grants `activeTab` in real use: the popup's page is opened
 * in a tab, the article's tab is made the active one, and the popup reloaded, so that it finds the article as the
 * tab it was opened over; reading the page then rests on the all-sites permission (turned on through the popup,
 * as a person would), where the real popup has `activeTab`.
 */

async function popupOver(e2e: E2E, url: string, { author = true } = {}): Promise<Tab> {
  const article = await e2e.session.openPage(url);
  const popup = await e2e.session.openPopup();
  await popup.evaluateSource(`(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const [tab] = await api.tabs.query({ url: ${JSON.stringify(url)} });
    await api.tabs.update(tab.id, { active: true });
  })()`);
  await popup.evaluateSource('location.reload()').catch(() => undefined);
  await waitUntil('the popup to load again', async () =>
    (await popup.evaluate(() => document.readyState)) === 'complete' ? true : undefined,
  );
  // Its look at the tab behind it done (an author shown, or a moment without one), the popup comes to the front,
  // as the real one is.
  await waitUntil(
    'the popup to look at the article',
    async () =>
      (await popup.evaluateSource<boolean>(`document.querySelector('.author homeward-follow') !== null`))
        ? true
        : undefined,
    author ? 10_000 : 1500,
  ).catch(() => undefined);
  await popup.evaluateSource(`(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const self = await api.tabs.getCurrent();
    await api.tabs.update(self.id, { active: true });
  })()`);
  expect(await article.url()).toBe(url);
  return popup;
}

interface HomeFollows {
  follows: { acct: string; state: 'following' | 'requested' }[];
}

e2eSuite(
  'follow the author of an article',
  (e2e) => {
    it('follows the author an article names, from the popup, and unfollows', async () => {
      await withAccount(e2e);
      await turnOnOpenAtHome(e2e.session);
      await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
      const popup = await popupOver(e2e, ARTICLE_PAGE);
      await popup.waitForRole('heading', 'Follow the author');
      await popup.waitForText(`@${ARTICLE_AUTHOR}`);
      await waitForFollowState(popup, ARTICLE_AUTHOR, FOLLOW.follow);
      await popup.click('button', FOLLOW.follow);
      // A fresh follow of a remote account is honestly "Requested" until the next look (utils/follow/service.ts).
      await waitForFollowState(popup, ARTICLE_AUTHOR, FOLLOW.requested);
      const follows = async () => (await e2e.sandbox.admin.hostOp<HomeFollows>(HOME, 'state')).follows;
      expect(await follows()).toEqual([expect.objectContaining({ acct: ARTICLE_AUTHOR })]);
      await popup.click('button', FOLLOW.requested);
      await popup.click('button', FOLLOW.withdraw);
      await waitForFollowState(popup, ARTICLE_AUTHOR, FOLLOW.follow);
      expect(await follows()).toEqual([]);
    });

    it('offers nothing over a page whose tag names no account', async () => {
      await withAccount(e2e);
      await turnOnOpenAtHome(e2e.session);
      const popup = await popupOver(e2e, ARTICLE_PAGE_BAD_TAG, { author: false });
      await popup.waitForRole('switch', 'Open fediverse links on my server');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await popup.count('heading', 'Follow the author')).toBe(0);
    });
  },
  undefined,
  { build: 'granted' },
);
