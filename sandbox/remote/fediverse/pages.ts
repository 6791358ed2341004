/**
 * HTML for browsers. Mastodon pages follow docs/home-server.md §8 (the web-app shell with its markers);
 * the other software gets one plain server-rendered page whose only contract is its URL and the
 * `<link rel="alternate" type="application/activity+json">` every one of them emits.
 */
import { escapeHtml as e } from '../http';
import type { RemoteActor, RemoteCopy, RemotePost, ServerTable } from './model';
import { actorId, actorUrl, authorOf, avatarUrl, origin, postId, postUrl } from './activitypub';

export interface Page {
  body: string;
  headers: Record<string, string>;
}

const stripTags = (htmlText: string): string => htmlText.replace(/<[^>]*>/g, '').trim();
const AS_LD = 'application/ld+json; profile=&quot;https://www.w3.org/ns/activitystreams&quot;';

function mastodonShell(server: ServerTable, title: string, headTags: string): string {
  const initialState = JSON.stringify({
    meta: { access_token: null, domain: server.host, title: server.title, version: server.shapes.version },
    compose: {},
    accounts: {},
  }).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<link rel="icon" sizes="16x16" href="/packs/assets/favicon-16x16.png" type="image/png">
<link rel="apple-touch-icon" sizes="180x180" href="/packs/assets/apple-touch-icon-180x180.png">
<link rel="manifest" href="/manifest">
<meta name="theme-color" content="#191b22" media="(prefers-color-scheme: dark)">
<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">
<meta name="mobile-web-app-capable" content="yes">
<title>${e(title)}</title>
<link rel="stylesheet" crossorigin="anonymous" media="all" href="/packs/assets/default.css">
${headTags}
<meta name="applicationServerKey" content="BCkSandboxApplicationServerKey=">
<script id="initial-state" type="application/json">${initialState}</script>
</head>
<body class="app-body theme-default">
<div class="notranslate app-holder" id="mastodon" data-props="{&quot;locale&quot;:&quot;en&quot;}">
<noscript><img alt="Mastodon" src="/packs/assets/logo.svg"><div>To use the Mastodon web application, please enable JavaScript. Alternatively, try one of the native apps for Mastodon for your platform.</div></noscript>
</div>
</body>
</html>
`;
}

function apAlternates(href: string): string {
  return `<link rel="alternate" type="application/activity+json" href="${e(href)}">
<link rel="alternate" type="${AS_LD}" href="${e(href)}">`;
}

function mastodonProfile(server: ServerTable, actor: RemoteActor): Page {
  const id = actorId(server, actor);
  const url = actorUrl(server, actor);
  const handle = `${actor.username}@${server.host}`;
  const title = `${actor.name} (@${handle})`;
  const summary = stripTags(actor.summary);
  const head = `<link rel="alternate" type="application/rss+xml" href="${e(url)}.rss">
${apAlternates(id)}
<meta content="profile" property="og:type">
<meta name="description" content="${e(summary)}">
<meta content="${e(url)}" property="og:url">
<meta content="${e(server.title)}" property="og:site_name">
<meta content="${e(title)}" property="og:title">
<meta content="${e(summary)}" property="og:description">
<meta content="${e(avatarUrl(server, actor))}" property="og:image">
<meta content="400" property="og:image:width">
<meta content="400" property="og:image:height">
<meta content="summary" property="twitter:card">
<meta content="${e(handle)}" property="profile:username">`;
  const webfinger = `${origin(server)}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${handle}`)}`;
  return {
    body: mastodonShell(server, `${title} - ${server.title}`, head),
    headers: {
      link: `<${webfinger}>; rel="lrdd"; type="application/jrd+json", <${id}>; rel="alternate"; type="application/activity+json"`,
      'cache-control': 'public, max-age=15',
    },
  };
}

function mastodonStatusHead(
  server: ServerTable,
  apId: string,
  url: string,
  author: { name: string; acct: string },
  content: string,
  published: string,
): string {
  const text = stripTags(content);
  return `<link rel="alternate" type="application/json+oembed" href="${e(`${origin(server)}/api/oembed?format=json&url=${encodeURIComponent(url)}`)}">
${apAlternates(apId)}
<meta content="${e(server.title)}" property="og:site_name">
<meta content="article" property="og:type">
<meta content="${e(`${author.name} (@${author.acct})`)}" property="og:title">
<meta content="${e(url)}" property="og:url">
<meta content="${e(published)}" property="og:published_time">
<meta content="en" property="og:locale">
<meta content="${e(author.acct)}" property="profile:username">
<meta name="description" content="${e(text)}">
<meta content="${e(text)}" property="og:description">
<meta content="summary" property="twitter:card">`;
}

function mastodonStatus(server: ServerTable, post: RemotePost): Page {
  const author = authorOf(server, post);
  const apId = postId(server, post);
  const acct = `${author.username}@${server.host}`;
  const head = mastodonStatusHead(
    server,
    apId,
    postUrl(server, post),
    { name: author.name, acct },
    post.content,
    post.published,
  );
  return {
    body: mastodonShell(server, `${author.name}: "${stripTags(post.content)}" - ${server.title}`, head),
    headers: {
      link: `<${apId}>; rel="alternate"; type="application/activity+json"`,
      'cache-control': 'public, max-age=10',
    },
  };
}

/**
 * A status from another server, opened at its local URL. Simplification: real Mastodon serves the bare web app
 * here (or, logged out, a /redirect/statuses/:id interstitial); the sandbox renders a status page whose
 * alternate points at the origin object, so "resolve the canonical AP id, not the local URL" can be tested.
 */
function mastodonCopy(server: ServerTable, copy: RemoteCopy): Page {
  const url = origin(server) + (server.shapes.copyUrl?.(copy) ?? '');
  const head = mastodonStatusHead(server, copy.apId, url, copy.author, copy.content, copy.published);
  return {
    body: mastodonShell(server, `${copy.author.name}: "${stripTags(copy.content)}" - ${server.title}`, head),
    headers: { 'cache-control': 'public, max-age=10' },
  };
}

function plainPage(
  server: ServerTable,
  title: string,
  alternate: string | undefined,
  canonicalUrl: string,
  main: string,
): Page {
  const alternateLink = alternate
    ? `<link rel="alternate" type="application/activity+json" href="${e(alternate)}">\n`
    : '';
  return {
    body: `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)} - ${e(server.title)}</title>
${alternateLink}<meta property="og:site_name" content="${e(server.title)}">
<meta property="og:title" content="${e(title)}">
<meta property="og:url" content="${e(canonicalUrl)}">
</head>
<body>
<main>
${main}
</main>
<footer>Powered by ${e(server.shapes.displayName)} ${e(server.shapes.version)}</footer>
${server.shapes.serviceWorker ? `<script>navigator.serviceWorker?.register('/sw.js', { scope: '/' });</script>\n` : ''}</body>
</html>
`,
    headers: {},
  };
}

export function profilePage(server: ServerTable, actor: RemoteActor): Page {
  if (server.shapes.name === 'mastodon') return mastodonProfile(server, actor);
  const main = `<article class="profile">
<img src="${e(avatarUrl(server, actor))}" alt="${e(actor.name)}" width="96" height="96">
<h1>${e(actor.name)}</h1>
<p class="handle">@${e(actor.username)}@${e(server.host)}</p>
<div class="bio">${actor.summary}</div>
</article>`;
  return plainPage(
    server,
    `${actor.name} (@${actor.username}@${server.host})`,
    actorId(server, actor),
    actorUrl(server, actor),
    main,
  );
}

export function postPage(server: ServerTable, post: RemotePost): Page {
  if (server.shapes.name === 'mastodon') return mastodonStatus(server, post);
  const author = authorOf(server, post);
  const main = `<article class="post">
<a class="author" href="${e(actorUrl(server, author))}">${e(author.name)}</a>
${post.title ? `<h1>${e(post.title)}</h1>` : ''}
<div class="content">${post.content}</div>
<time datetime="${e(post.published)}">${e(post.published)}</time>
</article>`;
  return plainPage(
    server,
    post.title ?? `${author.name}: "${stripTags(post.content)}"`,
    postId(server, post),
    postUrl(server, post),
    main,
  );
}

export function copyPage(server: ServerTable, copy: RemoteCopy): Page {
  if (server.shapes.name === 'mastodon') return mastodonCopy(server, copy);
  const main = `<article class="post">
<a class="author" href="${e(copy.author.url)}">${e(copy.author.name)}</a>
${copy.title ? `<h1>${e(copy.title)}</h1>` : ''}
<div class="content">${copy.content}</div>
<a class="origin" href="${e(copy.originUrl)}">Original post</a>
</article>`;
  return plainPage(server, copy.title ?? copy.author.name, copy.apId, copy.originUrl, main);
}

export function homePage(server: ServerTable): Page {
  const people = server.actors
    .map((a) => `<li><a href="${e(actorUrl(server, a))}">${e(a.name)}</a></li>`)
    .join('\n');
  const main = `<h1>${e(server.title)}</h1>\n<ul>\n${people}\n</ul>`;
  return plainPage(server, server.title, undefined, origin(server) + '/', main);
}

export function notFoundPage(server: ServerTable): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found - ${e(server.title)}</title></head>
<body><h1>404</h1><p>The page you are looking for isn't here.</p></body></html>
`;
}
