/**
 * What a fediverse URL is, judged from the URL alone. The caller decides whether to trust it: a path shape is
 * not proof, so it also needs host knowledge (NodeInfo) or page markers (markers.ts) before acting on a match.
 */

/**
 * The family whose URL shape matched. Shapes that several families share are claimed by one of them, so this
 * names a shape, not the server's software: `/@user` is Mastodon's, though GoToSocial and Misskey serve it too.
 */
export type SoftwareFamily =
  | 'mastodon'
  | 'gotosocial'
  | 'pleroma'
  | 'misskey'
  | 'pixelfed'
  | 'lemmy'
  | 'peertube'
  | 'friendica'
  | 'threads'
  | 'bridgy-fed';

export type LinkKind = 'post' | 'profile';

/**
 * How much the URL alone says.
 * - `host`: the host names the service (Threads, Bridgy Fed); the path only says what kind of page it is.
 * - `distinctive`: a path that ordinary web sites hardly use (`/@user/123456`, `/notice/<id>`, `/p/<user>/<id>`).
 * - `generic`: a path many other sites use too (`/@user` on Medium or YouTube, `/u/<name>`, `/post/42`).
 */
export type ShapeStrength = 'host' | 'distinctive' | 'generic';

export interface FediverseLink {
  software: SoftwareFamily;
  kind: LinkKind;
  /** The input without query, fragment and trailing slash; always https, always the input's host. */
  url: string;
  /**
   * True when the URL can name a copy of someone else's object (Mastodon's `/@user@other/<id>`, Lemmy's
   * `/post/<id>`) or a per-server id (Pixelfed's `/i/web/…`): the ActivityPub id must then come from the page
   * (`link rel=alternate`) or the object's `id`, not from this URL. False when the shape only ever names the
   * server's own object, so the URL itself resolves.
   */
  localId: boolean;
  strength: ShapeStrength;
}

/** One detector per software family: a pure function of the URL. */
export type LinkDetector = (url: URL) => FediverseLink | null;

/** An example URL and the `localId` its match must have. */
export type LinkExample = readonly [url: string, localId: boolean];

/** A detector's example table (github-url-detection style); links.test.ts runs the cross-matrix over all of them. */
export interface LinkExamples {
  post: readonly LinkExample[];
  profile: readonly LinkExample[];
  /** Near misses: URLs that no detector may claim. */
  none: readonly string[];
}

/** A detector and its examples, as the registry (LINK_DETECTORS in index.ts) holds them: one line per software. */
export interface LinkDetectorEntry {
  detect: LinkDetector;
  examples: LinkExamples;
}
