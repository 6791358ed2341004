import { expect, it } from 'vitest';
import { findThreadsAccount, type ThreadsAccount } from '../../sandbox/remote/threads-accounts';
import { threadsPostsOf } from '../../sandbox/remote/threads-content';
import { shortDate } from '../../sandbox/remote/web/format';
import { e2eSuite } from './harness/fixture';
import {
  FOLLOW,
  followButton,
  profileUrl,
  waitForFollowState,
  withAccount,
} from '../../sandbox/harness/follow-button';
import type { Tab } from '../../sandbox/harness/session';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * Single-page navigation through the sites' own links (issue 3): each profile gets exactly one button, for its
 * own handle and with its own state; pages that are not profiles have none.
 */

function account(username: string): ThreadsAccount {
  const found = findThreadsAccount(username);
  if (!found) throw new Error(`no sandbox account ${username}`);
  return found;
}

const juno = account('juno.field');
const harbor = account('quiet.harbor');
const nora = account('nora.offgrid');

/** The sandbox's router swaps the column, then sets the title: the page is the new one once the title is. */
async function waitForTitle(tab: Tab, title: string): Promise<void> {
  let last = '';
  await waitUntil(`the page titled ${JSON.stringify(title)}`, async () => {
    last = await tab.evaluate(() => document.title);
    return last === title ? true : undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message}; title: ${JSON.stringify(last)}`);
  });
}

async function expectProfileButton(tab: Tab, who: ThreadsAccount, label: string): Promise<void> {
  const view = await waitForFollowState(tab, `${who.username}@threads.net`, label);
  expect(view.handles).toEqual([`${who.username}@threads.net`]);
}

/** The router replaces the column with the new page's nodes, so the old button must be gone with them. */
async function expectNoButton(tab: Tab): Promise<void> {
  await waitUntil('no follow button', async () =>
    (await followButton(tab)).handles.length === 0 ? true : undefined,
  );
  expect(await tab.count('button', FOLLOW.follow)).toBe(0);
}

const threadsTitle = (who: ThreadsAccount): string =>
  `${who.displayName} (@${who.username}) • Threads, Say more`;
const instagramTitle = (who: ThreadsAccount): string =>
  `${who.displayName} (@${who.username}) • Instagram photos and videos`;
const instagramPost = (who: ThreadsAccount): string => `${who.bio} (#1)`;

e2eSuite('follow button: single-page navigation', (e2e) => {
  it('follows Threads links through three profiles and a post page', async () => {
    await withAccount(e2e);
    const tab = await e2e.session.openPage(profileUrl('threads', juno.username));
    await expectProfileButton(tab, juno, FOLLOW.follow);

    // Each account's second thread mentions the next account (sandbox/remote/threads-content.ts).
    await tab.click('link', `@${harbor.username}`);
    await waitForTitle(tab, threadsTitle(harbor));
    await expectProfileButton(tab, harbor, FOLLOW.follow);

    await tab.click('link', `@${nora.username}`);
    await waitForTitle(tab, threadsTitle(nora));
    await expectProfileButton(tab, nora, FOLLOW.notFederated);

    // A thread's timestamp links to its post page.
    const [first] = threadsPostsOf(nora);
    await tab.click('link', shortDate(first!.published));
    await waitForTitle(tab, `${nora.displayName} (@${nora.username}) on Threads`);
    expect(new URL(await tab.url()).pathname).toBe(`/@${nora.username}/post/${first!.code}`);
    await expectNoButton(tab);

    // And back to a profile from the post page.
    await tab.click('link', nora.username);
    await waitForTitle(tab, threadsTitle(nora));
    await expectProfileButton(tab, nora, FOLLOW.notFederated);
  });

  it('follows Instagram links through three profiles, Explore and post pages', async () => {
    await withAccount(e2e);
    const tab = await e2e.session.openPage(profileUrl('instagram', juno.username));
    await expectProfileButton(tab, juno, FOLLOW.follow);

    // Instagram profiles link to no other profile: go through Explore, a post, and its author.
    for (const [who, label] of [
      [harbor, FOLLOW.follow],
      [nora, FOLLOW.notFederated],
    ] as const) {
      await tab.click('link', 'Explore');
      await waitForTitle(tab, 'Explore • Instagram');
      await expectNoButton(tab);

      await tab.click('link', instagramPost(who));
      await waitForTitle(tab, `${who.displayName} on Instagram: "${instagramPost(who)}"`);
      await expectNoButton(tab);

      await tab.click('link', who.username);
      await waitForTitle(tab, instagramTitle(who));
      await expectProfileButton(tab, who, label);
    }
  });
});
