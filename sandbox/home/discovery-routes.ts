/** Instance metadata and discovery documents (docs/home-server.md §3, §2 OAuth metadata). */
import { createHash } from 'node:crypto';
import type { SbResponse } from '../types';
import { empty, json, stringParam } from './http';
import type { Account } from './model';
import { SERVER_SCOPES } from './oauth-rules';
import { ERRORS, VAPID_KEY, type Call, type Server } from './context';
import { publicDomain } from './store';

/** Misskey's permission kinds, `read:` and `write:` of each (docs/home-server.md §10.1). */
const MISSKEY_PERMISSIONS = [
  ...['account', 'blocks', 'drive', 'favorites', 'following', 'messaging', 'mutes'].flatMap((kind) => [
    `read:${kind}`,
    `write:${kind}`,
  ]),
  'write:notes',
  'read:notifications',
  'write:notifications',
  'read:reactions',
  'write:reactions',
  'write:votes',
  ...['pages', 'page-likes', 'user-groups', 'channels', 'gallery', 'gallery-likes'].flatMap((kind) => [
    `read:${kind}`,
    `write:${kind}`,
  ]),
];

/** The deprecated v1 instance endpoint's `Deprecation` value (2022-11-14, `api/v1/instances_controller.rb`). */
const V1_INSTANCE_DEPRECATION = '@1668384000';

export function discoveryRoutes(s: Server) {
  const { config, base, localDomain, webDomain, store, auth } = s;
  const { findLocal, isLocalDomain } = store;
  const { apiUser } = auth;

  function hostMeta(call: Call): SbResponse {
    const template = `${base}/.well-known/webfinger?resource={uri}`;
    const wantsJson =
      call.path.endsWith('.json') || (call.req.headers.accept ?? '').includes('application/json');
    if (wantsJson) return json(200, { links: [{ rel: 'lrdd', template }] });
    return {
      status: 200,
      headers: { 'content-type': 'application/xrd+xml; charset=utf-8' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">\n  <Link rel="lrdd" template="${template}"/>\n</XRD>\n`,
    };
  }

  function webfinger(call: Call): SbResponse {
    const resource = stringParam(call.params, 'resource')?.trim();
    if (!resource) return empty(400);
    const headers = {
      'content-type': 'application/jrd+json; charset=utf-8',
      'cache-control': 'max-age=259200, public',
    };
    // Remote servers find the interaction page here; GoToSocial publishes none (docs/home-server.md §10.1). After
    // it, Mastodon 4.6's Activity Intents (§10.6), whose answer lists them for every account and the instance actor.
    const links = store.state.webfingerLinks;
    const address = (template: string) => (/^https:\/\//.test(template) ? template : `${base}${template}`);
    const subscribe = [
      ...(links.subscribe
        ? [{ rel: 'http://ostatus.org/schema/1.0/subscribe', template: address(links.subscribe) }]
        : []),
      ...links.intents.map((intent) => ({
        rel: `https://w3id.org/fep/3b86/${intent.type}`,
        template: address(intent.template),
      })),
    ];
    const instanceActor = (): SbResponse =>
      json(
        200,
        {
          subject: `acct:${localDomain}@${localDomain}`,
          aliases: [`${base}/actor`],
          links: [
            {
              rel: 'http://webfinger.net/rel/profile-page',
              type: 'text/html',
              href: `${base}/about/more?instance_actor=true`,
            },
            { rel: 'self', type: 'application/activity+json', href: `${base}/actor` },
            ...subscribe,
          ],
        },
        headers,
      );
    let account: Account | undefined;
    if (/^https?:\/\//i.test(resource)) {
      let url: URL;
      try {
        url = new URL(resource);
      } catch {
        return empty(400);
      }
      if (!isLocalDomain(url.hostname)) return empty(404);
      if (url.pathname === '/' || url.pathname === '') return instanceActor();
      const match = /^\/(?:@|users\/)([\w.-]+)\/?$/.exec(url.pathname);
      if (!match?.[1]) return empty(400);
      account = findLocal(match[1]);
    } else if (resource.includes('@')) {
      const [username = '', domain = '', ...rest] = resource.replace(/^acct:/i, '').split('@');
      if (rest.length > 0 || !username || !isLocalDomain(domain)) return empty(404);
      if (isLocalDomain(username)) return instanceActor();
      account = findLocal(username);
    } else {
      return empty(400);
    }
    if (!account) return empty(404);
    return json(
      200,
      {
        subject: `acct:${account.username}@${localDomain}`,
        aliases: [account.url, account.uri],
        links: [
          { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: account.url },
          { rel: 'self', type: 'application/activity+json', href: account.uri },
          ...subscribe,
          { rel: 'http://webfinger.net/rel/avatar', type: 'image/png', href: account.avatar },
        ],
      },
      headers,
    );
  }

  function nodeinfo(): SbResponse {
    const localAccounts = [...store.state.accounts.values()].filter((a) => a.domain === null);
    const localPosts = [...store.state.statuses.values()].filter((s) =>
      localAccounts.some((a) => a.id === s.accountId),
    ).length;
    return json(
      200,
      {
        version: '2.0',
        software: store.state.software.nodeinfo,
        protocols: ['activitypub'],
        services: { outbound: [], inbound: [] },
        usage: { users: { total: localAccounts.length, activeMonth: 1, activeHalfyear: 1 }, localPosts },
        openRegistrations: true,
        metadata: { nodeName: config.title, nodeDescription: config.description },
      },
      {
        'content-type':
          'application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.0#"; charset=utf-8',
      },
    );
  }

  function oauthMetadata(): SbResponse {
    if (store.state.software.oauthMetadata === 'misskey') return misskeyOauthMetadata();
    return json(200, {
      issuer: `${base}/`,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      revocation_endpoint: `${base}/oauth/revoke`,
      userinfo_endpoint: `${base}/oauth/userinfo`,
      scopes_supported: SERVER_SCOPES,
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      grant_types_supported: ['authorization_code', 'client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256'],
      service_documentation: 'https://docs.joinmastodon.org/',
      app_registration_endpoint: `${base}/api/v1/apps`,
    });
  }

  /**
   * Sharkey answers Misskey's RFC 8414 document (docs/home-server.md §10.1): Misskey's permission names, only the
   * authorization-code grant, and S256, which its Mastodon-compatible authorization then never reads.
   */
  function misskeyOauthMetadata(): SbResponse {
    return json(200, {
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      scopes_supported: MISSKEY_PERMISSIONS,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code'],
      service_documentation: 'https://misskey-hub.net',
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
  }

  const configuration = {
    urls: {
      streaming: `wss://${webDomain}`,
      status: null,
      about: `${base}/about`,
      privacy_policy: `${base}/privacy-policy`,
      terms_of_service: null,
    },
    vapid: { public_key: VAPID_KEY },
    accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
    statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
    media_attachments: {
      description_limit: 1500,
      image_matrix_limit: 33_177_600,
      image_size_limit: 16_777_216,
      supported_mime_types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4'],
      video_frame_rate_limit: 120,
      video_matrix_limit: 8_294_400,
      video_size_limit: 103_809_024,
    },
    polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2_629_746 },
    translation: { enabled: false },
    timelines_access: {
      live_feeds: { local: 'public', remote: 'public' },
      hashtag_feeds: { local: 'public', remote: 'public' },
      trending_link_feeds: { local: 'public', remote: 'public' },
    },
    limited_federation: false,
  };

  function instanceV2(): SbResponse {
    const users = [...store.state.accounts.values()].filter((a) => a.domain === null);
    return json(
      200,
      {
        domain: localDomain,
        title: config.title,
        version: store.state.software.instance.version,
        source_url: 'https://github.com/mastodon/mastodon',
        description: config.description,
        usage: { users: { active_month: users.length } },
        thumbnail: { url: `${base}/packs/media/images/preview.png` },
        icon: [],
        languages: ['en'],
        configuration,
        registrations: {
          enabled: true,
          approval_required: false,
          reason_required: false,
          message: null,
          min_age: null,
          url: null,
        },
        api_versions: { mastodon: 7 },
        contact: { email: `admin@${localDomain}`, account: null },
        rules: [],
      },
      { 'cache-control': 'public, max-age=300' },
    );
  }

  function instanceV1(): SbResponse {
    const users = [...store.state.accounts.values()].filter((a) => a.domain === null);
    const domains = new Set([...store.state.accounts.values()].map((a) => a.domain).filter(Boolean));
    return json(
      200,
      {
        uri: localDomain,
        title: config.title,
        short_description: config.description,
        description: config.description,
        email: `admin@${localDomain}`,
        version: store.state.software.instance.version,
        urls: { streaming_api: `wss://${webDomain}` },
        stats: {
          user_count: users.length,
          status_count: store.state.statuses.size,
          domain_count: domains.size,
        },
        thumbnail: `${base}/packs/media/images/preview.png`,
        languages: ['en'],
        registrations: true,
        approval_required: false,
        invites_enabled: true,
        configuration,
        contact_account: null,
        rules: [],
      },
      { deprecation: V1_INSTANCE_DEPRECATION, 'cache-control': 'public, max-age=300' },
    );
  }

  /** `api/v1/instances/domain_blocks_controller.rb`: 404 (empty) unless the `show_domain_blocks` setting allows. */
  function domainBlocks(call: Call): SbResponse {
    const visible =
      store.state.domainBlocksVisibility === 'all' ||
      (store.state.domainBlocksVisibility === 'users' && apiUser(call) !== null);
    if (!visible) return empty(404);
    const order = { suspend: 0, silence: 1 };
    return json(
      200,
      [...store.state.domainBlocks]
        .sort((a, b) => order[a.severity] - order[b.severity])
        .map((b) => ({
          domain: publicDomain(b),
          digest: createHash('sha256').update(b.domain).digest('hex'),
          severity: b.severity,
          comment: b.comment,
        })),
    );
  }

  /**
   * `GET /api/v1/instance/peers` (docs/home-server.md §3.1, §10.1): the domains the server knows, as the software
   * being played answers. Mastodon: anyone, a token is not read; an empty 404 when the admin turned the API off
   * (`head 404 unless Setting.peers_api_enabled`). GoToSocial: a user's token in the Authorization header unless
   * `instance-expose-peers` is on; an app's token or an invalid one counts as none. Akkoma, Sharkey: anyone.
   */
  function peers(call: Call): SbResponse {
    const { software, peers: settings } = store.state;
    const answer = software.peers;
    if (!settings.enabled) return empty(404);
    if (answer.access === 'user' && !settings.expose) {
      const bearer = /^Bearer\s+(.+)$/i.exec(call.req.headers.authorization ?? '')?.[1]?.trim();
      const user = call.token && call.token.token === bearer ? apiUser(call) : null;
      if (!user) return json(401, answer.unauthorized ?? { error: ERRORS.invalidToken });
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': answer.cacheControl },
      body: store.peersAnswer().body,
    };
  }

  return { hostMeta, webfinger, nodeinfo, oauthMetadata, instanceV1, instanceV2, domainBlocks, peers };
}
