/**
 * Lemmy. Post and comment ids are serials of each server: a post federated in gets a new `/post/<id>` there,
 * and the path cannot tell a local post from a copy, so both are always local ids. `/u/<name>` and `/c/<name>`
 * are the actor ids of this server's users and communities; `/u/<name>@<host>` and `/c/<name>@<host>` are
 * this server's view of remote ones. PeerTube's channel page `/c/<name>` has the same shape: claimed here, and
 * peertube.ts only claims its `/c/<name>/videos` tab.
 */
import { handleOf, linkOf, pathSegments } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

const SERIAL = /^\d{1,12}$/;
/** Lemmy actor names: letters, digits and `_` (its `actor_name_max_length` defaults to 20; allow more). */
const ACTOR_NAME = /^[A-Za-z0-9_]{1,64}$/;

export function detectLemmy(url: URL): FediverseLink | null {
  const segments = pathSegments(url);
  if (segments?.length !== 2) return null;
  const [first, second = ''] = segments;
  if ((first === 'post' || first === 'comment') && SERIAL.test(second))
    return linkOf(url, 'lemmy', 'post', true, 'generic');
  if (first === 'u' || first === 'c') {
    const handle = handleOf(second, ACTOR_NAME);
    if (!handle) return null;
    const copy = handle.host !== null;
    return linkOf(url, 'lemmy', 'profile', copy, copy ? 'distinctive' : 'generic');
  }
  return null;
}

export const lemmyExamples: LinkExamples = {
  post: [
    ['https://lemmy.example/post/42', true],
    ['https://lemmy.example/comment/314', true],
    ['https://lemmy.example/post/77', true],
    ['https://lemmy2.example/post/12/', true],
    ['https://lemmy.world/post/123456', true],
    ['https://lemmy.world/comment/9876543', true],
  ],
  profile: [
    ['https://lemmy.example/u/frank', false],
    ['https://lemmy.example/c/cats', false],
    ['https://lemmy.example/u/gus@lemmy2.example', true],
    ['https://lemmy.example/c/photos@lemmy2.example', true],
    ['https://lemmy.world/c/technology', false],
    ['https://lemmy.world/c/linux@programming.dev', true],
    ['https://peertube.example/c/grace_channel', false],
  ],
  none: [
    'https://lemmy.world/post/',
    'https://lemmy.world/post/abc',
    'https://lemmy.world/post/1234567890123',
    'https://lemmy.world/post/42/314',
    'https://lemmy.world/comment/-1',
    'https://lemmy.world/u/',
    'https://lemmy.world/u/fr.ank',
    'https://lemmy.world/u/frank@',
    'https://lemmy.world/u/frank@lemmy',
    'https://lemmy.world/c/cats@lemmy.world@evil.example',
    'https://lemmy.world/c/cats/search',
    'https://lemmy.world/create_post',
    'http://lemmy.world/post/42',
  ],
};
