/** Every detector's example table, for the tests that run over all of them (the cross-matrix, the prefilter). */
import { bridgyFedExamples } from './bridgy-fed';
import { friendicaExamples } from './friendica';
import { gotosocialExamples } from './gotosocial';
import { lemmyExamples } from './lemmy';
import { mastodonExamples } from './mastodon';
import { misskeyExamples } from './misskey';
import { peertubeExamples } from './peertube';
import { pixelfedExamples } from './pixelfed';
import { pleromaExamples } from './pleroma';
import { threadsExamples } from './threads';
import type { LinkExamples, SoftwareFamily } from './types';

export const EXAMPLES: Record<SoftwareFamily, LinkExamples> = {
  mastodon: mastodonExamples,
  gotosocial: gotosocialExamples,
  pleroma: pleromaExamples,
  misskey: misskeyExamples,
  pixelfed: pixelfedExamples,
  lemmy: lemmyExamples,
  peertube: peertubeExamples,
  friendica: friendicaExamples,
  threads: threadsExamples,
  'bridgy-fed': bridgyFedExamples,
};
