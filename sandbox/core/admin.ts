import http from 'node:http';
import type { HostModule } from '../types';
import type { SandboxClock } from './context';
import type { Fault, FaultTable } from './faults';
import type { RequestLog } from './request-log';

/** Thrown by a module's admin() for an op it does not have: the admin API answers 404 instead of 400. */
export class UnknownAdminOpError extends Error {
  constructor(op: string) {
    super(`unknown admin op: ${op}`);
    this.name = 'UnknownAdminOpError';
  }
}

export interface AdminDeps {
  modules: ReadonlyMap<string, HostModule>;
  faults: FaultTable;
  log: RequestLog;
  clock: SandboxClock;
  /** Body of GET /info. */
  info: () => Record<string, unknown>;
  caPem: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The admin API (plain HTTP, JSON in and out) tests and the e2e harness use to drive the sandbox. */
export function createAdminServer(deps: AdminDeps): http.Server {
  const reset = () => {
    for (const module of new Set(deps.modules.values())) module.reset();
    deps.faults.clear();
    deps.clock.offsetMs = 0;
    deps.log.clear();
  };

  async function route(method: string, url: URL, body: Record<string, unknown>): Promise<unknown> {
    const path = url.pathname;
    const actions: Record<string, (() => void) | undefined> = {
      'POST /reset': reset,
      'DELETE /log': () => deps.log.clear(),
      'POST /faults': () => deps.faults.set(body as unknown as Fault),
      'DELETE /faults': () => deps.faults.clear(),
    };
    const action = actions[`${method} ${path}`];
    if (action) {
      action();
      return { ok: true };
    }
    if (method === 'GET' && path === '/log') {
      const since = Number(url.searchParams.get('since') ?? 0);
      if (!Number.isInteger(since)) throw new HttpError(400, 'log: since must be a seq number');
      return deps.log.since(since);
    }
    if (method === 'POST' && path === '/clock') {
      if (typeof body.offsetMs !== 'number' || !Number.isFinite(body.offsetMs))
        throw new HttpError(400, 'clock: offsetMs must be a number');
      deps.clock.offsetMs = body.offsetMs;
      return { ok: true, offsetMs: body.offsetMs };
    }
    if (method === 'GET' && path === '/info') return deps.info();
    const hostOp = /^\/hosts\/([^/]+)\/([^/]+)$/.exec(path);
    if (method === 'POST' && hostOp) {
      const [, host = '', op = ''] = hostOp.map(decodeURIComponent);
      const module = deps.modules.get(host);
      if (!module?.admin) throw new HttpError(404, `no admin ops for host ${host}`);
      try {
        return (await module.admin(op, body)) ?? null;
      } catch (err) {
        if (err instanceof UnknownAdminOpError) throw new HttpError(404, err.message);
        throw new HttpError(400, err instanceof Error ? err.message : String(err));
      }
    }
    throw new HttpError(404, `no admin route ${method} ${path}`);
  }

  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://admin.invalid');
    if (req.method === 'GET' && url.pathname === '/ca.pem') {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(deps.caPem);
      return;
    }
    let status = 200;
    let result: unknown;
    try {
      const raw = await readText(req);
      let body: unknown = {};
      try {
        body = raw.trim() ? JSON.parse(raw) : {};
      } catch {
        throw new HttpError(400, 'body is not JSON');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new HttpError(400, 'body must be a JSON object');
      result = await route(req.method ?? 'GET', url, body as Record<string, unknown>);
    } catch (err) {
      status = err instanceof HttpError ? err.status : 400;
      result = { error: err instanceof Error ? err.message : String(err) };
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(result));
  });
}

function readText(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
