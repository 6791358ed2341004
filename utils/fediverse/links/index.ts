/**
 * Fediverse post and profile URLs, by software. Each detector claims its own shapes and no other's (the
 * cross-matrix in links.test.ts), so the order below only matters for URLs no example covers.
 * Adding a software: one detector file beside its examples, one line here, one line in the test's table.
 */
import { detectBridgyFed } from './bridgy-fed';
import { detectFriendica } from './friendica';
import { detectGoToSocial } from './gotosocial';
import { detectLemmy } from './lemmy';
import { detectMastodon } from './mastodon';
import { detectMisskey } from './misskey';
import { detectPeerTube } from './peertube';
import { detectPixelfed } from './pixelfed';
import { detectPleroma } from './pleroma';
import { detectThreads } from './threads';
import type { FediverseLink, LinkDetector, SoftwareFamily } from './types';
import { MAX_URL_LENGTH } from './url-shape';

export type { FediverseLink, LinkDetector, LinkKind, ShapeStrength, SoftwareFamily } from './types';

export const LINK_DETECTORS: Readonly<Record<SoftwareFamily, LinkDetector>> = {
  threads: detectThreads,
  'bridgy-fed': detectBridgyFed,
  mastodon: detectMastodon,
  gotosocial: detectGoToSocial,
  pleroma: detectPleroma,
  misskey: detectMisskey,
  pixelfed: detectPixelfed,
  lemmy: detectLemmy,
  peertube: detectPeerTube,
  friendica: detectFriendica,
};

function parse(input: URL | string): URL | null {
  if (input instanceof URL) return input;
  if (typeof input !== 'string' || input.length > MAX_URL_LENGTH) return null;
  try {
    return new URL(input);
  } catch {
    return null;
  }
}

/** What `input` links to, or null for anything else, junk included. Never throws. */
export function detectFediverseLink(input: URL | string): FediverseLink | null {
  const url = parse(input);
  if (!url) return null;
  for (const detect of Object.values(LINK_DETECTORS)) {
    const link = detect(url);
    if (link) return link;
  }
  return null;
}
