import { storage } from 'wxt/utils/storage';
import { NETWORKS, siteForUrl } from '../sites';
import { homeServerItem, neverRedirectItem } from '../storage';

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

/** Whether `host` is one of `domains` or a subdomain of one (never-open entries cover their subdomains). */
export function isWithin(host: string, domains: readonly string[]): boolean {
  return domains.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * Hosts that never become known, whatever is seen or resolved there (docs/security.md, "Known hosts"): Threads and
 * Instagram (the follow button's sites, which would otherwise bounce every profile load through the Opening page)
 * and their networks' own hosts, the home server's names, and hosts the person listed under Never open at home.
 * Checked when learning and again when the redirect rules are built.
 */
export function isLearnable(host: string, homeHosts: readonly string[], never: readonly string[]): boolean {
  // `home.example.` is `home.example`: a trailing dot must not slip a name past the lists.
  const name = host.toLowerCase().replace(/\.$/, '');
  if (siteForUrl(new URL(`https://${name}/`))) return false;
  if (
    isWithin(
      name,
      NETWORKS.map((network) => network.handleDomain),
    )
  )
    return false;
  return !homeHosts.includes(name) && !isWithin(name, never);
}

async function learnable(host: string): Promise<boolean> {
  const [server, never] = await Promise.all([homeServerItem.getValue(), neverRedirectItem.getValue()]);
  return isLearnable(host, server ? [server.host, server.localDomain] : [], never);
}

/**
 * Learns that `host` is a fediverse server from evidence about that host itself: its own page's markers, or a
 * resolve of an id on that host (`idHost`, the host of the object the home server fetched). An address on one host
 * whose object lives on another (a Threads post web page whose id is on threads.net) proves nothing about the
 * address's host. Resolves true when the host was not known before (callers then update the redirect rules).
 */
export async function learnHost(host: string, idHost: string = host): Promise<boolean> {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name !== idHost.toLowerCase().replace(/\.$/, '') || !(await learnable(name))) return false;
  return rememberHost(name);
}

export async function forgetKnownHosts(): Promise<void> {
  await Promise.all([fediverseHosts.forget(), bareProfiles.forget()]);
}
