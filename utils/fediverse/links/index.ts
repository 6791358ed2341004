/**
 * Fediverse post and profile URLs, by software. Each detector claims its own shapes and no other's (the
 * cross-matrix in links.test.ts), so the order below only matters for URLs no example covers.
 * Adding a software: one detector file with its detector and its examples, and one line here.
 */
import { detectBridgyFed, bridgyFedExamples } from './bridgy-fed';
import { detectFriendica, friendicaExamples } from './friendica';
import { detectGoToSocial, gotosocialExamples } from './gotosocial';
import { detectLemmy, lemmyExamples } from './lemmy';
import { detectMastodon, mastodonExamples } from './mastodon';
import { detectMisskey, misskeyExamples } from './misskey';
import { detectPeerTube, peertubeExamples } from './peertube';
import { detectPixelfed, pixelfedExamples } from './pixelfed';
import { detectPleroma, pleromaExamples } from './pleroma';
import { detectThreads, threadsExamples } from './threads';
import type { FediverseLink, LinkDetectorEntry, LinkExamples, SoftwareFamily } from './types';
import { MAX_URL_LENGTH } from './url-shape';

export type { FediverseLink, LinkDetector, LinkKind, ShapeStrength, SoftwareFamily } from './types';

/**
 * The example tables are for the tests, which run over all of them (links.test.ts and its neighbours). The build's
 * modes replace `import.meta.env.MODE`, so the tables stay out of the shipped code (as in
 * components/shared/content-host.ts) and the registry still names each software's detector and examples together.
 */
const TESTING = import.meta.env.MODE === 'test';
const NO_EXAMPLES: LinkExamples = { post: [], profile: [], none: [] };

/** The detectors in the order detectFediverseLink tries them. */
export const LINK_DETECTORS: Readonly<Record<SoftwareFamily, LinkDetectorEntry>> = {
  threads: { detect: detectThreads, examples: TESTING ? threadsExamples : NO_EXAMPLES },
  'bridgy-fed': { detect: detectBridgyFed, examples: TESTING ? bridgyFedExamples : NO_EXAMPLES },
  mastodon: { detect: detectMastodon, examples: TESTING ? mastodonExamples : NO_EXAMPLES },
  gotosocial: { detect: detectGoToSocial, examples: TESTING ? gotosocialExamples : NO_EXAMPLES },
  pleroma: { detect: detectPleroma, examples: TESTING ? pleromaExamples : NO_EXAMPLES },
  misskey: { detect: detectMisskey, examples: TESTING ? misskeyExamples : NO_EXAMPLES },
  pixelfed: { detect: detectPixelfed, examples: TESTING ? pixelfedExamples : NO_EXAMPLES },
  lemmy: { detect: detectLemmy, examples: TESTING ? lemmyExamples : NO_EXAMPLES },
  peertube: { detect: detectPeerTube, examples: TESTING ? peertubeExamples : NO_EXAMPLES },
  friendica: { detect: detectFriendica, examples: TESTING ? friendicaExamples : NO_EXAMPLES },
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
  for (const { detect } of Object.values(LINK_DETECTORS)) {
    const link = detect(url);
    if (link) return link;
  }
  return null;
}
