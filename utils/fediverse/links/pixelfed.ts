/**
 * Pixelfed. `/p/<user>/<id>` is a post's own URL and ActivityPub id. The web app's `/i/web/post/<id>` and
 * `/i/web/profile/<id>` carry ids of this server's database, remote posts and accounts included. A profile's
 * own page is `/<username>`, which any site could have: not claimed (its actor id `/users/<name>` is pleroma.ts's
 * shape).
 */
import { linkOf, pathSegments, USERNAME } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

/** Snowflake-like integers. */
const PIXELFED_ID = /^\d{1,20}$/;

export function detectPixelfed(url: URL): FediverseLink | null {
  const segments = pathSegments(url);
  if (!segments) return null;
  const [first, second = '', third = '', fourth = ''] = segments;
  if (segments.length === 3 && first === 'p' && USERNAME.test(second) && PIXELFED_ID.test(third))
    return linkOf(url, 'pixelfed', 'post', false, 'distinctive');
  if (segments.length === 4 && first === 'i' && second === 'web' && PIXELFED_ID.test(fourth)) {
    if (third === 'post') return linkOf(url, 'pixelfed', 'post', true, 'distinctive');
    if (third === 'profile') return linkOf(url, 'pixelfed', 'profile', true, 'distinctive');
  }
  return null;
}

export const pixelfedExamples: LinkExamples = {
  post: [
    ['https://pixelfed.example/p/erin/789012345678901234', false],
    ['https://pixelfed.example/i/web/post/789012345678901234', true],
    ['https://pixelfed.social/p/dansup/650000000000000000/', false],
    ['https://pixelfed.social/i/web/post/692539545976601409', true],
  ],
  profile: [['https://pixelfed.social/i/web/profile/692539545976601408', true]],
  none: [
    'https://pixelfed.example/erin',
    'https://pixelfed.example/p/erin',
    'https://pixelfed.example/p/erin/abc',
    'https://pixelfed.example/p/erin/789012345678901234567',
    'https://pixelfed.example/i/web/post/',
    'https://pixelfed.example/i/web/post/abc',
    'https://pixelfed.example/i/web/story/789012345678901234',
    'https://pixelfed.example/i/web/post/789012345678901234/likes',
    'https://www.instagram.com/p/DAbc123xyz/',
    'http://pixelfed.social/p/dansup/650000000000000000',
  ],
};
