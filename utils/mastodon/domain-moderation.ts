import { domainBlocksOf, type DomainBlockEntry } from './follow';
import { storageCache } from '../storage/cache';

/**
 * Which domains the home server suspends, as far as it shows them: shared by the follow button and "Open it at
 * home" to tell a suspended domain from an account the server could not find.
 */

export const DOMAIN_BLOCKS_TTL_MS = 60 * 60 * 1000;

export interface Moderation {
  /** The server shows its moderated domains (to this account). */
  listed: boolean;
  /** It suspends the domain, or a domain above it (a block on `example` covers `a.example`). */
  suspends: boolean;
}

/** Keyed by `<home host> <domain>`. */
const moderations = storageCache<Moderation>('local:domainModeration', 50);

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
