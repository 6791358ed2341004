import { expect, it } from 'vitest';
import { BLUESKY_WEB, BRIDGY_FED, HOME, HOME_USER } from '../../sandbox/hosts';
import {
  FOLLOWING_OWNER,
  QUILL,
  ROWAN,
  VISITOR,
  blueskyFollowingOf,
} from '../../sandbox/remote/bluesky-accounts';
import { e2eSuite, type E2E } from './harness/fixture';
import {
  FOLLOW,
  blueskyProfileUrl,
  followButton,
  followHostText,
  waitForFollowState,
  withAccount,
} from '../../sandbox/harness/follow-button';
import { signInAndAuthorize } from '../../sandbox/harness/flows';
import { browserRequests, hostsContacted, requestsTo } from '../../sandbox/harness/sandbox-log';
import { waitForChecks } from '../../sandbox/harness/people';
import type { Tab } from '../../sandbox/harness/session';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * Bluesky through Bridgy Fed (issue 20): the follow button on bsky.app profiles, bridged and not, **Ask them to
 * bridge** down to the request Bridgy Fed records, the screens bsky.app keeps hidden, and a Bluesky Following list
 * through the people queue.
 */

const handleOf = (account: { handle: string }) => `${account.handle}@${BRIDGY_FED}`;
const MAYA = `https://${HOME}/users/${HOME_USER.username}`;

interface HomeFollows {
  follows: { acct: string; state: 'following' | 'requested' }[];
}

async function homeFollows(e2e: E2E): Promise<HomeFollows['follows']> {
  return ((await e2e.sandbox.admin.hostOp(HOME, 'state', {})) as HomeFollows).follows;
}

/** What the follow host's note says, from its closed shadow root. */
const noteText = (tab: Tab): Promise<string> => followHostText(tab, '[role="note"]');

e2eSuite('Bluesky through Bridgy Fed', (e2e) => {
  it('follows a bridged Bluesky account from Mastodon, beside Bluesky’s own Follow', async () => {
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    await e2e.sandbox.admin.clearLog();
    const tab = await e2e.session.openPage(blueskyProfileUrl(ROWAN.handle));
    await waitForFollowState(tab, handleOf(ROWAN), FOLLOW.follow);
    // Beside Bluesky's own button, in the shown screen's action row, before the "…" menu.
    const placed = await tab.evaluateSource<string>(
      `(() => { const host = document.querySelector('homeward-follow');
        return [host?.previousElementSibling?.getAttribute('data-testid'),
          host?.nextElementSibling?.querySelector('[data-testid]')?.getAttribute('data-testid')].join(' '); })()`,
    );
    expect(placed).toBe('followBtn profileHeaderDropdownBtn');
    await tab.click('button', FOLLOW.follow);
    await waitForFollowState(tab, handleOf(ROWAN), FOLLOW.following);
    expect(await homeFollows(e2e)).toEqual([
      expect.objectContaining({ acct: handleOf(ROWAN), state: 'following' }),
    ]);
    // Bridgy Fed's WebFinger without cookies; nothing but the page, the bridge and the home server.
    const log = await e2e.sandbox.admin.log();
    const webfinger = browserRequests(log).filter((entry) => entry.host === BRIDGY_FED);
    expect(webfinger.length).toBeGreaterThan(0);
    expect(webfinger.filter((entry) => entry.cookies)).toEqual([]);
    expect(hostsContacted(log).filter((host) => ![HOME, BRIDGY_FED, BLUESKY_WEB].includes(host))).toEqual([]);
  });

  it('says an unbridged account is not bridged, and asks it to bridge on Send, after showing the message', async () => {
    // Connected with what the first sign-in asks for: no permission to post yet.
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp(BRIDGY_FED, 'set-sender-bridged', { actor: MAYA, bridged: true });
    const tab = await e2e.session.openPage(blueskyProfileUrl(QUILL.handle));
    await waitForFollowState(tab, handleOf(QUILL), FOLLOW.notBridged);
    await tab.click('button', FOLLOW.notBridged);
    await waitUntil('the note', async () =>
      (await noteText(tab)).includes('@ap.brid.gy') ? true : undefined,
    );
    expect(await noteText(tab)).toContain(`@${handleOf(QUILL)} hasn't bridged their Bluesky account`);

    await tab.click('button', FOLLOW.askBridge);
    await tab.waitForRole('dialog', FOLLOW.askBridge);
    const shown = await followHostText(tab, '[role="dialog"] pre');
    expect(shown).toBe(`@bsky.brid.gy@bsky.brid.gy ${QUILL.handle}`);
    // Nothing is sent before Send.
    expect(
      (await e2e.sandbox.admin.hostOp<{ requests: unknown[] }>(BRIDGY_FED, 'requests')).requests,
    ).toEqual([]);
    await tab.click('button', FOLLOW.send);
    // The first request asks the server for permission to post: its own sign-in pages.
    const auth = await e2e.session.waitForNewTab((url) => url.startsWith(`https://${HOME}/`), {
      timeoutMs: 15_000,
    });
    await signInAndAuthorize(auth);
    const authorize = requestsTo(await e2e.sandbox.admin.log(), HOME).filter((entry) =>
      entry.path.startsWith('/oauth/authorize?'),
    );
    expect(authorize.length).toBeGreaterThan(0);
    expect(
      authorize.every((entry) =>
        new URLSearchParams(entry.path.split('?')[1]).get('scope')?.split(' ').includes('write:statuses'),
      ),
    ).toBe(true);
    await waitUntil('the note to say the request went', async () =>
      (await noteText(tab)).includes('Request sent') ? true : undefined,
    );
    await e2e.sandbox.admin.hostOp(HOME, 'deliveries');
    expect(
      (await e2e.sandbox.admin.hostOp<{ requests: unknown[] }>(BRIDGY_FED, 'requests')).requests,
    ).toEqual([expect.objectContaining({ from: MAYA, handle: QUILL.handle, outcome: 'requested' })]);
    // A second visit remembers it, and offers no second request.
    await tab.goto(blueskyProfileUrl(QUILL.handle));
    await waitForFollowState(tab, handleOf(QUILL), FOLLOW.notBridged);
    await tab.click('button', FOLLOW.notBridged);
    await waitUntil('the note', async () =>
      (await noteText(tab)).includes('Request sent') ? true : undefined,
    );
    expect(await tab.count('button', FOLLOW.askBridge)).toBe(0);
  });

  it('follows the profile that is shown as bsky.app keeps earlier screens hidden, and none on one’s own', async () => {
    await withAccount(e2e);
    const tab = await e2e.session.openPage(blueskyProfileUrl(FOLLOWING_OWNER.handle));
    await waitForFollowState(tab, handleOf(FOLLOWING_OWNER), FOLLOW.follow);
    // In-app navigation to a profile from the Following list, then Back: the earlier screens stay mounted.
    await tab.evaluateSource(
      `history.pushState({}, '', '/profile/${QUILL.handle}'); dispatchEvent(new PopStateEvent('popstate'))`,
    );
    await waitForFollowState(tab, handleOf(QUILL), FOLLOW.notBridged);
    await tab.evaluateSource('history.back()');
    await waitForFollowState(tab, handleOf(FOLLOWING_OWNER), FOLLOW.follow);
    expect((await followButton(tab)).handles).toEqual([handleOf(FOLLOWING_OWNER)]);
    await tab.goto(blueskyProfileUrl(VISITOR.handle));
    await tab.waitForRole('button', 'Edit profile');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await followButton(tab)).handles).toEqual([]);
  });

  it('reads a Bluesky Following list, checks it with Bridgy Fed and follows through the queue', async () => {
    await withAccount(e2e);
    const list = blueskyFollowingOf();
    const bridged = list.filter((account) => account.bridged);
    const tab = await e2e.session.openPage(`${blueskyProfileUrl(FOLLOWING_OWNER.handle)}/follows`);
    await tab.click('button', 'Find them on the fediverse', { timeoutMs: 15_000 });
    const people = await e2e.session.waitForNewTab((url) => url.includes('/people.html?list='), {
      timeoutMs: 90_000,
    });
    await waitForChecks(people);
    const counts = await people.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('dl dt')].map((dt) => [
          dt.textContent ?? '',
          Number(dt.nextElementSibling?.textContent),
        ]),
      ),
    );
    expect(counts).toMatchObject({
      'On the fediverse': bridged.length,
      'Not on the fediverse': list.length - bridged.length,
    });
    await people.click('button', 'Follow selected');
    await waitUntil(
      'every bridged account followed',
      async () => ((await homeFollows(e2e)).length === bridged.length ? true : undefined),
      60_000,
    );
    expect((await homeFollows(e2e)).map((f) => f.acct).sort()).toEqual(bridged.map(handleOf).sort());
  }, 180_000);
});
