import { httpsUrlHost } from '../fediverse/server-input';
import { REQUEST_TIMEOUT_MS } from './client';

const PROFILE_PAGE = 'http://webfinger.net/rel/profile-page';

/**
 * The web domain a WebFinger answer (RFC 7033 JRD) points to: the host of its `self` link, else of its profile
 * page. The answer comes from whatever server the handle names, so its host passes the same gate as a typed one
 * (normaliseHost): an IP address, a port, userinfo or a non-https link make it null, and the handle's own domain
 * is used instead.
 */
export function webDomainOf(jrd: unknown): string | null {
  if (typeof jrd !== 'object' || jrd === null) return null;
  const links: unknown = (jrd as { links?: unknown }).links;
  if (!Array.isArray(links)) return null;
  const withRel = (rel: string): unknown =>
    links.find(
      (link: unknown) => typeof link === 'object' && link !== null && (link as { rel?: unknown }).rel === rel,
    );
  const link = withRel('self') ?? withRel(PROFILE_PAGE);
  const href = (link as { href?: unknown } | undefined)?.href;
  return typeof href === 'string' ? httpsUrlHost(href) : null;
}

/**
 * Finds the web domain that serves a handle's account. Mastodon can keep handles on one domain (LOCAL_DOMAIN,
 * `@me@example.org`) and its web UI and API on another (WEB_DOMAIN, `social.example.org`); WebFinger on the
 * handle's domain names the real host in its links. Falls back to the handle's domain.
 */
export async function webDomainForHandle(username: string, domain: string): Promise<string> {
  const init: RequestInit = {
    credentials: 'omit',
    cache: 'no-store',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  };
  const resource = encodeURIComponent(`acct:${username}@${domain}`);
  try {
    const response = await fetch(`https://${domain}/.well-known/webfinger?resource=${resource}`, init);
    if (response.ok) return webDomainOf(await response.json()) ?? domain;
  } catch {
    // Unreachable or not WebFinger: the server check that follows reports it precisely.
  }
  return domain;
}
