/** Browser pages: remote interaction, permalinks, the leaving interstitial, ActivityPub views, avatars (§6, §8). */
import type { SbResponse } from '../types';
import { escapeHtml, html, redirect, stringParam, stripTags } from './http';
import { acctOf, type Account, type Status } from './model';
import * as pages from './pages';
import { avatarPng } from './avatar';
import type { Call, Resolved, Server } from './context';

export function webRoutes(s: Server) {
  const { config, base, site, localDomain, store, auth, resolver } = s;
  const { findLocal, findByAcct, countsOf, isSuspended } = store;
  const { requireLogin, loginUser } = auth;
  const { resolveAcct, resolveUrl, splitAcct } = resolver;

  async function authorizeInteraction(call: Call): Promise<SbResponse> {
    const user = requireLogin(call);
    if (!('id' in user)) return user;
    const uri = stringParam(call.params, 'uri')?.trim() ?? '';
    const acctParam = stringParam(call.params, 'acct')?.trim() ?? '';
    let found: Resolved = null;
    if (/^https?:\/\//i.test(uri)) {
      found = await resolveUrl(uri).catch(() => null);
    } else {
      const acct = splitAcct(uri || acctParam);
      const account = acct && (acct[1] ? await resolveAcct(acct[0], acct[1]) : findLocal(acct[0]));
      found = account ? { account } : null;
    }
    if (!found) return html(404, pages.notFoundPage(site));
    if ('account' in found) return redirect(`${base}/@${acctOf(found.account)}`);
    const author = store.state.accounts.get(found.status.accountId);
    return redirect(`${base}/@${author ? acctOf(author) : 'unknown'}/${found.status.id}`);
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

  return { authorizeInteraction, webPermalink, leaving, activityPubObject, image };
}
