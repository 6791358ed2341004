/**
 * Threads' side of the fediverse, shared by the Threads and Instagram adapters: an Instagram account is a
 * Threads account with the same username (docs/sites.md), so utils/sites/instagram imports it from here.
 *
 * Threads' WebFinger answers 200 with a JRD for accounts that turned on fediverse sharing and 404
 * `{"success":false,"error":"Not found"}` for everyone else (docs/sites.md: fedidevs.org WebFinger reference,
 * ktistec#74, akirk/friends#376). Handles stay on threads.net although the website moved to threads.com.
 */
import type { FediverseNetwork, ProfileMatch } from '../types';

const THREADS_USER = /^[a-z0-9._]{1,30}$/;

export const threadsNetwork: FediverseNetwork = {
  handleDomain: 'threads.net',
  name: 'Threads',
  isUser: (user) => THREADS_USER.test(user) && /[^.]/.test(user),
  // The literal `acct:user@threads.net` form is what Mastodon's own WebFinger client sends (docs/home-server.md
  // §4); the username alphabet needs no escaping, encodeURIComponent only guards against misuse.
  webfingerUrl: (user) =>
    `https://www.threads.net/.well-known/webfinger?resource=acct:${encodeURIComponent(user)}@threads.net`,
  notFederated: 'site_notFederatedThreads',
  notFederatedLabel: 'site_notOnFediverse',
};

export function threadsProfile(username: string): ProfileMatch {
  return { username, handle: `${username.toLowerCase()}@${threadsNetwork.handleDomain}` };
}
