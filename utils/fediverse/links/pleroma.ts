/**
 * Pleroma and Akkoma. A notice's page is `/notice/<flake id>`; its ActivityPub id is `/objects/<uuid>`
 * (Friendica's ids have this shape too, with the same meaning: claimed here). The profile page is
 * `/users/<name>`, which is also the actor id of Mastodon, GoToSocial, Pixelfed and Misskey (by internal id):
 * on all of them the URL is the actor's own, so one detector claims it, and this is the software whose
 * people browse to it (Mastodon redirects it to `/@user`).
 */
import { linkOf, pathSegments, USERNAME, UUID } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

/** Flake ids (base62) or the integer ids of older servers. */
const NOTICE_ID = /^[0-9A-Za-z]{1,32}$/;
/**
 * The frontends show any account, remote ones included, at `/users/<flake id>`: 18 base62 characters mixing
 * cases and digits, which a chosen user name hardly does.
 */
const FLAKE_ID = /^(?=.*[A-Z])(?=.*[a-z])(?=.*\d)[0-9A-Za-z]{18}$/;

export function detectPleroma(url: URL): FediverseLink | null {
  const segments = pathSegments(url);
  if (segments?.length !== 2) return null;
  const [first, second = ''] = segments;
  // Notices fetched from elsewhere get a local flake id as well.
  if (first === 'notice' && NOTICE_ID.test(second))
    return linkOf(url, 'pleroma', 'post', true, 'distinctive');
  if (first === 'objects' && UUID.test(second)) return linkOf(url, 'pleroma', 'post', false, 'distinctive');
  if (first === 'users' && USERNAME.test(second))
    return linkOf(url, 'pleroma', 'profile', FLAKE_ID.test(second), 'generic');
  return null;
}

export const pleromaExamples: LinkExamples = {
  post: [
    ['https://akkoma.example/notice/AqK9f3b2ZxYp1qA8pE', true],
    ['https://akkoma.example/objects/c0ffee00-1a2b-4c3d-8e9f-0123456789ab', false],
    ['https://pleroma.site/notice/AhUW5sJtgOzkGdRYG0/', true],
    ['https://fe.disroot.org/notice/12345', true],
    ['https://friendica.example/objects/a3f9c2d1-1665-7b2e-3c4d-5e6f70819abc', false],
  ],
  profile: [
    ['https://akkoma.example/users/carol', false],
    ['https://pleroma.site/users/lain', false],
    ['https://pleroma.site/users/AhUW5sJtgOzkGdRYG0', true],
    ['https://remote.example/users/bob', false],
    ['https://pixelfed.example/users/erin', false],
  ],
  none: [
    'https://akkoma.example/notice/',
    'https://akkoma.example/notice/AqK9f3b2-ZxYp1qA8pE',
    'https://akkoma.example/notice/AqK9f3b2ZxYp1qA8pEAqK9f3b2ZxYp1qA8pE',
    'https://akkoma.example/objects/not-a-uuid',
    'https://akkoma.example/objects/c0ffee00-1a2b-4c3d-8e9f-0123456789ab/likes',
    'https://akkoma.example/users/carol/followers',
    'https://akkoma.example/users/.carol',
    'https://akkoma.example/users/carol%40x',
    'http://akkoma.example/notice/AqK9f3b2ZxYp1qA8pE',
  ],
};
