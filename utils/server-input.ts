import { hostToUnicode } from './punycode';

/**
 * What a person types into "Home server": a host (`mastodon.social`, `https://mastodon.social/`, `Mastodon.Social`,
 * an IDN) or their handle (`@me@mastodon.social`, `me@mastodon.social`). Pure: no network, no browser APIs.
 */
export type ServerInput =
  { kind: 'host'; host: string } | { kind: 'handle'; username: string; domain: string };

export type InputProblem = 'empty' | 'spaces' | 'path' | 'query' | 'insecure' | 'invalid';

export type ParsedServerInput = { ok: true; value: ServerInput } | { ok: false; problem: InputProblem };

export const INPUT_MESSAGES: Record<InputProblem, string> = {
  empty: "Enter your server's address, like mastodon.social.",
  spaces: "A server address can't contain spaces.",
  path: "Enter just the server's address, without a path.",
  query: "Enter just the server's address, without ?… or #….",
  insecure: 'Mastodon servers use https://. Enter the address with https:// or without a prefix.',
  invalid: "That isn't a valid server address.",
};

// Mastodon usernames: letters, digits and underscores, with dots and dashes inside (Account::USERNAME_RE).
const USERNAME = /^[a-z0-9_]+([a-z0-9_.-]+[a-z0-9_]+)?$/i;

/** Normalises a host through the URL parser: lower case, IDN → punycode. Null when it is no valid DNS host. */
function normaliseHost(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(`https://${raw}`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.port || url.pathname !== '/' || url.search || url.hash) return null;
  const host = url.hostname.replace(/\.$/, '');
  // A fediverse server has a DNS name with at least one dot (ActivityPub ids are https URLs of that name);
  // bare IP addresses and single-label names cannot federate.
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/.test(host)) return null;
  if (/^[0-9.]+$/.test(host)) return null;
  return host;
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
