/**
 * A Mastodon 4.5 server in memory, parameterised by its LOCAL_DOMAIN, WEB_DOMAIN and users, that can also play
 * other home software (software.ts). It behaves as docs/home-server.md describes (its section numbers are the ones
 * these files use). This file is the request pipeline: CORS, rate limiting and routing; the routes live in the
 * *-routes.ts files.
 */
import { statusRoutes } from './status-routes';
import { randomBytes } from 'node:crypto';
import type { HostModule, SandboxContext, SbRequest, SbResponse } from '../types';
import { accountRoutes } from './account-routes';
import { createAuth } from './auth';
import { ERRORS, SESSION_COOKIE, VAPID_KEY, type Call, type Core, type Server } from './context';
import { discoveryRoutes } from './discovery-routes';
import { Federation } from './federation';
import { addHeader, escapeHtml, html, json, readParams, redirect, stringParam } from './http';
import { serializeApp, type Account } from './model';
import { oauthRoutes } from './oauth-routes';
import * as pages from './pages';
import {
  GOTOSOCIAL_THROTTLE,
  RateLimiter,
  THROTTLES,
  gotosocialHeaders,
  rateLimitHeaders,
  type ThrottleState,
} from './rate-limits';
import { createResolver } from './resolver';
import { idPattern } from './software';
import { createStore, type MastodonServerConfig } from './store';
import { webRoutes } from './web-routes';

export type { LocalUser, MastodonServerConfig } from './store';

export function createMastodonServer(ctx: SandboxContext, config: MastodonServerConfig): HostModule {
  const { localDomain, webDomain } = config;
  const base = `https://${webDomain}`;
  const site: pages.Site = { domain: localDomain, webDomain, title: config.title, vapidKey: VAPID_KEY };
  const limiter = new RateLimiter(() => ctx.now());
  const store = createStore(ctx, config, base, limiter);
  const core: Core = {
    ctx,
    config,
    localDomain,
    webDomain,
    base,
    site,
    federation: new Federation(ctx, webDomain),
    limiter,
    store,
  };
  const s: Server = { ...core, auth: createAuth(core), resolver: createResolver(core) };
  const { apiUser, loginUser, ensureSession, requireToken, requireUser, optionalToken } = s.auth;
  const { isSuspended, accountJson, credentialAccountJson } = store;
  const { hostMeta, webfinger, nodeinfo, oauthMetadata, instanceV1, instanceV2, domainBlocks, peers } =
    discoveryRoutes(s);
  const { createApp, authorizeGet, authorizeDecide, oauthToken, oauthRevoke, signIn, signOut, grantToken } =
    oauthRoutes(s);
  const { search, lookup, accountSearch, relationships, follow, unfollow, following } = accountRoutes(s);
  const statuses = statusRoutes(s);
  const { authorizeInteraction, softwarePage, unknownPage, webPermalink, leaving, activityPubObject, image } =
    webRoutes(s);

  // ---------- rate limiting (§7) ----------

  function throttleApi(call: Call): { states: ThrottleState[]; exceeded: ThrottleState | null } {
    if (store.state.software.rateLimits.headers === 'gotosocial') {
      const state = limiter.hitFromFirst(GOTOSOCIAL_THROTTLE, call.req.remoteIp);
      return { states: [state], exceeded: state.exceeded ? state : null };
    }
    const states: (ThrottleState & { exceeded: boolean })[] = [];
    const user = apiUser(call);
    if (user) states.push(limiter.hit(THROTTLES.authenticatedApi, user.id));
    if (call.token) states.push(limiter.hit(THROTTLES.perTokenApi, call.token.token));
    if (!user) states.push(limiter.hit(THROTTLES.unauthenticatedApi, call.req.remoteIp));
    if (call.req.method === 'POST' && call.path === '/api/v1/apps') {
      states.push(limiter.hit(THROTTLES.appRegistrations, call.req.remoteIp));
    }
    return { states, exceeded: states.find((s) => s.exceeded) ?? null };
  }

  const fewestRemaining = (states: ThrottleState[]): ThrottleState | undefined =>
    states.reduce<ThrottleState | undefined>(
      (min, s) => (!min || s.remaining < min.remaining ? s : min),
      undefined,
    );

  // ---------- CORS (§9) ----------

  function corsRule(path: string): { methods: string; expose: string | null } | null {
    if (path.startsWith('/api/')) {
      return {
        methods: 'POST, PUT, DELETE, GET, PATCH, OPTIONS',
        expose: 'Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id',
      };
    }
    if (path === '/oauth/token' || path === '/oauth/revoke') return { methods: 'POST', expose: null };
    if (path === '/oauth/userinfo') return { methods: 'GET, POST', expose: null };
    if (
      /^\/(?:\.well-known|nodeinfo)\/./.test(path) ||
      /^\/@[^/]+$/.test(path) ||
      /^\/users\/[^/]+$/.test(path)
    ) {
      return { methods: 'GET', expose: null };
    }
    return null;
  }

  function corsHeaders(rule: { methods: string; expose: string | null }): Record<string, string> {
    return {
      'access-control-allow-origin': '*',
      'access-control-allow-methods': rule.methods,
      ...(rule.expose ? { 'access-control-expose-headers': rule.expose } : {}),
      'access-control-max-age': '7200',
      vary: 'Origin',
    };
  }

  // ---------- the request pipeline ----------

  async function handle(req: SbRequest): Promise<SbResponse> {
    const path = req.url.pathname;
    const rule = corsRule(path);
    const requestId = randomBytes(16).toString('hex');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] && rule) {
      const allowed = rule.methods
        .split(', ')
        .includes(req.headers['access-control-request-method'].toUpperCase());
      const headers: Record<string, string> = { 'x-request-id': requestId };
      if (allowed && req.headers.origin) {
        Object.assign(headers, corsHeaders(rule));
        const asked = req.headers['access-control-request-headers'];
        if (asked) headers['access-control-allow-headers'] = asked;
      }
      return { status: 200, headers, body: '' };
    }

    const call = startCall(req);
    const { rateLimits } = store.state.software;
    let res: SbResponse;
    // GoToSocial's one limiter covers its client API and its /oauth and /auth pages (docs/home-server.md §10.3).
    const gotosocial = rateLimits.headers === 'gotosocial';
    if (path.startsWith('/api/') || path === '/api' || (gotosocial && /^\/(?:oauth|auth)\//.test(path))) {
      const { states, exceeded } = throttleApi(call);
      res = exceeded ? json(429, rateLimits.tooMany) : await route(call);
      const limiting = exceeded ?? fewestRemaining(states);
      if (limiting && gotosocial) {
        Object.assign((res.headers ??= {}), gotosocialHeaders(limiting));
      } else if (limiting) {
        const headers = rateLimitHeaders(limiting);
        const current = Number(res.headers?.['x-ratelimit-remaining'] ?? Infinity);
        // A follow already replaced the headers with the follows family when that one had fewer remaining.
        if (!(current < limiting.remaining)) Object.assign((res.headers ??= {}), headers);
      }
    } else {
      res = await route(call);
    }
    // Akkoma and Sharkey's Mastodon API send no rate-limit headers, 429s included (§10.3).
    if (rateLimits.headers === 'none' && res.headers) {
      for (const name of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])
        delete res.headers[name];
    }
    for (const cookie of call.setCookies) addHeader(res, 'set-cookie', cookie);
    addHeader(res, 'x-request-id', requestId);
    if (rule && req.headers.origin) Object.assign((res.headers ??= {}), corsHeaders(rule));
    return res;
  }

  function startCall(req: SbRequest): Call {
    const params = readParams(req);
    const sessionId = req.cookies[SESSION_COOKIE];
    const session = (sessionId && store.state.sessions.get(sessionId)) || null;
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    const tokenText = bearer ?? stringParam(params, 'access_token') ?? stringParam(params, 'bearer_token');
    const token = tokenText ? store.state.tokens.get(tokenText) : undefined;
    return {
      req,
      path: req.url.pathname,
      params,
      session,
      setCookies: [],
      token: token && !token.revoked ? token : null,
      tokenSent: tokenText !== undefined,
      tokenError: token?.revoked ? ERRORS.revokedToken : ERRORS.invalidToken,
    };
  }

  /** Rails' `_method` override for HTML forms. */
  function methodOf(call: Call): string {
    const override = stringParam(call.params, '_method');
    return call.req.method === 'POST' && override ? override.toUpperCase() : call.req.method;
  }

  async function route(call: Call): Promise<SbResponse> {
    const method = methodOf(call);
    const path = call.path;
    const get = method === 'GET' || method === 'HEAD';
    let m: RegExpExecArray | null;

    if (get && (path === '/.well-known/host-meta' || path === '/.well-known/host-meta.json'))
      return hostMeta(call);
    if (get && path === '/.well-known/webfinger') return webfinger(call);
    if (get && path === '/.well-known/nodeinfo') {
      return json(200, {
        links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: `${base}/nodeinfo/2.0` }],
      });
    }
    if (get && (path === '/nodeinfo/2.0' || path === '/nodeinfo/2.0.json')) return nodeinfo();
    const software = store.state.software;
    if (get && path === '/.well-known/oauth-authorization-server' && software.oauthMetadata !== 'none')
      return oauthMetadata();
    const { interaction } = software;
    if (get && interaction.page && interaction.aliases.includes(path))
      return redirect(`${base}${interaction.page}${call.req.url.search}`);
    if (get && interaction.page === path) return authorizeInteraction(call);

    // Mastodon's share page (docs/home-server.md §6.1); Sharkey's is its front end's (unknownPage).
    if (get && path === '/share' && software.nodeinfo.name === 'mastodon') {
      const user = s.auth.requireLogin(call);
      if (!('id' in user)) return user;
      const part = (name: string) => stringParam(call.params, name) || undefined;
      const text = [part('title'), part('text'), part('url')].filter(Boolean).join(' ');
      return html(200, pages.sharePage(site, text));
    }
    // IntentsController is Mastodon's, whose interaction page it leads to.
    if (get && path === '/intent' && interaction.page === '/authorize_interaction') return intent(call);
    if (path.startsWith('/api/')) return apiRoute(call, method);

    if (path === '/oauth/authorize' && get) return authorizeGet(call);
    if (path === '/oauth/authorize' && (method === 'POST' || method === 'DELETE'))
      return authorizeDecide(call, method === 'POST');
    if (path === '/oauth/authorize/native' && get) {
      return html(200, pages.nativeCodePage(site, stringParam(call.params, 'code') ?? ''));
    }
    if (path === '/oauth/token' && method === 'POST') return oauthToken(call);
    if (path === '/oauth/revoke' && method === 'POST') return oauthRevoke(call);
    if (path === '/auth/sign_in' && (get || method === 'POST') && loginUser(call)) {
      // Devise's require_no_authentication: a signed-in user goes where sign-in would have sent them.
      return redirect(call.session?.returnTo ?? `${base}/`);
    }
    if (path === '/auth/sign_in' && get) return html(200, pages.signInPage(site, ensureSession(call).csrf));
    if (path === '/auth/sign_in' && method === 'POST') return signIn(call);
    if (path === '/auth/sign_out' && method === 'DELETE') return signOut(call);

    if (get && (path === '/' || path === '/home' || path === '/explore')) {
      const me = loginUser(call);
      return html(
        200,
        pages.webAppPage(site, {
          title: config.title,
          content: me ? `<p>Home timeline of @${escapeHtml(me.username)}</p>` : '',
          meId: me?.id ?? null,
        }),
      );
    }
    const id = idPattern(software);
    const page = get ? softwarePage(call) : null;
    if (page) return page;
    if (get && (m = new RegExp(`^/@([^/]+)(?:/(${id}))?/?$`).exec(path)))
      return webPermalink(call, decodeURIComponent(m[1] ?? ''), m[2]);
    if (get && (m = /^\/redirect\/(accounts|statuses)\/(\d+)$/.exec(path)))
      return leaving(m[1] === 'accounts', m[2] ?? '');
    if (get && (m = new RegExp(`^/users/([\\w.-]+)(?:/statuses/(${id}))?$`).exec(path)))
      return activityPubObject(call, m[1] ?? '', m[2]);
    if (get && (m = /^\/system\/accounts\/avatars\/([\w.-]+)\.png$/.exec(path))) return image(m[1] ?? '');
    if (
      get &&
      (path === '/avatars/original/missing.png' ||
        path === '/headers/original/missing.png' ||
        path === '/favicon.ico')
    ) {
      return image('missing');
    }
    if (get && path === '/manifest') {
      return json(200, {
        name: config.title,
        short_name: config.title,
        start_url: '/home',
        scope: '/',
        display: 'standalone',
        icons: [],
      });
    }
    return unknownPage();
  }

  /** IntentsController: `web+mastodon://follow?uri=…` and `web+mastodon://share?text=…` links. */
  function intent(call: Call): SbResponse {
    let target: URL;
    try {
      target = new URL(stringParam(call.params, 'uri') ?? '');
    } catch {
      return html(404, pages.notFoundPage(site));
    }
    if (target.protocol === 'web+mastodon:' && target.host === 'follow') {
      const uri = (target.searchParams.get('uri') ?? '').replace(/^acct:/, '');
      return redirect(`${base}/authorize_interaction?${new URLSearchParams({ uri })}`);
    }
    if (target.protocol === 'web+mastodon:' && target.host === 'share') {
      return redirect(
        `${base}/share?${new URLSearchParams({ text: target.searchParams.get('text') ?? '' })}`,
      );
    }
    return html(404, pages.notFoundPage(site));
  }

  async function apiRoute(call: Call, method: string): Promise<SbResponse> {
    const path = call.path;
    const get = method === 'GET' || method === 'HEAD';
    const software = store.state.software;
    const id = idPattern(software);
    let m: RegExpExecArray | null;
    if (get && path === '/api/v1/instance') return instanceV1();
    if (get && path === '/api/v2/instance' && software.instance.v2) return instanceV2();
    if (get && path === '/api/v1/instance/domain_blocks') return domainBlocks(call);
    if (get && path === '/api/v1/instance/peers') return peers(call);
    if (method === 'POST' && path === '/api/v1/apps') return createApp(call);
    if (get && path === '/api/v1/apps/verify_credentials') {
      const denied = requireToken(call, []);
      if (denied) return denied;
      const app =
        call.token && [...store.state.apps.values()].find((a) => a.clientId === call.token?.clientId);
      return app ? json(200, serializeApp(app, VAPID_KEY, false)) : json(404, { error: ERRORS.notFound });
    }
    if (get && path === '/api/v1/accounts/verify_credentials') {
      const denied = requireToken(call, software.scopes.endpoints.verifyCredentials);
      if (denied) return denied;
      const user = requireUser(call);
      return 'id' in user ? json(200, credentialAccountJson(user as Account)) : user;
    }
    if (get && path === '/api/v2/search') return search(call);
    if (get && path === '/api/v1/search' && store.state.software.search.v1) return search(call, 1);
    if (get && path === '/api/v1/accounts/lookup') return lookup(call);
    if (get && path === '/api/v1/accounts/search') return accountSearch(call);
    if (get && path === '/api/v1/accounts/relationships') return relationships(call);
    if (method === 'POST' && (m = new RegExp(`^/api/v1/accounts/(${id})/(follow|unfollow)$`).exec(path))) {
      return m[2] === 'follow' ? follow(call, m[1] ?? '') : unfollow(call, m[1] ?? '');
    }
    if (method === 'POST' && path === '/api/v1/statuses') return statuses.createStatus(call);
    if (method === 'DELETE' && (m = new RegExp(`^/api/v1/statuses/(${id})$`).exec(path)))
      return statuses.deleteStatus(call, m[1] ?? '');
    if (get && (m = new RegExp(`^/api/v1/accounts/(${id})/following$`).exec(path)))
      return following(call, m[1] ?? '');
    if (get && (m = new RegExp(`^/api/v1/accounts/(${id})$`).exec(path))) {
      const denied = optionalToken(call, software.scopes.endpoints.readAccounts);
      if (denied) return denied;
      const account = store.state.accounts.get(m[1] ?? '');
      return account && !isSuspended(account.domain)
        ? json(200, accountJson(account))
        : json(404, { error: ERRORS.notFound });
    }
    // ApplicationController#raise_not_found answers JSON requests with the HTTP status text (Akkoma: §10.1).
    return json(404, software.unknownApi);
  }

  return {
    hosts: [webDomain],
    handle,
    reset() {
      store.reset();
      statuses.reset();
    },
    admin: (op: string, body: Record<string, unknown>) =>
      op === 'grant-token'
        ? grantToken(body)
        : op === 'deliveries'
          ? statuses.deliveries()
          : store.admin(op, body),
  };
}
