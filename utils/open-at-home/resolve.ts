import type { OpenOutcome, OpenTarget } from './protocol';
import { words } from '../i18n';
import { currentWebClient } from '../mastodon/web-client';
import { classifyFailure, failureReason, serverNamed } from '../mastodon/failure';
import { resolveOnHome } from '../mastodon/resolve';
import { homeSoftware } from '../mastodon/home-software';
import { markUnauthorized } from '../mastodon/account';
import {
  accountSessions,
  homeSession,
  serverOf,
  type HomeSession,
  type SessionState,
} from '../mastodon/session';
import { homeServerItem, type HomeServer, type WebClient } from '../storage';
import { storageCache } from '../storage/cache';
import { learnHost } from './known-hosts';
import { interactionPage, objectPage, type HomeObject } from '../mastodon/web-ui';
import { homeIntents } from '../mastodon/home-intents';
import type { HomeIntents } from '../fediverse/intents';
import { moderationOf } from '../mastodon/domain-moderation';
import { rateLimitedUntil, rateLimitEnd } from '../mastodon/rate-budget';

/**
 * "Open it at home", in the background: the only place that holds the token. A target becomes an OpenOutcome;
 * nothing throws across the message boundary. A first visit costs one search (plus, when it finds nothing, the
 * domain blocks, read at most hourly); a repeat within a day costs no request.
 */

const HOUR = 60 * 60 * 1000;
/** What a URL resolves to on a server hardly changes; a day keeps repeat visits free. */
export const OPEN_CACHE_TTL_MS = 24 * HOUR;
/** The "Opening on home.example…" page must say something within 5 s, however the time splits between requests. */
export const OPEN_DEADLINE_MS = 5000;
/** As long as a URL may be anywhere in Homeward (utils/fediverse/links): longer ones are not links we made. */
export const MAX_TARGET_LENGTH = 2048;

/**
 * What the server made of an address, keyed by `<home host> <activityId ?? url>`: the object, not its page, so that
 * choosing another web client needs no new search. (Earlier builds kept page addresses here: those are skipped.)
 */
const homeObjects = storageCache<HomeObject>('local:openAtHome', 1000);

function isHomeObject(value: unknown): value is HomeObject {
  return typeof value === 'object' && value !== null && 'kind' in value && 'acct' in value && 'id' in value;
}

async function cachedObject(key: string): Promise<HomeObject | undefined> {
  const value: unknown = await homeObjects.get(key);
  return isHomeObject(value) ? value : undefined;
}

/**
 * Where a known object opens now: its page, else the server's page that opens its address (Friendica's pages go by
 * ids the API does not give), else the question which web client to use.
 */
function pageOutcome(
  server: HomeServer,
  client: WebClient | null,
  object: HomeObject,
  uri: string,
  intents: HomeIntents | undefined,
): OpenOutcome {
  const homeUrl = objectPage(server, client, object) ?? interactionPage(server, client, uri, intents);
  return homeUrl ? { kind: 'found', homeUrl } : { kind: 'choose-client', server: server.host };
}

/** An https URL of sane length without credentials, or null: the one check for every address a page hands over. */
export function httpsUrl(value: unknown): URL | null {
  if (typeof value !== 'string' || value.length > MAX_TARGET_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  // Credentials in a URL would be handed to the home server with it.
  return url.protocol === 'https:' && !url.username && !url.password ? url : null;
}

/** The payload comes from a page's process: trust no field. */
function targetOf(payload: unknown): OpenTarget | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const { url, activityId } = payload as Record<string, unknown>;
  if (!httpsUrl(url)) return null;
  if (activityId === undefined || activityId === null) return { url: url as string };
  return httpsUrl(activityId) ? { url: url as string, activityId: activityId as string } : null;
}

interface Session extends HomeSession {
  kind: 'session';
  server: HomeServer;
  webClient: WebClient | null;
  /** The home server's published intents (utils/mastodon/home-intents.ts); none for another account's server. */
  intents: HomeIntents | undefined;
  /** What to resolve: the canonical ActivityPub id when the page showed one, else the URL followed. */
  uri: string;
  url: string;
}

function cacheKey(host: string, uri: string): string {
  return `${host} ${uri}`;
}

/**
 * Until when the server's answer for `target` (its address, else its ActivityPub id) counts: what a direct rule
 * made from it may live (direct-rules.ts). Undefined when no answer is kept.
 */
export async function answerExpiry(host: string, target: OpenTarget): Promise<number | undefined> {
  const byUrl = await homeObjects.expiry(cacheKey(host, target.url));
  return byUrl ?? (target.activityId ? homeObjects.expiry(cacheKey(host, target.activityId)) : undefined);
}

/** Everything that can be answered without the home server, or the session to ask it with. */
/**
 * The default account's home (`account` undefined), or the account at `account` (1-based, the person's order): the
 * Opening page offers the others. Another server is opened in its own web UI, the chosen web client being the home
 * server's.
 */
async function homeFor(account: number | undefined): Promise<SessionState> {
  const home = await homeSession();
  if (account === undefined || home.kind === 'no-server') return home;
  const chosen = (await accountSessions())[account - 1];
  if (!chosen?.session)
    return home.kind === 'signed-in' ? { kind: 'signed-out', server: home.server, revoked: true } : home;
  const server = chosen.record.host === home.server.host ? home.server : serverOf(chosen.record);
  return { kind: 'signed-in', server, session: chosen.session };
}

async function prepare(target: OpenTarget, account?: number): Promise<OpenOutcome | Session> {
  const home = await homeFor(account);
  if (home.kind === 'no-server') return { kind: 'no-server' };
  const { server } = home;
  const other = account !== undefined && server.host !== (await homeServerItem.getValue())?.host;
  const uri = target.activityId ?? target.url;
  const urlHost = new URL(target.url).hostname;
  if (urlHost === server.host || urlHost === server.localDomain.toLowerCase())
    return { kind: 'already-home' };
  // Read at once: they stand between a click and the home server's answer (bench/open-at-home.ts, "cold").
  const [client, intents, byId, byUrl, until] = await Promise.all([
    other ? null : currentWebClient(),
    other ? undefined : homeIntents(server),
    home.kind === 'signed-out' ? undefined : cachedObject(cacheKey(server.host, uri)),
    home.kind === 'signed-out' || uri === target.url
      ? undefined
      : cachedObject(cacheKey(server.host, target.url)),
    home.kind === 'signed-in' ? rateLimitedUntil(home.session.key) : undefined,
  ]);
  if (home.kind === 'signed-out') {
    const homeUrl = interactionPage(server, client, uri, intents);
    return homeUrl ? { kind: 'remote-interaction', homeUrl } : { kind: 'choose-client', server: server.host };
  }
  // Before the rate limit: a known answer costs the server nothing. The address itself is asked too: a page sent
  // home by the browser's rules comes without the id that its markers give when the page loads first (one its
  // service worker answers, in Chromium: docs/fediverse-software.md), and the answer is the same object's.
  const cached = byId ?? byUrl;
  if (cached) return pageOutcome(server, client, cached, uri, intents);
  if (until !== undefined) return { kind: 'rate-limited', server: server.host, until };
  return { ...home.session, kind: 'session', server, webClient: client, intents, uri, url: target.url };
}

/** What a failure means for the person; the gateway remembered a 429, so the server is left alone until then. */
async function outcomeForError(error: unknown, session: Session): Promise<OpenOutcome> {
  const server = session.host;
  const failure = classifyFailure(error);
  if (failure.kind === 'unauthorized') {
    await markUnauthorized(session.token);
    return { kind: 'needs-login', server };
  }
  if (failure.kind === 'rate-limited')
    return {
      kind: 'rate-limited',
      server,
      until: await rateLimitEnd(session.key),
    };
  // The Opening page is Homeward's own: the server's name and its own message may show there.
  return { kind: 'failed', server, reason: failureReason(failure, serverNamed(server), true) };
}

function sameHost(id: string | undefined, url: string): boolean {
  return id !== undefined && URL.canParse(id) && new URL(id).hostname === new URL(url).hostname;
}

async function resolveWith(session: Session): Promise<OpenOutcome> {
  const { host, token, uri } = session;
  const resolved = await resolveOnHome(host, token, uri, {
    v2StatusSearch: homeSoftware(session.server).v2StatusSearch,
  });
  if (resolved) {
    const { uri: storedId, ...object } = resolved;
    await Promise.all([
      homeObjects.set(cacheKey(host, uri), object, OPEN_CACHE_TTL_MS),
      // Under the address too, but only for an object of the address's own host: an id the page named elsewhere
      // (a toolbar click on a page that names another server's post) must not become the address's answer.
      uri !== session.url && sameHost(storedId, session.url)
        ? homeObjects.set(cacheKey(host, session.url), object, OPEN_CACHE_TTL_MS)
        : undefined,
      // The home server fetched an object from the address's own host over ActivityPub: a fediverse host. An
      // address whose object lives elsewhere (a Threads post on www.threads.com, id on threads.net) says nothing,
      // and neither does one the server reached through a redirect: the host compared is that of the id the
      // server stored, not of the id asked for. A server that names no id teaches nothing.
      storedId ? learnHost(new URL(session.url).hostname, new URL(storedId).hostname) : false,
    ]);
    return pageOutcome(session.server, session.webClient, object, uri, session.intents);
  }
  // Empty: a suspended domain answers exactly that (docs/home-server.md §4), but so does a post that was deleted
  // or is private. Unlike a profile on the follow button, a missing post is common, so only a listed suspension
  // says blocked; a hidden list says nothing either way.
  const domain = new URL(uri).hostname;
  const moderation = await moderationOf(host, token, domain);
  if (moderation?.suspends) return { kind: 'blocked', server: host, domain };
  return { kind: 'not-found', server: host };
}

/** Resolves a target on the home server (or another account's, `account`), or says why not. Never throws. */
export async function resolveTarget(payload: unknown, account?: number): Promise<OpenOutcome> {
  const target = targetOf(payload);
  if (!target) {
    const server = await homeServerItem.getValue();
    return { kind: 'failed', server: server?.host ?? '', reason: words('opening_notLink') };
  }
  const prepared = await prepare(target, account);
  if (prepared.kind !== 'session') return prepared;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<OpenOutcome>((resolve) => {
    timer = setTimeout(
      () =>
        resolve({
          kind: 'failed',
          server: prepared.host,
          reason: words('failure_timeoutHost', { host: prepared.host }),
        }),
      OPEN_DEADLINE_MS,
    );
  });
  // The error handling runs inside the race: a 401 or 429 that arrives after the deadline is still remembered.
  const attempt = resolveWith(prepared).catch((error: unknown) => outcomeForError(error, prepared));
  try {
    return await Promise.race([attempt, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
