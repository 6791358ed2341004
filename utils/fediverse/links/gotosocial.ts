/**
 * GoToSocial. Its statuses have ULID ids, which is what tells `/users/<u>/statuses/<id>` apart from Mastodon's
 * (digits). Its profile page `/@user` is claimed by mastodon.ts (same shape, same meaning). GoToSocial shows
 * no remote posts under its own URLs, so its ids are never local copies.
 */
import { handleOf, linkOf, pathSegments, USERNAME } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

/** Crockford base32, upper case, 26 characters (ulid spec). */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function detectGoToSocial(url: URL): FediverseLink | null {
  const segments = pathSegments(url);
  if (!segments) return null;
  const [first = '', second = '', third = '', fourth = ''] = segments;
  const atUser = first.startsWith('@') ? handleOf(first.slice(1)) : null;
  if (segments.length === 3 && atUser?.host === null && second === 'statuses' && ULID.test(third))
    return linkOf(url, 'gotosocial', 'post', false, 'distinctive');
  if (
    segments.length === 4 &&
    first === 'users' &&
    USERNAME.test(second) &&
    third === 'statuses' &&
    ULID.test(fourth)
  )
    return linkOf(url, 'gotosocial', 'post', false, 'distinctive');
  return null;
}

export const gotosocialExamples: LinkExamples = {
  post: [
    ['https://gts.example/@dave/statuses/01JDW3Q7ZK8X9V2M4N6P8R0T2V', false],
    ['https://gts.example/users/dave/statuses/01JDW3Q7ZK8X9V2M4N6P8R0T2V', false],
    ['https://gts.example/@dave/statuses/01JDW3Q7ZK8X9V2M4N6P8R0T2V/', false],
    ['https://goblin.band/@tobi/statuses/01HQ8ZC0RS4T3PXCK5WYB7D2MJ', false],
  ],
  profile: [],
  none: [
    'https://gts.example/@dave/statuses',
    'https://gts.example/@dave/statuses/01jdw3q7zk8x9v2m4n6p8r0t2v',
    'https://gts.example/@dave/statuses/01JDW3Q7ZK8X9V2M4N6P8R0T2',
    'https://gts.example/@dave/statuses/01JDW3Q7ZK8X9V2M4N6P8R0T2VX',
    'https://gts.example/@dave/statuses/01JDW3Q7ZK8X9V2M4N6P8R0TUV',
    'https://gts.example/@dave@remote.example/statuses/01JDW3Q7ZK8X9V2M4N6P8R0T2V',
    'https://gts.example/@dave/statuses/01JDW3Q7ZK8X9V2M4N6P8R0T2V/replies',
    'http://gts.example/@dave/statuses/01JDW3Q7ZK8X9V2M4N6P8R0T2V',
  ],
};
