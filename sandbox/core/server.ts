import type { AddressInfo, Server } from 'node:net';
import { ALL_HOSTS } from '../hosts';
import type { HostModule, SandboxContext } from '../types';
import { createAdminServer } from './admin';
import { SandboxAdmin } from './admin-client';
import { chromiumArgs, findClosedPort, FIREFOX_ENV, firefoxPrefs } from './browsers';
import { createCertificates } from './ca';
import { createContext, type SandboxClock } from './context';
import { FaultTable } from './faults';
import { createListener } from './listener';
import { createProxy } from './proxy';
import { RequestLog } from './request-log';
import { closeServer, SocketSet } from './sockets';

export type ModuleFactory = (ctx: SandboxContext) => HostModule[];

export interface SandboxOptions {
  /** Factories of the host modules; none by default (sandbox/index.ts defaults to the whole fediverse). */
  modules?: ModuleFactory[];
  /** The TLS + plain HTTP listener for every host; 0 (default) = ephemeral. */
  port?: number;
  /** The HTTP proxy for Firefox. */
  proxyPort?: number;
  /** The admin API. */
  adminPort?: number;
}

export interface Sandbox {
  port: number;
  proxyPort: number;
  adminPort: number;
  /** http://127.0.0.1:<adminPort>/ */
  adminUrl: string;
  caPem: string;
  ctx: SandboxContext;
  chromiumArgs(): string[];
  firefoxPrefs(): Record<string, unknown>;
  /** Environment variables the Firefox process needs besides the prefs (see FIREFOX_ENV). */
  firefoxEnv(): Record<string, string>;
  admin: SandboxAdmin;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Every module the factories make, by the (lower-case) host names it answers for; two for one host is an error. */
export function buildModules(factories: ModuleFactory[], ctx: SandboxContext): Map<string, HostModule> {
  const modules = new Map<string, HostModule>();
  for (const factory of factories) {
    for (const module of factory(ctx)) {
      for (const host of module.hosts) {
        const key = host.toLowerCase();
        if (modules.has(key)) throw new Error(`sandbox: two modules answer for ${host}`);
        modules.set(key, module);
      }
    }
  }
  return modules;
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const log = new RequestLog();
  const faults = new FaultTable();
  const clock: SandboxClock = { offsetMs: 0 };
  let port = 0;
  // Modules are built before the certificate (which must name every host they serve); they can only call
  // serverFetch once the sandbox is listening, by which time the CA exists.
  let caPem = '';
  const ctx = createContext({ port: () => port, caPem: () => caPem, clock });

  const modules = buildModules(opts.modules ?? [], ctx);

  const sandboxHosts = new Set([...ALL_HOSTS, ...modules.keys()]);
  const certs = createCertificates([...sandboxHosts]);
  caPem = certs.caPem;
  const listener = createListener({ certs, modules, faults, log });
  const proxy = createProxy({ port: () => port, log, isSandboxHost: (host) => sandboxHosts.has(host) });
  const adminSockets = new SocketSet();
  const adminServer = createAdminServer({
    modules,
    faults,
    log,
    clock,
    caPem: certs.caPem,
    info: () => ({ port, proxyPort, adminPort, hosts: [...modules.keys()] }),
  });
  adminServer.on('connection', (s) => adminSockets.add(s));

  const close = async () => {
    const closing = [listener.server, proxy.server, adminServer].map(closeServer);
    for (const sockets of [listener.sockets, proxy.sockets, adminSockets]) sockets.destroyAll();
    await Promise.all(closing);
  };
  const closedPort = await findClosedPort();
  let proxyPort: number;
  let adminPort: number;
  try {
    port = await listen(listener.server, opts.port ?? 0);
    proxyPort = await listen(proxy.server, opts.proxyPort ?? 0);
    adminPort = await listen(adminServer, opts.adminPort ?? 0);
  } catch (err) {
    // E.g. a fixed port in use: release the ports already taken.
    await close();
    throw err;
  }
  const adminUrl = `http://127.0.0.1:${adminPort}/`;

  return {
    port,
    proxyPort,
    adminPort,
    adminUrl,
    caPem: certs.caPem,
    ctx,
    chromiumArgs: () => chromiumArgs({ port, closedPort, leafSpkiSha256: certs.leafSpkiSha256 }),
    firefoxPrefs: () => firefoxPrefs(proxyPort),
    firefoxEnv: () => ({ ...FIREFOX_ENV }),
    admin: new SandboxAdmin(adminUrl),
    close,
  };
}
