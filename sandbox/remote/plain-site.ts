/**
 * plain.example: an ordinary web site, not a fediverse server (no NodeInfo, no WebFinger, no /api). Its `/links`
 * page links to a post and a profile of every sandbox software, as a blog or a news site would.
 */
import { BRIDGY_FED, NOT_MASTODON, REMOTE } from '../hosts';
import type { HostModule } from '../types';
import { BRIDGED_ACCOUNTS, BRIDGED_POSTS, bridgedPostUrl, bridgedProfileUrl } from './bridgy-fed';
import { actorUrl, origin, postUrl } from './fediverse/activitypub';
import { MISSING_POST_URL, SERVER_TABLES } from './fediverse/servers';
import { escapeHtml, html } from './http';
import { THREADS_ACCOUNTS } from './threads-accounts';
import { threadsPostsOf } from './threads-content';
import { THREADS_ORIGIN } from './web/threads-site';

export const LINKS_PAGE = `https://${NOT_MASTODON}/links`;
/** The same posts and profiles as `web+ap://` links, as the Fedi Links project writes them (docs/intents.md). */
export const WEB_AP_LINKS_PAGE = `https://${NOT_MASTODON}/fedi-links`;

export interface LinkTarget {
  /** The host the link points to (the server table's host, www.threads.com, bsky.brid.gy). */
  host: string;
  /**
   * What the page at `url` shows: a post, a profile, a copy (another server's post under a local id), or a
   * missing post (a post URL that answers 404, for the failure path).
   */
  kind: 'post' | 'profile' | 'copy' | 'missing';
  url: string;
}

/** Every link of the /links page, derived from the server tables so it follows them. */
export function linkTargets(): LinkTarget[] {
  const targets: LinkTarget[] = [];
  for (const server of SERVER_TABLES) {
    const [post] = server.posts;
    const author = post && server.actors.find((a) => a.username === post.author);
    if (post) targets.push({ host: server.host, kind: 'post', url: postUrl(server, post) });
    if (author) targets.push({ host: server.host, kind: 'profile', url: actorUrl(server, author) });
    for (const copy of server.copies ?? []) {
      const path = server.shapes.copyUrl?.(copy);
      if (path) targets.push({ host: server.host, kind: 'copy', url: origin(server) + path });
    }
  }
  const threads = THREADS_ACCOUNTS.find((a) => a.fediverse && !a.locked);
  const [thread] = threads ? threadsPostsOf(threads) : [];
  const threadsHost = new URL(THREADS_ORIGIN).host;
  if (threads && thread) {
    targets.push({
      host: threadsHost,
      kind: 'post',
      url: `${THREADS_ORIGIN}/@${threads.username}/post/${thread.code}`,
    });
    targets.push({ host: threadsHost, kind: 'profile', url: `${THREADS_ORIGIN}/@${threads.username}` });
  }
  const [bridged] = BRIDGED_POSTS;
  const bridgedAuthor = bridged && BRIDGED_ACCOUNTS.find((a) => a.handle === bridged.author);
  if (bridged) targets.push({ host: BRIDGY_FED, kind: 'post', url: bridgedPostUrl(bridged) });
  if (bridgedAuthor)
    targets.push({ host: BRIDGY_FED, kind: 'profile', url: bridgedProfileUrl(bridgedAuthor) });
  targets.push({ host: new URL(MISSING_POST_URL).host, kind: 'missing', url: MISSING_POST_URL });
  return targets;
}

function linksPage(): string {
  const items = linkTargets()
    .map(
      (t) =>
        `<li><a href="${escapeHtml(t.url)}" data-host="${escapeHtml(t.host)}" data-kind="${t.kind}">${escapeHtml(`${t.kind} on ${t.host}`)}</a></li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Links we liked — Plain Example</title></head>
<body><h1>Links we liked this week</h1>
<ul class="links">
${items}
</ul></body></html>
`;
}

/** `web+ap://` links: the https address with the scheme swapped (the Fedi Links project's `web+ap` spec). */
function webApLinksPage(): string {
  const items = linkTargets()
    .filter((t) => t.kind === 'post' || t.kind === 'profile')
    .map(
      (t) =>
        `<li><a href="${escapeHtml(t.url.replace(/^https:/, 'web+ap:'))}">${escapeHtml(`${t.kind} on ${t.host}`)}</a></li>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Fedi links — Plain Example</title></head>
<body><h1>Follow us on the fediverse</h1>
<ul class="links">
${items}
</ul></body></html>
`;
}

const HOME = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Plain Example — a small bakery</title>
<meta name="description" content="Bread, cakes and opening hours."></head>
<body>
<header><h1>Plain Example Bakery</h1></header>
<main><p>Fresh bread every morning from 7 am.</p><p><a href="/hours">Opening hours</a></p></main>
</body>
</html>
`;

const HOURS = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Opening hours — Plain Example</title></head>
<body><h1>Opening hours</h1><p>Tuesday to Sunday, 7 am to 6 pm.</p></body></html>
`;

/** Like most of the web, a page with a script of its own (it shows today's opening hours). */
const TODAY = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Today — Plain Example</title></head>
<body><h1>Today</h1><p id="today">Open 7 am to 6 pm.</p>
<script>
  const day = new Date().getDay();
  if (day === 1) document.getElementById('today').textContent = 'Closed on Mondays.';
</script></body></html>
`;

/**
 * An attacker's service worker, for tests/e2e/attacker.e2e.ts ("finding Homeward"): asked by its page, it fetches
 * an address the two ways a worker could tell whether something redirected it, and answers with what came back.
 */
const PROBE_WORKER = `self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  const url = event.data;
  const tries = [
    fetch(url, { redirect: 'manual' }).then((r) => 'manual ' + r.type, (e) => 'manual ' + e.name),
    fetch(url, { mode: 'no-cors' }).then((r) => 'no-cors ' + r.type, (e) => 'no-cors ' + e.name),
  ];
  event.waitUntil(Promise.all(tries).then((results) => event.source.postMessage(results)));
});
`;

/**
 * An article whose author is on the fediverse: the `fediverse:creator` tag Mastodon 4.3 reads for "More from"
 * under a link's preview (docs/home-server.md §5.2), naming Bob on remote.example.
 */
export const ARTICLE_PAGE = `https://${NOT_MASTODON}/journal/sourdough`;
export const ARTICLE_AUTHOR = `bob@${REMOTE.mastodon}`;
/** An article whose tag names no account (a profile URL, which Mastodon's resolve does not take either). */
export const ARTICLE_PAGE_BAD_TAG = `https://${NOT_MASTODON}/journal/rye`;

const article = (title: string, creator: string) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} — Plain Example</title>
<meta property="og:title" content="${escapeHtml(title)}">
<meta name="fediverse:creator" content="${escapeHtml(creator)}">
</head>
<body><article><h1>${escapeHtml(title)}</h1><p>By Bob. Flour, water, salt and patience.</p></article></body></html>
`;

const NOT_FOUND = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Not found</h1></body></html>
`;

export function createPlainSite(): HostModule {
  return {
    hosts: [NOT_MASTODON],
    handle(req) {
      const path = req.url.pathname;
      if (path === '/' || path === '/index.html') return html(200, HOME);
      if (path === '/hours') return html(200, HOURS);
      if (path === '/today') return html(200, TODAY);
      if (path === '/links') return html(200, linksPage());
      if (path === '/fedi-links') return html(200, webApLinksPage());
      if (path === new URL(ARTICLE_PAGE).pathname)
        return html(200, article('A sourdough diary', `@${ARTICLE_AUTHOR}`));
      if (path === new URL(ARTICLE_PAGE_BAD_TAG).pathname)
        return html(200, article('Rye, slowly', `https://${REMOTE.mastodon}/@bob`));
      if (path === '/probe-worker.js') {
        return {
          status: 200,
          headers: { 'content-type': 'application/javascript; charset=utf-8' },
          body: PROBE_WORKER,
        };
      }
      // Everything else, including /.well-known/nodeinfo, /.well-known/webfinger and /api/*, is a plain 404 page.
      return html(404, NOT_FOUND);
    },
    reset() {},
  };
}
