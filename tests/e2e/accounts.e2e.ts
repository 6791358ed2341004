import { expect, it } from 'vitest';
import { HOME, HOME_USER, WEB_DOMAIN_WEB } from '../../sandbox/hosts';
import { e2eSuite, type E2E } from './harness/fixture';
import {
  FOLLOW,
  followHostText,
  profileUrl,
  waitForFollowState,
  withAccount,
} from '../../sandbox/harness/follow-button';
import { signInAndAuthorize } from '../../sandbox/harness/flows';
import { requestsTo } from '../../sandbox/harness/sandbox-log';
import type { Tab } from '../../sandbox/harness/session';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * Several accounts (issue 20): a saved single-account profile (as builds before kept it) comes through the update,
 * a second account on another sandbox server is added in the settings, the follow button's menu follows from it
 * with the state per account, and disconnecting it revokes its token on its server only.
 */

const HANDLE = 'juno.field@threads.net';
const OTHER_ACCOUNT = `@${HOME_USER.username}@wd.example`;

interface HomeFollows {
  follows: { acct: string; state: 'following' | 'requested' }[];
}

async function followsOn(e2e: E2E, host: string): Promise<string[]> {
  return (await e2e.sandbox.admin.hostOp<HomeFollows>(host, 'state')).follows.map((f) => f.acct);
}

/** What the follow host's menu shows, from its closed shadow root. */
const menuText = (tab: Tab): Promise<string> => followHostText(tab, '[role="dialog"]');

e2eSuite('several accounts', (e2e) => {
  it('keeps a saved single account through the update, adds one on another server, follows from each, disconnects one', async () => {
    // Stored the way an install with one account kept it (0.1.0: storage.local `account` and `credentials`).
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    await e2e.sandbox.admin.hostOp(WEB_DOMAIN_WEB, 'set-accept-delay', { ms: 0 });
    const options = await e2e.session.openOptions();
    await options.waitForRole('heading', 'Accounts');
    await options.waitForText('Account 1 · default');
    await options.waitForText(`@${HOME_USER.username}@${HOME}`);

    // A second account, on the sandbox's other Mastodon server, through its own sign-in pages.
    await options.fill('Server of another account', WEB_DOMAIN_WEB);
    await options.click('button', 'Add account');
    const auth = await e2e.session.waitForNewTab((url) => url.startsWith(`https://${WEB_DOMAIN_WEB}/`), {
      timeoutMs: 15_000,
    });
    await signInAndAuthorize(auth);
    await options.waitForText(OTHER_ACCOUNT, { timeoutMs: 15_000 });
    await options.waitForText('Account 2');

    // The button follows from the default account; its menu shows each account's state and follows from another.
    const tab = await e2e.session.openPage(profileUrl('threads', 'juno.field'));
    await waitForFollowState(tab, HANDLE, FOLLOW.follow);
    await tab.click('button', 'Other accounts');
    await waitUntil('the menu to list both accounts', async () =>
      (await menuText(tab)).includes('Account 2') ? true : undefined,
    );
    expect(await menuText(tab)).toContain('Account 1 (default)');
    // Accounts by number only: nothing of them in the page.
    expect(await menuText(tab)).not.toMatch(/wd\.example|home\.example|maya/);
    await tab.click('button', 'Follow from Account 2');
    await waitUntil('the second account to follow', async () =>
      (await followsOn(e2e, WEB_DOMAIN_WEB)).includes(HANDLE) ? true : undefined,
    );
    expect(await followsOn(e2e, HOME)).toEqual([]);
    await tab.press('Escape');
    await tab.click('button', FOLLOW.follow);
    await waitForFollowState(tab, HANDLE, /^(Requested|Following on Mastodon)$/);
    expect(await followsOn(e2e, HOME)).toEqual([HANDLE]);
    // A fresh look: each account's own state.
    await tab.goto(profileUrl('threads', 'juno.field'));
    await waitForFollowState(tab, HANDLE, FOLLOW.following);
    await tab.click('button', 'Other accounts');
    await waitUntil('both accounts following', async () =>
      (await menuText(tab)).match(/Following on Mastodon/g)?.length === 2 ? true : undefined,
    );

    // Disconnecting the second revokes its token on its own server; the default account goes on.
    await e2e.sandbox.admin.clearLog();
    await options.click('button', `Disconnect ${OTHER_ACCOUNT}`);
    await waitUntil('the account to leave the list', async () =>
      (await options.bodyText()).includes(OTHER_ACCOUNT) ? undefined : true,
    );
    // The list changes first; the revocation follows it.
    const log = await waitUntil('the revocation on its server', async () => {
      const entries = await e2e.sandbox.admin.log();
      const revoked = requestsTo(entries, WEB_DOMAIN_WEB).filter(
        (e) => e.method === 'POST' && e.path === '/oauth/revoke',
      );
      return revoked.length === 1 ? entries : undefined;
    });
    expect(requestsTo(log, HOME).filter((e) => e.path === '/oauth/revoke')).toEqual([]);
    await tab.goto(profileUrl('threads', 'juno.field'));
    await waitForFollowState(tab, HANDLE, FOLLOW.following);
    expect(await tab.count('button', 'Other accounts')).toBe(0);
  }, 120_000);
});
