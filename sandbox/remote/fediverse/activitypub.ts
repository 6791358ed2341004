/** ActivityPub, WebFinger and NodeInfo documents for a server table. */
import { generateKeyPairSync } from 'node:crypto';
import { AS_PUBLIC } from '../http';
import type { RemoteActor, RemotePost, ServerTable } from './model';

let publicKeyPem: string | undefined;
/** One key for every sandbox actor: signatures are never verified, but resolvers expect a publicKey. */
export function sandboxPublicKeyPem(): string {
  publicKeyPem ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string;
  return publicKeyPem;
}

export const origin = (server: ServerTable): string => `https://${server.host}`;
export const actorId = (server: ServerTable, actor: RemoteActor): string =>
  origin(server) + server.shapes.actorId(actor);
export const actorUrl = (server: ServerTable, actor: RemoteActor): string =>
  origin(server) + server.shapes.actorUrl(actor);
export const avatarUrl = (server: ServerTable, actor: RemoteActor): string =>
  `${origin(server)}/avatars/${actor.username}.svg`;

export function authorOf(server: ServerTable, post: RemotePost): RemoteActor {
  const author = server.actors.find((a) => a.username === post.author);
  if (!author) throw new Error(`${server.host}: post ${post.id} has no author ${post.author}`);
  return author;
}

export const postId = (server: ServerTable, post: RemotePost): string =>
  origin(server) + server.shapes.postId(post);
export const postUrl = (server: ServerTable, post: RemotePost): string =>
  origin(server) + server.shapes.postUrl(post, authorOf(server, post));

const CONTEXT = ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'];

export function actorDocument(server: ServerTable, actor: RemoteActor): Record<string, unknown> {
  const id = actorId(server, actor);
  return {
    '@context': CONTEXT,
    id,
    type: actor.type ?? 'Person',
    preferredUsername: actor.username,
    name: actor.name,
    summary: actor.summary,
    url: actorUrl(server, actor),
    manuallyApprovesFollowers: actor.locked ?? false,
    discoverable: true,
    published: '2024-01-01T00:00:00.000Z',
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    followers: `${id}/followers`,
    following: `${id}/following`,
    endpoints: { sharedInbox: `${origin(server)}/inbox` },
    icon: { type: 'Image', mediaType: 'image/svg+xml', url: avatarUrl(server, actor) },
    publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: sandboxPublicKeyPem() },
  };
}

export function objectDocument(server: ServerTable, post: RemotePost): Record<string, unknown> {
  const author = authorOf(server, post);
  const attributedTo = actorId(server, author);
  const community = post.community ? server.actors.find((a) => a.username === post.community) : undefined;
  const parent = post.inReplyTo ? server.posts.find((p) => p.id === post.inReplyTo) : undefined;
  return {
    '@context': CONTEXT,
    id: postId(server, post),
    type: post.type ?? 'Note',
    ...(post.title ? { name: post.title } : {}),
    url: postUrl(server, post),
    attributedTo,
    content: post.content,
    published: post.published,
    ...(parent ? { inReplyTo: postId(server, parent) } : {}),
    ...(community ? { audience: actorId(server, community) } : {}),
    to: community ? [actorId(server, community), AS_PUBLIC] : [AS_PUBLIC],
    cc: [`${attributedTo}/followers`],
  };
}

export function collectionDocument(id: string, totalItems: number): Record<string, unknown> {
  return { '@context': 'https://www.w3.org/ns/activitystreams', id, type: 'OrderedCollection', totalItems };
}

export function webfingerDocument(server: ServerTable, actor: RemoteActor): Record<string, unknown> {
  const self = actorId(server, actor);
  const page = actorUrl(server, actor);
  const template = server.shapes.subscribeTemplate;
  return {
    subject: `acct:${actor.username}@${server.host}`,
    aliases: [...new Set([page, self])],
    links: [
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: page },
      { rel: 'self', type: 'application/activity+json', href: self },
      ...(template
        ? [{ rel: 'http://ostatus.org/schema/1.0/subscribe', template: origin(server) + template }]
        : []),
      { rel: 'http://webfinger.net/rel/avatar', type: 'image/svg+xml', href: avatarUrl(server, actor) },
    ],
  };
}

export function nodeinfoIndex(server: ServerTable): Record<string, unknown> {
  return {
    links: server.shapes.nodeinfo.map((n) => ({
      rel: `http://nodeinfo.diaspora.software/ns/schema/${n.version}`,
      href: origin(server) + n.path,
    })),
  };
}

export function nodeinfoDocument(server: ServerTable, version: '2.0' | '2.1'): Record<string, unknown> {
  const { name, version: softwareVersion } = server.shapes;
  const users = server.actors.filter((a) => (a.type ?? 'Person') === 'Person').length;
  return {
    version,
    software: { name, version: softwareVersion },
    protocols: ['activitypub'],
    services: { outbound: [], inbound: [] },
    usage: {
      users: { total: users, activeMonth: users, activeHalfyear: users },
      localPosts: server.posts.length,
    },
    openRegistrations: false,
    metadata: { nodeName: server.title, nodeDescription: '' },
  };
}
