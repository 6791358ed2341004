/**
 * Mastodon and its forks (glitch-soc, Hometown keep its routes).
 *
 * Shared shapes are claimed here: `/@user` and `/@user@host` are also GoToSocial's and Misskey's profile pages,
 * with the same meaning for the caller (a local profile whose URL resolves; a local copy of a remote account
 * whose URL does not), so one detector claims them and the cross-matrix stays exclusive.
 * `/users/<name>` alone is left to pleroma.ts (see there).
 */
import { handleOf, linkOf, pathSegments, USERNAME } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

/** Snowflake ids fit a signed 64-bit integer: 19 digits at most. */
const STATUS_ID = /^\d{1,19}$/;

export function detectMastodon(url: URL): FediverseLink | null {
  const segments = pathSegments(url);
  if (!segments) return null;
  const [first = '', second = '', third, fourth = ''] = segments;
  if (first.startsWith('@')) {
    const handle = handleOf(first.slice(1));
    if (!handle) return null;
    // `/@user@other…` is this server's copy of a remote account or post: its ids are local.
    const copy = handle.host !== null;
    if (segments.length === 1)
      return linkOf(url, 'mastodon', 'profile', copy, copy ? 'distinctive' : 'generic');
    if (segments.length === 2 && STATUS_ID.test(second))
      return linkOf(url, 'mastodon', 'post', copy, 'distinctive');
    return null;
  }
  if (
    segments.length === 4 &&
    first === 'users' &&
    USERNAME.test(second) &&
    third === 'statuses' &&
    STATUS_ID.test(fourth)
  )
    return linkOf(url, 'mastodon', 'post', false, 'distinctive');
  return null;
}

export const mastodonExamples: LinkExamples = {
  post: [
    ['https://remote.example/@bob/113456789012345678', false],
    ['https://remote.example/@lena/113456789012345999/', false],
    ['https://remote.example/users/bob/statuses/113456789012345678', false],
    ['https://remote.example/@carol@akkoma.example/113500000000000001', true],
    ['https://mastodon.social/@Gargron/1', false],
    ['https://mastodon.social/@Gargron/113456789012345678?lang=en#reply', false],
    ['https://hachyderm.io/@nova/112233445566778899', false],
    ['https://hachyderm.io/@nova@mastodon.social/112233445566778899', true],
    ['https://glitch.social/@jo.ann/109876543210987654', false],
  ],
  profile: [
    ['https://remote.example/@bob', false],
    ['https://remote.example/@lena/', false],
    ['https://remote.example/@carol@akkoma.example', true],
    ['https://mastodon.social/@Gargron', false],
    ['https://hachyderm.io/@nova@mastodon.social', true],
    // GoToSocial and Misskey profiles have the same shape and meaning (see above).
    ['https://gts.example/@dave', false],
    ['https://misskey.example/@alice', false],
    ['https://misskey.io/@syuilo', false],
    ['https://misskey.example/@gus@lemmy2.example', true],
  ],
  none: [
    'https://mastodon.social/',
    'https://mastodon.social/@',
    'https://mastodon.social/@/113456789012345678',
    'https://mastodon.social/@@bob',
    'https://mastodon.social/@bob@',
    'https://mastodon.social/@bob@localhost/1',
    'https://mastodon.social/@bob@127.0.0.1',
    'https://mastodon.social/@bob/abc',
    'https://mastodon.social/@bob/-1',
    'https://mastodon.social/@bob/12345678901234567890',
    'https://mastodon.social/@bob/113456789012345678/embed',
    'https://mastodon.social/@bob%2F113456789012345678',
    'https://mastodon.social/@bob/%2e%2e/1',
    'https://mastodon.social//@bob/1',
    'https://mastodon.social/@bob//1',
    'https://mastodon.social/@-bob',
    'https://mastodon.social/@b%C3%B6b',
    'https://mastodon.social/users/bob/statuses/',
    'https://mastodon.social/users/bob/statuses/abc',
    'https://mastodon.social/explore',
    'https://mastodon.social/?@bob/1',
    'https://mastodon.social/#/@bob/1',
    'http://mastodon.social/@bob/113456789012345678',
    'https://mallory@mastodon.social/@bob/113456789012345678',
    'https://mastodon.social:pw@evil.example/@bob',
    'https://localhost/@bob/1',
    'https://192.168.1.10/@bob/1',
    'https://[::1]/@bob/1',
    'ftp://mastodon.social/@bob/1',
  ],
};
