import { isActivityType } from '../fediverse/links/markers';
import { httpsUrlHost } from '../fediverse/server-input';

/**
 * The canonical ActivityPub id of an object whose URL carries an id local to its server (a Lemmy copy, Misskey's
 * `/notes/<id>`): the object's own `id`, asked of the server the person was navigating to, as ActivityPub JSON,
 * never the HTML page and never with cookies. Null when the server will not say (it wants signed fetches, it
 * only serves HTML there, it is slow): the page then loads, and its `link rel=alternate` says it instead.
 */

export const ACTIVITY_ID_TIMEOUT_MS = 3000;

const ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

export async function canonicalActivityId(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, {
      credentials: 'omit',
      headers: { accept: ACCEPT },
      // Lemmy answers a copy with a redirect to its origin (crates/apub, redirect_remote_object).
      redirect: 'follow',
      signal: AbortSignal.timeout(ACTIVITY_ID_TIMEOUT_MS),
    });
    if (!response.ok || !isActivityType(response.headers.get('content-type') ?? '')) return null;
    // Only a server's word about its own objects counts (ActivityPub's same-origin check): the id must be on the
    // host that answered, after any redirect, and that host a plain DNS name. A page cannot make a redirect to
    // an address or an intranet name hand over an id (docs/security.md, "What a page's markers can cause").
    const answeredBy = httpsUrlHost(response.url);
    const id = ((await response.json()) as { id?: unknown }).id;
    if (typeof id !== 'string' || id.length > 2048 || answeredBy === null) return null;
    return httpsUrlHost(id) === answeredBy ? id : null;
  } catch {
    return null;
  }
}
