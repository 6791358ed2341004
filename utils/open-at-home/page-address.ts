import { detectFediverseLink } from '../fediverse/links';
import { currentWebClient } from '../mastodon/web-client';
import { homeServerItem, neverRedirectItem } from '../storage';
import { httpsUrl } from './resolve';
import { homeHostsOf, isNeverRedirected } from './redirect-rules';

/** What "Open it at home" asks of an address in the background: its shape, and whether it is the home server's. */

export async function homeHosts(): Promise<string[]> {
  const [server, client] = await Promise.all([homeServerItem.getValue(), currentWebClient()]);
  return homeHostsOf(server, client);
}

export function isHttps(value: unknown): value is string {
  return httpsUrl(value) !== null;
}

export async function neverFor(host: string): Promise<boolean> {
  return isNeverRedirected(host, await neverRedirectItem.getValue());
}

/**
 * Whether a page is a post or profile worth sending home: its URL has a post or profile shape that names the
 * object itself, or it carries a local id and the page gave the canonical one, or the URL's shape is too
 * plain to claim (Pixelfed's `/<username>`) but the page's own ActivityPub id, on the same host, has such a
 * shape (`/users/<username>`).
 */
export function recognised(url: URL, activityId: string | undefined): boolean {
  const link = detectFediverseLink(url);
  if (link) return !link.localId || activityId !== undefined;
  if (!activityId || new URL(activityId).hostname !== url.hostname) return false;
  return detectFediverseLink(activityId) !== null;
}

export function isBarePath(url: URL): boolean {
  return /^\/[A-Za-z0-9_.-]{1,30}\/?$/.test(url.pathname);
}
