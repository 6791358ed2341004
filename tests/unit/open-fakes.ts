/**
 * A fake of the home servers "Open it at home" talks to, behind a stubbed global `fetch` (masto uses it too):
 * `/api/v2/search?resolve=true` over the objects each server can resolve, and `/api/v1/instance/domain_blocks`,
 * modelled on docs/home-server.md §4 and §7. Every other host is unreachable.
 */
import { TOKEN, type Call, type Fault } from './follow-fakes';

/** What a server's resolve finds for a URL, with the server's own ids and acct. */
export interface Resolvable {
  /** `uri`: the id the server stored, when its fetch was redirected elsewhere (by default the id asked for). */
  status?: { id: string; acct: string; uri?: string };
  account?: { acct: string; uri?: string };
}

interface DomainBlock {
  domain: string;
  digest: string;
  severity: string;
}

/** A fault, or an answer that arrives late (`ms` of fake time), or one that never arrives. */
export type OpenFault = Fault | { delay: number } | { hang: true } | { body: unknown };

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

function accountJson(acct: string) {
  const [username = acct, domain] = acct.split('@');
  return {
    id: String(acct.length * 7919),
    username,
    acct,
    display_name: username,
    locked: false,
    bot: false,
    url: domain ? `https://${domain}/@${username}` : `https://local/@${username}`,
  };
}

export function fakeHomeServers() {
  const calls: Call[] = [];
  const servers = new Map<string, { objects: Map<string, Resolvable>; blocks: DomainBlock[] | null }>();
  const faults: { host: string; path: RegExp; fault: OpenFault }[] = [];

  function serverOf(host: string) {
    let server = servers.get(host);
    if (!server) {
      server = { objects: new Map(), blocks: null };
      servers.set(host, server);
    }
    return server;
  }

  function answer(host: string, url: URL, authorized: boolean): Response {
    const server = serverOf(host);
    if (url.pathname === '/api/v1/instance/domain_blocks') {
      // Hidden by the `show_domain_blocks` setting: an empty 404.
      return server.blocks ? json(200, server.blocks) : new Response(null, { status: 404 });
    }
    if (url.pathname !== '/api/v2/search') return json(404, { error: 'Not found' });
    if (!authorized) return json(401, { error: 'The access token is invalid' });
    const q = url.searchParams.get('q');
    if (!q) return json(400, { error: 'param is missing or the value is empty or invalid: q' });
    // Only a resolving URL query finds the object; anything else finds nothing in this fake.
    const found = url.searchParams.get('resolve') === 'true' ? server.objects.get(q) : undefined;
    return json(200, {
      accounts: found?.account ? [{ ...accountJson(found.account.acct), uri: found.account.uri ?? q }] : [],
      statuses: found?.status
        ? [
            {
              id: found.status.id,
              uri: found.status.uri ?? q,
              url: q,
              account: accountJson(found.status.acct),
              content: '<p>Hi</p>',
            },
          ]
        : [],
      hashtags: [],
    });
  }

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    calls.push({
      method: request.method,
      url,
      credentials: request.credentials,
      authorization: request.headers.get('authorization'),
    });
    if (!servers.has(url.host)) throw new TypeError('fetch failed');
    const fault = faults.find((f) => f.host === url.host && f.path.test(url.pathname))?.fault;
    if (fault && 'hang' in fault) return new Promise<Response>(() => undefined);
    if (fault && 'delay' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delay));
    if (fault && 'body' in fault) return json(200, fault.body);
    if (fault && 'timeout' in fault)
      throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    if (fault && 'network' in fault) throw new TypeError('fetch failed');
    if (fault && 'status' in fault) {
      if (fault.html) {
        return new Response(`<html><head><title>${fault.status}</title></head></html>`, {
          status: fault.status,
          headers: { 'content-type': 'text/html' },
        });
      }
      return json(fault.status, { error: 'Something happened' }, fault.headers);
    }
    return answer(url.host, url, request.headers.get('authorization') === `Bearer ${TOKEN}`);
  }

  return {
    fetch,
    calls,
    /** `METHOD host/path` of every request, in order. */
    requests: () => calls.map((c) => `${c.method} ${c.url.host}${c.url.pathname}`),
    /** A server that answers (with nothing resolvable until told). */
    addServer(host: string) {
      serverOf(host);
    },
    /** The server can resolve `uri` (a URL or an ActivityPub id) to this object. */
    publish(host: string, uri: string, object: Resolvable) {
      serverOf(host).objects.set(uri, object);
    },
    setDomainBlocks(host: string, blocks: DomainBlock[] | null) {
      serverOf(host).blocks = blocks;
    },
    fail(host: string, path: RegExp, fault: OpenFault) {
      faults.push({ host, path, fault });
    },
    heal() {
      faults.length = 0;
    },
  };
}

export type FakeHomeServers = ReturnType<typeof fakeHomeServers>;
