/**
 * The home server's outgoing federation: WebFinger look-ups and ActivityPub fetches over real HTTPS through
 * `ctx.serverFetch`, the way Mastodon's ResolveAccountService / ResolveURLService / FetchResourceService do.
 */
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../types';

export const AP_ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

export interface RemoteActor {
  uri: string;
  username: string;
  domain: string;
  displayName: string;
  url: string;
  avatar: string | null;
  header: string | null;
  note: string;
  locked: boolean;
  bot: boolean;
  group: boolean;
  published: string | null;
  followersUrl: string | null;
  inbox: string | null;
}

export interface RemoteNote {
  uri: string;
  url: string;
  content: string;
  published: string | null;
  attributedTo: string;
  sensitive: boolean;
  summary: string;
  language: string | null;
}

type Json = Record<string, unknown>;

/** http.rb's `follow: { max_hops: 3 }` in Mastodon's Request class. */
const MAX_REDIRECTS = 3;
const ACTOR_TYPES = ['Person', 'Service', 'Group', 'Application', 'Organization'];
const NOTE_TYPES = ['Note', 'Article', 'Page', 'Video', 'Question', 'Audio', 'Image', 'Event'];

export class Federation {
  constructor(
    private readonly ctx: SandboxContext,
    private readonly fromHost: string,
  ) {}

  /**
   * Mastodon signs every ActivityPub GET (authorized fetch); Threads refuses unsigned ones. The signature is
   * plausible in shape only: no server in the sandbox verifies the RSA maths.
   */
  private signedHeaders(): Record<string, string> {
    const date = new Date(this.ctx.now()).toUTCString();
    const keyId = `https://${this.fromHost}/actor#main-key`;
    return {
      accept: AP_ACCEPT,
      date,
      'user-agent': `http.rb/5.2.0 (Mastodon/4.5.0; +https://${this.fromHost}/)`,
      signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="(request-target) host date accept",signature="${randomBytes(256).toString('base64')}"`,
    };
  }

  private async getJson(
    url: string,
    headers: Record<string, string>,
  ): Promise<{ json: Json | null; text: string; type: string }> {
    let res = await this.ctx.serverFetch(this.fromHost, url, { method: 'GET', headers });
    // Mastodon's HTTP client follows up to 3 redirects: a WEB_DOMAIN apex 301-redirects its WebFinger.
    for (let hop = 0; hop < MAX_REDIRECTS && [301, 302, 303, 307, 308].includes(res.status); hop++) {
      const location = res.headers.location;
      if (!location) break;
      url = new URL(location, url).href;
      res = await this.ctx.serverFetch(this.fromHost, url, { method: 'GET', headers });
    }
    if (res.status < 200 || res.status >= 300) return { json: null, text: '', type: '' };
    const type = res.headers['content-type'] ?? '';
    try {
      const parsed: unknown = JSON.parse(res.text);
      return { json: parsed && typeof parsed === 'object' ? (parsed as Json) : null, text: res.text, type };
    } catch {
      return { json: null, text: res.text, type };
    }
  }

  /** WebFinger for `acct:user@domain`: the `self` actor URL and the canonical acct from the subject. */
  async webfinger(
    username: string,
    domain: string,
  ): Promise<{ actorUrl: string; username: string; domain: string } | null> {
    const resource = `acct:${username}@${domain}`;
    const url = `https://${domain}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`;
    const { json } = await this.getJson(url, { accept: 'application/jrd+json, application/json' });
    if (!json) return null;
    const links = Array.isArray(json.links) ? (json.links as Json[]) : [];
    const self = links.find(
      (link) =>
        link.rel === 'self' &&
        typeof link.href === 'string' &&
        (link.type === undefined || /activity\+json|ld\+json/.test(String(link.type))),
    );
    if (!self || typeof self.href !== 'string') return null;
    const subject = typeof json.subject === 'string' ? /^acct:([^@]+)@(.+)$/.exec(json.subject) : null;
    return { actorUrl: self.href, username: subject?.[1] ?? username, domain: subject?.[2] ?? domain };
  }

  /**
   * Fetches an ActivityPub document. Like FetchResourceService it follows an HTML page's
   * `<link rel="alternate" type="application/activity+json">` once, and re-fetches the object's own `id`
   * when it differs from the URL asked for.
   */
  async fetchObject(url: string): Promise<Json | null> {
    const first = await this.getJson(url, this.signedHeaders());
    let json = first.json;
    if (!json && first.type.includes('html')) {
      const alternate =
        /<link[^>]+rel=["']alternate["'][^>]+type=["']application\/activity\+json["'][^>]*>/i.exec(
          first.text,
        );
      const href = alternate && /href=["']([^"']+)["']/i.exec(alternate[0])?.[1];
      if (href) json = (await this.getJson(href, this.signedHeaders())).json;
    }
    if (!json) return null;
    const id = typeof json.id === 'string' ? json.id : null;
    if (id && id !== url) {
      const canonical = (await this.getJson(id, this.signedHeaders())).json;
      if (!canonical || canonical.id !== id) return null;
      return canonical;
    }
    return json;
  }

  /** Reads an actor document; the acct domain comes from WebFinger on the actor's host when it confirms the actor. */
  async actorFromJson(json: Json, known?: { username: string; domain: string }): Promise<RemoteActor | null> {
    if (!isType(json, ACTOR_TYPES) || typeof json.id !== 'string') return null;
    const username = stringOf(json.preferredUsername);
    if (!username) return null;
    const actorHost = new URL(json.id).hostname;
    let domain = known?.domain ?? actorHost;
    const finger = known ? null : await this.webfinger(username, actorHost).catch(() => null);
    if (finger && finger.actorUrl === json.id) domain = finger.domain;
    return {
      uri: json.id,
      username: known?.username ?? username,
      domain,
      displayName: stringOf(json.name) ?? '',
      url: urlOf(json.url) ?? json.id,
      avatar: imageOf(json.icon),
      header: imageOf(json.image),
      note: stringOf(json.summary) ?? '',
      locked: json.manuallyApprovesFollowers === true,
      bot: isType(json, ['Service', 'Application']),
      group: isType(json, ['Group']),
      published: stringOf(json.published),
      followersUrl: stringOf(json.followers),
      inbox: stringOf(json.inbox),
    };
  }

  async fetchActor(url: string): Promise<RemoteActor | null> {
    const json = await this.fetchObject(url);
    return json ? this.actorFromJson(json) : null;
  }

  /** ResolveAccountService: WebFinger, then the `self` actor. */
  async resolveAccount(username: string, domain: string): Promise<RemoteActor | null> {
    const finger = await this.webfinger(username, domain);
    if (!finger) return null;
    const json = await this.fetchObject(finger.actorUrl);
    if (!json) return null;
    return this.actorFromJson(json, finger);
  }
}

export function noteFromJson(json: Json): RemoteNote | null {
  if (!isType(json, NOTE_TYPES) || typeof json.id !== 'string') return null;
  const attributedTo = Array.isArray(json.attributedTo)
    ? json.attributedTo
        .map((item) => (typeof item === 'string' ? item : stringOf((item as Json)?.id)))
        .find(Boolean)
    : typeof json.attributedTo === 'string'
      ? json.attributedTo
      : stringOf((json.attributedTo as Json | undefined)?.id);
  if (!attributedTo) return null;
  const contentMap =
    json.contentMap && typeof json.contentMap === 'object' ? (json.contentMap as Json) : null;
  const content =
    stringOf(json.content) ??
    (contentMap ? stringOf(Object.values(contentMap)[0]) : null) ??
    stringOf(json.name) ??
    '';
  return {
    uri: json.id,
    url: urlOf(json.url) ?? json.id,
    content,
    published: stringOf(json.published),
    attributedTo,
    sensitive: json.sensitive === true,
    summary: stringOf(json.summary) ?? '',
    language: contentMap ? (Object.keys(contentMap)[0] ?? null) : null,
  };
}

export function objectKind(json: Json): 'actor' | 'note' | null {
  if (isType(json, ACTOR_TYPES)) return 'actor';
  if (isType(json, NOTE_TYPES)) return 'note';
  return null;
}

function isType(json: Json, types: readonly string[]): boolean {
  const type = json.type;
  return Array.isArray(type) ? type.some((t) => types.includes(String(t))) : types.includes(String(type));
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function urlOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = urlOf(item);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    const link = value as Json;
    if (link.mediaType && link.mediaType !== 'text/html') return null;
    return stringOf(link.href);
  }
  return null;
}

function imageOf(value: unknown): string | null {
  const image = Array.isArray(value) ? value[0] : value;
  if (typeof image === 'string') return image;
  if (image && typeof image === 'object') return urlOf((image as Json).url);
  return null;
}
