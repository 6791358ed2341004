/**
 * A social site where Homeward shows its follow button. Adding a site (Bluesky later) is one adapter file
 * implementing this, plus one line in `utils/sites/index.ts`.
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
  /** Completes "@user@threads.net …": why an account is not on the fediverse, for the info popover. */
  notFederatedReason: string;
}

export interface SiteAdapter {
  /** Stable id, e.g. 'threads'. */
  id: string;
  /** The fediverse side of this site's accounts. */
  network: FediverseNetwork;
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
