import { expect, it } from 'vitest';
import { HOME, HOME_USER } from '../../sandbox/hosts';
import { e2eSuite, type E2E } from './harness/fixture';
import { FOLLOW, profileUrl, waitForFollowState } from '../../sandbox/harness/follow-button';
import { connectAccount, LABELS, setHomeServer } from '../../sandbox/harness/flows';
import type { StorageArea, Tab } from '../../sandbox/harness/session';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * Issue 15, finding 4: the token and the client secret are out of every content script's reach. A content script
 * reads extension storage (`storage.local`, `storage.sync`, and `storage.session` where allowed) and its page's
 * own IndexedDB; the secrets are in none of them, but in the extension origin's IndexedDB, which the background
 * reads (utils/storage/secrets.ts). They survive a browser restart there: the connection keeps working.
 */

const SECRETS_DATABASE = 'homeward-secrets';
const AREAS: readonly StorageArea[] = ['local', 'sync', 'session'];

interface HomeState {
  apps: { client_id: string; client_secret: string }[];
  tokens: { token: string; clientId: string; userId: string | null; revoked: boolean }[];
}

/** The access token and client secret the home server issued to Homeward, as the server itself knows them. */
async function issuedSecrets(e2e: E2E): Promise<{ token: string; clientSecret: string }> {
  const state = await e2e.sandbox.admin.hostOp<HomeState>(HOME, 'state');
  const live = state.tokens.filter((t) => t.userId !== null && !t.revoked);
  expect(live).toHaveLength(1);
  const app = state.apps.find((a) => a.client_id === live[0]!.clientId);
  if (!app) throw new Error('the token’s app is not registered on the home server');
  return { token: live[0]!.token, clientSecret: app.client_secret };
}

/** The names of the IndexedDB databases `tab`'s origin has. */
const databases = (tab: Tab): Promise<string[]> =>
  tab.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));

async function homeFollows(e2e: E2E): Promise<string[]> {
  const state = await e2e.sandbox.admin.hostOp<{ follows: { acct: string }[] }>(HOME, 'state');
  return state.follows.map((follow) => follow.acct);
}

e2eSuite('secrets: out of content scripts’ reach', (e2e) => {
  it('keeps the token and client secret out of every storage area and the page’s origin, and stays connected after a restart', async () => {
    const popup = await e2e.session.openPopup();
    await setHomeServer(popup, HOME);
    await popup.waitForText(HOME, { role: 'status' });
    await connectAccount(e2e.session, popup);
    await popup.waitForRole('button', LABELS.disconnect);
    const { token, clientSecret } = await issuedSecrets(e2e);
    expect(token.length).toBeGreaterThan(8);
    expect(clientSecret.length).toBeGreaterThan(8);

    for (const area of AREAS) {
      const stored = JSON.stringify(await e2e.session.extensionStorage(area));
      expect.soft(stored.includes(token), `the token in storage.${area}`).toBe(false);
      expect.soft(stored.includes(clientSecret), `the client secret in storage.${area}`).toBe(false);
    }
    // The store is the extension origin's; a Threads page (where the follow button's script runs) has none of it.
    expect(await databases(popup)).toContain(SECRETS_DATABASE);
    const threads = await e2e.session.openPage(profileUrl('threads', 'juno.field'));
    await waitForFollowState(threads, 'juno.field@threads.net', FOLLOW.follow);
    expect(await databases(threads)).not.toContain(SECRETS_DATABASE);

    const seq = (await e2e.sandbox.admin.log()).at(-1)?.seq ?? 0;
    await e2e.restartBrowser();

    // The popup asks the background to re-read the account, which it does with the stored token.
    const reopened = await e2e.session.openPopup();
    await reopened.waitForText(`@${HOME_USER.username}@${HOME}`);
    await reopened.waitForRole('button', LABELS.disconnect);
    const verified = await waitUntil('the account to be re-read with the token', async () =>
      (await e2e.sandbox.admin.log(seq)).find(
        (entry) =>
          entry.host === HOME &&
          entry.path === '/api/v1/accounts/verify_credentials' &&
          entry.status !== null,
      ),
    );
    expect(verified.status).toBe(200);
    expect(await reopened.count('button', LABELS.reconnect)).toBe(0);

    // And a follow goes through with it.
    const profile = await e2e.session.openPage(profileUrl('threads', 'juno.field'));
    await waitForFollowState(profile, 'juno.field@threads.net', FOLLOW.follow);
    await profile.click('button', FOLLOW.follow);
    await waitUntil('the follow to reach the home server', async () =>
      (await homeFollows(e2e)).includes('juno.field@threads.net') ? true : undefined,
    );
    for (const area of AREAS) {
      const stored = JSON.stringify(await e2e.session.extensionStorage(area));
      expect.soft(stored.includes(token), `the token in storage.${area} after the restart`).toBe(false);
    }
  });
});
