/** Every host name the sandbox fediverse answers for, in one place so browsers, tests and modules agree. */
export const HOME = 'home.example';
/** A Mastodon server whose handles use a separate LOCAL_DOMAIN (WEB_DOMAIN setup): @maya@wd.example lives on social.wd.example. */
export const WEB_DOMAIN_LOCAL = 'wd.example';
export const WEB_DOMAIN_WEB = 'social.wd.example';
/** A web site that is not a fediverse server at all. */
export const NOT_MASTODON = 'plain.example';
/** A server that accepts connections and never answers (timeouts). */
export const HANGING = 'hang.example';
/** A host whose connections are refused (server down). Browsers map it to a closed port. */
export const DOWN = 'down.example';

export const REMOTE = {
  mastodon: 'remote.example',
  misskey: 'misskey.example',
  akkoma: 'akkoma.example',
  gotosocial: 'gts.example',
  pixelfed: 'pixelfed.example',
  lemmy: 'lemmy.example',
  /** A second Lemmy: lemmy.example shows copies of its posts under local ids. */
  lemmyOrigin: 'lemmy2.example',
  peertube: 'peertube.example',
  friendica: 'friendica.example',
} as const;

/**
 * Bridgy Fed's Bluesky bridge: Bluesky accounts that opted in are `@<handle>@bsky.brid.gy` on the fediverse
 * (docs/fediverse-software.md). Not a `.example` name, like the Threads hosts: the extension must recognise the
 * real one.
 */
export const BRIDGY_FED = 'bsky.brid.gy';

/** Web clients a person may open "home" in (sandbox/clients): their real public hosts, as Homeward offers them. */
export const WEB_CLIENTS = { elk: 'elk.zone', phanpy: 'phanpy.social' } as const;

export const THREADS_FEDERATION = ['threads.net', 'www.threads.net'] as const;
export const THREADS_WEB = ['www.threads.com', 'threads.com'] as const;
export const INSTAGRAM_WEB = ['www.instagram.com', 'instagram.com'] as const;
/** Bluesky's web app (sandbox/remote/bluesky): its real host, which the extension's registry names. */
export const BLUESKY_WEB = 'bsky.app';

export const ALL_HOSTS: readonly string[] = [
  HOME,
  WEB_DOMAIN_LOCAL,
  WEB_DOMAIN_WEB,
  NOT_MASTODON,
  HANGING,
  ...Object.values(REMOTE),
  BRIDGY_FED,
  ...Object.values(WEB_CLIENTS),
  ...THREADS_FEDERATION,
  ...THREADS_WEB,
  ...INSTAGRAM_WEB,
  BLUESKY_WEB,
];

/** The sandbox user on the home server. */
export const HOME_USER = {
  username: 'maya',
  displayName: 'Maya Hart',
  email: 'maya@home.example',
  password: 'homeward-sandbox',
} as const;
