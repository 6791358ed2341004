/**
 * The sandbox's home Mastodon servers: HOME (home.example, LOCAL_DOMAIN = WEB_DOMAIN) and the WEB_DOMAIN setup,
 * where handles read @maya@wd.example but the server runs at social.wd.example.
 */
import { HOME, HOME_USER, WEB_DOMAIN_LOCAL, WEB_DOMAIN_WEB } from '../hosts';
import type { HostModule, SandboxContext, SbRequest, SbResponse } from '../types';
import { alreadyFollowedSeeds } from '../remote/threads-following';
import { createMastodonServer, type LocalUser } from './mastodon-server';

export { createMastodonServer } from './mastodon-server';
export type { LocalUser, MastodonServerConfig } from './mastodon-server';

const HOME_USERS: LocalUser[] = [
  {
    username: HOME_USER.username,
    displayName: HOME_USER.displayName,
    email: HOME_USER.email,
    password: HOME_USER.password,
    note: 'Sandbox user of the Homeward extension.',
    statuses: [
      'Hello from the Homeward sandbox!',
      'Trying out Homeward: following people from Threads on my own server.',
    ],
  },
  {
    username: 'sam',
    displayName: 'Sam Rivera',
    note: 'Another local user on the home server.',
    statuses: ['Good morning, fediverse.'],
  },
];

/**
 * The apex of a WEB_DOMAIN setup only forwards discovery to the Mastodon host: Mastodon's WEB_DOMAIN
 * documentation (docs.joinmastodon.org/admin/config) asks admins to redirect the apex's /.well-known/webfinger
 * (host-meta and nodeinfo are commonly forwarded alongside it) to the Mastodon host, typically an nginx
 * `return 301 https://<web domain>$request_uri`. The `Access-Control-Allow-Origin: *` is what deployments add so
 * that browser clients may follow the redirect; it is a common practice, not something Mastodon sets.
 */
function createWebDomainApex(): HostModule {
  const forwarded = [
    '/.well-known/webfinger',
    '/.well-known/host-meta',
    '/.well-known/host-meta.json',
    '/.well-known/nodeinfo',
  ];
  return {
    hosts: [WEB_DOMAIN_LOCAL],
    handle(req: SbRequest): SbResponse {
      if (forwarded.includes(req.url.pathname)) {
        return {
          status: 301,
          headers: {
            location: `https://${WEB_DOMAIN_WEB}${req.url.pathname}${req.url.search}`,
            'access-control-allow-origin': '*',
            'content-type': 'text/html',
          },
          body: '<html><head><title>301 Moved Permanently</title></head><body><center><h1>301 Moved Permanently</h1></center><hr><center>nginx</center></body></html>\n',
        };
      }
      return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'Not Found\n' };
    },
    reset() {},
  };
}

export function createHomeModules(ctx: SandboxContext): HostModule[] {
  return [
    createMastodonServer(ctx, {
      localDomain: HOME,
      webDomain: HOME,
      title: 'Home Sandbox',
      description: 'The home server of the Homeward sandbox fediverse.',
      users: HOME_USERS,
      // The home user already follows a dozen of the people on ada.follows' Threads Following list
      // (sandbox/remote/threads-following.ts), so a scan of that list meets "already followed" rows.
      alreadyFollowing: alreadyFollowedSeeds(),
    }),
    createWebDomainApex(),
    createMastodonServer(ctx, {
      localDomain: WEB_DOMAIN_LOCAL,
      webDomain: WEB_DOMAIN_WEB,
      title: 'WD Social',
      description: 'A Mastodon server whose handles use a separate LOCAL_DOMAIN.',
      users: HOME_USERS,
    }),
  ];
}
