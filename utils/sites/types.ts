import type { MessageKey } from '../i18n';

/**
 * A social site where Homeward shows its follow button and reads Following lists. Adding a site is
 * one folder `utils/sites/<site>/` whose index exports a `SiteAdapter`, plus one line in `utils/sites/index.ts`.
 */
export interface ProfileMatch {
  /** The site's username, as in the URL (case preserved). */
  username: string;
  /** The fediverse handle to follow, lower case, without leading @: e.g. `juno.field@threads.net`. */
  handle: string;
}

/** Where to insert the button: next to `element`, in the way `position` says. */
export interface Anchor {
  element: Element;
  position: 'beforebegin' | 'afterend' | 'beforeend' | 'afterbegin';
  /** The site's own follow control the button sits beside, when known: the mount checks it landed near it. */
  control?: Element;
}

/** Where the follow button goes on a profile: an anchor, or nowhere because it is the visitor's own profile. */
export type Placement = Anchor | 'own-profile';

/**
 * Where a site's people live on the fediverse, and who can say whether one of them does: Threads for Threads and
 * Instagram, Bridgy Fed for Bluesky. The background needs nothing else to check, follow and explain.
 */
export interface FediverseNetwork {
  /** The domain of the handles a Mastodon server follows (`threads.net`); also the one its domain blocks name. */
  handleDomain: string;
  /** Whose accounts these are, for the button's explanations: "Threads accounts can't be followed…". */
  name: string;
  /** Pure: whether `user` (lower case) can be the local part of a handle on this network. */
  isUser(user: string): boolean;
  /** Pure: the WebFinger URL that answers 200 for a federated `user` and 404 for anyone else. */
  webfingerUrl(user: string): string;
  /** Why an account is not on the fediverse, for the info popover: a sentence with `{handle}`. */
  notFederated: MessageKey;
  /** The button's label for such an account: **Not on the fediverse**, **Not bridged to the fediverse**. */
  notFederatedLabel: MessageKey;
  /** How the account's owner can join, one line the person can copy and send them; none where they cannot. */
  optIn?: MessageKey;
  /**
   * Where the network takes requests to join on someone's behalf: a direct message from the person's account to
   * `bot` (`user@domain`), worded by `text` for the account asked about (its `user`). Sent only on a click, after
   * showing exactly this.
   */
  bridgeRequest?: { bot: string; text(user: string): string };
}

/** Where a site shows profiles, and where the follow button goes on them: `<site>/profile.ts`. */
export interface ProfilePages {
  /** Content-script match patterns for this site. */
  matches: readonly string[];
  /** Pure: the profile a URL shows, or null for every other page (posts, search, settings, reserved paths…). */
  detectProfile(url: URL): ProfileMatch | null;
  /** The rendered profile header of `username`, once the site has rendered it; null before or elsewhere. */
  findHeader(root: ParentNode, username: string): Element | null;
  /**
   * Beside the site's own follow control in the header; `own-profile` on the visitor's own profile (no button);
   * null when the markup is not recognised (yet: the header may still be rendering).
   */
  findAnchor(root: ParentNode, username: string): Placement | null;
  /** The area the floating fallback button is placed in (top right), when no anchor is found in time. */
  findProfileArea(root: ParentNode): Element | null;
}

/**
 * Where a site shows a profile's Following list, and how its rows name people: `<site>/following.ts`. The scan
 * that reads a list with it (utils/people/scan.ts) names no site; the dialog, the loading states and the rows'
 * display names it takes from utils/sites/list-dom.ts, which both sites share.
 */
export interface FollowingList {
  /**
   * The element the list is drawn in: the dialog it opens in over the profile (Threads, Instagram), or the
   * screen of its own route (Bluesky). The scan reads rows inside it and ends when it goes away.
   */
  container: string;
  /** The list scrolls with the page (Bluesky's window) rather than inside its container (a dialog's scroller). */
  pageScrolls?: boolean;
  /** What shows that more rows are on their way (list-dom.ts's PROGRESS_SELECTOR for Meta's two sites). */
  progress: string;
  /** Where a row writes its display name (list-dom.ts `displayNameOf`): `span[dir="auto"]` on Meta's sites. */
  rowName: string;
  /** Pure: whose Following list this URL can show, lower case; null where no list is offered. */
  ownerFromUrl(url: URL): string | null;
  /**
   * Where the "Find them on the fediverse" button goes when `container` shows the Following list (not the
   * Followers tab, not another dialog, not a screen the site keeps hidden); null otherwise.
   */
  listAnchor(container: Element): Anchor | null;
  /** The links that name a row's person (a row may hold two: avatar and username). */
  rowLink: string;
  /** Pure: the username a row link's `href` names, lower case; null for any other link. */
  usernameFromHref(href: string): string | null;
  /**
   * How many accounts the page says `owner`'s Following list has, where it says so exactly; null when it does
   * not (not drawn yet, abbreviated, markup not recognised). The scan compares what it read with it.
   */
  listLength(dialog: Element, owner: string): number | null;
}

/** One site: its folder's parts, put together in `<site>/index.ts`. `Id` is its literal id, for the registry. */
export interface SiteAdapter<Id extends string = string> extends ProfilePages {
  /** Stable id, e.g. 'threads': stored with a scanned list, so never renamed. */
  id: Id;
  /** The site's own name, the same in every language: "Threads". */
  name: string;
  /** The fediverse side of this site's accounts. */
  network: FediverseNetwork;
  /** Its Following list, for "Bring my people"; a site without one gets no scan button. */
  followingList?: FollowingList;
}
