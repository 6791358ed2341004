/**
 * Pure OAuth rules of a Mastodon 4.5 server: its scope list, Doorkeeper's redirect-URI validation at app
 * registration and its redirect-URI matching at authorization (docs/home-server.md §1, §1–2).
 */

/** `config/initializers/doorkeeper.rb` at 4.5: default `read`, then the optional scopes (collections came later). */
export const SERVER_SCOPES: readonly string[] = [
  'read',
  'profile',
  'write',
  'write:accounts',
  'write:blocks',
  'write:bookmarks',
  'write:conversations',
  'write:favourites',
  'write:filters',
  'write:follows',
  'write:lists',
  'write:media',
  'write:mutes',
  'write:notifications',
  'write:reports',
  'write:statuses',
  'read:accounts',
  'read:blocks',
  'read:bookmarks',
  'read:favourites',
  'read:filters',
  'read:follows',
  'read:lists',
  'read:mutes',
  'read:notifications',
  'read:search',
  'read:statuses',
  'follow',
  'push',
  'admin:read',
  'admin:read:accounts',
  'admin:read:reports',
  'admin:read:domain_allows',
  'admin:read:domain_blocks',
  'admin:read:ip_blocks',
  'admin:read:email_domain_blocks',
  'admin:read:canonical_email_blocks',
  'admin:write',
  'admin:write:accounts',
  'admin:write:reports',
  'admin:write:domain_allows',
  'admin:write:domain_blocks',
  'admin:write:ip_blocks',
  'admin:write:email_domain_blocks',
  'admin:write:canonical_email_blocks',
];

export const OOB_REDIRECT_URI = 'urn:ietf:wg:oauth:2.0:oob';

/** Splits a scope string on whitespace and removes duplicates, keeping the first occurrence's order. */
export function parseScopes(text: string): string[] {
  return [...new Set(text.split(/\s+/).filter(Boolean))];
}

/** Doorkeeper's ScopeChecker: non-empty, no control whitespace, every scope known to the server and the app. */
export function scopesValid(
  text: string,
  appScopes: readonly string[],
  serverScopes: readonly string[] = SERVER_SCOPES,
): boolean {
  if (/[\r\n\t]/.test(text)) return false;
  const scopes = parseScopes(text);
  return (
    scopes.length > 0 && scopes.every((scope) => serverScopes.includes(scope) && appScopes.includes(scope))
  );
}

export function sameScopeSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((scope) => b.includes(scope));
}

/** The parts of a URI as Ruby's RFC 3986 parser (`URI.parse`) sees them. */
export interface RubyUri {
  scheme: string | null;
  /** Present for `scheme:rest` without `//` (e.g. `foo:bar`, `localhost:3000/cb`). */
  opaque: string | null;
  host: string | null;
  port: string | null;
  path: string;
  query: string | null;
  fragment: string | null;
}

const URI_PATTERN = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
// RFC 3986 unreserved, reserved and percent signs; anything else makes Ruby raise URI::InvalidURIError.
const URI_CHARS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;

/** Parses like Ruby's `URI.parse`, returning null where Ruby raises `URI::InvalidURIError`. */
export function parseRubyUri(text: string): RubyUri | null {
  if (!URI_CHARS.test(text)) return null;
  const match = URI_PATTERN.exec(text);
  if (!match) return null;
  const [, scheme, authority, rest = '', query, fragment] = match;
  // A relative reference's first segment cannot hold a colon ("1abc:x" is neither a scheme nor a path).
  if (scheme === undefined && authority === undefined && /^[^/]*:/.test(rest)) return null;
  let host: string | null = null;
  let port: string | null = null;
  if (authority !== undefined) {
    const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
    const portMatch = /^(.*?)(?::(\d*))?$/.exec(hostPort);
    host = portMatch?.[1] ?? hostPort;
    port = portMatch?.[2] || null;
    if (host.startsWith('[') !== host.endsWith(']')) return null;
  }
  const opaque =
    scheme !== undefined && authority === undefined && rest !== '' && !rest.startsWith('/') ? rest : null;
  return {
    scheme: scheme ?? null,
    opaque,
    host,
    port,
    path: opaque === null ? rest : '',
    query: query ?? null,
    fragment: fragment ?? null,
  };
}

const isHttp = (uri: RubyUri): boolean =>
  uri.scheme?.toLowerCase() === 'http' || uri.scheme?.toLowerCase() === 'https';

/**
 * Doorkeeper's RedirectUriValidator messages for one `redirect_uri` value (whitespace separates several),
 * in the order the validator adds them; [] when valid.
 */
export function redirectUriErrors(value: string): string[] {
  const uris = value.split(/\s+/).filter(Boolean);
  if (uris.length === 0) return ["can't be blank"];
  const errors: string[] = [];
  for (const text of uris) {
    if (text === OOB_REDIRECT_URI) continue;
    const uri = parseRubyUri(text);
    if (!uri) {
      errors.push('must be a valid URI.');
      continue;
    }
    if (['data', 'vbscript', 'javascript'].includes(uri.scheme?.toLowerCase() ?? ''))
      errors.push('is forbidden by the server.');
    if (uri.fragment !== null) errors.push('cannot contain a fragment.');
    if (uri.opaque !== null || uri.scheme === 'localhost') errors.push('must specify a scheme.');
    if (uri.scheme === null && uri.host === null) errors.push('must be an absolute URI.');
    if (isHttp(uri) && !uri.host) errors.push('must be a valid URI.');
  }
  return errors;
}

const DEFAULT_PORTS: Record<string, string> = { http: '80', https: '443' };

function isLoopback(host: string | null): boolean {
  if (!host) return false;
  return /^127(?:\.\d{1,3}){3}$/.test(host) || host === '[::1]';
}

function comparable(uri: RubyUri, ignorePort: boolean): string {
  const scheme = uri.scheme?.toLowerCase() ?? '';
  const port = ignorePort ? '' : (uri.port ?? DEFAULT_PORTS[scheme] ?? '');
  return [
    scheme,
    uri.opaque ?? '',
    uri.host?.toLowerCase() ?? '',
    port,
    uri.path === '' ? '/' : uri.path,
  ].join('\u0000');
}

function sortedQuery(query: string): string {
  return [...new URLSearchParams(query)]
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
}

/** Doorkeeper's `URIChecker.matches?`: URI equality after normalisation, registered query rules, loopback ports. */
export function redirectUriMatches(requested: string, registered: string): boolean {
  const url = parseRubyUri(requested);
  const client = parseRubyUri(registered);
  if (!url || !client) return requested === registered;
  if (client.query !== null && sortedQuery(url.query ?? '') !== sortedQuery(client.query)) return false;
  const ignorePort = isLoopback(url.host) && isLoopback(client.host);
  return comparable(url, ignorePort) === comparable(client, ignorePort);
}

/** `URIChecker.valid_for_authorization?`: the requested URI is well-formed and matches one registered URI. */
export function redirectUriAllowed(requested: string, registered: readonly string[]): boolean {
  if (requested === OOB_REDIRECT_URI) return registered.includes(OOB_REDIRECT_URI);
  const uri = parseRubyUri(requested);
  if (!uri || uri.scheme === null || uri.fragment !== null || uri.opaque !== null) return false;
  if (isHttp(uri) && !uri.host) return false;
  return registered.some((other) => redirectUriMatches(requested, other));
}

/** Ruby's `Addressable::URI` check in Mastodon's UrlValidator: http(s) with a host. */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const GROUP_TITLES: Record<string, string> = {
  all: 'Full access to your Mastodon account',
  profile: 'Your Mastodon profile',
  accounts: 'Accounts',
  blocks: 'Blocks',
  bookmarks: 'Bookmarks',
  conversations: 'Conversations',
  favourites: 'Favorites',
  filters: 'Filters',
  follows: 'Follows',
  lists: 'Lists',
  media: 'Media attachments',
  mutes: 'Mutes',
  notifications: 'Notifications',
  push: 'Push notifications',
  reports: 'Reports',
  search: 'Search',
  statuses: 'Posts',
  admin: 'Administration',
};

const ACCESS_TEXT = {
  read: 'Read-only access',
  write: 'Write-only access',
  'read/write': 'Read and write access',
} as const;

/** The authorization page's grouped permissions (Mastodon's `grouped_scopes` helper, simplified). */
export function groupedPermissions(scopes: readonly string[]): { title: string; access: string }[] {
  const groups = new Map<string, Set<'read' | 'write'>>();
  const add = (key: string, access: 'read' | 'write'): void => {
    const set = groups.get(key) ?? new Set();
    set.add(access);
    groups.set(key, set);
  };
  for (const scope of scopes) {
    const [first = '', second = '', third] = scope.split(':');
    if (first === 'read' || first === 'write') add(second || 'all', first);
    else if (first === 'follow') {
      add('follows', 'read');
      add('follows', 'write');
    } else if (first === 'profile') add('profile', 'read');
    else if (first === 'push') add('push', 'read');
    else if (first === 'admin')
      add(third ? `admin/${third}` : 'admin', second === 'write' ? 'write' : 'read');
  }
  return [...groups].map(([key, set]) => ({
    title:
      GROUP_TITLES[key] ??
      (key.startsWith('admin/') ? `Administration of ${key.slice(6).replaceAll('_', ' ')}` : key),
    access: ACCESS_TEXT[set.size === 2 ? 'read/write' : set.has('read') ? 'read' : 'write'],
  }));
}
