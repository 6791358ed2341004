import { REQUEST_TIMEOUT_MS } from './client';

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
    if (response.ok) {
      const jrd = (await response.json()) as { links?: Array<{ rel?: string; href?: string }> };
      const link =
        jrd.links?.find((l) => l.rel === 'self') ??
        jrd.links?.find((l) => l.rel === 'http://webfinger.net/rel/profile-page');
      if (link?.href) {
        const url = new URL(link.href);
        if (url.protocol === 'https:') return url.hostname;
      }
    }
  } catch {
    // Unreachable or not WebFinger: the server check that follows reports it precisely.
  }
  return domain;
}
