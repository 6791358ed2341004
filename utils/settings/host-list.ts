/**
 * The "never redirect" list as people type it: host names, URLs, `*.host`, one per line or comma-separated.
 * Pure, so the options page can say what it did not understand before saving.
 */

export interface HostList {
  /** Lower case, IDN as punycode, no duplicates, in the order given. */
  hosts: string[];
  /** Entries that are not a host name. */
  rejected: string[];
}

const HOSTNAME =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export function parseHostList(entries: readonly string[] | string): HostList {
  const items = typeof entries === 'string' ? entries.split(/[\s,]+/) : entries;
  const hosts: string[] = [];
  const rejected: string[] = [];
  for (const raw of items) {
    const entry = raw.trim();
    if (!entry) continue;
    const bare = entry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^\*\./, '');
    let host: string | null = null;
    // `user@host` is a handle (or userinfo): not a site.
    if (/@/.test(bare.split('/')[0] ?? '')) {
      rejected.push(entry);
      continue;
    }
    try {
      host = new URL(`https://${bare}`).hostname;
    } catch {
      host = null;
    }
    if (host && HOSTNAME.test(host)) {
      if (!hosts.includes(host)) hosts.push(host);
    } else rejected.push(entry);
  }
  return { hosts, rejected };
}
