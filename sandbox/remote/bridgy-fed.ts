/**
 * bsky.brid.gy: Bridgy Fed's Bluesky bridge, reduced to what resolving a bridged account or post needs.
 *
 * URL shapes (snarfed/bridgy-fed; issue #1009 shows a real actor and its url):
 * - handle `@<bluesky handle>@bsky.brid.gy`, WebFinger on bsky.brid.gy;
 * - actor id `https://bsky.brid.gy/ap/<did>`, e.g. `https://bsky.brid.gy/ap/did:plc:l2uv6ivfedhsjjmfmndx7p26`;
 * - actor `url` `https://bsky.brid.gy/r/https://bsky.app/profile/<handle>`: `/r/` is Bridgy Fed's redirect
 *   endpoint, ActivityPub for an ActivityPub Accept header and a redirect to bsky.app for a browser;
 * - post id `https://bsky.brid.gy/convert/ap/at://<did>/app.bsky.feed.post/<rkey>` (the AT URI behind
 *   `/convert/ap/`), post url `https://bsky.brid.gy/r/https://bsky.app/profile/<handle>/post/<rkey>`.
 * Simplification: a browser opening a `/r/` URL gets a small HTML page here (with the ActivityPub alternate)
 * instead of the redirect to bsky.app; the actor id opened in a browser is sent to it.
 *
 * Who is bridged is the sandbox's Bluesky's to say (sandbox/remote/bluesky-accounts.ts). From Bridgy Fed's
 * source (docs/fediverse-software.md, "Bridgy Fed"):
 * - WebFinger answers only from its own records: 404 with the plain-text body `No atproto user found for <handle>`
 *   for a handle that never opted in, opted out or does not exist alike; `Cache-Control: public, max-age=3600`
 *   and CORS `*` on every answer;
 * - its bot is `@bsky.brid.gy@bsky.brid.gy`, a Service actor at `https://bsky.brid.gy/bsky.brid.gy`;
 * - a direct message to the bot whose text, after a leading mention of the bot, is one word asks that Bluesky
 *   account to bridge (dms.py): only from a sender bridged to Bluesky, 10 a day per sender, one message per
 *   account ever; anything else (two words, a public post, a second recipient) is ignored. The outcome and
 *   Bridgy Fed's reply are recorded for the tests (admin `requests`); the reply is not delivered.
 */
import { BRIDGY_FED } from '../hosts';
import { ROWAN, findBlueskyAccount, findBlueskyAccountByDid, type BlueskyAccount } from './bluesky-accounts';
import type { HostModule, SbRequest, SbResponse } from '../types';
import { avatarSvg } from './avatar';
import { sandboxPublicKeyPem } from './fediverse/activitypub';
import {
  AS_PUBLIC,
  activityJson,
  empty,
  escapeHtml as e,
  html,
  json,
  redirect,
  wantsActivityJson,
} from './http';

export interface BridgedAccount {
  /** The Bluesky handle: also the fediverse username (`@rowan.bsky.social@bsky.brid.gy`). */
  handle: string;
  did: string;
  name: string;
  summary: string;
}

export interface BridgedPost {
  /** The record key of the app.bsky.feed.post record (a TID). */
  rkey: string;
  author: string;
  text: string;
  published: string;
}

function bridged(account: BlueskyAccount | undefined): BridgedAccount | undefined {
  if (!account?.bridged) return undefined;
  const summary = account.description ? `<p>${e(account.description)}</p>` : '';
  return { handle: account.handle, did: account.did, name: account.displayName, summary };
}

/** The bridged accounts whose posts and pages the Open it at home tests use. */
export const BRIDGED_ACCOUNTS: readonly BridgedAccount[] = [bridged(ROWAN)!];

/** A bridged account by handle (as stored: lower case) or by DID; undefined for everyone else. */
function bridgedByHandle(handle: string): BridgedAccount | undefined {
  return handle === handle.toLowerCase() ? bridged(findBlueskyAccount(handle)) : undefined;
}

export const BRIDGED_POSTS: readonly BridgedPost[] = [
  {
    rkey: '3lbq7xk2pzs2c',
    author: 'rowan.bsky.social',
    text: 'A pair of goldfinches at the feeder this morning.',
    published: '2025-06-02T07:15:00.000Z',
  },
];

const ORIGIN = `https://${BRIDGY_FED}`;

export const bridgedActorId = (account: BridgedAccount): string => `${ORIGIN}/ap/${account.did}`;
export const bridgedProfileUrl = (account: BridgedAccount): string =>
  `${ORIGIN}/r/https://bsky.app/profile/${account.handle}`;

function authorOf(post: BridgedPost): BridgedAccount {
  const author = BRIDGED_ACCOUNTS.find((a) => a.handle === post.author);
  if (!author) throw new Error(`${BRIDGY_FED}: post ${post.rkey} has no author ${post.author}`);
  return author;
}

export const bridgedPostId = (post: BridgedPost): string =>
  `${ORIGIN}/convert/ap/at://${authorOf(post).did}/app.bsky.feed.post/${post.rkey}`;
export const bridgedPostUrl = (post: BridgedPost): string =>
  `${ORIGIN}/r/https://bsky.app/profile/${post.author}/post/${post.rkey}`;

function actorDocument(account: BridgedAccount): Record<string, unknown> {
  const id = bridgedActorId(account);
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    id,
    type: 'Person',
    preferredUsername: account.handle,
    name: account.name,
    summary: account.summary,
    url: bridgedProfileUrl(account),
    manuallyApprovesFollowers: false,
    discoverable: true,
    inbox: `${id}/inbox`,
    outbox: `${id}/outbox`,
    followers: `${id}/followers`,
    following: `${id}/following`,
    endpoints: { sharedInbox: `${ORIGIN}/ap/sharedInbox` },
    icon: { type: 'Image', mediaType: 'image/svg+xml', url: `${ORIGIN}/avatars/${account.handle}.svg` },
    publicKey: { id: `${id}#key`, owner: id, publicKeyPem: sandboxPublicKeyPem() },
  };
}

function noteDocument(post: BridgedPost): Record<string, unknown> {
  const actor = bridgedActorId(authorOf(post));
  return {
    '@context': 'https://www.w3.org/ns/activitystreams',
    id: bridgedPostId(post),
    type: 'Note',
    url: bridgedPostUrl(post),
    attributedTo: actor,
    content: `<p>${e(post.text)}</p>`,
    published: post.published,
    to: [AS_PUBLIC],
    cc: [`${actor}/followers`],
  };
}

function page(title: string, alternate: string, main: string): SbResponse {
  return html(
    200,
    `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(title)}</title>
<link rel="alternate" type="application/activity+json" href="${e(alternate)}">
<meta property="og:site_name" content="Bridgy Fed">
<meta property="og:title" content="${e(title)}">
</head>
<body>
<main>
${main}
</main>
</body>
</html>
`,
    { vary: 'Accept' },
  );
}

function profilePage(account: BridgedAccount): SbResponse {
  return page(
    `${account.name} (@${account.handle}@${BRIDGY_FED})`,
    bridgedActorId(account),
    `<article class="profile"><h1>${e(account.name)}</h1>
<p class="handle">@${e(account.handle)}@${BRIDGY_FED}</p>
<div class="bio">${account.summary}</div></article>`,
  );
}

function postPage(post: BridgedPost): SbResponse {
  const author = authorOf(post);
  return page(
    `${author.name}: "${post.text}"`,
    bridgedPostId(post),
    `<article class="post"><a class="author" href="${e(bridgedProfileUrl(author))}">${e(author.name)}</a>
<p>${e(post.text)}</p><time datetime="${e(post.published)}">${e(post.published)}</time></article>`,
  );
}

type Found = { account: BridgedAccount } | { post: BridgedPost } | null;

function find(path: string): Found {
  const actor = /^\/ap\/(did:[a-z]+:[a-z0-9.:-]+)$/.exec(path);
  const byDid = actor && bridged(findBlueskyAccountByDid(actor[1] ?? ''));
  if (byDid) return { account: byDid };
  const profile = /^\/r\/https:\/\/bsky\.app\/profile\/([^/]+)$/.exec(path);
  const byHandle = profile && bridgedByHandle(profile[1] ?? '');
  if (byHandle) return { account: byHandle };
  for (const post of BRIDGED_POSTS) {
    if (path === new URL(bridgedPostId(post)).pathname || path === new URL(bridgedPostUrl(post)).pathname)
      return { post };
  }
  return null;
}

/** Every answer of Bridgy Fed's WebFinger carries these (common.py, flask_util.default_modern_headers). */
const WEBFINGER_HEADERS = {
  'cache-control': 'public, max-age=3600',
  vary: 'Accept',
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': '*',
};

const BOT_HANDLE = BRIDGY_FED;
const BOT_ID = `${ORIGIN}/${BOT_HANDLE}`;

function jrd(body: unknown): SbResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/jrd+json', ...WEBFINGER_HEADERS },
    body: JSON.stringify(body),
  };
}

function webfinger(req: SbRequest): SbResponse {
  const resource = req.url.searchParams.get('resource') ?? '';
  const acct = /^(?:acct:)?@?([^@]+)@(.+)$/.exec(resource);
  const user = acct?.[1] ?? '';
  if (acct && acct[2] === BRIDGY_FED && user === BOT_HANDLE)
    return jrd({
      subject: `acct:${BOT_HANDLE}@${BRIDGY_FED}`,
      aliases: [`${ORIGIN}/`],
      links: [{ rel: 'self', type: 'application/activity+json', href: BOT_ID }],
    });
  const account = acct
    ? acct[2]?.toLowerCase() === BRIDGY_FED
      ? bridgedByHandle(user)
      : undefined
    : BRIDGED_ACCOUNTS.find((a) => resource === bridgedActorId(a) || resource === bridgedProfileUrl(a));
  if (!account)
    return {
      status: 404,
      headers: { 'content-type': 'text/html; charset=utf-8', ...WEBFINGER_HEADERS },
      body: e(`No atproto user found for ${user || resource}`),
    };
  return jrd({
    subject: `acct:${account.handle}@${BRIDGY_FED}`,
    aliases: [bridgedProfileUrl(account), bridgedActorId(account)],
    links: [
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: bridgedProfileUrl(account) },
      { rel: 'self', type: 'application/activity+json', href: bridgedActorId(account) },
    ],
  });
}

/** The bot's actor (`bsky.brid.gy.as2.json`): a Service that takes commands by direct message. */
function botDocument(): Record<string, unknown> {
  return {
    '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
    id: BOT_ID,
    type: 'Service',
    preferredUsername: BOT_HANDLE,
    name: 'Bridgy Fed for Bluesky',
    summary:
      '<p>To ask a Bluesky user to bridge their account, DM their handle (eg snarfed.bsky.social) to this account.</p>',
    url: `${ORIGIN}/`,
    manuallyApprovesFollowers: false,
    inbox: `${BOT_ID}/inbox`,
    outbox: `${BOT_ID}/outbox`,
    endpoints: { sharedInbox: `${ORIGIN}/ap/sharedInbox` },
    publicKey: { id: `${BOT_ID}#key`, owner: BOT_ID, publicKeyPem: sandboxPublicKeyPem() },
  };
}

/** What became of a request a direct message made (dms.py's replies, worded as Bridgy Fed words them). */
export interface BridgeRequest {
  from: string;
  /** The one word the message held, as written. */
  handle: string;
  outcome:
    'requested' | 'already-requested' | 'limit' | 'already-bridged' | 'not-found' | 'sender-not-bridged';
  reply: string;
}

const REQUESTS_PER_DAY = 10;
const DAY = 24 * 60 * 60 * 1000;

/** The text of a post's HTML, as Bridgy Fed reads it (html_to_text, then split on whitespace). */
function words(content: string): string[] {
  return content
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/p>\s*<p>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .split(/\s+/)
    .filter(Boolean);
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return typeof value === 'string' ? [value] : [];
}

function createRequests(now: () => number) {
  let requests: BridgeRequest[] = [];
  let asked = new Set<string>();
  let counts = new Map<string, { count: number; since: number }>();
  /** Fediverse actors bridged into Bluesky (they followed the bot); none until a test says so. */
  let bridgedSenders = new Set<string>();

  /** A Create of a Note addressed to the bot alone, not public (granary's recipient_if_dm): a DM. */
  function receive(activity: Record<string, unknown>): void {
    const note = activity.object as Record<string, unknown> | undefined;
    if (activity.type !== 'Create' || !note || typeof note !== 'object' || note.type !== 'Note') return;
    const recipients = [...asList(note.to), ...asList(note.cc)];
    if (recipients.length !== 1 || recipients[0] !== BOT_ID) return;
    const from = typeof activity.actor === 'string' ? activity.actor : '';
    const tokens = words(typeof note.content === 'string' ? note.content : '');
    const first = tokens[0]?.replace(/^@/, '').toLowerCase();
    if (first === BOT_HANDLE || first === `${BOT_HANDLE}@${BRIDGY_FED}` || tokens[0] === BOT_ID)
      tokens.shift();
    // No command, and one word: the handle to ask. Anything else is ignored without a reply (dms.py `receive`).
    if (tokens.length !== 1) return;
    const handle = tokens[0]!;
    const target = findBlueskyAccount(handle.replace(/^@/, ''));
    const record = (outcome: BridgeRequest['outcome'], reply: string) =>
      requests.push({ from, handle, outcome, reply });
    if (!target) return void record('not-found', `${handle} doesn't look like a handle on Bluesky`);
    const link = `@${target.handle}`;
    if (target.bridged)
      return void record('already-bridged', `${link}@${BRIDGY_FED} is already bridged into the fediverse.`);
    if (!bridgedSenders.has(from))
      return void record(
        'sender-not-bridged',
        "Looks like you're not bridged to Bluesky yet! Please bridge your account first by following this account.",
      );
    const count = counts.get(from);
    const current = count && now() - count.since < DAY ? count : { count: 0, since: now() };
    if (current.count >= REQUESTS_PER_DAY)
      return void record('limit', "Sorry, you've hit your limit of 10 requests per day. Try again tomorrow!");
    counts.set(from, { ...current, count: current.count + 1 });
    if (asked.has(target.handle))
      return void record('already-requested', `We've already sent ${link} a DM. Fingers crossed!`);
    asked.add(target.handle);
    record(
      'requested',
      `Got it! We'll send ${link} a message and say that you hope they'll enable the bridge. Fingers crossed!`,
    );
  }

  return {
    receive,
    list: () => requests,
    setSenderBridged(actor: string, isBridged: boolean) {
      if (isBridged) bridgedSenders.add(actor);
      else bridgedSenders.delete(actor);
    },
    reset() {
      requests = [];
      asked = new Set();
      counts = new Map();
      bridgedSenders = new Set();
    },
  };
}

const INBOX = /^\/(?:ap\/sharedInbox|bsky\.brid\.gy\/inbox|ap\/did:[a-z]+:[a-z0-9.:-]+\/inbox)$/;

export function createBridgyFed(now: () => number = Date.now): HostModule {
  const requests = createRequests(now);
  let received: { path: string; activity: unknown }[] = [];
  return {
    hosts: [BRIDGY_FED],
    handle(req) {
      const path = req.url.pathname;
      if (req.method === 'POST') {
        if (!INBOX.test(path)) return empty(404);
        let activity: unknown;
        try {
          activity = JSON.parse(req.body.toString('utf8'));
        } catch {
          return empty(400);
        }
        received.push({ path, activity });
        if (activity && typeof activity === 'object') requests.receive(activity as Record<string, unknown>);
        return empty(202);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return empty(405);
      if (path === '/.well-known/webfinger') return webfinger(req);
      if (path === `/${BOT_HANDLE}` && wantsActivityJson(req)) return activityJson(botDocument());
      const avatar = /^\/avatars\/([^/]+)\.svg$/.exec(path);
      if (avatar && BRIDGED_ACCOUNTS.some((a) => a.handle === avatar[1])) {
        return {
          status: 200,
          headers: { 'content-type': 'image/svg+xml' },
          body: avatarSvg(avatar[1] ?? ''),
        };
      }
      const found = find(path);
      if (!found) return json(404, { error: 'Not found' });
      const isWebUrl = path.startsWith('/r/');
      if (wantsActivityJson(req))
        return activityJson('account' in found ? actorDocument(found.account) : noteDocument(found.post));
      if (!isWebUrl)
        return redirect(
          302,
          'account' in found ? bridgedProfileUrl(found.account) : bridgedPostUrl(found.post),
        );
      return 'account' in found ? profilePage(found.account) : postPage(found.post);
    },
    reset() {
      received = [];
      requests.reset();
    },
    /**
     * - `inbox`: what was delivered since the last reset;
     * - `requests`: the bridge requests direct messages made, with their outcome and Bridgy Fed's reply;
     * - `set-sender-bridged` `{ actor, bridged }`: whether a fediverse actor is bridged into Bluesky.
     */
    admin(op, body) {
      if (op === 'inbox') return { received };
      if (op === 'requests') return { requests: requests.list() };
      if (op === 'set-sender-bridged') {
        if (typeof body.actor !== 'string' || typeof body.bridged !== 'boolean')
          throw new Error('set-sender-bridged needs an actor and bridged: true or false');
        requests.setSenderBridged(body.actor, body.bridged);
        return { ok: true };
      }
      throw new Error(`unknown operation ${op}`);
    },
  };
}
