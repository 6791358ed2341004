/**
 * The HTML the home server renders: the Mastodon web-app shell (with the markers of docs/home-server.md §8),
 * the sign-in form, the OAuth authorization prompt and error pages. Minimal styling, real structure.
 */
import { escapeHtml as e } from './http';

export interface Site {
  /** LOCAL_DOMAIN (handles) */
  domain: string;
  /** WEB_DOMAIN (URLs) */
  webDomain: string;
  title: string;
  vapidKey: string;
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#191b22;color:#d9e1e8;margin:0}
a{color:#8c8dff}.container{max-width:420px;margin:48px auto;padding:24px;background:#282c37;border-radius:8px}
label{display:block;margin:12px 0 4px}input[type=email],input[type=password]{width:100%;padding:8px;box-sizing:border-box}
.btn,button{background:#6364ff;color:#fff;border:0;border-radius:4px;padding:10px 16px;font-size:15px;cursor:pointer;margin-top:12px}
.btn.negative{background:#df405a}.flash-message{background:#df405a33;border:1px solid #df405a;padding:10px;border-radius:4px}
.permissions-list{list-style:none;padding:0}.permissions-list__item{padding:6px 0;border-bottom:1px solid #393f4f}
.sandbox-rendering{max-width:600px;margin:24px auto;padding:16px;background:#282c37;border-radius:8px}
.account__avatar{width:64px;height:64px;border-radius:8px}`;

function document(
  site: Site,
  opts: { title: string; head?: string; body: string; csrf?: string; bodyClass?: string },
): string {
  const csrf = opts.csrf
    ? `<meta name="csrf-param" content="authenticity_token">\n<meta name="csrf-token" content="${e(opts.csrf)}">\n`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<link rel="icon" href="/favicon.ico" type="image/x-icon">
<link rel="manifest" href="/manifest">
<meta name="theme-color" content="#191b22">
<meta name="mobile-web-app-capable" content="yes">
<title>${e(opts.title)}</title>
<style>${STYLE}</style>
${csrf}${opts.head ?? ''}<meta name="applicationServerKey" content="${e(site.vapidKey)}">
</head>
<body class="${opts.bodyClass ?? 'app-body theme-default'}">
${opts.body}
</body>
</html>
`;
}

/** The `modal` layout Doorkeeper pages and error pages use. */
function modal(site: Site, title: string, content: string, csrf?: string, header = ''): string {
  return document(site, {
    title: `${title} - ${site.title}`,
    csrf,
    bodyClass: 'modal-layout theme-default',
    body: `<div class="container">${header}${content}</div>`,
  });
}

export function hiddenFields(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`)
    .join('\n');
}

export function signInPage(site: Site, csrf: string, opts: { error?: string; email?: string } = {}): string {
  const flash = opts.error ? `<div class="flash-message alert">${e(opts.error)}</div>` : '';
  return document(site, {
    title: `Log in - ${site.title}`,
    csrf,
    bodyClass: 'lighter theme-default',
    body: `<div class="container">
<h1>Log in to ${e(site.title)}</h1>
${flash}
<form class="simple_form new_user" id="new_user" novalidate action="/auth/sign_in" accept-charset="UTF-8" method="post">
${hiddenFields({ authenticity_token: csrf })}
<label for="user_email">E-mail address</label>
<input autofocus autocomplete="username" required type="email" value="${e(opts.email ?? '')}" name="user[email]" id="user_email">
<label for="user_password">Password</label>
<input autocomplete="current-password" required type="password" name="user[password]" id="user_password">
<div class="actions"><button name="button" type="submit" class="btn">Log in</button></div>
</form>
</div>`,
  });
}

export function errorPage(site: Site, description: string): string {
  return modal(
    site,
    'An error has occurred',
    `<div class="form-container"><div class="flash-message">${e(description)}</div></div>`,
  );
}

export interface AuthorizePrompt {
  appName: string;
  acct: string;
  csrf: string;
  permissions: { title: string; access: string }[];
  fields: Record<string, string>;
}

export function authorizePage(site: Site, prompt: AuthorizePrompt): string {
  const signedIn = `<div class="logged-in-as">Logged in as <strong>@${e(prompt.acct)}</strong>
<form action="/auth/sign_out?continue=true" method="post" class="sign-out">${hiddenFields({ _method: 'delete', authenticity_token: prompt.csrf })}
<button type="submit" class="link-button">Log out</button></form></div>`;
  const permissions = prompt.permissions
    .map(
      (p) =>
        `<li class="permissions-list__item"><div class="permissions-list__item__text"><div class="permissions-list__item__text__title">${e(p.title)}</div><div class="permissions-list__item__text__type">${e(p.access)}</div></div></li>`,
    )
    .join('\n');
  const fields = hiddenFields({ authenticity_token: prompt.csrf, ...prompt.fields });
  const content = `<div class="form-container simple_form"><div class="oauth-prompt">
<h3>Authorization required</h3>
<p><strong>${e(prompt.appName)}</strong> would like permission to access your account. Only approve this request if you recognise and trust this source.</p>
<h3>Review permissions</h3>
<ul class="permissions-list">
${permissions}
</ul>
<div class="actions">
<form action="/oauth/authorize" accept-charset="UTF-8" method="post">
${fields}
<button name="button" type="submit" class="btn">Authorize</button>
</form>
<form action="/oauth/authorize" accept-charset="UTF-8" method="post">
<input type="hidden" name="_method" value="delete">
${fields}
<button name="button" type="submit" class="btn negative">Deny</button>
</form>
</div></div></div>`;
  return modal(site, 'Authorization required', content, prompt.csrf, signedIn);
}

export function nativeCodePage(site: Site, code: string): string {
  return modal(
    site,
    'Authorization code',
    `<div class="form-container"><h3>Copy this authorization code and paste it to the application.</h3>
<input class="oauth-code" readonly type="text" value="${e(code)}" aria-label="Authorization code"></div>`,
  );
}

/** Doorkeeper's `form_post` response mode: an auto-submitting form to the client. */
export function formPostPage(site: Site, redirectUri: string, fields: Record<string, string>): string {
  return document(site, {
    title: `Submit this form - ${site.title}`,
    body: `<form method="post" action="${e(redirectUri)}">${hiddenFields(fields)}<button type="submit">Continue</button></form>
<script>document.forms[0].submit()</script>`,
  });
}

export function notFoundPage(site: Site): string {
  return document(site, {
    title: `The page you are looking for isn't here. - ${site.title}`,
    bodyClass: 'error',
    body: `<div class="dialog"><div class="dialog__message"><h1>The page you are looking for isn't here.</h1></div></div>`,
  });
}

export function leavingPage(site: Site, url: string): string {
  return document(site, {
    title: site.title,
    head: `<link rel="canonical" href="${e(url)}">\n<meta name="robots" content="noindex">\n`,
    body: `<div class="container redirect"><div class="redirect__message">
<h1>You are about to leave ${e(site.title)}.</h1>
<p>If you trust this link, click it to continue.</p>
<a class="button" href="${e(url)}" rel="noopener">${e(url)}</a>
</div></div>`,
  });
}

export interface WebAppPage {
  title: string;
  head?: string;
  /** Server-rendered stand-in for what the React app would show. */
  content: string;
  meId: string | null;
}

/** The web app shell (`div#mastodon`, `script#initial-state`) served for `/`, `/@…` and friends. */
export function webAppPage(site: Site, page: WebAppPage): string {
  const initialState = {
    meta: {
      access_token: null,
      domain: site.domain,
      title: site.title,
      version: '4.5.0',
      locale: 'en',
      me: page.meId,
      sso_redirect: null,
      streaming_api_base_url: `wss://${site.webDomain}`,
    },
    compose: {},
    accounts: {},
    media_attachments: { accept_content_types: [] },
    settings: {},
    languages: [],
    push_subscription: null,
    role: null,
  };
  const state = JSON.stringify(initialState).replaceAll('<', '\\u003c');
  return document(site, {
    title: page.title,
    head: `${page.head ?? ''}<meta content="${e(site.title)}" property="og:site_name">
<script id="initial-state" type="application/json">${state}</script>
`,
    body: `<div class="notranslate app-holder" id="mastodon" data-props="{&quot;locale&quot;:&quot;en&quot;}">
<main class="sandbox-rendering">${page.content}</main>
</div>`,
  });
}

/** Mastodon 3.5's and Akkoma's page for following an account from another server (docs/home-server.md §10.4). */
export function followPage(site: Site, acct: string, profileUrl: string): string {
  return modal(
    site,
    `Follow @${acct}`,
    `<div class="form-container"><h3>Follow @${e(acct)}</h3>
<p><a class="follow-page__profile" href="${e(profileUrl)}">@${e(acct)}</a></p>
<p class="follow-page__note">The sandbox shows this page; its Follow button is not played.</p></div>`,
  );
}

/**
 * Mastodon's share page (SharesController, signed in only): its compose form, with the `title`, `text` and `url`
 * parameters joined by spaces as the new post's text (docs/home-server.md §6.1).
 */
export function sharePage(site: Site, text: string): string {
  return modal(
    site,
    'Share',
    `<form class="compose-form"><textarea class="autosuggest-textarea__textarea" aria-label="What’s on your mind?">${e(text)}</textarea>
<button type="button">Post</button></form>`,
  );
}

/**
 * A JavaScript front end's page (Akkoma's Pleroma FE, Sharkey's client), which answers 200 to any path and renders
 * in the browser; `content` stands in for what it would show. It carries none of Mastodon's markers (§8).
 */
export function frontEndPage(site: Site, title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<div id="app"><noscript>Please enable JavaScript to use ${e(site.title)}.</noscript>
<main class="sandbox-rendering">${content}</main></div>
</body>
</html>
`;
}
