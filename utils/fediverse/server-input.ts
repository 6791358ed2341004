import { hostToUnicode } from './punycode';
import type { MessageKey } from '../i18n';

/**
 * What a person types into "Home server": a host (`mastodon.social`, `https://mastodon.social/`, `Mastodon.Social`,
 * an IDN) or their handle (`@me@mastodon.social`, `me@mastodon.social`). Pure: no network, no browser APIs.
 */
export type ServerInput =
  { kind: 'host'; host: string } | { kind: 'handle'; username: string; domain: string };

export type InputProblem = 'empty' | 'spaces' | 'path' | 'query' | 'insecure' | 'invalid';

export type ParsedServerInput = { ok: true; value: ServerInput } | { ok: false; problem: InputProblem };

/** What the field says of each problem (utils/i18n/messages). */
export const INPUT_MESSAGES: Record<InputProblem, MessageKey> = {
  empty: 'server_inputEmpty',
  spaces: 'server_inputSpaces',
  path: 'server_inputPath',
  query: 'server_inputQuery',
  insecure: 'server_inputInsecure',
  invalid: 'server_inputInvalid',
};

// Mastodon usernames: letters, digits and underscores, with dots and dashes inside (Account::USERNAME_RE).
const USERNAME = /^[a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?$/i;

/**
 * A DNS name of two labels or more (RFC 1123: letters, digits, hyphens inside, 63 characters a label, 253 in all),
 * the last one two characters or longer. A fediverse server has such a name (ActivityPub ids are https URLs of
 * it); single-label names cannot federate.
 */
const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * The one gate for a host, whoever names it: the person typing it, a WebFinger link, a server's own
 * `domain`/`uri`, a nodeinfo link. Lower case, IDN → punycode (what `new URL()` makes), no trailing dot. Null for
 * anything that is not a plain DNS name: IP addresses, ports, userinfo, paths, white space, control characters.
 * Idempotent: a host it returns maps to itself. docs/security-inputs.md lists what it accepts and refuses.
 */
export function normaliseHost(raw: string): string | null {
  // Only a name goes in, never the parts around it: `@` (userinfo), `:` (a port), `/ ? #` (a path), `%` (escapes
  // the parser would decode). The URL parser also drops tabs and line breaks inside a URL, reads `\` as `/` and
  // trims control characters at the ends (WHATWG URL, basic URL parser): `mast\nodon.social` would come out as
  // `mastodon.social`. Refuse all of them before it sees them.
  if (/[\s\p{Cc}@:/\\?#%[\]]/u.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(`https://${raw}`);
  } catch {
    return null;
  }
  const host = url.hostname.replace(/\.$/, '');
  if (!DNS_NAME.test(host)) return null;
  // An all-digit name is an IPv4 address (the URL parser turns `127.1` and `0x7f.1` into `127.0.0.1`).
  if (/^[0-9.]+$/.test(host)) return null;
  return host;
}

/**
 * The host of an `https:` URL a server named (a WebFinger link, a nodeinfo document), through {@link normaliseHost}.
 * Null for another scheme, userinfo, a port, or a host that is no DNS name.
 */
export function httpsUrlHost(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  return normaliseHost(url.hostname);
}

export function parseServerInput(input: string): ParsedServerInput {
  const text = input.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (/\s/.test(text)) return { ok: false, problem: 'spaces' };

  const handle = /^@?([^@/:?#]+)@([^@/?#]+)$/.exec(text);
  if (handle) {
    const [, username = '', rawDomain = ''] = handle;
    const domain = normaliseHost(rawDomain);
    if (!domain || !USERNAME.test(username)) return { ok: false, problem: 'invalid' };
    return { ok: true, value: { kind: 'handle', username: username.toLowerCase(), domain } };
  }

  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme && !['http', 'https'].includes(scheme[1]!.toLowerCase()))
    return { ok: false, problem: 'invalid' };
  const rest = scheme ? text.slice(scheme[0].length) : text;
  const cut = rest.search(/[/?#]/);
  const authority = cut === -1 ? rest : rest.slice(0, cut);
  const tail = cut === -1 ? '' : rest.slice(cut);
  if (/^\/?[?#]/.test(tail)) return { ok: false, problem: 'query' };
  if (tail !== '' && tail !== '/') return { ok: false, problem: 'path' };
  const host = normaliseHost(authority);
  if (!host) return { ok: false, problem: 'invalid' };
  // Mastodon only federates over https; an http:// address is a typo or an attack, never a real server.
  if (scheme && scheme[1]!.toLowerCase() === 'http') return { ok: false, problem: 'insecure' };
  return { ok: true, value: { kind: 'host', host } };
}

/** How a stored (punycode) host is shown to people. */
export function displayHost(host: string): string {
  return hostToUnicode(host);
}

/** `user@xn--bcher-kva.example` → `user@bücher.example`. */
export function displayHandle(handle: string): string {
  const at = handle.lastIndexOf('@');
  return at === -1 ? handle : `${handle.slice(0, at + 1)}${hostToUnicode(handle.slice(at + 1))}`;
}
