/**
 * The declarative model of a remote fediverse server: a table of actors and posts, plus the URL shapes and quirks
 * of the software it runs. One renderer (server.ts) turns any table into WebFinger, NodeInfo, ActivityPub JSON and
 * HTML, so the servers differ only where the real software differs.
 */

export type ActorType = 'Person' | 'Group' | 'Service';

export interface RemoteActor {
  username: string;
  /** Misskey addresses actors by an internal id (`/users/9zk…`), not by name. */
  internalId?: string;
  name: string;
  type?: ActorType;
  summary: string;
  /** manuallyApprovesFollowers. */
  locked?: boolean;
  followers?: number;
}

/** A post written on this server. */
export interface RemotePost {
  /** The id in this server's URLs (status id, note id, Lemmy post/comment id, PeerTube uuid…). */
  id: string;
  author: string;
  type?: 'Note' | 'Page' | 'Video';
  /** Lemmy post titles and PeerTube video names. */
  title?: string;
  /** HTML, as the software stores it. */
  content: string;
  published: string;
  /** Akkoma notices have a flake id for the page and a uuid for the object; PeerTube a short uuid for /w/. */
  altId?: string;
  /** Lemmy posts live in a community (a Group actor on the same server). */
  community?: string;
  /** Lemmy comments: the local id of the post they answer. */
  inReplyTo?: string;
}

/** A post from another server that this server shows under its own local id. */
export interface RemoteCopy {
  localId: string;
  /** The canonical ActivityPub id on the origin server: what must be resolved, not the local URL. */
  apId: string;
  /** The origin's HTML page of the post. */
  originUrl: string;
  author: { acct: string; name: string; url: string };
  content: string;
  published: string;
  title?: string;
}

export interface NodeinfoLink {
  version: '2.0' | '2.1';
  path: string;
}

/** Where a piece of software puts things. All paths are absolute paths on the server's own host. */
export interface SoftwareShapes {
  /** NodeInfo `software.name`. */
  name: string;
  version: string;
  /** The human name used in HTML titles and og:site_name. */
  displayName: string;
  nodeinfo: readonly NodeinfoLink[];
  actorId(actor: RemoteActor): string;
  actorUrl(actor: RemoteActor): string;
  postId(post: RemotePost): string;
  postUrl(post: RemotePost, author: RemoteActor): string;
  /** Extra HTML-only pages of a post (web-app routes): they serve HTML whatever the Accept header says. */
  postHtmlAliases?(post: RemotePost, author: RemoteActor): string[];
  /** Extra pages of an actor that negotiate like the url (e.g. PeerTube's /a/ and /c/). */
  actorHtmlAliases?(actor: RemoteActor): string[];
  copyUrl?(copy: RemoteCopy): string;
  /** Status of the redirect a browser gets when it opens an AP id that is not the HTML page. */
  htmlRedirectStatus: 301 | 302;
  /** GoToSocial (and Threads) refuse unsigned ActivityPub GETs. */
  signedFetchOnly?: boolean;
  /** What an ActivityPub GET of a copy's local URL gets: Lemmy redirects to the origin; Mastodon serves its web app. */
  copyActivityJson: 'redirect-to-origin' | 'html';
  /** WebFinger `http://ostatus.org/schema/1.0/subscribe` template, for software that publishes one. */
  subscribeTemplate?: string;
  /**
   * The service worker its pages register at `/sw.js`, as script text, for software whose web client has one that
   * answers page loads itself (docs/fediverse-software.md, "Service workers").
   */
  serviceWorker?: string;
  /**
   * What its client API answers for a path it does not have, such as Mastodon's `/api/v1/instance`: Misskey's API
   * answers 404 with its own error body, and its API allows any origin (docs/home-software.md, "Detection").
   */
  unknownApi?: { status: number; body: unknown; headers: Record<string, string> };
}

export interface ServerTable {
  host: string;
  /** The server's title (NodeInfo metadata.nodeName, og:site_name). */
  title: string;
  shapes: SoftwareShapes;
  actors: readonly RemoteActor[];
  posts: readonly RemotePost[];
  copies?: readonly RemoteCopy[];
}
