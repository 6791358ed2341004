import type { Sandbox } from '..';
import { HOME, HOME_USER } from '../hosts';
import { CHROME_EXTENSION_ID } from './extension-build';
import { setHomeServer } from './flows';
import { FOLLOW_HOST_TAG, type Session, type Tab } from './session';
import { waitUntil } from './wait';

/**
 * The follow button's contract on Threads and Instagram profiles: a `<homeward-follow data-handle="…">` host
 * beside the site's own Follow button, whose open shadow root holds buttons named exactly by these labels.
 */
export const FOLLOW = {
  checking: 'Checking Mastodon',
  follow: 'Follow on Mastodon',
  following: 'Following on Mastodon',
  requested: 'Requested',
  unfollow: 'Unfollow',
  withdraw: 'Withdraw request',
  cancel: 'Cancel',
  notFederated: 'Not on the fediverse',
  notBridged: 'Not bridged to the fediverse',
  askBridge: 'Ask them to bridge',
  send: 'Send',
  blocked: 'Blocked by your server',
  connect: 'Connect Mastodon',
  remoteFollow: 'Follow on your server',
  setServer: 'Set your server',
  retry: 'Try again',
} as const;

export { FOLLOW_HOST_TAG };

/** The labels of settled states (everything but the spinner), to report what a button showed instead. */
export const SETTLED =
  /^(Follow on Mastodon|Following on Mastodon|Requested|Not on the fediverse|Not bridged to the fediverse|Blocked by your server|Connect Mastodon|Set your server|Try again( at .+)?)$/;

export type FollowSite = 'threads' | 'instagram';
export const FOLLOW_SITES: readonly FollowSite[] = ['threads', 'instagram'];

/** The profile page of `username`: Threads and Instagram share the username space (docs/sites.md, "Usernames"). */
export function profileUrl(site: FollowSite, username: string): string {
  return site === 'threads'
    ? `https://www.threads.com/@${username}`
    : `https://www.instagram.com/${username}/`;
}

/** A Bluesky profile on bsky.app (sandbox/remote/bluesky); its fediverse handle is `<handle>@bsky.brid.gy`. */
export function blueskyProfileUrl(handle: string): string {
  return `https://bsky.app/profile/${handle}`;
}

/** The page's own host, which the page load itself contacts. */
export const SITE_HOST: Record<FollowSite, string> = {
  threads: 'www.threads.com',
  instagram: 'www.instagram.com',
};

export interface FollowButtonView {
  /** data-handle of every follow host in the document, in document order. */
  handles: string[];
  /** The first button in the first host's shadow root: its visible label and its title. */
  label: string | null;
  title: string | null;
}

/** What the follow hosts in the page show right now (read from their closed shadow roots, Tab.evaluateInShadow). */
export async function followButton(tab: Tab): Promise<FollowButtonView> {
  // The page function is serialized: the tag is spelled out here (FOLLOW_HOST_TAG).
  return tab.evaluateInShadow('homeward-follow', (roots) => {
    const button = roots[0]?.querySelector('button') ?? null;
    // The visible label: the text without the hidden decorations (the mark is an aria-hidden svg).
    const label = button ? (button.textContent ?? '').replace(/\s+/g, ' ').trim() : null;
    return {
      handles: roots.map((root) => (root.host as HTMLElement).dataset.handle ?? ''),
      label,
      title: button?.getAttribute('title') ?? null,
    };
  });
}

/**
 * The text of what the follow host shows at `selector` inside its closed root (its note, its menu), '' when it
 * shows none. The selector is spelled into the page function, which is serialized.
 */
export async function followHostText(tab: Tab, selector: string): Promise<string> {
  return tab.evaluateInShadow(
    FOLLOW_HOST_TAG,
    `(roots) => roots[0]?.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`,
  );
}

/**
 * Waits until exactly one follow host for `handle` is in the page and it shows a button named `label` (found by
 * role and exact accessible name, through the shadow root). On timeout, says what the page showed instead.
 */
export async function waitForFollowState(
  tab: Tab,
  handle: string,
  label: string | RegExp,
  timeoutMs = 10_000,
): Promise<FollowButtonView> {
  let last: FollowButtonView | undefined;
  return waitUntil(
    `the follow button of ${handle} to read ${String(label)}`,
    async () => {
      last = await followButton(tab);
      if (last.handles.length !== 1 || last.handles[0] !== handle || last.label === null) return undefined;
      // Both the visible text and the accessible name: Firefox's accessibility tree can lag a render behind.
      if (typeof label === 'string') {
        return last.label === label && (await tab.count('button', label)) === 1 ? last : undefined;
      }
      return label.test(last.label) && (await tab.count('button', last.label)) === 1 ? last : undefined;
    },
    timeoutMs,
  ).catch((error: Error) => {
    throw new Error(`${error.message}; last seen: ${JSON.stringify(last)}`);
  });
}

/** Waits for the first settled state of the single button for `handle` (whatever it is) and returns its label. */
export async function settledLabel(tab: Tab, handle: string, timeoutMs = 10_000): Promise<string> {
  const view = await waitForFollowState(tab, handle, SETTLED, timeoutMs);
  return view.label ?? '';
}

/**
 * The home server saved through the real popup (its check against the server included), without an account.
 * Connecting through the sign-in pages is tested in account.e2e.ts; scenarios about the follow button start
 * from its outcome instead (withAccount), which keeps Firefox runs within CI's budget.
 */
export async function withServer(session: Session): Promise<void> {
  const popup = await session.openPopup();
  await setHomeServer(popup, HOME);
  await popup.waitForText(HOME, { role: 'status' });
  await popup.close();
}

/**
 * The state a finished "Connect account" leaves in the extension's storage, with a real token the sandbox's home
 * server issued to the sandbox user (admin op grant-token) and the account as the server describes it.
 */
export async function withAccount(
  {
    session,
    sandbox,
  }: {
    session: Session;
    sandbox: Sandbox;
  },
  // What Homeward asks a server for: `profile` where its OAuth metadata offers it (Mastodon 4.3+), else
  // `read:accounts` (docs/home-software.md, "Signing in").
  scope = 'read:search read:follows write:follows profile',
): Promise<void> {
  await withServer(session);
  const granted = (await sandbox.admin.hostOp(HOME, 'grant-token', {
    username: HOME_USER.username,
    redirectUri: `https://${CHROME_EXTENSION_ID}.chromiumapp.org/`,
    scopes: scope,
  })) as { clientId: string; clientSecret: string; accessToken: string; scope: string };
  const me = await sandbox.ctx.serverFetch(HOME, `https://${HOME}/api/v1/accounts/verify_credentials`, {
    headers: { authorization: `Bearer ${granted.accessToken}` },
  });
  const account = JSON.parse(me.text) as {
    id: string;
    username: string;
    display_name: string;
    avatar: string;
    url: string;
  };
  // Seeded the way a 0.1.0 install kept it, which the background moves into its store only while no store exists.
  await session.forgetSecrets();
  await session.setExtensionStorage('local', {
    credentials: { host: HOME, ...granted },
    account: {
      host: HOME,
      status: 'connected',
      account: {
        id: account.id,
        username: account.username,
        handle: `${account.username}@${HOME}`,
        displayName: account.display_name,
        avatar: account.avatar,
        url: account.url,
      },
    },
  });
}
