/**
 * The Misskey family (Misskey, Sharkey, Firefish, Iceshrimp share the routes). Only `/notes/<id>` is claimed
 * here: profiles (`/@user`, `/@user@host`) are mastodon.ts's shape. A Misskey server shows remote notes under
 * its own `/notes/<local id>`, so the id is always treated as local.
 */
import { linkOf, pathSegments } from './url-shape';
import type { FediverseLink, LinkExamples } from './types';

/**
 * aid (10), aidx (16), meid/objectid (24 hex) and ulid (26) ids. Each starts with a timestamp written in base36
 * or hex letters, so an id without any letter is a blog's `/notes/2024…`, not a note.
 */
const NOTE_ID = /^(?=.*[a-zA-Z])[0-9a-zA-Z]{10,26}$/;

export function detectMisskey(url: URL): FediverseLink | null {
  const segments = pathSegments(url);
  if (segments?.length !== 2 || segments[0] !== 'notes' || !NOTE_ID.test(segments[1] ?? '')) return null;
  return linkOf(url, 'misskey', 'post', true, 'generic');
}

export const misskeyExamples: LinkExamples = {
  post: [
    ['https://misskey.example/notes/9zk3ef5gh6', true],
    ['https://misskey.io/notes/9x8y7w6v5u', true],
    ['https://misskey.io/notes/9x8y7w6v5u4t3s2r/', true],
    ['https://sharkey.example/notes/01HQ8ZC0RS4T3PXCK5WYB7D2MJ', true],
    ['https://firefish.social/notes/65a1b2c3d4e5f60718293a4b', true],
  ],
  profile: [],
  none: [
    'https://misskey.io/notes',
    'https://misskey.io/notes/1234567890',
    'https://misskey.io/notes/9zk3',
    'https://misskey.io/notes/9zk3ef5gh6-my-note',
    'https://misskey.io/notes/9zk3ef5gh6aaaaaaaaaaaaaaaaaaaaaaaaaa',
    'https://misskey.io/notes/9zk3ef5gh6/reactions',
    'https://misskey.io/notes/9zk3ef5gh6%00',
    'http://misskey.io/notes/9zk3ef5gh6',
  ],
};
