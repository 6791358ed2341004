import { storage } from 'wxt/utils/storage';

/**
 * Hosts known to be fediverse servers: their pages showed ActivityPub markers, or the home server resolved one of
 * their URLs. Only known hosts are sent home before their pages load; a path shape alone proves nothing.
 * Kept 24 h from the last sighting, at most KNOWN_HOSTS_MAX, the stalest forgotten first.
 */

export const KNOWN_HOST_TTL_MS = 24 * 60 * 60 * 1000;
export const KNOWN_HOSTS_MAX = 500;

function hostMemory(key: `local:${string}`) {
  /** host → epoch ms of the last sighting. */
  const item = storage.defineItem<Record<string, number>>(key, { fallback: {}, version: 1 });
  let writes: Promise<unknown> = Promise.resolve();
  return {
    /** The hosts still fresh now, most recently seen first. */
    async list(): Promise<string[]> {
      const now = Date.now();
      return Object.entries(await item.getValue())
        .filter(([, seen]) => now - seen < KNOWN_HOST_TTL_MS)
        .sort(([, a], [, b]) => b - a)
        .map(([host]) => host);
    },
    /** Records a sighting; resolves true when the host was not known before. */
    remember(host: string): Promise<boolean> {
      const name = host.toLowerCase();
      const write = writes.then(async () => {
        const now = Date.now();
        const hosts = await item.getValue();
        const wasKnown = hosts[name] !== undefined && now - hosts[name] < KNOWN_HOST_TTL_MS;
        const fresh = Object.entries({ ...hosts, [name]: now })
          .filter(([, seen]) => now - seen < KNOWN_HOST_TTL_MS)
          .sort(([, a], [, b]) => b - a)
          .slice(0, KNOWN_HOSTS_MAX);
        await item.setValue(Object.fromEntries(fresh));
        return !wasKnown;
      });
      writes = write.catch(() => undefined);
      return write;
    },
    forget: () => item.removeValue(),
  };
}

const fediverseHosts = hostMemory('local:knownFediverseHosts');
/**
 * Known hosts whose profiles live at a bare `/<username>` (Pixelfed): learned when such a page's own ActivityPub
 * id had a profile shape. Only on these is a one-segment path worth sending home before it loads.
 */
const bareProfiles = hostMemory('local:bareProfileHosts');

export const knownHosts = (): Promise<string[]> => fediverseHosts.list();

export async function isKnownHost(host: string): Promise<boolean> {
  return (await knownHosts()).includes(host.toLowerCase());
}

/** Records a sighting; resolves true when the host was not known before (callers then update redirect rules). */
export const rememberHost = (host: string): Promise<boolean> => fediverseHosts.remember(host);

export const bareProfileHosts = (): Promise<string[]> => bareProfiles.list();
export const rememberBareProfileHost = (host: string): Promise<boolean> => bareProfiles.remember(host);

export async function forgetKnownHosts(): Promise<void> {
  await Promise.all([fediverseHosts.forget(), bareProfiles.forget()]);
}
