import { createInProcessFediverse, type InProcessFediverse, type InProcessOptions } from './core/in-process';
import { startSandbox as startCore, type Sandbox, type SandboxOptions } from './core/server';
import { defaultModules } from './modules';

export { SandboxAdmin } from './core/admin-client';
export { UnknownAdminOpError } from './core/admin';
export type { Fault } from './core/faults';
export type { Gate, GateTarget, InProcessEntry, InProcessFault, InProcessFediverse } from './core/in-process';
export type { LogEntry, RequestClient } from './core/request-log';
export type { ModuleFactory, Sandbox, SandboxOptions } from './core/server';
export { defaultModules } from './modules';
export * from './hosts';
export type * from './types';

/** Starts the sandbox fediverse; `modules` defaults to every host module (defaultModules). */
export function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startCore({ modules: defaultModules, ...opts });
}

/**
 * The sandbox fediverse in this process, behind a `fetch`-compatible function (core/in-process.ts); `modules`
 * defaults to every host module.
 */
export function inProcessFediverse(opts: Partial<InProcessOptions> = {}): InProcessFediverse {
  return createInProcessFediverse({ modules: defaultModules, ...opts });
}
