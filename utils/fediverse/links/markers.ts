/**
 * What a page says about itself: the fediverse markers in its HTML. A pure function of a document (a real
 * Document in a content script, linkedom's in tests); no globals.
 *
 * - `link rel=alternate` with an ActivityStreams type: the ActivityPub id of the page's object. Mastodon,
 *   Pleroma/Akkoma, Misskey, PeerTube, Lemmy and Threads post pages carry it (docs/fediverse-software.md), in
 *   either spelling ActivityPub allows: `application/activity+json`, or `application/ld+json` with the
 *   ActivityStreams profile.
 * - `#mastodon` (the web app's mount point) or `script#initial-state`: a Mastodon (or fork) web page.
 * - `meta[property="profile:username"]`: OpenGraph's profile username. Many non-fediverse sites set it too, so it
 *   describes a page but proves nothing on its own.
 */
import { MAX_URL_LENGTH } from './url-shape';

export interface MarkerElement {
  getAttribute(name: string): string | null;
}

/** The part of Document this needs. */
export interface MarkerDocument {
  querySelector(selectors: string): MarkerElement | null;
  querySelectorAll(selectors: string): ArrayLike<MarkerElement>;
}

export interface PageMarkers {
  /** An ActivityPub id was announced, or the page is Mastodon's web app. */
  isFediverse: boolean;
  /** The first https ActivityPub id announced by `link rel=alternate`, resolved against the page URL. */
  activityId: string | null;
  /** The page is Mastodon's (or a fork's) web app. */
  mastodonApp: boolean;
  /** OpenGraph `profile:username`, without a leading `@`. */
  username: string | null;
}

const ACTIVITY_STREAMS = 'https://www.w3.org/ns/activitystreams';

/** `application/activity+json`, or `application/ld+json; profile="…activitystreams…"` (ActivityPub §3.2). */
export function isActivityType(type: string): boolean {
  const [mediaType = '', ...parameters] = type.split(';').map((part) => part.trim());
  const media = mediaType.toLowerCase();
  if (media === 'application/activity+json') return true;
  if (media !== 'application/ld+json') return false;
  return parameters.some((parameter) => {
    const match = /^profile\s*=\s*"?([^"]*)"?$/i.exec(parameter);
    // A profile parameter may list several URIs, space-separated (RFC 6906).
    return match?.[1]?.split(/\s+/).includes(ACTIVITY_STREAMS) ?? false;
  });
}

/** `href` resolved against the page, when it is a plain https URL; else null. */
function activityUrl(href: string, pageUrl: string): string | null {
  if (href.trim() === '' || href.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(href.trim(), pageUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.hostname === '')
    return null;
  return url.href;
}

function announcedActivityId(doc: MarkerDocument, pageUrl: string): string | null {
  // `rel` is a token list and engines differ on `~=` with `i`: filter here rather than in the selector.
  const links = doc.querySelectorAll('link[rel][href][type]');
  for (let index = 0; index < links.length; index++) {
    const link = links[index];
    if (!link) continue;
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('alternate') || !isActivityType(link.getAttribute('type') ?? '')) continue;
    const id = activityUrl(link.getAttribute('href') ?? '', pageUrl);
    if (id) return id;
  }
  return null;
}

/** Usernames are short and have no spaces; anything else is not one. */
const USERNAME_TEXT = /^[^\s<>"]{1,320}$/;

function profileUsername(doc: MarkerDocument): string | null {
  const content =
    doc.querySelector('meta[property="profile:username"]')?.getAttribute('content')?.trim() ?? '';
  const username = content.startsWith('@') ? content.slice(1) : content;
  return USERNAME_TEXT.test(username) ? username : null;
}

/** `pageUrl` is the document's URL: relative hrefs resolve against it. */
export function pageMarkers(doc: MarkerDocument, pageUrl: string): PageMarkers {
  const activityId = announcedActivityId(doc, pageUrl);
  const mastodonApp = doc.querySelector('#mastodon, script#initial-state') !== null;
  return {
    isFediverse: activityId !== null || mastodonApp,
    activityId,
    mastodonApp,
    username: profileUsername(doc),
  };
}
