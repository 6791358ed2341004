/** Turns a server table into a host module: WebFinger, NodeInfo, ActivityPub with content negotiation, HTML. */
import type { HostModule, SbRequest, SbResponse } from '../../types';
import { activityJson, empty, html, isSigned, json, redirect, wantsActivityJson } from '../http';
import { avatarSvg } from '../avatar';
import type { RemoteActor, RemoteCopy, RemotePost, ServerTable } from './model';
import {
  actorDocument,
  collectionDocument,
  nodeinfoDocument,
  nodeinfoIndex,
  objectDocument,
  origin,
  webfingerDocument,
} from './activitypub';
import { copyPage, homePage, notFoundPage, postPage, profilePage, type Page } from './pages';

/** What a path on the server designates, and in which role (its AP id, its HTML url, or an HTML-only alias). */
type Route =
  | { kind: 'actor'; actor: RemoteActor; role: 'id' | 'url' }
  | { kind: 'post'; post: RemotePost; role: 'id' | 'url' | 'html-only' }
  | { kind: 'copy'; copy: RemoteCopy }
  | { kind: 'collection'; actor: RemoteActor; name: 'outbox' | 'followers' | 'following' }
  | { kind: 'inbox' };

/** An activity some server delivered to one of this server's inboxes. */
export interface DeliveredActivity {
  path: string;
  activity: unknown;
}

function buildRoutes(server: ServerTable): Map<string, Route> {
  const { shapes } = server;
  const routes = new Map<string, Route>();
  // Later entries never overwrite earlier ones, so an AP id that equals the HTML url keeps the 'id' role.
  const add = (path: string, route: Route): void => {
    if (!routes.has(path)) routes.set(path, route);
  };
  for (const actor of server.actors) {
    const id = shapes.actorId(actor);
    add(id, { kind: 'actor', actor, role: 'id' });
    add(shapes.actorUrl(actor), { kind: 'actor', actor, role: 'url' });
    for (const name of ['outbox', 'followers', 'following'] as const)
      add(`${id}/${name}`, { kind: 'collection', actor, name });
    add(`${id}/inbox`, { kind: 'inbox' });
  }
  for (const post of server.posts) {
    const author = server.actors.find((a) => a.username === post.author);
    if (!author) throw new Error(`${server.host}: post ${post.id} has no author`);
    add(shapes.postId(post), { kind: 'post', post, role: 'id' });
    add(shapes.postUrl(post, author), { kind: 'post', post, role: 'url' });
    for (const alias of shapes.postHtmlAliases?.(post, author) ?? [])
      add(alias, { kind: 'post', post, role: 'html-only' });
  }
  for (const copy of server.copies ?? []) {
    if (!shapes.copyUrl) throw new Error(`${server.host}: ${shapes.name} has no URL shape for copies`);
    add(shapes.copyUrl(copy), { kind: 'copy', copy });
  }
  add('/inbox', { kind: 'inbox' });
  return routes;
}

function page(status: number, p: Page): SbResponse {
  return html(status, p.body, { vary: 'Accept', ...p.headers });
}

function webfinger(server: ServerTable, req: SbRequest, routes: Map<string, Route>): SbResponse {
  const jrd = (body: unknown): SbResponse => ({
    status: 200,
    headers: { 'content-type': 'application/jrd+json; charset=utf-8', 'access-control-allow-origin': '*' },
    body: JSON.stringify(body),
  });
  const resource = req.url.searchParams.get('resource');
  // Errors have an empty body, as Mastodon's (docs/home-server.md §3); the other software differs only in text.
  if (!resource) return empty(400);
  let actor: RemoteActor | undefined;
  if (/^https?:\/\//.test(resource)) {
    const url = new URL(resource);
    const route = url.host === server.host ? routes.get(url.pathname) : undefined;
    if (route?.kind === 'actor') actor = route.actor;
  } else {
    const [user, domain, ...rest] = resource.replace(/^acct:/, '').split('@');
    if (rest.length === 0 && domain?.toLowerCase() === server.host) {
      actor = server.actors.find((a) => a.username.toLowerCase() === user?.toLowerCase());
    }
  }
  return actor ? jrd(webfingerDocument(server, actor)) : empty(404);
}

export function createFediverseModule(server: ServerTable): HostModule {
  const routes = buildRoutes(server);
  const nodeinfoPaths = new Map(server.shapes.nodeinfo.map((n) => [n.path, n.version]));
  let delivered: DeliveredActivity[] = [];

  function activityPubGet(req: SbRequest, body: () => unknown): SbResponse {
    if (server.shapes.signedFetchOnly && !isSigned(req)) return json(401, { error: 'signature required' });
    return activityJson(body());
  }

  function handle(req: SbRequest): SbResponse {
    const path = req.url.pathname;
    if (req.method === 'POST') {
      if (routes.get(path)?.kind !== 'inbox') return empty(404);
      let activity: unknown;
      try {
        activity = JSON.parse(req.body.toString('utf8'));
      } catch {
        return empty(400);
      }
      delivered.push({ path, activity });
      return empty(202);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return empty(405);
    const unknownApi = server.shapes.unknownApi;
    if (unknownApi && path.startsWith('/api/')) {
      const answer = json(unknownApi.status, unknownApi.body);
      return { ...answer, headers: { ...answer.headers, ...unknownApi.headers } };
    }

    if (path === '/.well-known/webfinger') return webfinger(server, req, routes);
    if (path === '/.well-known/nodeinfo') return json(200, nodeinfoIndex(server));
    const nodeinfoVersion = nodeinfoPaths.get(path);
    if (nodeinfoVersion) return json(200, nodeinfoDocument(server, nodeinfoVersion));
    const avatar = /^\/avatars\/([^/]+)\.svg$/.exec(path);
    if (avatar && server.actors.some((a) => a.username === avatar[1])) {
      return { status: 200, headers: { 'content-type': 'image/svg+xml' }, body: avatarSvg(avatar[1] ?? '') };
    }
    if (path === '/') return page(200, homePage(server));
    if (path === '/sw.js' && server.shapes.serviceWorker) {
      return {
        status: 200,
        headers: { 'content-type': 'application/javascript; charset=utf-8' },
        body: server.shapes.serviceWorker,
      };
    }

    const route = routes.get(path);
    const ap = wantsActivityJson(req);
    switch (route?.kind) {
      case 'actor':
        if (ap) return activityPubGet(req, () => actorDocument(server, route.actor));
        if (route.role === 'id' && server.shapes.actorUrl(route.actor) !== path) {
          return redirect(
            server.shapes.htmlRedirectStatus,
            origin(server) + server.shapes.actorUrl(route.actor),
          );
        }
        return page(200, profilePage(server, route.actor));
      case 'post': {
        if (ap && route.role !== 'html-only')
          return activityPubGet(req, () => objectDocument(server, route.post));
        const author = server.actors.find((a) => a.username === route.post.author);
        const url = author && server.shapes.postUrl(route.post, author);
        if (route.role === 'id' && url && url !== path)
          return redirect(server.shapes.htmlRedirectStatus, origin(server) + url);
        return page(200, postPage(server, route.post));
      }
      case 'copy':
        if (ap && server.shapes.copyActivityJson === 'redirect-to-origin')
          return redirect(302, route.copy.apId);
        return page(200, copyPage(server, route.copy));
      case 'collection': {
        const { actor, name } = route;
        const total =
          name === 'outbox'
            ? server.posts.filter((p) => p.author === actor.username).length
            : name === 'followers'
              ? (actor.followers ?? 0)
              : 0;
        return activityPubGet(req, () => collectionDocument(`${origin(server)}${path}`, total));
      }
      case 'inbox':
        return empty(405);
      case undefined:
        return html(404, notFoundPage(server));
    }
  }

  return {
    hosts: [server.host],
    handle,
    reset() {
      delivered = [];
    },
    /** `inbox`: the activities delivered to this server since the last reset. */
    admin(op) {
      if (op === 'inbox') return { delivered };
      throw new Error(`${server.host}: unknown admin operation ${op}`);
    },
  };
}
