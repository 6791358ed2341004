import type { HomeServer, WebClient } from '../storage';
import { intentPage, type HomeIntents } from '../fediverse/intents';
import { homeSoftware } from './home-software';

const NO_INTENTS: HomeIntents = { intents: {}, ownHosts: [] };

/**
 * Where on the web "home" is: the page that shows a post or account the home server knows, in the server's own web
 * UI or in the web client the person chose (docs/home-software.md, "Web UIs and web clients"). Pure: the callers
 * read the server and the choice from storage.
 */

/** An object on the home server, by the ids the server gave it. `acct` is `user` or `user@domain`. */
export type HomeObject =
  { kind: 'status'; acct: string; id: string } | { kind: 'account'; acct: string; id: string };

export const ELK_HOST = 'elk.zone';
export const PHANPY_HOST = 'phanpy.social';

/**
 * A custom client's address patterns take these, in one pass (a value is never read as a placeholder or a
 * replacement pattern); the values are checked path segments (utils/mastodon/resolve.ts), and the pattern keeps
 * them out of its origin (utils/settings/web-client.ts).
 */
export function fillPattern(pattern: string, values: { server: string; acct: string; id: string }): string {
  return pattern.replace(/\{(server|acct|id)\}/g, (_, name: 'server' | 'acct' | 'id') => values[name]);
}

function fill(pattern: string, server: HomeServer, object: HomeObject): string | null {
  return httpsOnly(fillPattern(pattern, { server: server.host, acct: object.acct, id: object.id }));
}

/**
 * An address handed to a web client in its own path or hash, as the URL parser writes it: `..` segments resolved
 * and no fragment, so that a remote server's id cannot step out into another path of the client.
 */
function plainAddress(uri: string): string | null {
  if (!URL.canParse(uri)) return null;
  const url = new URL(uri);
  url.hash = '';
  return url.protocol === 'https:' ? url.href : null;
}

function httpsOnly(address: string): string | null {
  if (!URL.canParse(address)) return null;
  const url = new URL(address);
  return url.protocol === 'https:' && !url.username && !url.password ? url.href : null;
}

/** The server's own page for the object, or null where its web shows only its own users (GoToSocial). */
export function serverPage(server: HomeServer, object: HomeObject): string | null {
  const status = object.kind === 'status';
  const path = (() => {
    switch (homeSoftware(server).webUi) {
      case 'mastodon':
        return status ? `/@${object.acct}/${object.id}` : `/@${object.acct}`;
      case 'mastodon-web':
        return status ? `/web/@${object.acct}/${object.id}` : `/web/@${object.acct}`;
      case 'mastodon-ids':
        return status ? `/web/statuses/${object.id}` : `/web/accounts/${object.id}`;
      case 'akkoma':
        return status ? `/notice/${object.id}` : `/users/${object.id}`;
      case 'pleroma':
        return status ? `/notice/${object.id}` : `/users/$${object.id}`;
      case 'misskey':
        return status ? `/notes/${object.id}` : `/@${object.acct}`;
      case 'none':
        return null;
    }
  })();
  // Through URL so that an IDN in a remote acct (Mastodon shows it in Unicode) is percent-encoded.
  return path === null ? null : new URL(path, `https://${server.host}`).href;
}

/** The object's page in a web client signed in to the same server. */
export function clientPage(client: WebClient, server: HomeServer, object: HomeObject): string | null {
  const status = object.kind === 'status';
  switch (client.kind) {
    case 'elk':
      return httpsOnly(
        `https://${client.host}/${server.host}/@${object.acct}${status ? `/${object.id}` : ''}`,
      );
    case 'phanpy':
      return httpsOnly(`https://${client.host}/#/${server.host}/${status ? 's' : 'a'}/${object.id}`);
    case 'custom':
      return fill(status ? client.post : client.profile, server, object);
  }
}

/** Where a known object opens: the chosen client, else the server's own page; null when neither exists. */
export function objectPage(server: HomeServer, client: WebClient | null, object: HomeObject): string | null {
  return client ? clientPage(client, server, object) : serverPage(server, object);
}

/**
 * The page that opens an address (or a `user@domain` handle) at home without Homeward's token: it resolves it and
 * asks the person to sign in where needed. Elk and Phanpy take a remote address themselves; a custom client has
 * no such page. Then the server's own word: the intents its WebFinger answer publishes (utils/fediverse/intents.ts;
 * Follow for a handle, Object for an address), then what its software is known to serve. Null when there is none at
 * all (GoToSocial without a client).
 */
export function interactionPage(
  server: HomeServer,
  client: WebClient | null,
  uri: string,
  intents: HomeIntents = NO_INTENTS,
): string | null {
  const isHandle = !/^https:\/\//i.test(uri);
  if (client?.kind === 'elk' || client?.kind === 'phanpy') {
    const address = isHandle ? uri : plainAddress(uri);
    if (address === null) return null;
    if (client.kind === 'elk')
      return httpsOnly(
        isHandle ? `https://${client.host}/${server.host}/@${address}` : `https://${client.host}/${address}`,
      );
    return httpsOnly(
      isHandle
        ? `https://${client.host}/#/${server.host}/a/@${address}`
        : `https://${client.host}/#/${address}`,
    );
  }
  const published = intentPage(intents, { kind: isHandle ? 'account' : 'object', uri }, [
    server.host,
    server.localDomain.toLowerCase(),
  ]);
  if (published) return published;
  const base = `https://${server.host}`;
  const query = (name: string): string => `${name}=${encodeURIComponent(uri)}`;
  switch (homeSoftware(server).interaction) {
    case 'authorize_interaction':
      return `${base}/authorize_interaction?${query('uri')}`;
    case 'ostatus_subscribe':
      return `${base}/ostatus_subscribe?${query('acct')}`;
    case 'lookup':
      // Misskey's look-up page takes an https address; its web UI opens an account by `/@user@host` itself.
      return isHandle ? new URL(`/@${uri}`, base).href : `${base}/lookup?${query('uri')}`;
    case 'none':
      return null;
  }
}
