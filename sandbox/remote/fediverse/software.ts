/**
 * URL shapes and quirks per software, from each project's routes (docs/fediverse-software.md "Post URL shapes
 * by software"; docs/home-server.md §3 and §8). NodeInfo paths: Mastodon, GoToSocial, Pixelfed and Friendica
 * publish 2.0; Misskey and Akkoma list 2.1 and 2.0; Lemmy 0.19 serves 2.1; PeerTube's href ends in `.json`.
 */
import type { SoftwareShapes } from './model';

export const MASTODON: SoftwareShapes = {
  name: 'mastodon',
  version: '4.5.0',
  displayName: 'Mastodon',
  nodeinfo: [{ version: '2.0', path: '/nodeinfo/2.0' }],
  actorId: (a) => `/users/${a.username}`,
  actorUrl: (a) => `/@${a.username}`,
  postId: (p) => `/users/${p.author}/statuses/${p.id}`,
  postUrl: (p) => `/@${p.author}/${p.id}`,
  copyUrl: (c) => `/@${c.author.acct}/${c.localId}`,
  // `/users/:username` with an HTML Accept header gives 301 (docs/home-server.md §8).
  htmlRedirectStatus: 301,
  // `/@user@domain/:id` is served by home#index (the web app), whatever the Accept header (§6).
  copyActivityJson: 'html',
  subscribeTemplate: '/authorize_interaction?uri={uri}',
};

/** Sharkey and other forks keep these shapes; only NodeInfo `software.name` differs ("sharkey"). */
export const MISSKEY: SoftwareShapes = {
  name: 'misskey',
  version: '2025.4.1',
  displayName: 'Misskey',
  nodeinfo: [
    { version: '2.1', path: '/nodeinfo/2.1' },
    { version: '2.0', path: '/nodeinfo/2.0' },
  ],
  actorId: (a) => `/users/${a.internalId ?? a.username}`,
  actorUrl: (a) => `/@${a.username}`,
  postId: (p) => `/notes/${p.id}`,
  postUrl: (p) => `/notes/${p.id}`,
  htmlRedirectStatus: 302,
  copyActivityJson: 'html',
  subscribeTemplate: '/authorize-follow?acct={uri}',
  // ApiServerService: an unknown endpoint under /api (any method) is this 404; @fastify/cors lets any origin read it.
  unknownApi: {
    status: 404,
    body: {
      error: {
        message: 'Unknown API endpoint.',
        code: 'UNKNOWN_API_ENDPOINT',
        id: '2ca3b769-540a-4f08-9dd5-b5a825b6d0f1',
        kind: 'client',
      },
    },
    headers: { 'access-control-allow-origin': '*' },
  },
  // Misskey's worker (packages/sw/src/sw.ts) takes control at once and answers every page load itself, by fetching
  // it (it shows an offline page when that fails, left out here).
  serviceWorker: `self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', (event) => {
  const request = event.request;
  const page =
    request.headers.get('sec-fetch-dest') === 'document' ||
    (request.headers.get('accept') || '').includes('/html') ||
    request.url.endsWith('/');
  if (page) event.respondWith(fetch(request));
});
`,
};

/** Notices: the page is /notice/<flake id>, the AP object /objects/<uuid>. */
export const AKKOMA: SoftwareShapes = {
  name: 'akkoma',
  version: '3.15.2',
  displayName: 'Akkoma',
  nodeinfo: [
    { version: '2.0', path: '/nodeinfo/2.0' },
    { version: '2.1', path: '/nodeinfo/2.1' },
  ],
  actorId: (a) => `/users/${a.username}`,
  actorUrl: (a) => `/users/${a.username}`,
  postId: (p) => `/objects/${p.altId ?? p.id}`,
  postUrl: (p) => `/notice/${p.id}`,
  htmlRedirectStatus: 302,
  copyActivityJson: 'html',
  subscribeTemplate: '/ostatus_subscribe?acct={uri}',
};

export const GOTOSOCIAL: SoftwareShapes = {
  name: 'gotosocial',
  version: '0.19.1',
  displayName: 'GoToSocial',
  nodeinfo: [{ version: '2.0', path: '/nodeinfo/2.0' }],
  actorId: (a) => `/users/${a.username}`,
  actorUrl: (a) => `/@${a.username}`,
  postId: (p) => `/users/${p.author}/statuses/${p.id}`,
  postUrl: (p) => `/@${p.author}/statuses/${p.id}`,
  htmlRedirectStatus: 302,
  // "GoToSocial requires all GET and POST requests to ActivityPub s2s endpoints to be accompanied by a valid
  // http signature" (gotosocial docs/federation/federating_with_gotosocial.md).
  signedFetchOnly: true,
  copyActivityJson: 'html',
};

export const PIXELFED: SoftwareShapes = {
  name: 'pixelfed',
  version: '0.12.5',
  displayName: 'Pixelfed',
  nodeinfo: [{ version: '2.0', path: '/nodeinfo/2.0' }],
  actorId: (a) => `/users/${a.username}`,
  actorUrl: (a) => `/${a.username}`,
  postId: (p) => `/p/${p.author}/${p.id}`,
  postUrl: (p) => `/p/${p.author}/${p.id}`,
  // The web app's own route: HTML only, no ActivityPub there.
  postHtmlAliases: (p) => [`/i/web/post/${p.id}`],
  htmlRedirectStatus: 302,
  copyActivityJson: 'html',
};

/** Lemmy ids are local to each server: a post federated in gets a new /post/<id> here. */
export const LEMMY: SoftwareShapes = {
  name: 'lemmy',
  version: '0.19.12',
  displayName: 'Lemmy',
  nodeinfo: [{ version: '2.1', path: '/nodeinfo/2.1' }],
  actorId: (a) => (a.type === 'Group' ? `/c/${a.username}` : `/u/${a.username}`),
  actorUrl: (a) => (a.type === 'Group' ? `/c/${a.username}` : `/u/${a.username}`),
  postId: (p) => (p.type === 'Note' ? `/comment/${p.id}` : `/post/${p.id}`),
  postUrl: (p) => (p.type === 'Note' ? `/comment/${p.id}` : `/post/${p.id}`),
  copyUrl: (c) => `/post/${c.localId}`,
  htmlRedirectStatus: 302,
  // Lemmy answers an AP fetch of a non-local object with a redirect to its ap_id (`redirect_remote_object`
  // in crates/apub/src/http/post.rs).
  copyActivityJson: 'redirect-to-origin',
};

export const PEERTUBE: SoftwareShapes = {
  name: 'peertube',
  version: '7.2.1',
  displayName: 'PeerTube',
  nodeinfo: [{ version: '2.0', path: '/nodeinfo/2.0.json' }],
  actorId: (a) => (a.type === 'Group' ? `/video-channels/${a.username}` : `/accounts/${a.username}`),
  actorUrl: (a) => (a.type === 'Group' ? `/c/${a.username}` : `/a/${a.username}`),
  postId: (p) => `/videos/watch/${p.id}`,
  postUrl: (p) => `/w/${p.altId ?? p.id}`,
  htmlRedirectStatus: 302,
  copyActivityJson: 'html',
  subscribeTemplate: '/remote-interaction?uri={uri}',
};

export const FRIENDICA: SoftwareShapes = {
  name: 'friendica',
  version: '2024.12',
  displayName: 'Friendica',
  nodeinfo: [{ version: '2.0', path: '/nodeinfo/2.0' }],
  actorId: (a) => `/profile/${a.username}`,
  actorUrl: (a) => `/profile/${a.username}`,
  postId: (p) => `/objects/${p.id}`,
  postUrl: (p) => `/display/${p.id}`,
  htmlRedirectStatus: 302,
  copyActivityJson: 'html',
  subscribeTemplate: '/follow?url={uri}',
};
