import { expect, it } from 'vitest';
import { HOME, THREADS_FEDERATION } from '../../sandbox/hosts';
import { e2eSuite, type E2E } from './harness/fixture';
import {
  FOLLOW,
  FOLLOW_SITES,
  SITE_HOST,
  profileUrl,
  waitForFollowState,
  withAccount,
  type FollowSite,
} from '../../sandbox/harness/follow-button';
import { hostsContacted, requestsTo } from '../../sandbox/harness/sandbox-log';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * The follow button on Threads and Instagram profiles (issue 3, "Done when"): every state a person can meet with
 * a home server set, and the follow / unfollow round trips checked against the home server's own state.
 */

interface HomeFollows {
  follows: { acct: string; state: 'following' | 'requested' }[];
}

async function homeFollows(e2e: E2E): Promise<HomeFollows['follows']> {
  return ((await e2e.sandbox.admin.hostOp(HOME, 'state', {})) as HomeFollows).follows;
}

async function openProfile(e2e: E2E, site: FollowSite, username: string) {
  return e2e.session.openPage(profileUrl(site, username));
}

e2eSuite('follow button: states and follows', (e2e) => {
  it.each(FOLLOW_SITES)('goes from Follow to Following once Threads accepts at once, on %s', async (site) => {
    await withAccount(e2e);
    // The sandbox's Threads accepts after this delay; 0 makes relationships say "following" right away.
    await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    const tab = await openProfile(e2e, site, 'juno.field');

    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.follow);
    await tab.click('button', FOLLOW.follow);

    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.following);
    expect(await homeFollows(e2e)).toEqual([
      expect.objectContaining({ acct: 'juno.field@threads.net', state: 'following' }),
    ]);
  });

  it.each(FOLLOW_SITES)('unfollows from Following on Mastodon after a confirmation, on %s', async (site) => {
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    await e2e.sandbox.admin.clearLog();
    const tab = await openProfile(e2e, site, 'juno.field');
    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.follow);
    await tab.click('button', FOLLOW.follow);
    await waitUntil('the follow to reach the home server', async () =>
      (await homeFollows(e2e)).length === 1 ? true : undefined,
    );
    // A fresh visit reads relationships, which say "following" now that Threads accepted.
    await tab.goto(profileUrl(site, 'juno.field'));
    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.following);

    // Cancel keeps the follow.
    await tab.click('button', FOLLOW.following);
    await tab.waitForRole('dialog');
    await tab.click('button', FOLLOW.cancel);
    await waitUntil('the dialog to close', async () =>
      (await tab.count('dialog')) === 0 ? true : undefined,
    );
    expect(await homeFollows(e2e)).toHaveLength(1);

    await tab.click('button', FOLLOW.following);
    await tab.click('button', FOLLOW.unfollow);
    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.follow);
    expect(await homeFollows(e2e)).toEqual([]);

    // Only the home server and Threads' federation hosts, besides the page's own loads.
    const allowed = [HOME, ...THREADS_FEDERATION, SITE_HOST[site]];
    const log = await e2e.sandbox.admin.log();
    expect(hostsContacted(log).filter((host) => !allowed.includes(host))).toEqual([]);
    expect(requestsTo(log, HOME).length).toBeGreaterThan(0);
  });

  it.each(FOLLOW_SITES)('sends a request to a locked account and withdraws it, on %s', async (site) => {
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    const tab = await openProfile(e2e, site, 'quiet.harbor');

    await waitForFollowState(tab, 'quiet.harbor@threads.net', FOLLOW.follow);
    await tab.click('button', FOLLOW.follow);
    await waitForFollowState(tab, 'quiet.harbor@threads.net', FOLLOW.requested);
    expect(await homeFollows(e2e)).toEqual([
      expect.objectContaining({ acct: 'quiet.harbor@threads.net', state: 'requested' }),
    ]);

    await tab.click('button', FOLLOW.requested);
    await tab.click('button', FOLLOW.withdraw);
    await waitForFollowState(tab, 'quiet.harbor@threads.net', FOLLOW.follow);
    expect(await homeFollows(e2e)).toEqual([]);
  });

  it.each(FOLLOW_SITES)('says Requested until Threads accepts an unlocked account, on %s', async (site) => {
    await withAccount(e2e);
    // Longer than the test: the remote Accept never arrives while the button is looked at.
    await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 600_000 });
    const tab = await openProfile(e2e, site, 'juno.field');

    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.follow);
    await tab.click('button', FOLLOW.follow);
    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.requested);
    expect(await homeFollows(e2e)).toEqual([
      expect.objectContaining({ acct: 'juno.field@threads.net', state: 'requested' }),
    ]);
  });
});

e2eSuite("follow button: the page's own script", (e2e) => {
  it.each(FOLLOW_SITES)(
    'cannot reach it, and a scripted click follows nobody while a real one does, on %s',
    async (site) => {
      await withAccount(e2e);
      await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
      const tab = await openProfile(e2e, site, 'juno.field');
      await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.follow);
      // What Threads' or Instagram's own script sees of the host: an element without a reachable shadow root,
      // nothing inside it to read or press (components/shared/content-host.ts).
      const reachable = await tab.evaluate(() => {
        const host = document.querySelector('homeward-follow');
        return {
          host: host !== null,
          shadowRoot: host?.shadowRoot !== null,
          text: host?.textContent ?? '',
          buttons: host?.querySelectorAll('button').length ?? 0,
        };
      });
      expect(reachable).toEqual({ host: true, shadowRoot: false, text: '', buttons: 0 });
      // Should a script get hold of the button all the same, its events are not the person's: a click(), a
      // dispatched click and Enter, sent from inside the root (the harness can reach it; a page cannot).
      const scripted = await tab.evaluateInShadow('homeward-follow', (roots) => {
        const button = roots[0]?.querySelector('button');
        if (!button) return false;
        button.click();
        button.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
        button.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        return true;
      });
      expect(scripted).toBe(true);
      // The real click after them is the sign that anything the scripted ones started would have arrived by now.
      await tab.click('button', FOLLOW.follow);
      await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.following);
      const follows = requestsTo(await e2e.sandbox.admin.log(), HOME).filter(
        (entry) => entry.method === 'POST' && entry.path.endsWith('/follow'),
      );
      expect(follows).toHaveLength(1);
    },
  );
});
