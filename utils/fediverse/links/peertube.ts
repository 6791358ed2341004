/**
 * PeerTube. Videos: `/w/<short uuid or uuid>` (page) and `/videos/watch/<uuid>` (ActivityPub id). A video
 * keeps its uuid on every server that mirrors it, so a watch URL may show another server's video: always a
 * local id. Accounts: `/a/<name>` and `/accounts/<name>`; channels: `/video-channels/<name>` and
 * `/c/<name>/videos` (bare `/c/<name>` is lemmy.ts's shape). `@host` forms are this server's view of remote ones.
 */
import { handleOf, linkOf, pathSegments, UUID } from './url-shape';
import type { FediverseLink, LinkExamples, ShapeStrength } from './types';

/** A uuid in base58 (PeerTube's short uuids, 22 characters). */
const SHORT_UUID = /^[1-9A-HJ-NP-Za-km-z]{20,24}$/;
/** PeerTube user and channel names: letters, digits, `_` and `.` inside. */
const ACTOR_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,48}[A-Za-z0-9_])?$/;

const ACCOUNT_TABS = ['video-channels', 'videos'];

function actor(url: URL, name: string, strength: ShapeStrength): FediverseLink | null {
  const handle = handleOf(name, ACTOR_NAME);
  return handle && linkOf(url, 'peertube', 'profile', handle.host !== null, strength);
}

export function detectPeerTube(url: URL): FediverseLink | null {
  const segments = pathSegments(url);
  if (!segments) return null;
  const [first, second = '', third] = segments;
  if (segments.length === 2) {
    if (first === 'w' && (SHORT_UUID.test(second) || UUID.test(second)))
      return linkOf(url, 'peertube', 'post', true, 'generic');
    if (first === 'a' || first === 'accounts') return actor(url, second, 'generic');
    if (first === 'video-channels') return actor(url, second, 'distinctive');
  }
  if (segments.length === 3) {
    if (first === 'videos' && second === 'watch' && (UUID.test(third ?? '') || SHORT_UUID.test(third ?? '')))
      return linkOf(url, 'peertube', 'post', true, 'distinctive');
    if (first === 'a' && ACCOUNT_TABS.includes(third ?? '')) return actor(url, second, 'generic');
    if (first === 'c' && third === 'videos') return actor(url, second, 'generic');
  }
  return null;
}

export const peertubeExamples: LinkExamples = {
  post: [
    ['https://peertube.example/w/fKxG7pQ9mN2vR8sT1wYzAb', true],
    ['https://peertube.example/videos/watch/7d2e4b1a-5c3f-4e8d-9a6b-1f0e2d3c4b5a', true],
    ['https://framatube.org/w/7d2e4b1a-5c3f-4e8d-9a6b-1f0e2d3c4b5a', true],
    ['https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d?start=30s', true],
    ['https://framatube.org/videos/watch/fKxG7pQ9mN2vR8sT1wYzAb/', true],
  ],
  profile: [
    ['https://peertube.example/a/grace', false],
    ['https://peertube.example/a/grace/video-channels', false],
    ['https://peertube.example/accounts/grace', false],
    ['https://peertube.example/video-channels/grace_channel', false],
    ['https://peertube.example/c/grace_channel/videos', false],
    ['https://framatube.org/a/framasoft', false],
    ['https://framatube.org/c/joinpeertube/videos', false],
    ['https://framatube.org/a/bob@remote.example', true],
    ['https://framatube.org/video-channels/grace_channel@peertube.example', true],
  ],
  none: [
    'https://framatube.org/w/',
    'https://framatube.org/w/p/fKxG7pQ9mN2vR8sT1wYzAb',
    'https://framatube.org/w/fKxG7pQ9mN2vR8sT1wYzA0',
    'https://framatube.org/w/short',
    'https://framatube.org/videos/watch/playlist/7d2e4b1a-5c3f-4e8d-9a6b-1f0e2d3c4b5a',
    'https://framatube.org/videos/watch/7d2e4b1a-5c3f-4e8d-9a6b-1f0e2d3c4b5a/extra',
    'https://framatube.org/a/',
    'https://framatube.org/a/grace/about/more',
    'https://framatube.org/c/grace_channel/playlists',
    'https://framatube.org/video-channels/.grace',
    'http://framatube.org/w/fKxG7pQ9mN2vR8sT1wYzAb',
  ],
};
