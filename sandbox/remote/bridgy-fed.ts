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
 * Simplification: bsky.app is not in the sandbox, so a browser opening a `/r/` URL gets a small HTML page here
 * (with the ActivityPub alternate) instead of the redirect; the actor id opened in a browser is sent to it.
 */
import { BRIDGY_FED } from '../hosts';
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

export const BRIDGED_ACCOUNTS: readonly BridgedAccount[] = [
  {
    handle: 'rowan.bsky.social',
    did: 'did:plc:7kq3vz2mxw4hn5rj6tbgyc2d',
    name: 'Rowan Ellery',
    summary: '<p>Birdwatching, mostly from the kitchen window. Bridged from Bluesky.</p>',
  },
];

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
  for (const account of BRIDGED_ACCOUNTS) {
    if (
      path === new URL(bridgedActorId(account)).pathname ||
      path === new URL(bridgedProfileUrl(account)).pathname
    )
      return { account };
  }
  for (const post of BRIDGED_POSTS) {
    if (path === new URL(bridgedPostId(post)).pathname || path === new URL(bridgedPostUrl(post)).pathname)
      return { post };
  }
  return null;
}

function webfinger(req: SbRequest): SbResponse {
  const resource = req.url.searchParams.get('resource') ?? '';
  const acct = /^(?:acct:)?@?([^@]+)@(.+)$/.exec(resource);
  const account = acct
    ? acct[2]?.toLowerCase() === BRIDGY_FED
      ? BRIDGED_ACCOUNTS.find((a) => a.handle === acct[1]?.toLowerCase())
      : undefined
    : BRIDGED_ACCOUNTS.find((a) => resource === bridgedActorId(a) || resource === bridgedProfileUrl(a));
  if (!account) return empty(404);
  return {
    status: 200,
    headers: { 'content-type': 'application/jrd+json', 'access-control-allow-origin': '*' },
    body: JSON.stringify({
      subject: `acct:${account.handle}@${BRIDGY_FED}`,
      aliases: [bridgedProfileUrl(account), bridgedActorId(account)],
      links: [
        { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: bridgedProfileUrl(account) },
        { rel: 'self', type: 'application/activity+json', href: bridgedActorId(account) },
      ],
    }),
  };
}

export function createBridgyFed(): HostModule {
  return {
    hosts: [BRIDGY_FED],
    handle(req) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return empty(405);
      const path = req.url.pathname;
      if (path === '/.well-known/webfinger') return webfinger(req);
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
    reset() {},
  };
}
