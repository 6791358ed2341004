/**
 * Bridgy Fed (fed.brid.gy/docs), modestly: only shapes whose meaning is documented or visible in its ids.
 * - Bluesky accounts: actor id `https://bsky.brid.gy/ap/<did>`, actor url
 *   `https://bsky.brid.gy/r/https://bsky.app/profile/<handle or did>` (snarfed/bridgy-fed#1009).
 * - Bluesky posts: object id `https://bsky.brid.gy/convert/ap/at://<did>/app.bsky.feed.post/<rkey>`, and the
 *   `/r/https://bsky.app/profile/<actor>/post/<rkey>` redirect.
 * - Web sites: `https://web.brid.gy/r/<page url>` is a bridged page's object id; the site's home page there is
 *   the account's url (rel=me targets in the docs). fed.brid.gy, the service's first host, serves the same.
 * The `/r/` forms redirect to the original page, so they are not ActivityPub ids: local ids, except a web
 * post's, which is its id. Everything else on *.brid.gy (docs, user pages) is nobody's post or profile.
 */
import { isCandidate, isPlausibleHost, linkOf } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

const DID = String.raw`did:(?:plc:[a-z2-7]{24}|web:[a-z0-9.-]{4,253})`;
const HANDLE = String.raw`[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+`;
/** Bluesky record keys of posts are TIDs: 13 base32-sortable characters. */
const TID = '[2-7a-z]{13}';

const BSKY_ACTOR_ID = new RegExp(`^/ap/${DID}/?$`);
const BSKY_POST_ID = new RegExp(`^/convert/ap/at://${DID}/app\\.bsky\\.feed\\.post/${TID}/?$`);
const BSKY_PROFILE_URL = new RegExp(`^/r/https://bsky\\.app/profile/(?:${DID}|${HANDLE})/?$`);
const BSKY_POST_URL = new RegExp(`^/r/https://bsky\\.app/profile/(?:${DID}|${HANDLE})/post/${TID}/?$`);

const WEB_HOSTS: readonly string[] = ['web.brid.gy', 'fed.brid.gy'];

function detectBluesky(url: URL): FediverseLink | null {
  const path = url.pathname;
  if (BSKY_ACTOR_ID.test(path)) return linkOf(url, 'bridgy-fed', 'profile', false, 'host');
  if (BSKY_POST_ID.test(path)) return linkOf(url, 'bridgy-fed', 'post', false, 'host');
  if (BSKY_PROFILE_URL.test(path)) return linkOf(url, 'bridgy-fed', 'profile', true, 'host');
  if (BSKY_POST_URL.test(path)) return linkOf(url, 'bridgy-fed', 'post', true, 'host');
  return null;
}

function detectWeb(url: URL): FediverseLink | null {
  const wrapped = /^\/r\/(https?:\/\/.+)$/.exec(url.pathname)?.[1];
  if (wrapped === undefined || url.search !== '') return null;
  let page: URL;
  try {
    page = new URL(wrapped);
  } catch {
    return null;
  }
  // The wrapped URL must be a plain page of a real site, not another bridge URL or a smuggled login.
  if (page.username !== '' || page.password !== '' || !isPlausibleHost(page.hostname)) return null;
  if (page.hostname === 'brid.gy' || page.hostname.endsWith('.brid.gy') || page.search !== '') return null;
  if (page.pathname === '/') return linkOf(url, 'bridgy-fed', 'profile', true, 'host');
  return linkOf(url, 'bridgy-fed', 'post', false, 'host');
}

export function detectBridgyFed(url: URL): FediverseLink | null {
  if (!isCandidate(url)) return null;
  if (url.hostname === 'bsky.brid.gy') return detectBluesky(url);
  if (WEB_HOSTS.includes(url.hostname)) return detectWeb(url);
  return null;
}

export const bridgyFedExamples: LinkExamples = {
  post: [
    [
      'https://bsky.brid.gy/convert/ap/at://did:plc:l2uv6ivfedhsjjmfmndx7p26/app.bsky.feed.post/3kxyzabcde2fg',
      false,
    ],
    ['https://bsky.brid.gy/r/https://bsky.app/profile/didiermary.fr/post/3kxyzabcde2fg', true],
    [
      'https://bsky.brid.gy/r/https://bsky.app/profile/did:plc:l2uv6ivfedhsjjmfmndx7p26/post/3kxyzabcde2fg',
      true,
    ],
    ['https://web.brid.gy/r/https://snarfed.org/2024-05-01_bridgy-fed', false],
    ['https://fed.brid.gy/r/https://snarfed.org/2024-05-01_bridgy-fed', false],
  ],
  profile: [
    ['https://bsky.brid.gy/ap/did:plc:l2uv6ivfedhsjjmfmndx7p26', false],
    ['https://bsky.brid.gy/ap/did:web:example.com', false],
    ['https://bsky.brid.gy/r/https://bsky.app/profile/didiermary.fr', true],
    ['https://bsky.brid.gy/r/https://bsky.app/profile/snarfed.bsky.social/', true],
    ['https://web.brid.gy/r/https://www.animenewsnetwork.com/', true],
    ['https://web.brid.gy/r/https://snarfed.org', true],
  ],
  none: [
    'https://bsky.brid.gy/',
    'https://bsky.brid.gy/docs',
    'https://bsky.brid.gy/bsky.brid.gy',
    'https://bsky.brid.gy/ap/did:plc:short',
    'https://bsky.brid.gy/ap/did:plc:L2UV6IVFEDHSJJMFMNDX7P26',
    'https://bsky.brid.gy/ap/did:plc:l2uv6ivfedhsjjmfmndx7p26/outbox',
    'https://bsky.brid.gy/convert/ap/at://did:plc:l2uv6ivfedhsjjmfmndx7p26/app.bsky.feed.like/3kxyzabcde2fg',
    'https://bsky.brid.gy/r/https://bsky.app/profile/didiermary.fr/post/not-a-tid',
    'https://bsky.brid.gy/r/https://evil.example/profile/didiermary.fr',
    'https://bsky.brid.gy/r/https://snarfed.org/',
    'https://web.brid.gy/r/javascript:alert(1)',
    'https://web.brid.gy/r/https://user:pw@snarfed.org/post',
    'https://web.brid.gy/r/https://bsky.brid.gy/ap/did:plc:l2uv6ivfedhsjjmfmndx7p26',
    'https://web.brid.gy/r/https://localhost/post',
    'https://web.brid.gy/r/https://snarfed.org/?q=1',
    'https://web.brid.gy/snarfed.org',
    'https://fed.brid.gy/bsky/neilturner.me.uk',
    'https://brid.gy/r/https://snarfed.org/post',
    'http://bsky.brid.gy/ap/did:plc:l2uv6ivfedhsjjmfmndx7p26',
    'https://bsky.brid.gy.evil.example/ap/did:plc:l2uv6ivfedhsjjmfmndx7p26',
  ],
};
