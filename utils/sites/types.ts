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
}

export interface SiteAdapter {
  /** Stable id, e.g. 'threads'. */
  id: string;
  /** Content-script match patterns for this site. */
  matches: readonly string[];
  /** Pure: the profile a URL shows, or null for every other page (posts, search, settings, reserved paths…). */
  detectProfile(url: URL): ProfileMatch | null;
  /** The rendered profile header of `username`, once the site has rendered it; null before or elsewhere. */
  findHeader(root: ParentNode, username: string): Element | null;
  /** Beside the site's own Follow / Message buttons in the header; null when the markup is not recognised. */
  findAnchor(root: ParentNode, username: string): Anchor | null;
  /** The area the floating fallback button is placed in (top right), when no anchor is found in time. */
  findProfileArea(root: ParentNode): Element | null;
}
