import type { LogEntry } from '../core/request-log';

/**
 * Hosts the browsers contact on their own, whatever the extension does. Chromium's sign-in and component
 * services (accounts.google.com, update.googleapis.com, clients2.google.com, …) show up in the log as CONNECTs
 * through the sandbox even with --disable-background-networking, and so does its connectivity probe
 * (connectivitycheck.gstatic.com/generate_204, seen once in a soak of 167 actions, from no page or extension);
 * Firefox's are switched off by the harness prefs.
 */
const BROWSER_OWN =
  /^(accounts\.google\.com|[\w-]+\.googleapis\.com|clients\d*\.google\.com|[\w-]+\.gvt1\.com|connectivitycheck\.gstatic\.com)$/;

/** Requests the browser made (pages and the extension), not the sandbox's own server-to-server fetches. */
export function browserRequests(entries: readonly LogEntry[]): LogEntry[] {
  return entries.filter((entry) => !entry.client.startsWith('server:') && !BROWSER_OWN.test(entry.host));
}

/** The distinct hosts the browser contacted, sorted. */
export function hostsContacted(entries: readonly LogEntry[]): string[] {
  return [...new Set(browserRequests(entries).map((entry) => entry.host))].sort();
}

/** WebFinger look-ups the browser made on `host` (threads.net's federation hosts). */
export function webfingerRequests(entries: readonly LogEntry[], hosts: readonly string[]): LogEntry[] {
  return browserRequests(entries).filter(
    (entry) => hosts.includes(entry.host) && entry.path.startsWith('/.well-known/webfinger'),
  );
}

/** The browser's requests to `host`, e.g. the home server's API calls of one scenario. */
export function requestsTo(entries: readonly LogEntry[], host: string): LogEntry[] {
  return browserRequests(entries).filter((entry) => entry.host === host);
}
