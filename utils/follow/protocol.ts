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
  /** Threads WebFinger says 404: **Not on the fediverse**. */
  | { kind: 'not-federated' }
  /** The home server suspends threads.net (domain_blocks, or an empty resolve): **Blocked by your server**. */
  | { kind: 'blocked'; server: string }
  /** **Follow on Mastodon**. */
  | { kind: 'can-follow'; server: string }
  /** **Following on Mastodon**. */
  | { kind: 'following'; server: string }
  /** **Requested**: a follow request the remote side has not accepted yet. */
  | { kind: 'requested'; server: string }
  /** **Try again at HH:MM**: the home server answered 429; `until` is epoch ms from X-RateLimit-Reset. */
  | { kind: 'rate-limited'; until: number }
  /** **Try again**, with `reason` on hover: server down, timeout, 5xx, malformed answers. */
  | { kind: 'failed'; reason: Words };

export interface FollowRequests {
  /** The state for a handle, cheapest first: caches, then WebFinger, then the home server. */
  'follow:state': { request: { handle: FediverseHandle }; response: FollowState };
  'follow:follow': { request: { handle: FediverseHandle }; response: FollowState };
  'follow:unfollow': { request: { handle: FediverseHandle }; response: FollowState };
  /** Opens the extension's settings where the person sets a server and connects the account. */
  'follow:open-settings': { request: Record<string, never>; response: { ok: true } };
  /** Opens the home server's own remote-follow page (authorize_interaction) in a new tab. */
  'follow:open-remote-follow': { request: { handle: FediverseHandle }; response: { ok: true } };
}

export type FollowRequestType = keyof FollowRequests;
export type FollowMessage = MessageOf<FollowRequests>;

export const sendFollow = typedSender<FollowRequests>();
