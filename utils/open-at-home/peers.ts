import { storage } from 'wxt/utils/storage';
import { normaliseHost } from '../fediverse/server-input';
import { REQUEST_TIMEOUT_MS } from '../mastodon/client';
import { noteAnswer } from '../mastodon/rate-budget';
import { homeSession } from '../mastodon/session';
import { PEERS_MAX } from './peers-cap';

/**
 * The domains the home server federates with (`GET /api/v1/instance/peers`, docs/home-server.md), asked of the
 * home server only, never of anyone else. They count as fediverse hosts for "before the page loads" from the
 * first visit, next to the hosts learned from pages (known-hosts.ts). Refreshed daily and when the server
 * changes; a server that does not publish them (an admin turned it off: 404; GoToSocial without a token: 401) has
 * none, and the learned hosts alone go on working.
 */

export const PEERS_TTL_MS = 24 * 60 * 60 * 1000;
export { PEERS_MAX };
/** A list of 50,000 names is a few hundred kilobytes: more time than an ordinary answer. */
const PEERS_TIMEOUT_MS = 4 * REQUEST_TIMEOUT_MS;

interface StoredPeers {
  /** The home server they are of: another server's list counts for nothing. */
  host: string;
  /** Epoch ms of the last answer (a failed refresh keeps the list and its time). */
  fetched: number;
  domains: string[];
}

const peersItem = storage.defineItem<StoredPeers | null>('local:homePeers', { fallback: null, version: 1 });

/**
 * The peer domains of `host`, as stored (whatever their age: a refresh replaces them), and what identifies the list
 * (its server, time and length): the redirect rules change only when that does. One read for both.
 */
export async function storedPeers(host: string | undefined): Promise<{ domains: string[]; stamp: string }> {
  const stored = await peersItem.getValue();
  return {
    domains: stored && host && stored.host === host ? stored.domains : [],
    stamp: stored ? `${stored.host} ${stored.fetched} ${stored.domains.length}` : '',
  };
}

/** The peer domains of `host`, as stored. */
export async function peerHosts(host: string | undefined): Promise<string[]> {
  return (await storedPeers(host)).domains;
}

/**
 * Names as the server gave them, each passed through the same gate as a typed host (lower case, punycode, no port,
 * path or credentials), without duplicates, at most PEERS_MAX. Null when the answer is not a list.
 */
export function peerDomains(answer: unknown): string[] | null {
  if (!Array.isArray(answer)) return null;
  const domains = new Set<string>();
  for (const entry of answer) {
    if (domains.size >= PEERS_MAX) break;
    if (typeof entry !== 'string' || entry.length > 253) continue;
    const host = normaliseHost(entry);
    // A single label (`localhost`) is no server of the fediverse.
    if (host && host.includes('.')) domains.add(host);
  }
  return [...domains];
}

async function ask(host: string, token: string | null): Promise<Response> {
  return fetch(`https://${host}/api/v1/instance/peers`, {
    credentials: 'omit',
    cache: 'no-store',
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(PEERS_TIMEOUT_MS),
  });
}

/** After a request that failed (a timeout, 5xx), the server is not asked again for this long, unless forced. */
export const PEERS_RETRY_MS = 10 * 60 * 1000;
/** The last failed request, for the browser session: a background the browser stopped and started keeps it. */
const failedItem = storage.defineItem<{ host: string; at: number } | null>('session:homePeersFailed', {
  fallback: null,
});
let asking: Promise<boolean> | null = null;

/**
 * Asks the home server for its peers unless the stored list is fresh, or a request failed less than PEERS_RETRY_MS
 * ago (`force` asks anyway). Without a token first, as any client may; with the account's token when the server
 * wants one (GoToSocial). Resolves true when the list changed. Never throws: a failure keeps what was known. One
 * request at a time: a second caller shares the answer.
 */
export function refreshPeers(force = false): Promise<boolean> {
  asking ??= askPeers(force).finally(() => {
    asking = null;
  });
  return asking;
}

async function askPeers(force: boolean): Promise<boolean> {
  const home = await homeSession();
  if (home.kind === 'no-server') return false;
  const { host } = home.server;
  // One read of each: whether to ask, and what the answer is compared with.
  const [stored, failed] = await Promise.all([peersItem.getValue(), failedItem.getValue()]);
  const ours = stored !== null && stored.host === host;
  if (!force && ours && Date.now() - stored.fetched < PEERS_TTL_MS) return false;
  if (!force && failed?.host === host && Date.now() - failed.at < PEERS_RETRY_MS) return false;
  const before = ours ? stored.domains : [];
  try {
    let response = await ask(host, null);
    if (response.status === 401 && home.kind === 'signed-in') {
      response = await ask(host, home.session.token);
      await noteAnswer(home.session.key, response.status, response.headers);
    }
    if (!response.ok) {
      // 404 (turned off) or 401 (not public): the server publishes none; that answer holds for a day too.
      const none = response.status === 404 || response.status === 401 || response.status === 403;
      if (none) await peersItem.setValue({ host, fetched: Date.now(), domains: [] });
      else await failedItem.setValue({ host, at: Date.now() });
      return none && before.length > 0;
    }
    const domains = peerDomains(await response.json());
    if (domains === null) return false;
    await failedItem.removeValue();
    await peersItem.setValue({ host, fetched: Date.now(), domains });
    return before.length !== domains.length || before.some((domain, index) => domain !== domains[index]);
  } catch {
    await failedItem.setValue({ host, at: Date.now() }).catch(() => undefined);
    return false;
  }
}

export async function forgetPeers(): Promise<void> {
  await peersItem.removeValue();
}
