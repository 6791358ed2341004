/**
 * Bluesky's side of the fediverse: Bridgy Fed's Bluesky bridge (docs/sites.md, "Bluesky"; docs/fediverse-software.md,
 * "Bridgy Fed"). A Bluesky account that opted in is `@<its Bluesky handle>@bsky.brid.gy`; Bridgy Fed's WebFinger
 * answers 200 for it and 404 (plain text) for every other handle, opted out, never asked or unknown alike.
 */
import type { FediverseNetwork } from '../types';

/** Bridgy Fed's Bluesky bridge: the domain of bridged handles, its WebFinger host and its bot's. */
export const BRIDGY_FED_BLUESKY = 'bsky.brid.gy';
/** The bot a fediverse account messages to ask a Bluesky account to bridge (Bridgy Fed's docs, "DM request"). */
export const BRIDGY_FED_BOT = `${BRIDGY_FED_BLUESKY}@${BRIDGY_FED_BLUESKY}`;

/**
 * A Bluesky handle, lower case (atproto's handle syntax): two or more DNS labels of letters, digits and inner
 * hyphens, the last one starting with a letter, 253 characters at most. `handle.invalid` is what Bluesky shows
 * for an account whose handle no longer verifies: no handle to bridge.
 */
const HANDLE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isBlueskyHandle(value: string): boolean {
  return value.length <= 253 && HANDLE.test(value) && !value.endsWith('.invalid');
}

export const bridgyFedNetwork: FediverseNetwork = {
  handleDomain: BRIDGY_FED_BLUESKY,
  name: 'Bluesky',
  isUser: isBlueskyHandle,
  // Bridgy Fed compares handles as stored, lower case; the alphabet needs no escaping.
  webfingerUrl: (user) =>
    `https://${BRIDGY_FED_BLUESKY}/.well-known/webfinger?resource=acct:${encodeURIComponent(user)}@${BRIDGY_FED_BLUESKY}`,
  notFederated: 'site_notBridgedInfo',
  notFederatedLabel: 'site_notBridged',
  optIn: 'site_bridgeOptIn',
  bridgeRequest: {
    bot: BRIDGY_FED_BOT,
    // Bridgy Fed drops a leading mention of its bot and reads the one word left as the handle; anything more and
    // the message is ignored (docs/fediverse-software.md, "Asking to bridge"). So: the mention, then the handle.
    text: (user) => `@${BRIDGY_FED_BOT} ${user}`,
  },
};
