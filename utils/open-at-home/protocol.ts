import type { Words } from '../i18n';
/**
 * "Open it at home": the protocol between the "Opening on home.example…" page (an extension page) and the
 * background. The background holds the token and answers with outcomes, never exceptions.
 */

/** What to open: the URL the person followed, and the canonical ActivityPub id when the page showed one. */
export interface OpenTarget {
  url: string;
  /** From the page's `link rel=alternate` (Lemmy copies, Threads posts, Mastodon `/@u@other/<id>`). */
  activityId?: string;
  /**
   * The person asked for it (context menu, toolbar, shortcut): any URL is worth asking the home server about.
   * Without it (an automatic redirect), only what the detectors recognise is.
   */
  explicit?: boolean;
}

export type OpenOutcome =
  /** The home server knows it: go to `homeUrl` (`https://home/@acct/<status id>` or `https://home/@acct`). */
  | { kind: 'found'; homeUrl: string }
  /** No account connected: the server's own page (`authorize_interaction?uri=…`) or the web client's, where it asks to sign in. */
  | { kind: 'remote-interaction'; homeUrl: string }
  /**
   * The home server has no web page for posts and profiles of other servers (GoToSocial) and no web client is
   * chosen yet: the Opening page asks which one, once.
   */
  | { kind: 'choose-client'; server: string }
  /** No home server set. */
  | { kind: 'no-server' }
  /** The URL is on the home server already: nothing to do. */
  | { kind: 'already-home' }
  /**
   * Not something to open at home after all (not a post or profile), or its ActivityPub id is only in the page
   * itself (a local copy): the original loads, and the page's own markers decide from there.
   */
  | { kind: 'load-original' }
  /** The server resolved nothing, and does not say it blocks the domain. */
  | { kind: 'not-found'; server: string }
  /**
   * The server's domain blocks say it suspends the object's domain. Hidden blocks and an empty resolve are
   * `not-found`: unlike a whole network behind the follow button, a single post may simply be gone.
   */
  | { kind: 'blocked'; server: string; domain: string }
  /** 401: the token is no longer accepted. **Reconnect**. */
  | { kind: 'needs-login'; server: string }
  /** 429: epoch ms from X-RateLimit-Reset. */
  | { kind: 'rate-limited'; server: string; until: number }
  /** Timeout (5 s), server down, unreadable answer. */
  | { kind: 'failed'; server: string; reason: Words };

/**
 * What the Opening page knows: the address it shows (from its own URL, which any site can craft) and the ticket
 * the background gave it, if any (utils/open-at-home/opening-tickets.ts). The background decides everything else.
 */
export interface OpeningRequest {
  url: string;
  ticket?: string;
  /** Another connected account than the default (1-based, the person's order): the page's other accounts. */
  account?: number;
}

export interface OpenRequests {
  /** Resolves the page's target on the home server (cached 24 h per server and URL). */
  'open:resolve': { request: OpeningRequest; response: OpenOutcome };
  /**
   * **View original**: the sender's tab may load `url` without being sent home again (for a minute), then the
   * background navigates it there.
   */
  'open:view-original': { request: OpeningRequest; response: { ok: true } };
  /**
   * The person's answer to `choose-client`: Elk or Phanpy on its public host, kept only while no web client is set
   * (another is chosen in the options page, which this page cannot change).
   */
  'open:choose-client': { request: { kind: 'elk' | 'phanpy' }; response: { ok: true } };
  /**
   * From the web+ap handler page (its own tab): where its `web+ap://` link goes, the Opening page for the https address
   * it stands for (or that address itself, with the handler turned off); null when it is no such link.
   */
  'open:web-ap': {
    /** `confirmed`: the person clicked the handler page's Open on button. */
    request: { uri: string; confirmed: boolean };
    response: WebApAnswer;
  };
}

/** From the content script that looks for fediverse markers on pages (only with the all-sites permission). */
export interface OpenPageRequests {
  /** The page shows fediverse markers; the answer says where to go instead, if anywhere. */
  'open:page': {
    /** `workerAnswered`: the page's service worker answered its load (its referrer may then be empty). */
    request: { url: string; activityId: string | null; referrer: string; workerAnswered?: boolean };
    /**
     * `redirect`: go there (location.replace). `reload`: reload the page; the browser sends the load to the Opening
     * page instead (Chromium, utils/open-at-home/redirect-rules.ts `sendThroughOnce`).
     */
    response: { redirect: string | null; reload?: true };
  };
}

/**
 * The Opening page's address: `/opening.html?t=<ticket>#<original URL, raw>`, or without a ticket as the
 * browser's redirect rule makes it (`/opening.html#<original URL>`). The URL after `#` is what the page shows.
 */
export function openingAddress(pageUrl: string, url: string, ticket?: string): string {
  return `${pageUrl}${ticket ? `?t=${encodeURIComponent(ticket)}` : ''}#${url}`;
}

/** Where the web+ap handler page goes (utils/open-at-home/web-ap.ts). */
export type WebApAnswer =
  /** Go there: the Opening page, or the https address itself (the handler turned off). */
  | { address: string }
  /** Ask the person first (the link may come from a page's script, not a click): open `https` on `server`? */
  | { confirm: string; server: string }
  /** No web+ap link, or nowhere to open it. */
  | { address: null };
