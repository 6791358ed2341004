/** Browser pages: remote interaction, permalinks, the leaving interstitial, ActivityPub views, avatars (§6, §8). */
import type { SbResponse } from '../types';
import { escapeHtml, html, redirect, stringParam, stripTags } from './http';
import { acctOf, type Account, type Status } from './model';
import * as pages from './pages';
import { fillTemplate, templatePattern } from './software';
import { avatarPng } from './avatar';
import type { Call, Resolved, Server } from './context';

export function webRoutes(s: Server) {
  const { config, base, site, localDomain, store, auth, resolver } = s;
  const { findLocal, findByAcct, countsOf, isSuspended, isLocalDomain } = store;
  const { requireLogin, loginUser } = auth;
  const { resolveAcct, resolveUrl, splitAcct } = resolver;

  /**
   * The remote-interaction page (§6; Akkoma's `/ostatus_subscribe`, Sharkey's `/lookup`, Mastodon 3.5's follow
   * page: docs/home-server.md §10.4): resolves a post or profile address or a handle, then sends the browser to
   * the server's web page for it, or shows a page to follow an account.
   */
  async function authorizeInteraction(call: Call): Promise<SbResponse> {
    const { interaction } = store.state.software;
    if (interaction.signIn === 'first') {
      const user = requireLogin(call);
      if (!('id' in user)) return user;
    }
    const uri = stringParam(call.params, 'uri')?.trim() ?? '';
    const acctParam = stringParam(call.params, 'acct')?.trim() ?? '';
    const url = interaction.urlParams.map((name) => (name === 'uri' ? uri : acctParam)).find(Boolean) ?? '';
    let found: Resolved = null;
    if (/^https?:\/\//i.test(url)) {
      found = await resolveUrl(url).catch(() => null);
    } else {
      const acct = splitAcct(uri || acctParam);
      const account = acct && (acct[1] ? await resolveAcct(acct[0], acct[1]) : findLocal(acct[0]));
      found = account ? { account } : null;
    }
    if (!found) return html(404, pages.notFoundPage(site));
    if ('account' in found) {
      if (interaction.account === 'web-page') return redirect(`${base}${webPath(found.account)}`);
      // Akkoma asks for a session only now, to follow (§10.4).
      const user = requireLogin(call);
      if (!('id' in user)) return user;
      return html(200, pages.followPage(site, acctOf(found.account), `${base}${webPath(found.account)}`));
    }
    const author = store.state.accounts.get(found.status.accountId);
    return redirect(`${base}${webPath(author, found.status.id)}`);
  }

  /** The server's web page of an account, or of one of its posts (the software's templates, §10.4). */
  function webPath(account: Account | undefined, statusId?: string): string {
    const { web } = store.state.software;
    const acct = account ? acctOf(account) : 'unknown';
    const template = statusId ? web.status : web.account;
    return template ? fillTemplate(template, { acct, id: statusId ?? account?.id }) : `/@${acct}`;
  }

  /**
   * The web pages the software shows for a known remote account or post when they are not Mastodon 4's `/@…`
   * routes (§10.4): Mastodon 3.5's `/web/@…` (signed in), Akkoma's `/notice/:id` and `/users/:id`, Sharkey's
   * `/notes/:id` and `/@user@domain`. Null when the path is none of them, or names nothing the server knows.
   */
  function softwarePage(call: Call): SbResponse | null {
    const software = store.state.software;
    if (software.web.remotePermalinks) return null;
    const { account: accountTemplate, status: statusTemplate } = software.web;
    let account: Account | undefined;
    let status: Status | undefined;
    const statusMatch = statusTemplate && templatePattern(statusTemplate, software).exec(call.path);
    const accountMatch = accountTemplate && templatePattern(accountTemplate, software).exec(call.path);
    const groups = (template: string, match: RegExpExecArray): { acct?: string; id?: string } => {
      const names = [...template.matchAll(/\{(acct|id)\}/g)].map((m) => m[1]);
      return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]));
    };
    if (statusTemplate && statusMatch) {
      const { acct, id = '' } = groups(statusTemplate, statusMatch);
      status = store.state.statuses.get(id);
      account = status && store.state.accounts.get(status.accountId);
      if (acct !== undefined && account && acctOf(account) !== acct) account = undefined;
    } else if (accountTemplate && accountMatch) {
      const { acct, id } = groups(accountTemplate, accountMatch);
      const pair = acct ? splitAcct(acct) : null;
      account = id ? store.state.accounts.get(id) : pair ? findByAcct(pair[0], pair[1]) : undefined;
    } else {
      return null;
    }
    if (!account || isSuspended(account.domain)) return null;
    if (status && (status.visibility === 'private' || status.visibility === 'direct')) return null;
    // Mastodon 3.5's web app needs a session; Akkoma's and Sharkey's pages are public.
    if (software.web.signIn) {
      const user = requireLogin(call);
      if (!('id' in user)) return user;
    }
    const me = loginUser(call);
    const title = status ? statusTitle(status, account) : accountTitle(account);
    const content = status ? statusContent(status, account) : accountContent(account);
    if (software.unknownPage === 'front-end') return html(200, pages.frontEndPage(site, title, content));
    return html(200, pages.webAppPage(site, { title, content, meId: me?.id ?? null }));
  }

  /** A path no route serves: Mastodon's 404 page, or the front end's page (Akkoma, Sharkey: §10.1). */
  function unknownPage(): SbResponse {
    if (store.state.software.unknownPage === 'front-end')
      return html(200, pages.frontEndPage(site, config.title, ''));
    return html(404, pages.notFoundPage(site));
  }

  function accountHead(account: Account): string {
    const acct = `${account.username}@${account.domain ?? localDomain}`;
    return `<link rel="alternate" type="application/activity+json" href="${escapeHtml(account.uri)}">
<meta content="profile" property="og:type">
<meta content="${escapeHtml(account.url)}" property="og:url">
<meta content="${escapeHtml(`${account.displayName || account.username} (@${acct})`)}" property="og:title">
<meta content="${escapeHtml(stripTags(account.note))}" property="og:description">
<meta name="description" content="${escapeHtml(stripTags(account.note))}">
<meta content="${escapeHtml(account.avatar)}" property="og:image">
<meta content="summary" property="twitter:card">
<meta content="${escapeHtml(acct)}" property="profile:username">
`;
  }

  function accountTitle(account: Account): string {
    return `${account.displayName || account.username} (@${account.username}@${account.domain ?? localDomain}) - ${config.title}`;
  }

  function accountContent(account: Account): string {
    const counts = countsOf(account);
    return `<div class="account" data-account-id="${account.id}">
<img class="account__avatar" src="${escapeHtml(account.avatar)}" alt="">
<h1><span class="display-name__html">${escapeHtml(account.displayName || account.username)}</span>
<small class="display-name__account">@${escapeHtml(acctOf(account))}</small></h1>
<div class="account__header__bio">${account.note}</div>
<p class="account__header__counts">${counts.statuses} Posts · ${counts.following} Following · ${counts.followers} Followers</p>
${account.domain ? `<p><a href="${escapeHtml(account.url)}" rel="noopener">Browse more on the original profile</a></p>` : ''}
</div>`;
  }

  function statusTitle(status: Status, author: Account): string {
    return `${author.displayName || author.username}: "${stripTags(status.content).slice(0, 60)}" - ${config.title}`;
  }

  function statusContent(status: Status, author: Account): string {
    return `<article class="status" data-status-id="${status.id}">
<header><strong class="display-name__html">${escapeHtml(author.displayName || author.username)}</strong>
<span class="display-name__account">@${escapeHtml(acctOf(author))}</span></header>
<div class="status__content">${status.content}</div>
<a class="status__relative-time" href="${escapeHtml(status.url)}"><time datetime="${new Date(status.createdAt).toISOString()}">${new Date(status.createdAt).toISOString().slice(0, 10)}</time></a>
</article>`;
  }

  function statusHead(status: Status, author: Account): string {
    return `<link rel="alternate" type="application/activity+json" href="${escapeHtml(status.uri)}">
<meta content="article" property="og:type">
<meta content="${escapeHtml(status.url)}" property="og:url">
<meta content="${escapeHtml(stripTags(status.content))}" property="og:description">
<meta content="${escapeHtml(`${author.username}@${author.domain ?? localDomain}`)}" property="profile:username">
`;
  }

  /** `/@acct` and `/@acct/:id`: the React app's routes, rendered server-side enough to name what they show. */
  function webPermalink(call: Call, acctText: string, statusId: string | undefined): SbResponse {
    const me = loginUser(call);
    const acct = splitAcct(acctText);
    // Only Mastodon 4's web app has routes for remote accounts; elsewhere `/@…` is for local users (§10.4).
    const remote = Boolean(acct?.[1] && !isLocalDomain(acct[1]));
    if (remote && !store.state.software.web.remotePermalinks) return unknownPage();
    const found = acct ? findByAcct(acct[0], acct[1]) : undefined;
    const account = found && !isSuspended(found.domain) ? found : undefined;
    const candidate = statusId ? store.state.statuses.get(statusId) : undefined;
    const status =
      candidate &&
      candidate.accountId === account?.id &&
      candidate.visibility !== 'private' &&
      candidate.visibility !== 'direct'
        ? candidate
        : undefined;
    const page = (
      title: string,
      content: string,
      head = '',
      headers: Record<string, string> = {},
    ): SbResponse =>
      html(200, pages.webAppPage(site, { title, head, content, meId: me?.id ?? null }), headers);

    if (!me && account && account.domain !== null) {
      // WebAppControllerConcern: a logged-out browser is sent on to known remote objects via the interstitial.
      if (!statusId) return redirect(`${base}/redirect/accounts/${account.id}`);
      if (status) return redirect(`${base}/redirect/statuses/${status.id}`);
    }
    if (account && !statusId) {
      const headers: Record<string, string> =
        me || account.domain !== null
          ? {}
          : {
              'cache-control': 'public, max-age=15',
              link: `<${base}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${account.username}@${localDomain}`)}>; rel="lrdd"; type="application/jrd+json", <${account.uri}>; rel="alternate"; type="application/activity+json"`,
            };
      return page(accountTitle(account), accountContent(account), accountHead(account), headers);
    }
    if (account && status) {
      const headers: Record<string, string> =
        me || account.domain !== null
          ? {}
          : {
              'cache-control': 'public, max-age=10',
              link: `<${status.uri}>; rel="alternate"; type="application/activity+json"`,
            };
      return page(
        statusTitle(status, account),
        statusContent(status, account),
        statusHead(status, account),
        headers,
      );
    }
    const missing = statusId ? 'Post not found' : 'Account not found';
    return page(config.title, `<p class="empty-column-indicator">${missing}</p>`);
  }

  function leaving(isAccount: boolean, id: string): SbResponse {
    const target = isAccount ? store.state.accounts.get(id) : store.state.statuses.get(id);
    if (!target || (isAccount && (target as Account).domain === null))
      return html(404, pages.notFoundPage(site));
    if (!isAccount && store.state.accounts.get((target as Status).accountId)?.domain === null)
      return html(404, pages.notFoundPage(site));
    return html(200, pages.leavingPage(site, target.url));
  }

  function activityPubObject(call: Call, username: string, statusId: string | undefined): SbResponse {
    const account = findLocal(username);
    if (!account) return html(404, pages.notFoundPage(site));
    const accept = call.req.headers.accept ?? '';
    const wantsAp = /activity\+json|ld\+json/.test(accept);
    if (statusId) {
      const status = store.state.statuses.get(statusId);
      if (!status || status.accountId !== account.id) return html(404, pages.notFoundPage(site));
      if (!wantsAp) return redirect(status.url, 301);
      return apJson({
        id: status.uri,
        type: 'Note',
        url: status.url,
        attributedTo: account.uri,
        content: status.content,
        published: new Date(status.createdAt).toISOString(),
        to: ['https://www.w3.org/ns/activitystreams#Public'],
        cc: [`${account.uri}/followers`],
        sensitive: status.sensitive,
      });
    }
    if (!wantsAp) return redirect(account.url, 301);
    return apJson({
      id: account.uri,
      type: 'Person',
      preferredUsername: account.username,
      name: account.displayName,
      summary: account.note,
      url: account.url,
      manuallyApprovesFollowers: account.locked,
      discoverable: true,
      published: new Date(account.createdAt).toISOString(),
      inbox: `${account.uri}/inbox`,
      outbox: `${account.uri}/outbox`,
      followers: `${account.uri}/followers`,
      following: `${account.uri}/following`,
      endpoints: { sharedInbox: `${base}/inbox` },
      icon: { type: 'Image', mediaType: 'image/png', url: account.avatar },
      publicKey: { id: `${account.uri}#main-key`, owner: account.uri, publicKeyPem: '' },
    });
  }

  function apJson(object: Record<string, unknown>): SbResponse {
    return {
      status: 200,
      headers: {
        'content-type': 'application/activity+json; charset=utf-8',
        'cache-control': 'max-age=60, public',
      },
      body: JSON.stringify({
        '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
        ...object,
      }),
    };
  }

  function image(name: string): SbResponse {
    const user = findLocal(name);
    return {
      status: 200,
      headers: { 'content-type': 'image/png', 'cache-control': 'public, max-age=31536000, immutable' },
      body: avatarPng(user ? user.username : 'missing'),
    };
  }

  return {
    authorizeInteraction,
    softwarePage,
    unknownPage,
    webPermalink,
    leaving,
    activityPubObject,
    image,
  };
}
