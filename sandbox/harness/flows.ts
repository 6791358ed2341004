import { HOME, HOME_USER } from '../hosts';
import type { Session, Tab } from './session';
import { waitUntil } from './wait';

/** The popup's contract labels (the lead builds the UI to these; a change here is a product change). */
export const LABELS = {
  homeServer: 'Home server',
  save: 'Save',
  connect: 'Connect account',
  reconnect: 'Reconnect',
  disconnect: 'Disconnect',
  followSwitch: 'Follow buttons on Threads and Instagram',
  redirectSwitch: 'Open fediverse links on my server',
} as const;

/** The labels as a browser shows them: English by default, another language's from words.ts `labelsIn`. */
export type Labels = { readonly [K in keyof typeof LABELS]: string };

/** Types `value` into the Home server field and submits with Save. */
export async function setHomeServer(tab: Tab, value: string, labels: Labels = LABELS): Promise<void> {
  await tab.fill(labels.homeServer, value);
  await tab.click('button', labels.save);
}

/** What the auth window showed on the way, so scenarios can assert the real sign-in page was used. */
export interface ConnectTrace {
  sawSignIn: boolean;
  authUrl: string;
}

/**
 * In the auth window the extension opened: signs in as HOME_USER if the server asks, then approves.
 * A real Mastodon redirects /oauth/authorize to /auth/sign_in without a session, and back after it.
 */
export async function signInAndAuthorize(auth: Tab): Promise<ConnectTrace> {
  const authUrl = await auth.url();
  const first = await waitUntil(
    'the sign-in form or the Authorize button',
    async () => {
      if ((await auth.count('button', 'Log in')) > 0) return 'sign-in' as const;
      if ((await auth.count('button', 'Authorize')) > 0) return 'authorize' as const;
      return undefined;
    },
    15_000,
  );
  if (first === 'sign-in') {
    await auth.fill('E-mail address', HOME_USER.email);
    await auth.fill('Password', HOME_USER.password);
    await auth.click('button', 'Log in');
  }
  await auth.click('button', 'Authorize', { timeoutMs: 15_000 });
  return { sawSignIn: first === 'sign-in', authUrl };
}

/**
 * Clicks Connect account in `popup` (a popup page with the home server already saved), goes through the home
 * server's real sign-in and approve pages, and waits until the popup shows the account.
 */
export async function connectAccount(
  session: Session,
  popup: Tab,
  labels: Labels = LABELS,
): Promise<ConnectTrace> {
  await popup.click('button', labels.connect);
  const auth = await session.waitForNewTab((url) => url.startsWith(`https://${HOME}/`), {
    timeoutMs: 15_000,
  });
  const trace = await signInAndAuthorize(auth);
  await popup.waitForText(`@${HOME_USER.username}@${HOME}`, { timeoutMs: 15_000 });
  return trace;
}
