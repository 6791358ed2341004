/**
 * Who lives on each remote server. The people are invented. Ids follow each software's real id format
 * (Mastodon snowflakes, Misskey aid, Akkoma flake ids + uuids, GoToSocial ULIDs, Lemmy serials, PeerTube uuids).
 */
import { REMOTE } from '../../hosts';
import type { ServerTable } from './model';
import { AKKOMA, FRIENDICA, GOTOSOCIAL, LEMMY, MASTODON, MISSKEY, PEERTUBE, PIXELFED } from './software';

/**
 * A second Lemmy, the origin of a post that lemmy.example shows under its own local id.
 * It is not in hosts.ts yet: the lead must add it there (and to the browsers' host mapping) for it to be reachable.
 */
export const LEMMY_ORIGIN = REMOTE.lemmyOrigin;

const AKKOMA_NOTICE = { flake: 'AqK9f3b2ZxYp1qA8pE', uuid: 'c0ffee00-1a2b-4c3d-8e9f-0123456789ab' } as const;

export const AKKOMA_SERVER: ServerTable = {
  host: REMOTE.akkoma,
  title: 'Akkoma Example',
  shapes: AKKOMA,
  actors: [
    { username: 'carol', name: 'Carol Nguyen', summary: '<p>Knitting, trains and tea.</p>', followers: 88 },
  ],
  posts: [
    {
      id: AKKOMA_NOTICE.flake,
      altId: AKKOMA_NOTICE.uuid,
      author: 'carol',
      content: '<p>The night train to the coast is running again.</p>',
      published: '2025-03-02T18:20:00.000Z',
    },
  ],
};

export const MASTODON_SERVER: ServerTable = {
  host: REMOTE.mastodon,
  title: 'Remote Example',
  shapes: MASTODON,
  actors: [
    { username: 'bob', name: 'Bob Okafor', summary: '<p>Gardening and bad puns.</p>', followers: 120 },
    {
      username: 'lena',
      name: 'Lena Park',
      summary: '<p>Friends only. I approve follow requests by hand.</p>',
      locked: true,
      followers: 14,
    },
  ],
  posts: [
    {
      id: '113456789012345678',
      author: 'bob',
      content: '<p>The tomatoes are finally red!</p>',
      published: '2025-04-01T09:30:00.000Z',
    },
    {
      id: '113456789012345999',
      author: 'lena',
      content: '<p>Quiet morning.</p>',
      published: '2025-04-02T07:00:00.000Z',
    },
  ],
  // carol's notice as remote.example knows it: a local status id, while the real object lives on akkoma.example.
  copies: [
    {
      localId: '113500000000000001',
      apId: `https://${REMOTE.akkoma}/objects/${AKKOMA_NOTICE.uuid}`,
      originUrl: `https://${REMOTE.akkoma}/notice/${AKKOMA_NOTICE.flake}`,
      author: {
        acct: `carol@${REMOTE.akkoma}`,
        name: 'Carol Nguyen',
        url: `https://${REMOTE.akkoma}/users/carol`,
      },
      content: '<p>The night train to the coast is running again.</p>',
      published: '2025-03-02T18:20:00.000Z',
    },
  ],
};

export const MISSKEY_SERVER: ServerTable = {
  host: REMOTE.misskey,
  title: 'Misskey Example',
  shapes: MISSKEY,
  actors: [
    {
      username: 'alice',
      internalId: '9zk2ab3cd4',
      name: 'Alice Moreau',
      summary: '<p>Drawing every day.</p>',
    },
  ],
  posts: [
    {
      id: '9zk3ef5gh6',
      author: 'alice',
      content: '<p>Sketch of the day: a heron.</p>',
      published: '2025-02-11T12:00:00.000Z',
    },
  ],
};

export const GOTOSOCIAL_SERVER: ServerTable = {
  host: REMOTE.gotosocial,
  title: 'GTS Example',
  shapes: GOTOSOCIAL,
  actors: [{ username: 'dave', name: 'Dave Lindqvist', summary: '<p>Self-hosting since forever.</p>' }],
  posts: [
    {
      id: '01JDW3Q7ZK8X9V2M4N6P8R0T2V',
      author: 'dave',
      content: '<p>Moved my instance to a new box.</p>',
      published: '2025-01-20T21:05:00.000Z',
    },
  ],
};

export const PIXELFED_SERVER: ServerTable = {
  host: REMOTE.pixelfed,
  title: 'Pixelfed Example',
  shapes: PIXELFED,
  actors: [{ username: 'erin', name: 'Erin Walsh', summary: 'Film photography.' }],
  posts: [
    {
      id: '789012345678901234',
      author: 'erin',
      content: '<p>Fog over the harbour, shot on expired film.</p>',
      published: '2025-05-05T06:45:00.000Z',
    },
  ],
};

export const LEMMY_SERVER: ServerTable = {
  host: REMOTE.lemmy,
  title: 'Lemmy Example',
  shapes: LEMMY,
  actors: [
    { username: 'frank', name: 'frank', summary: '<p>Cat person.</p>' },
    { username: 'cats', name: 'Cats', type: 'Group', summary: '<p>All about cats.</p>', followers: 5400 },
  ],
  posts: [
    {
      id: '42',
      type: 'Page',
      title: 'My cat learned to open doors',
      author: 'frank',
      community: 'cats',
      content: '<p>Send help.</p>',
      published: '2025-06-01T15:00:00.000Z',
    },
    {
      id: '314',
      type: 'Note',
      author: 'frank',
      community: 'cats',
      inReplyTo: '42',
      content: '<p>Update: she also opens the fridge.</p>',
      published: '2025-06-01T16:00:00.000Z',
    },
  ],
  copies: [
    {
      localId: '77',
      apId: `https://${LEMMY_ORIGIN}/post/12`,
      originUrl: `https://${LEMMY_ORIGIN}/post/12`,
      author: { acct: `gus@${LEMMY_ORIGIN}`, name: 'gus', url: `https://${LEMMY_ORIGIN}/u/gus` },
      title: 'Sunset over the dunes',
      content: '<p>Taken last night.</p>',
      published: '2025-06-03T20:00:00.000Z',
    },
  ],
};

export const LEMMY_ORIGIN_SERVER: ServerTable = {
  host: LEMMY_ORIGIN,
  title: 'Lemmy Two',
  shapes: LEMMY,
  actors: [
    { username: 'gus', name: 'gus', summary: '<p>Photos.</p>' },
    { username: 'photos', name: 'Photos', type: 'Group', summary: '<p>Share your photos.</p>' },
  ],
  posts: [
    {
      id: '12',
      type: 'Page',
      title: 'Sunset over the dunes',
      author: 'gus',
      community: 'photos',
      content: '<p>Taken last night.</p>',
      published: '2025-06-03T20:00:00.000Z',
    },
  ],
};

export const PEERTUBE_SERVER: ServerTable = {
  host: REMOTE.peertube,
  title: 'PeerTube Example',
  shapes: PEERTUBE,
  actors: [
    { username: 'grace', name: 'Grace Ito', summary: 'Woodworking videos.' },
    { username: 'grace_channel', name: "Grace's Workshop", type: 'Group', summary: 'Weekly woodworking.' },
  ],
  posts: [
    {
      id: '7d2e4b1a-5c3f-4e8d-9a6b-1f0e2d3c4b5a',
      altId: 'fKxG7pQ9mN2vR8sT1wYzAb',
      type: 'Video',
      title: 'Building a dovetail box',
      author: 'grace',
      content: '<p>Hand-cut dovetails, start to finish.</p>',
      published: '2025-02-28T10:00:00.000Z',
    },
  ],
};

export const FRIENDICA_SERVER: ServerTable = {
  host: REMOTE.friendica,
  title: 'Friendica Example',
  shapes: FRIENDICA,
  actors: [{ username: 'heidi', name: 'Heidi Brandt', summary: 'Choir, bikes, and local politics.' }],
  posts: [
    {
      id: 'a3f9c2d1-1665-7b2e-3c4d-5e6f70819abc',
      author: 'heidi',
      content: '<p>Rehearsal moved to Thursday.</p>',
      published: '2025-03-14T19:00:00.000Z',
    },
  ],
};

/**
 * A post URL of the right shape on a live server that has no such post (404 for browsers and ActivityPub alike):
 * what a deleted post looks like, so the home server's search resolves it to nothing.
 */
export const MISSING_POST_URL = `https://${REMOTE.mastodon}/@bob/113456789000000404`;

export const SERVER_TABLES: readonly ServerTable[] = [
  MASTODON_SERVER,
  MISSKEY_SERVER,
  AKKOMA_SERVER,
  GOTOSOCIAL_SERVER,
  PIXELFED_SERVER,
  LEMMY_SERVER,
  LEMMY_ORIGIN_SERVER,
  PEERTUBE_SERVER,
  FRIENDICA_SERVER,
];
