import { t, type MessageKey } from '@/utils/i18n';
import { ALL_MATCHES, NETWORKS } from '@/utils/sites';
/**
 * What each permission lets Homeward do, in the person's words rather than the browser's API names (the options
 * page). The host patterns come from utils/sites (HOST_PERMISSIONS) and the optional all-sites one from
 * wxt.config.ts; a permission this table does not know is shown by its name.
 */
const PERMISSION_TEXT: Record<string, MessageKey> = {
  storage: 'permission_storage',
  identity: 'permission_identity',
  activeTab: 'permission_activeTab',
  scripting: 'permission_scripting',
  contextMenus: 'permission_contextMenus',
  declarativeNetRequestWithHostAccess: 'permission_dnr',
  alarms: 'permission_alarms',
  'https://*/*': 'permission_allSites',
};

/**
 * Site patterns, `https://*.<domain>/*` as granted and `https://<domain>/*` or `https://www.<domain>/*` as the
 * content script's matches (Chromium lists those too): the follow button there, and that site's look-ups.
 */
const SITE_PATTERN = /^https:\/\/(?:\*\.|www\.)?([a-z0-9-]+(?:\.[a-z0-9-]+)+)\/\*$/;

const bare = (host: string) => host.replace(/^www\./, '');
const SITE_DOMAINS = new Set(
  ALL_MATCHES.map((pattern) => bare(new URL(pattern.replace('/*', '/')).hostname)),
);
/** Where only a network's WebFinger is asked (Bridgy Fed's bsky.brid.gy), with its network's name. */
const NETWORK_HOSTS = new Map(
  NETWORKS.map(
    (network) => [bare(new URL(network.webfingerUrl('a')).hostname), network.name] as const,
  ).filter(([host]) => !SITE_DOMAINS.has(host)),
);

export interface PermissionLine {
  /** What it lets Homeward do. */
  text: string;
  /** The browser's name for it, shown small beside the text for people who compare with the browser's list. */
  name: string;
}

export function describePermission(name: string): PermissionLine {
  const known = PERMISSION_TEXT[name];
  if (known)
    return {
      text: t(known, { menuItem: t('menu_openOnYours'), switchName: t('settings_openAtHome') }),
      name,
    };
  const site = SITE_PATTERN.exec(name)?.[1];
  const network = site && NETWORK_HOSTS.get(site);
  if (site && network) return { text: t('permission_network', { site, network }), name };
  if (site) return { text: t('permission_site', { site }), name };
  return { text: name, name };
}

/** One line per thing Homeward may do: a site's three patterns are one line, with their names together. */
export function describePermissions(names: readonly string[]): PermissionLine[] {
  const lines = new Map<string, PermissionLine>();
  for (const name of names) {
    const line = describePermission(name);
    const seen = lines.get(line.text);
    lines.set(line.text, seen ? { text: line.text, name: `${seen.name} ${name}` } : line);
  }
  return [...lines.values()];
}
