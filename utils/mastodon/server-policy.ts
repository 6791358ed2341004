import { domainBlocksOf, type DomainBlockEntry } from './follow';
import { storageCache } from '../storage/cache';

/**
 * What the home server has told Homeward about itself, shared by the follow button and "Open it at home": which
 * domains it suspends, and until when it asked to be left alone (429).
 */

const MINUTE = 60 * 1000;
export const DOMAIN_BLOCKS_TTL_MS = 60 * MINUTE;
/** When a 429 carries no readable X-RateLimit-Reset: Mastodon's API throttles use 5-minute windows (§7). */
export const RATE_LIMIT_FALLBACK_MS = 5 * MINUTE;

export interface Moderation {
  /** The server shows its moderated domains (to this account). */
  listed: boolean;
  /** It suspends the domain, or a domain above it (a block on `example` covers `a.example`). */
  suspends: boolean;
}

/** Keyed by `<home host> <domain>`. */
const moderations = storageCache<Moderation>('local:domainModeration', 50);
/** Epoch ms, keyed by home host. */
const rateLimits = storageCache<number>('local:rateLimitedUntil', 20);

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** `a.b.example` → `a.b.example`, `b.example`, `example`. */
function domainAndParents(domain: string): string[] {
  const labels = domain.toLowerCase().split('.');
  return labels.map((_, i) => labels.slice(i).join('.'));
}

/**
 * Whether the server shows its moderated domains, and if so whether it suspends `domain`; null when unknown this
 * time (down, rate-limited, malformed: not cached, the empty resolve speaks for itself).
 */
export async function moderationOf(host: string, token: string, domain: string): Promise<Moderation | null> {
  const key = `${host} ${domain}`;
  const cached = await moderations.get(key);
  if (cached) return cached;
  let blocks: DomainBlockEntry[] | null;
  try {
    blocks = await domainBlocksOf(host, token);
  } catch {
    return null;
  }
  // Servers may obfuscate listed domains (`thr*ads.net`) but always give the SHA-256 of the real one.
  const candidates = domainAndParents(domain);
  const digests = await Promise.all(candidates.map(sha256Hex));
  const answer: Moderation = {
    listed: blocks !== null,
    suspends: (blocks ?? []).some(
      (block) =>
        block.severity === 'suspend' && (candidates.includes(block.domain) || digests.includes(block.digest)),
    ),
  };
  await moderations.set(key, answer, DOMAIN_BLOCKS_TTL_MS);
  return answer;
}

/** Until when (epoch ms) the server asked for no more requests, if that is still ahead. */
export function rateLimitedUntil(host: string): Promise<number | undefined> {
  return rateLimits.get(host);
}

/** Remembers a 429: `reset` is X-RateLimit-Reset in epoch ms, when readable. Returns the time to wait until. */
export async function rememberRateLimit(host: string, reset: number | null): Promise<number> {
  const now = Date.now();
  const until = reset !== null && reset > now ? reset : now + RATE_LIMIT_FALLBACK_MS;
  await rateLimits.set(host, until, until - now);
  return until;
}
