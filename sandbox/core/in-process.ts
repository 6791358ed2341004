/**
 * The sandbox fediverse without sockets: a `fetch`-compatible function that hands each request to the same host
 * modules the TLS listener serves (listener.ts), for unit tests that stub the global `fetch`. A request becomes
 * the SbRequest the listener would build (lower-case headers, the Cookie header parsed, the body as bytes) and
 * the module's answer goes out with the listener's own encoding (encodeResponse): same status, headers,
 * content-type and body. Modules reach each other through an in-process `serverFetch` too, and read a clock the
 * caller chooses.
 *
 * What a browser does around the request is kept to what the extension's code can see: cookies from a per-host
 * jar unless `credentials: 'omit'` (set-cookie answers fill the jar on the same condition), redirects followed
 * unless `redirect` says otherwise, the request's `signal` obeyed. Every request is logged with what it carried.
 */
import { DOWN, HANGING } from '../hosts';
import type { HostModule, SandboxContext, SbRequest, SbResponse } from '../types';
import { SERVER_FETCH_TIMEOUT_MS } from './context';
import { faultResponse, FaultTable, type Fault } from './faults';
import { answerOf, encodeResponse } from './listener';
import { parseCookies, type RequestClient } from './request-log';
import { buildModules, type ModuleFactory } from './server';

/**
 * A fault in front of a host, as the listener's (faults.ts), plus two the listener has no use for:
 * - `timeout`: the request fails at once the way the client's own timer would end it (a DOMException
 *   `TimeoutError` for fetch, an error for serverFetch), so a test need not wait out a real timeout on a `hang`;
 * - `answer`: a broken or hostile server's answer instead of the module's, encoded as a module's would be (for
 *   tests of what a client does with answers no sandbox module gives).
 * `refuse` is a network error (fetch's `TypeError`).
 */
export type InProcessFault = Fault & {
  timeout?: boolean;
  answer?: SbResponse;
  /** Instead of a prefix: the paths (without query) this pattern matches; the newest such fault wins over prefixes. */
  pathPattern?: RegExp;
};

/** Which requests a gate holds: per host, by path prefix (with query) or pattern (without), the next `count`. */
export interface GateTarget {
  host: string;
  pathPrefix?: string;
  pathPattern?: RegExp;
  /** Hold only the next `count` matching requests; later ones pass (default: every one until opened). */
  count?: number;
}

export interface InProcessEntry {
  seq: number;
  host: string;
  method: string;
  /** Path with query. */
  path: string;
  url: URL;
  /** `extension` for the fetch this module makes, `server:<host>` for a module's serverFetch. */
  client: RequestClient;
  /** The request's credentials mode (`omit` for serverFetch, which never sends cookies). */
  credentials: RequestCredentials;
  authorization: string | null;
  /** A Cookie header was sent, and with which names. */
  cookies: boolean;
  cookieNames: string[];
  headers: Record<string, string>;
  body: string;
  /** As the listener's log: null while in flight, 0 when it ended unanswered (fault, abort, gate never opened). */
  status: number | null;
}

/** A gate holds matching requests, before their fault or module, until the test lets them through. */
export interface Gate {
  /** How many requests reached the gate (and were held), in all. */
  readonly arrived: number;
  /** How many requests wait at the gate now. */
  readonly waiting: number;
  /** The most that ever waited at once. */
  readonly peak: number;
  /** Lets the oldest waiting request through; false if none waits. */
  releaseOne(): boolean;
  /** Lets every waiting request through and opens the gate for good. */
  open(): void;
}

export interface InProcessOptions {
  modules: ModuleFactory[];
  /** The clock the modules read (ctx.now()); Date.now by default, so a faked Date moves it too. */
  now?: () => number;
}

export interface InProcessFediverse {
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  /** The context every module was built with: serverFetch stays in-process. */
  ctx: SandboxContext;
  /** Every request in arrival order, extension and server-to-server alike. */
  log: InProcessEntry[];
  /** The listener's fault table semantics: per host and path prefix, longest prefix wins, same key replaces. */
  fail(fault: InProcessFault): void;
  heal(): void;
  hold(target: GateTarget): Gate;
  /** A cookie the browser holds for `host`, sent with requests to it unless they omit credentials. */
  setCookie(host: string, name: string, value: string): void;
  /** A module's admin operation, as POST /hosts/<host>/<op> on the admin API. */
  admin(host: string, op: string, body?: Record<string, unknown>): Promise<unknown>;
  /** The most requests matching `filter` that were in flight at the same time. */
  peakInFlight(filter: (entry: InProcessEntry) => boolean): number;
  /** Every module back to its first state; faults, gates (released), log and cookies cleared. */
  reset(): void;
}

const REDIRECTS = [301, 302, 303, 307, 308];
/** The Fetch standard's redirect limit. */
const MAX_REDIRECTS = 20;
const NULL_BODY = [101, 103, 204, 205, 304];

interface GateState {
  host: string;
  pathPrefix: string;
  pathPattern: RegExp | null;
  count: number;
  arrived: number;
  queue: (() => void)[];
  peak: number;
  open: boolean;
}

interface Outgoing {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  client: RequestClient;
  credentials: RequestCredentials;
  signal: AbortSignal | null;
}

class Unanswered extends Error {
  constructor(
    readonly kind: 'refused' | 'timeout' | 'aborted',
    readonly reason?: unknown,
  ) {
    super(kind);
  }
}

export function createInProcessFediverse(opts: InProcessOptions): InProcessFediverse {
  const now = opts.now ?? (() => Date.now());
  const faults = new FaultTable();
  let patternFaults: InProcessFault[] = [];
  const log: InProcessEntry[] = [];
  const spans = new Map<InProcessEntry, { from: number; to: number }>();
  let tick = 0;
  let seq = 1;
  let gates: GateState[] = [];
  let jar = new Map<string, Map<string, string>>();

  const ctx: SandboxContext = {
    now,
    async serverFetch(fromHost, url, init = {}) {
      const target = new URL(url);
      if (target.protocol !== 'https:' && target.protocol !== 'http:')
        throw new Error(`serverFetch: not an http(s) URL: ${url}`);
      // The headers context.ts sends (its SERVER_FETCH_HEADER only tells the log who asked: kept out here too).
      const headers: Record<string, string> = {
        'user-agent': `http.rb/5.2.0 (Mastodon/4.3.0; +https://${fromHost}/)`,
        ...Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
        host: target.host,
      };
      const body = Buffer.from(init.body ?? '', 'utf8');
      if (init.body !== undefined) headers['content-length'] = String(body.length);
      try {
        const answer = await exchange({
          method: init.method ?? 'GET',
          url: target,
          headers,
          body,
          client: `server:${fromHost}`,
          credentials: 'omit',
          signal: AbortSignal.timeout(SERVER_FETCH_TIMEOUT_MS),
        });
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(answer.headers))
          flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        return { status: answer.status, headers: flat, text: Buffer.from(answer.body).toString('utf8') };
      } catch (err) {
        if (err instanceof Unanswered && err.kind !== 'refused')
          throw new Error(`serverFetch: ${url} timed out after ${SERVER_FETCH_TIMEOUT_MS} ms`);
        if (err instanceof Unanswered) throw new Error(`serverFetch: ${url}: connection refused`);
        throw err;
      }
    },
  };
  const modules: ReadonlyMap<string, HostModule> = buildModules(opts.modules, ctx);

  function waitFor(signal: AbortSignal | null, until: Promise<void> | null): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new Unanswered('aborted', signal.reason));
      const onAbort = () => reject(new Unanswered('aborted', signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      until?.then(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, reject);
    });
  }

  /** One request to one host, as the listener handles it: log, gate, fault, module. */
  async function exchange(out: Outgoing) {
    const host = out.url.hostname.toLowerCase();
    const path = out.url.pathname + out.url.search;
    const cookies = parseCookies(out.headers['cookie']);
    const entry: InProcessEntry = {
      seq: seq++,
      host,
      method: out.method,
      path,
      url: new URL(out.url.href),
      client: out.client,
      credentials: out.credentials,
      authorization: out.headers['authorization'] ?? null,
      cookies: out.headers['cookie'] !== undefined,
      cookieNames: Object.keys(cookies),
      headers: out.headers,
      body: out.body.toString('utf8'),
      status: null,
    };
    log.push(entry);
    const span = { from: tick++, to: Infinity };
    spans.set(entry, span);
    try {
      const gate = gates.find(
        (g) =>
          !g.open &&
          g.arrived < g.count &&
          g.host === host &&
          path.startsWith(g.pathPrefix) &&
          (g.pathPattern?.test(out.url.pathname) ?? true),
      );
      if (gate) {
        gate.arrived += 1;
        const passed = new Promise<void>((resolve) => gate.queue.push(resolve));
        gate.peak = Math.max(gate.peak, gate.queue.length);
        await waitFor(out.signal, passed);
      }
      const fault =
        patternFaults.findLast((f) => f.host === host && f.pathPattern?.test(out.url.pathname)) ??
        (faults.match(host, path) as InProcessFault | undefined);
      if (fault?.refuse || host === DOWN) throw new Unanswered('refused');
      if (fault?.timeout) throw new Unanswered('timeout');
      if (fault?.latencyMs) {
        const latency = fault.latencyMs;
        await waitFor(out.signal, new Promise((resolve) => setTimeout(resolve, latency)));
      }
      if (fault?.hang || host === HANGING) await waitFor(out.signal, null);
      const sbRequest: SbRequest = {
        method: out.method,
        url: out.url,
        host,
        headers: out.headers,
        cookies,
        body: out.body,
        remoteIp: '127.0.0.1',
      };
      const response: SbResponse = fault?.answer
        ? fault.answer
        : fault?.status !== undefined
          ? {
              status: fault.status,
              headers: { 'content-type': faultResponse(fault.status).contentType },
              body: faultResponse(fault.status).body,
            }
          : await answerOf(modules, sbRequest);
      if (out.signal?.aborted) throw new Unanswered('aborted', out.signal.reason);
      if (fault?.dropAfter) throw new Unanswered('refused');
      const { headers, body } = encodeResponse(response);
      entry.status = response.status;
      return { status: response.status, headers, body };
    } catch (err) {
      if (entry.status === null) entry.status = 0;
      throw err;
    } finally {
      span.to = tick++;
    }
  }

  function cookieHeader(host: string): string | undefined {
    const cookies = jar.get(host);
    if (!cookies?.size) return undefined;
    return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Keeps name=value of each Set-Cookie; an expired one (Max-Age ≤ 0, or Expires in the past) removes it. */
  function storeCookies(host: string, setCookie: string | string[] | undefined): void {
    for (const line of setCookie === undefined ? [] : [setCookie].flat()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => {
        const [key = '', val = ''] = a.split('=').map((x) => x.trim());
        if (key.toLowerCase() === 'max-age') return Number(val) <= 0;
        if (key.toLowerCase() === 'expires') return Date.parse(val) < now();
        return false;
      });
      const cookies = jar.get(host) ?? new Map<string, string>();
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
      jar.set(host, cookies);
    }
  }

  async function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    let method = request.method.toUpperCase();
    let url = new URL(request.url);
    let body = Buffer.from(await request.arrayBuffer());
    const sent: Record<string, string> = {};
    request.headers.forEach((value, name) => (sent[name] = value));
    let redirected = false;
    for (let hop = 0; ; hop++) {
      const host = url.hostname.toLowerCase();
      const headers: Record<string, string> = { ...sent, host: url.host };
      const cookie = request.credentials === 'omit' ? undefined : cookieHeader(host);
      if (cookie) headers['cookie'] = cookie;
      if (body.length > 0) headers['content-length'] = String(body.length);
      let answer;
      try {
        answer = await exchange({
          method,
          url,
          headers,
          body,
          client: 'extension',
          credentials: request.credentials,
          signal: request.signal,
        });
      } catch (err) {
        if (!(err instanceof Unanswered)) throw err;
        if (err.kind === 'aborted') throw err.reason;
        if (err.kind === 'timeout')
          throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
        throw new TypeError('fetch failed');
      }
      if (request.credentials !== 'omit') storeCookies(host, answer.headers['set-cookie']);
      const location = answer.headers['location'];
      if (
        REDIRECTS.includes(answer.status) &&
        typeof location === 'string' &&
        request.redirect !== 'manual'
      ) {
        if (request.redirect === 'error' || hop >= MAX_REDIRECTS) throw new TypeError('fetch failed');
        url = new URL(location, url);
        redirected = true;
        // The Fetch standard: 303, and 301/302 after a POST, go on as a GET without a body.
        if (
          answer.status === 303 ||
          ((answer.status === 301 || answer.status === 302) && method === 'POST')
        ) {
          if (method !== 'HEAD') method = 'GET';
          body = Buffer.alloc(0);
          delete sent['content-type'];
        }
        continue;
      }
      const headerList = new Headers();
      for (const [name, value] of Object.entries(answer.headers))
        for (const one of [value].flat()) headerList.append(name, one);
      const nullBody = NULL_BODY.includes(answer.status) || method === 'HEAD';
      const bytes = typeof answer.body === 'string' ? answer.body : new Uint8Array(answer.body);
      const response = new Response(nullBody ? null : bytes, {
        status: answer.status,
        headers: headerList,
      });
      Object.defineProperty(response, 'url', { value: url.href });
      Object.defineProperty(response, 'redirected', { value: redirected });
      return response;
    }
  }

  return {
    fetch,
    ctx,
    log,
    // The listener's table wants one of its own kinds: an answer comes after any latency, like a status.
    fail(fault) {
      const kinds = fault.timeout
        ? { hang: true, ...fault }
        : fault.answer
          ? { status: fault.answer.status, ...fault }
          : fault;
      if (!fault.pathPattern) return faults.set(kinds);
      // Validated as the table validates its own, then kept beside it.
      new FaultTable().set({ ...kinds, pathPrefix: undefined });
      patternFaults.push(kinds);
    },
    heal: () => {
      faults.clear();
      patternFaults = [];
    },
    hold(target) {
      const state: GateState = {
        host: target.host.toLowerCase(),
        pathPrefix: target.pathPrefix ?? '',
        pathPattern: target.pathPattern ?? null,
        count: target.count ?? Infinity,
        arrived: 0,
        queue: [],
        peak: 0,
        open: false,
      };
      gates.push(state);
      return {
        get arrived() {
          return state.arrived;
        },
        get waiting() {
          return state.queue.length;
        },
        get peak() {
          return state.peak;
        },
        releaseOne: () => {
          const next = state.queue.shift();
          next?.();
          return next !== undefined;
        },
        open: () => {
          state.open = true;
          state.queue.splice(0).forEach((release) => release());
        },
      };
    },
    setCookie(host, name, value) {
      const cookies = jar.get(host.toLowerCase()) ?? new Map<string, string>();
      cookies.set(name, value);
      jar.set(host.toLowerCase(), cookies);
    },
    async admin(host, op, body = {}) {
      const module = modules.get(host.toLowerCase());
      if (!module?.admin) throw new Error(`no admin ops for host ${host}`);
      return (await module.admin(op, body)) ?? null;
    },
    peakInFlight(filter) {
      const chosen = log.filter(filter).map((entry) => spans.get(entry) ?? { from: 0, to: 0 });
      let peak = 0;
      for (const { from } of chosen) {
        peak = Math.max(peak, chosen.filter((s) => s.from <= from && from < s.to).length);
      }
      return peak;
    },
    reset() {
      for (const module of new Set(modules.values())) module.reset();
      faults.clear();
      patternFaults = [];
      for (const gate of gates) {
        gate.open = true;
        gate.queue.splice(0).forEach((release) => release());
      }
      gates = [];
      log.length = 0;
      spans.clear();
      jar = new Map();
    },
  };
}
