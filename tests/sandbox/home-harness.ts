/**
 * Drives the home server modules through `handle()` with a fake SandboxContext: a settable clock and a
 * serverFetch that answers from canned WebFinger / ActivityPub documents and records every request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { HOME, HOME_USER } from '../../sandbox/hosts';
import { createHomeModules } from '../../sandbox/home';
import type { SoftwareId } from '../../sandbox/home/software';
import type { HostModule, SandboxContext, SbResponse } from '../../sandbox/types';

export interface CannedResponse {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface FetchRecord {
  from: string;
  url: string;
  headers: Record<string, string>;
}

/** Parsed JSON bodies of many shapes, checked field by field with expect(). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Reply {
  status: number;
  headers: Record<string, string | string[]>;
  text: string;
  json: Json;
  header(name: string): string | undefined;
  cookies: string[];
}

export class FakeFediverse {
  now = Date.UTC(2025, 5, 1, 12, 0, 0);
  readonly fetches: FetchRecord[] = [];
  private readonly documents = new Map<string, CannedResponse>();
  /** The sandbox's own servers answer server-to-server requests too (home.example ↔ social.wd.example). */
  peers?: (host: string) => HostModule | undefined;

  readonly ctx: SandboxContext = {
    now: () => this.now,
    serverFetch: async (from, url, init) => {
      this.fetches.push({ from, url, headers: init?.headers ?? {} });
      const doc = this.documents.get(url);
      const host = new URL(url).hostname;
      if (!doc && this.peers?.(host)) {
        const reply = await this.peers(host)?.handle({
          method: init?.method ?? 'GET',
          url: new URL(url),
          host,
          headers: init?.headers ?? {},
          cookies: {},
          body: Buffer.from(init?.body ?? ''),
          remoteIp: '127.0.0.1',
        });
        if (reply) return flatten(reply);
      }
      if (!doc) return { status: 404, headers: { 'content-type': 'text/html' }, text: 'not found' };
      const text = typeof doc.body === 'string' ? doc.body : JSON.stringify(doc.body);
      return {
        status: doc.status ?? 200,
        headers: { 'content-type': 'application/activity+json', ...doc.headers },
        text,
      };
    },
  };

  serve(url: string, body: unknown, extra: Omit<CannedResponse, 'body'> = {}): void {
    this.documents.set(url, { ...extra, body });
  }

  /** A remote actor with its WebFinger document, like a Mastodon-compatible server would publish. */
  actor(opts: {
    username: string;
    domain: string;
    name?: string;
    locked?: boolean;
    type?: string;
    id?: string;
  }): string {
    const id = opts.id ?? `https://${opts.domain}/users/${opts.username}`;
    this.serve(
      `https://${opts.domain}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${opts.username}@${opts.domain}`)}`,
      {
        subject: `acct:${opts.username}@${opts.domain}`,
        links: [{ rel: 'self', type: 'application/activity+json', href: id }],
      },
    );
    this.serve(id, {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id,
      type: opts.type ?? 'Person',
      preferredUsername: opts.username,
      name: opts.name ?? opts.username,
      url: `https://${opts.domain}/@${opts.username}`,
      summary: '<p>Remote person</p>',
      manuallyApprovesFollowers: opts.locked ?? false,
      icon: { type: 'Image', url: `https://${opts.domain}/avatars/${opts.username}.png` },
      inbox: `${id}/inbox`,
      followers: `${id}/followers`,
      following: `${id}/following`,
    });
    return id;
  }

  note(opts: { id: string; attributedTo: string; content: string; to?: string[] }): void {
    this.serve(opts.id, {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: opts.id,
      type: 'Note',
      attributedTo: opts.attributedTo,
      content: opts.content,
      url: opts.id,
      published: '2025-05-30T10:00:00Z',
      to: opts.to ?? ['https://www.w3.org/ns/activitystreams#Public'],
    });
  }
}

function flatten(res: SbResponse): { status: number; headers: Record<string, string>; text: string } {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(res.headers ?? {}))
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  const text =
    typeof res.body === 'string'
      ? res.body
      : Buffer.isBuffer(res.body)
        ? res.body.toString('utf8')
        : JSON.stringify(res.body);
  return { status: res.status, headers, text };
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** A plain object is sent form-encoded unless `asJson`; a string is sent as is. */
  body?: Record<string, string | string[]> | string;
  asJson?: boolean;
  cookies?: Record<string, string>;
  ip?: string;
  token?: string;
}

export class HomeHarness {
  readonly fedi = new FakeFediverse();
  readonly modules: HostModule[] = createHomeModules(this.fedi.ctx);

  constructor() {
    this.fedi.peers = (host) => this.modules.find((m) => m.hosts.includes(host));
  }

  module(host: string): HostModule {
    const found = this.modules.find((m) => m.hosts.includes(host));
    if (!found) throw new Error(`no module for ${host}`);
    return found;
  }

  async request(method: string, url: string, opts: RequestOptions = {}): Promise<Reply> {
    const target = new URL(url, `https://${HOME}`);
    const headers: Record<string, string> = { ...opts.headers };
    let body = Buffer.alloc(0);
    if (typeof opts.body === 'string') {
      body = Buffer.from(opts.body);
    } else if (opts.body && opts.asJson) {
      body = Buffer.from(JSON.stringify(opts.body));
      headers['content-type'] ??= 'application/json';
    } else if (opts.body) {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(opts.body)) {
        for (const item of Array.isArray(value) ? value : [value])
          form.append(Array.isArray(value) ? `${key}[]` : key, item);
      }
      body = Buffer.from(form.toString());
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res: SbResponse = await this.module(target.hostname).handle({
      method,
      url: target,
      host: target.hostname,
      headers,
      cookies: opts.cookies ?? {},
      body,
      remoteIp: opts.ip ?? '127.0.0.1',
    });
    return toReply(res);
  }

  admin(op: string, body: Record<string, unknown> = {}, host = HOME): Json {
    return this.module(host).admin?.(op, body);
  }

  async registerApp(fields: Record<string, string | string[]> = {}, ip?: string): Promise<Json> {
    const reply = await this.request('POST', '/api/v1/apps', {
      body: {
        client_name: 'Homeward',
        redirect_uris: 'https://abc.chromiumapp.org/',
        scopes: 'read write follow',
        ...fields,
      },
      ip,
    });
    if (reply.status !== 200) throw new Error(`app registration failed: ${reply.text}`);
    return reply.json;
  }
}

/** A home server playing `profile` (docs/home-server.md §10), through the admin op a test would use. */
export function homeAs(profile: SoftwareId): HomeHarness {
  const home = new HomeHarness();
  home.admin('software', { profile });
  return home;
}

/** A token of the home user with exactly `scopes`, through the admin op `grant-token` (no pages). */
export function grantedToken(home: HomeHarness, scopes: string): string {
  return home.admin('grant-token', {
    username: HOME_USER.username,
    redirectUri: 'https://abc.chromiumapp.org/',
    scopes,
  }).accessToken;
}

function toReply(res: SbResponse): Reply {
  const headers = res.headers ?? {};
  const text =
    typeof res.body === 'string'
      ? res.body
      : Buffer.isBuffer(res.body)
        ? res.body.toString('utf8')
        : JSON.stringify(res.body ?? '');
  const header = (name: string): string | undefined => {
    const value = headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const setCookie = headers['set-cookie'];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return {
    status: res.status,
    headers,
    text,
    json: parsed,
    header,
    cookies: setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie],
  };
}

/** A browser tab on the home server: keeps the session cookie and follows nothing on its own. */
export class Browser {
  readonly cookies: Record<string, string> = {};

  constructor(private readonly home: HomeHarness) {}

  async request(method: string, url: string, opts: RequestOptions = {}): Promise<Reply> {
    const reply = await this.home.request(method, url, {
      ...opts,
      cookies: { ...this.cookies, ...opts.cookies },
    });
    for (const cookie of reply.cookies) {
      const [pair = ''] = cookie.split(';');
      const eq = pair.indexOf('=');
      this.cookies[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    return reply;
  }

  get(url: string, opts: RequestOptions = {}): Promise<Reply> {
    return this.request('GET', url, opts);
  }

  /** Signs in through the real form and returns the redirect the server answered with. */
  async signIn(password: string = HOME_USER.password): Promise<Reply> {
    const form = await this.get('/auth/sign_in');
    return this.request('POST', '/auth/sign_in', {
      body: {
        authenticity_token: csrfOf(form.text),
        'user[email]': HOME_USER.email,
        'user[password]': password,
      },
    });
  }
}

export function csrfOf(page: string): string {
  const match = /name="authenticity_token" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('no authenticity_token in page');
  return match[1];
}

/** The hidden fields of the first form posting to `action` (the Authorize form comes first). */
export function formFields(page: string, index = 0): Record<string, string> {
  const forms = [...page.matchAll(/<form[^>]*action="\/oauth\/authorize"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms[index]?.[1];
  if (!form) throw new Error('no authorize form');
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1] ?? ''] = (m[2] ?? '').replaceAll('&amp;', '&').replaceAll('&quot;', '"');
  }
  return fields;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The extension's authorization request (PKCE, S256) for `app`. */
export function authorizeQuery(app: Json, challenge: string, scopes = 'read write follow'): URLSearchParams {
  return new URLSearchParams({
    client_id: app.client_id,
    redirect_uri: 'https://abc.chromiumapp.org/',
    response_type: 'code',
    scope: scopes,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
}

/** The extension's token request: the authorization code for a token. */
export function tokenExchange(app: Json, code: string, verifier: string): Record<string, string> {
  return {
    grant_type: 'authorization_code',
    code,
    redirect_uri: 'https://abc.chromiumapp.org/',
    client_id: app.client_id,
    client_secret: app.client_secret,
    code_verifier: verifier,
  };
}

/** The whole dance: app → sign in → approve → code → token. Returns the token and the pieces on the way. */
export async function userToken(
  home: HomeHarness,
  opts: { scopes?: string; appScopes?: string } = {},
): Promise<{ token: string; app: Json; browser: Browser }> {
  const app = await home.registerApp({ scopes: opts.appScopes ?? 'read write follow' });
  const browser = new Browser(home);
  await browser.signIn();
  const { verifier, challenge } = pkcePair();
  const query = authorizeQuery(app, challenge, opts.scopes);
  const page = await browser.get(`/oauth/authorize?${query}`);
  const approve = await browser.request('POST', '/oauth/authorize', { body: formFields(page.text) });
  const code = new URL(approve.header('location') ?? '').searchParams.get('code') ?? '';
  const token = await home.request('POST', '/oauth/token', { body: tokenExchange(app, code, verifier) });
  if (token.status !== 200) throw new Error(`token exchange failed: ${token.text}`);
  return { token: token.json.access_token, app, browser };
}
