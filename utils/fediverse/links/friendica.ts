/**
 * Friendica. A post's page is `/display/<guid>`; Friendica shows items from other servers there too, so the
 * guid is treated as local. `/profile/<nick>` is the actor id. Its `/objects/<guid>` ids are pleroma.ts's shape.
 */
import { linkOf, pathSegments } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

/** Friendica guids: hex, with or without dashes. */
const GUID = /^[0-9a-f](?:[0-9a-f-]{14,62})[0-9a-f]$/i;
/** Friendica nicknames: lower-case letters, digits and `_`. */
const NICKNAME = /^[a-z0-9_]{1,64}$/;

export function detectFriendica(url: URL): FediverseLink | null {
  const segments = pathSegments(url);
  if (segments?.length !== 2) return null;
  const [first, second = ''] = segments;
  if (first === 'display' && GUID.test(second)) return linkOf(url, 'friendica', 'post', true, 'distinctive');
  if (first === 'profile' && NICKNAME.test(second))
    return linkOf(url, 'friendica', 'profile', false, 'generic');
  return null;
}

export const friendicaExamples: LinkExamples = {
  post: [
    ['https://friendica.example/display/a3f9c2d1-1665-7b2e-3c4d-5e6f70819abc', true],
    ['https://libranet.de/display/0b6b25a8-1866-5ba0-c1f1-2ff362390839', true],
    ['https://libranet.de/display/0b6b25a81866c1f12ff362390839/', true],
  ],
  profile: [
    ['https://friendica.example/profile/heidi', false],
    ['https://libranet.de/profile/team_news', false],
  ],
  none: [
    'https://friendica.example/display/',
    'https://friendica.example/display/zzzz-not-a-guid',
    'https://friendica.example/display/a3f9c2d1',
    'https://friendica.example/profile/Heidi.Brandt',
    'https://friendica.example/profile/heidi/photos',
    'https://bsky.app/profile/alice.bsky.social',
    'http://friendica.example/profile/heidi',
  ],
};
