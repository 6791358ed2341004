/**
 * What a home server's software can do, detected from what it says of itself (nodeinfo's name and version), never
 * assumed. Every home speaks Mastodon's client API with its own differences (docs/home-software.md); an unknown
 * name is treated as a current Mastodon, the safe path, since every probe that follows falls back on its own.
 */

import { RESERVED_REQUESTS } from './rate-budget';

/** How the server's own web UI shows a local copy of a remote post or account. */
export type WebUi =
  /** Mastodon 4: `/@acct/<id>`, `/@acct`. */
  | 'mastodon'
  /** Mastodon 3.5: the web app lived under `/web` (`/web/@acct/<id>`); 4.0 redirects `/web/*` to `/*`. */
  | 'mastodon-web'
  /** Mastodon before 3.5: `/web/statuses/<id>`, `/web/accounts/<id>`. */
  | 'mastodon-ids'
  /** Akkoma-FE: `/notice/<id>`, `/users/<id>`. */
  | 'akkoma'
  /** Pleroma-FE 2.5+: `/notice/<id>`, `/users/$<id>` (a remote user by id). */
  | 'pleroma'
  /** Sharkey, Iceshrimp, Misskey: `/notes/<id>`, `/@acct`. */
  | 'misskey'
  /** GoToSocial, Hollo, Friendica (whose pages go by its own guids): no page Homeward can name by the API's ids. */
  | 'none';

/** The page that takes a post's or profile's address (or a handle) and shows it at home, signed in. */
export type InteractionPage =
  | 'authorize_interaction'
  /** Pleroma's remote follow page, which also opens a post (`/ostatus_subscribe?acct=`). */
  | 'ostatus_subscribe'
  /** Misskey's look-up page (`/lookup?uri=`), where `/authorize-follow` leads. */
  | 'lookup'
  | 'none';

/**
 * The page that starts a new post with a given text, signed in (docs/intents.md, "Share pages"): Mastodon's
 * `/share?text=`, Misskey's and Sharkey's `/share?text=`, Friendica's `/compose?body=`; GoToSocial, Akkoma, Pleroma
 * and Hollo have none.
 */
export type SharePage = 'mastodon' | 'misskey' | 'friendica' | 'none';

export interface HomeSoftware {
  /** The name people know it by, for the popup and the README table. */
  name: string;
  /** Whether it speaks Mastodon's client API at all: without it, Homeward opens links through its pages only. */
  api: boolean;
  webUi: WebUi;
  interaction: InteractionPage;
  share: SharePage;
  /** Sends `X-RateLimit-*`: without them, long jobs pace themselves (utils/mastodon/rate-budget.ts). */
  rateLimitHeaders: boolean;
  /**
   * `/api/v2/search` finds posts. Sharkey's answers only accounts there; `/api/v1/search?type=statuses` finds its
   * posts.
   */
  v2StatusSearch: boolean;
  /**
   * A registered app serves one sign-in only (Sharkey's client id names a one-time auth session), so every
   * connection registers anew; and its OAuth metadata describes another provider, so it is not read.
   */
  singleUseApps: boolean;
  /**
   * Requests a long job (Bring my people) leaves in the rate budget for the person's own use of the server. GoToSocial's
   * one limit per IP also covers its sign-in pages (`/oauth`, `/auth`: docs/home-software.md), so a sign-in there
   * needs room too.
   */
  jobReserve: number;
}

const MASTODON: HomeSoftware = {
  name: 'Mastodon',
  api: true,
  webUi: 'mastodon',
  interaction: 'authorize_interaction',
  share: 'mastodon',
  rateLimitHeaders: true,
  v2StatusSearch: true,
  singleUseApps: false,
  jobReserve: RESERVED_REQUESTS,
};

/** What most software shares with Mastodon; each family below says where it differs. */
const LIKE_MASTODON = {
  api: true,
  v2StatusSearch: true,
  singleUseApps: false,
  jobReserve: RESERVED_REQUESTS,
} as const;

const FAMILIES: Record<string, HomeSoftware> = {
  mastodon: MASTODON,
  gotosocial: {
    ...LIKE_MASTODON,
    name: 'GoToSocial',
    webUi: 'none',
    interaction: 'none',
    share: 'none',
    rateLimitHeaders: true,
    // A sign-in through its pages takes about ten requests of the 300 per 5 minutes; the clicks keep theirs.
    jobReserve: 40,
  },
  akkoma: {
    ...LIKE_MASTODON,
    name: 'Akkoma',
    webUi: 'akkoma',
    interaction: 'ostatus_subscribe',
    share: 'none',
    rateLimitHeaders: false,
  },
  pleroma: {
    ...LIKE_MASTODON,
    name: 'Pleroma',
    webUi: 'pleroma',
    interaction: 'ostatus_subscribe',
    share: 'none',
    rateLimitHeaders: false,
  },
  sharkey: {
    name: 'Sharkey',
    api: true,
    webUi: 'misskey',
    interaction: 'lookup',
    share: 'misskey',
    rateLimitHeaders: false,
    v2StatusSearch: false,
    singleUseApps: true,
    jobReserve: RESERVED_REQUESTS,
  },
  iceshrimp: {
    ...LIKE_MASTODON,
    name: 'Iceshrimp',
    webUi: 'misskey',
    interaction: 'lookup',
    // Not verified for Iceshrimp.NET's own front end: no share item rather than one that leads nowhere.
    share: 'none',
    rateLimitHeaders: false,
  },
  misskey: {
    ...LIKE_MASTODON,
    name: 'Misskey',
    api: false,
    webUi: 'misskey',
    interaction: 'lookup',
    share: 'misskey',
    rateLimitHeaders: false,
  },
  hollo: {
    ...LIKE_MASTODON,
    name: 'Hollo',
    webUi: 'none',
    interaction: 'none',
    share: 'none',
    rateLimitHeaders: false,
  },
  friendica: {
    ...LIKE_MASTODON,
    name: 'Friendica',
    webUi: 'none',
    interaction: 'authorize_interaction',
    share: 'friendica',
    rateLimitHeaders: false,
  },
};

/** nodeinfo names of the same software under another spelling. */
const ALIASES: Record<string, string> = {
  'iceshrimp.net': 'iceshrimp',
  hometown: 'mastodon',
  'glitch-soc': 'mastodon',
};

/** `[major, minor]` of `4.5.0`, `3.5.19+glitch`, `4.2.0-beta1`; null when it does not start with them. */
function versionOf(version: string): [number, number] | null {
  const match = /^(\d+)\.(\d+)/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** The family a nodeinfo name belongs to: own keys only (a name like `constructor` is no family). */
function familyOf(software: string): HomeSoftware | undefined {
  const name = Object.hasOwn(ALIASES, software) ? ALIASES[software]! : software;
  return Object.hasOwn(FAMILIES, name) ? FAMILIES[name] : undefined;
}

/** What Homeward may expect of a server from its nodeinfo name (lower case) and version. */
/** The name of a server that offers no nodeinfo; pages show it in the person's language (softwareLabel). */
export const UNKNOWN_SOFTWARE = 'Unknown software';

export function homeSoftware(server: { software: string; version: string }): HomeSoftware {
  const family = familyOf(server.software);
  if (!family)
    return { ...MASTODON, name: server.software === 'unknown' ? UNKNOWN_SOFTWARE : server.software };
  // Only Mastodon's own numbering says when `/web` went away; a fork under its own name numbers its own way.
  if (server.software === 'mastodon') {
    const version = versionOf(server.version);
    if (version && version[0] < 4) {
      const [major, minor] = version;
      return { ...MASTODON, webUi: major === 3 && minor >= 5 ? 'mastodon-web' : 'mastodon-ids' };
    }
  }
  return family;
}

/** Known software that has no Mastodon-compatible client API (the popup says it is not supported yet). */
export function isKnownWithoutApi(software: string): boolean {
  const family = familyOf(software);
  return family !== undefined && !family.api;
}
