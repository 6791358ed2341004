import { typedSender, type MessageOf } from '../messaging/messages';
import type { Words } from '../i18n';

/**
 * The protocol between the follow button (content script on Threads / Instagram) and the background.
 * A follow is a state machine; the background answers with states, never throws across the boundary, and
 * never sends secrets to the page's process.
 */

/** `user@threads.net`, lower case, no leading @. */
export type FediverseHandle = string;

export type FollowState =
  /** Looking up WebFinger / the home server. */
  | { kind: 'checking' }
  /** No home server set: **Set your server**. */
  | { kind: 'no-server' }
  /** Server set, no (working) account: **Connect Mastodon**, plus following through the server's own page. */
  | {
      kind: 'needs-login';
      server: string;
      /** The server (or the chosen web client) has a page that follows a handle: **Follow on your server**. */
      remoteFollow: boolean;
      reason: 'no-account' | 'revoked';
      /** False where the browser cannot sign in from an extension: following goes through the server's page. */
      canConnect: boolean;
    }
  /**
   * The network's WebFinger says 404: **Not on the fediverse** (**Not bridged to the fediverse** on Bluesky).
   * `request`, where the network takes requests to join (Bridgy Fed): `available` with a connected account,
   * `sent` once this browser sent one for this account.
   */
  | { kind: 'not-federated'; request?: 'available' | 'sent' }
  /** The home server suspends threads.net (domain_blocks, or an empty resolve): **Blocked by your server**. */
  | { kind: 'blocked'; server: string }
  /**
   * **Follow on Mastodon**. `others`: how many other accounts are connected (the default account's state only),
   * which opens the button's menu.
   */
  | { kind: 'can-follow'; server: string; others?: number }
  /** **Following on Mastodon**. */
  | { kind: 'following'; server: string; others?: number }
  /** **Requested**: a follow request the remote side has not accepted yet. */
  | { kind: 'requested'; server: string; others?: number }
  /** **Try again at HH:MM**: the home server answered 429; `until` is epoch ms from X-RateLimit-Reset. */
  | { kind: 'rate-limited'; until: number }
  /** **Try again**, with `reason` on hover: server down, timeout, 5xx, malformed answers. */
  | { kind: 'failed'; reason: Words };

/** One connected account's state for a handle, in the button's menu: by position, never by name (protocol note). */
export interface AccountFollowState {
  /** 1-based, in the person's order (settings). */
  position: number;
  isDefault: boolean;
  state: FollowState;
}

export interface FollowRequests {
  /** The state for a handle, cheapest first: caches, then WebFinger, then the home server. */
  'follow:state': { request: { handle: FediverseHandle }; response: FollowState };
  'follow:follow': { request: { handle: FediverseHandle }; response: FollowState };
  'follow:unfollow': { request: { handle: FediverseHandle }; response: FollowState };
  /**
   * **Ask them to bridge**: a direct message from the person's account to the network's bot, after the person
   * saw it and pressed Send. Only from the profile page of the account asked about.
   */
  'follow:ask-bridge': { request: { handle: FediverseHandle }; response: FollowState };
  /**
   * The button's menu: every connected account's state, in the person's order. Accounts are numbers here: which
   * servers and names they are never passes through the page's process.
   */
  'follow:accounts': { request: { handle: FediverseHandle }; response: { accounts: AccountFollowState[] } };
  /** Follow or unfollow from the account at `account` (a position of `follow:accounts`). */
  'follow:follow-as': { request: { handle: FediverseHandle; account: number }; response: FollowState };
  'follow:unfollow-as': { request: { handle: FediverseHandle; account: number }; response: FollowState };
  /** Opens the extension's settings where the person sets a server and connects the account. */
  'follow:open-settings': { request: Record<string, never>; response: { ok: true } };
  /** Opens the home server's own remote-follow page (authorize_interaction) in a new tab. */
  'follow:open-remote-follow': { request: { handle: FediverseHandle }; response: { ok: true } };
}

/**
 * **Follow the author**, from the toolbar popup (extension pages only): the author a page names
 * (utils/follow/author.ts), then the same states as the page's button, for any fediverse account.
 */
export interface AuthorRequests {
  'author:find': { request: { tabId: number }; response: { handle: string | null } };
  'author:state': { request: { handle: FediverseHandle }; response: FollowState };
  'author:follow': { request: { handle: FediverseHandle }; response: FollowState };
  'author:unfollow': { request: { handle: FediverseHandle }; response: FollowState };
}

export const sendAuthor = typedSender<AuthorRequests>(['author:find', 'author:state']);

export type FollowRequestType = keyof FollowRequests;
export type FollowMessage = MessageOf<FollowRequests>;

export const sendFollow = typedSender<FollowRequests>(['follow:state', 'follow:accounts']);
