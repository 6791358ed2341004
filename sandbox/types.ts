/**
 * The contract between the sandbox core (TLS, routing, proxy, request log, faults, admin API)
 * and the host modules that play the fediverse (home Mastodon server, remote servers, Threads, Instagram).
 */

export interface SbRequest {
  method: string;
  /** Full URL as the client asked for it, e.g. https://home.example/api/v2/instance?x=1 */
  url: URL;
  host: string;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  cookies: Record<string, string>;
  body: Buffer;
  remoteIp: string;
}

export interface SbResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** A string or Buffer is sent as is; any other value is sent as JSON (content-type application/json). */
  body?: string | Buffer | unknown;
}

/** What the core offers every host module. */
export interface SandboxContext {
  /**
   * A real HTTPS request from one sandbox host to another (server-to-server, e.g. the home server's
   * WebFinger and ActivityPub fetches). It goes through the real TLS listener and shows in the request log
   * with client "server:<fromHost>".
   */
  serverFetch(
    fromHost: string,
    url: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ): Promise<{
    status: number;
    headers: Record<string, string>;
    text: string;
  }>;
  /** The clock every module uses (tests may shift it through the admin API). */
  now(): number;
}

export interface HostModule {
  /** Host names this module answers for. */
  hosts: readonly string[];
  handle(req: SbRequest): Promise<SbResponse> | SbResponse;
  /** Back to the initial state (called by POST /reset on the admin API). */
  reset(): void;
  /**
   * Module-specific admin operations, reached as POST /hosts/<first host>/<op> on the admin API with a JSON body.
   * E.g. the home server: revoke-tokens, suspend-domain, accept-follows.
   */
  admin?(op: string, body: Record<string, unknown>): unknown | Promise<unknown>;
}

export type HostModuleFactory = (ctx: SandboxContext) => HostModule;
