import { storage } from 'wxt/utils/storage';

/**
 * Hosts known to be fediverse servers: their pages showed ActivityPub markers, or the home server resolved one of
 * their URLs. Only known hosts are sent home before their pages load; a path shape alone proves nothing.
 * Kept 24 h from the last sighting, at most KNOWN_HOSTS_MAX, the stalest forgotten first.
 */

export const KNOWN_HOST_TTL_MS = 24 * 60 * 60 * 1000;
export const KNOWN_HOSTS_MAX = 500;

/** host → epoch ms of the last sighting. */
const knownHostsItem = storage.defineItem<Record<string, number>>('local:knownFediverseHosts', {
  fallback: {},
  version: 1,
});

let writes: Promise<unknown> = Promise.resolve();

/** The hosts still fresh now, most recently seen first. */
export async function knownHosts(): Promise<string[]> {
  const now = Date.now();
  return Object.entries(await knownHostsItem.getValue())
    .filter(([, seen]) => now - seen < KNOWN_HOST_TTL_MS)
    .sort(([, a], [, b]) => b - a)
    .map(([host]) => host);
}

export async function isKnownHost(host: string): Promise<boolean> {
  return (await knownHosts()).includes(host.toLowerCase());
}

/** Records a sighting; resolves true when the host was not known before (callers then update redirect rules). */
export function rememberHost(host: string): Promise<boolean> {
  const name = host.toLowerCase();
  const write = writes.then(async () => {
    const now = Date.now();
    const hosts = await knownHostsItem.getValue();
    const wasKnown = hosts[name] !== undefined && now - hosts[name] < KNOWN_HOST_TTL_MS;
    const fresh = Object.entries({ ...hosts, [name]: now })
      .filter(([, seen]) => now - seen < KNOWN_HOST_TTL_MS)
      .sort(([, a], [, b]) => b - a)
      .slice(0, KNOWN_HOSTS_MAX);
    await knownHostsItem.setValue(Object.fromEntries(fresh));
    return !wasKnown;
  });
  writes = write.catch(() => undefined);
  return write;
}

export function forgetKnownHosts(): Promise<void> {
  return knownHostsItem.removeValue();
}
