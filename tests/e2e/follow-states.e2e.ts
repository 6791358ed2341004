import { expect, it } from 'vitest';
import { HOME } from '../../sandbox/hosts';
import { e2eSuite, type E2E } from './harness/fixture';
import {
  FOLLOW,
  FOLLOW_SITES,
  profileUrl,
  waitForFollowState,
  withAccount,
  withServer,
  type FollowSite,
} from '../../sandbox/harness/follow-button';

/**
 * The follow button's states that need no follow (issue 3, "Done when"): not on the fediverse, blocked by the
 * home server, no server, no account (and the home server's own follow page), a revoked token.
 */

async function openProfile(e2e: E2E, site: FollowSite, username: string) {
  return e2e.session.openPage(profileUrl(site, username));
}

e2eSuite('follow button: states without a follow', (e2e) => {
  it.each(FOLLOW_SITES)('explains an account that is not on the fediverse, on %s', async (site) => {
    await withAccount(e2e);
    const tab = await openProfile(e2e, site, 'nora.offgrid');

    await waitForFollowState(tab, 'nora.offgrid@threads.net', FOLLOW.notFederated);
    await tab.click('button', FOLLOW.notFederated);
    expect(await tab.waitForRole('note')).toContain('fediverse sharing');
  });

  it.each(FOLLOW_SITES)('says the home server blocks threads.net, on %s', async (site) => {
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp(HOME, 'suspend-domain', { domain: 'threads.net' });
    const tab = await openProfile(e2e, site, 'juno.field');

    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.blocked);
  });

  it.each(FOLLOW_SITES)('asks to set a server when none is set, on %s', async (site) => {
    const tab = await openProfile(e2e, site, 'juno.field');

    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.setServer);
  });

  it.each(FOLLOW_SITES)('offers the home server’s follow page without an account, on %s', async (site) => {
    await withServer(e2e.session);
    const tab = await openProfile(e2e, site, 'juno.field');

    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.connect);
    await e2e.sandbox.admin.clearLog();
    await tab.click('button', FOLLOW.remoteFollow);

    await e2e.session.waitForNewTab((url) => url.startsWith(`https://${HOME}/`));
    // The home server may send a signed-out visitor on to its sign-in page: the log shows where the tab started.
    const navigations = (await e2e.sandbox.admin.log()).filter(
      (entry) => entry.host === HOME && entry.secFetchMode === 'navigate',
    );
    expect(navigations[0]?.path).toBe('/authorize_interaction?uri=juno.field%40threads.net');
  });

  it.each(FOLLOW_SITES)(
    'explains Connect Mastodon and opens the settings to connect, on %s',
    async (site) => {
      await withServer(e2e.session);
      const tab = await openProfile(e2e, site, 'juno.field');

      await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.connect);
      await tab.click('button', FOLLOW.connect);
      expect(await tab.waitForRole('dialog', FOLLOW.connect)).toContain('one click');
      await tab.click('button', 'Connect account');
      const settings = await e2e.session.waitForNewTab((url) => url.endsWith('/options.html'));
      await settings.waitForRole('button', 'Connect account');
    },
  );

  it.each(FOLLOW_SITES)('asks to connect again after the server revoked the token, on %s', async (site) => {
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp(HOME, 'revoke-tokens', {});
    const tab = await openProfile(e2e, site, 'juno.field');

    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.connect);
  });
});
