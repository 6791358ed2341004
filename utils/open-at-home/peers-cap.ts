/**
 * The most peer domains kept (peers.ts): the redirect rules carry them in `requestDomains`, and docs/dnr-limits.md
 * measures what that costs. Past it, the rest are learned from pages, as every host is without peers. A module of
 * its own, with no storage, so that the bench can read it outside the extension.
 */
export const PEERS_MAX = 50_000;
