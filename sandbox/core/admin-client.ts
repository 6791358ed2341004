import type { PeersSummary, SetPeersOptions } from '../home/peers';
import type { ClientCredentials, SoftwareId } from '../home/software';
import type { Fault } from './faults';
import type { LogEntry } from './request-log';

/** Typed client for the sandbox admin API (see admin.ts), for tests and the e2e harness. */
export class SandboxAdmin {
  constructor(readonly adminUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.adminUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = (await res.json()) as unknown;
    if (!res.ok) {
      const message = (data as { error?: string } | null)?.error ?? JSON.stringify(data);
      throw new Error(`sandbox admin ${method} ${path}: ${res.status} ${message}`);
    }
    return data as T;
  }

  /** Every module back to its initial state, faults cleared, clock offset 0, log emptied. */
  async reset(): Promise<void> {
    await this.call('POST', '/reset');
  }

  /** Log entries with seq > since. */
  log(since = 0): Promise<LogEntry[]> {
    return this.call('GET', `/log?since=${since}`);
  }

  async clearLog(): Promise<void> {
    await this.call('DELETE', '/log');
  }

  async fault(fault: Fault): Promise<void> {
    await this.call('POST', '/faults', fault);
  }

  async clearFaults(): Promise<void> {
    await this.call('DELETE', '/faults');
  }

  /** Shifts ctx.now() of every module by offsetMs from real time. */
  async clock(offsetMs: number): Promise<void> {
    await this.call('POST', '/clock', { offsetMs });
  }

  /**
   * The home server at `host` plays another home software (docs/home-server.md §10), starting over as that
   * server; `clientCredentials` overrides how it answers that grant. `reset()` goes back to Mastodon 4.5.
   */
  setHomeSoftware(
    host: string,
    profile: SoftwareId,
    opts: { clientCredentials?: ClientCredentials } = {},
  ): Promise<{ profile: SoftwareId; clientCredentials: ClientCredentials }> {
    return this.hostOp(host, 'software', { profile, ...opts });
  }

  /**
   * `/api/v1/instance/peers` on the home server at `host` (docs/home-server.md §3.1): `domains` are known as if it
   * had accounts there, `count` pads the list with generated domains (`peer-00001.example`, …) up to that many,
   * `enabled: false` turns the API off (Mastodon: an empty 404), `expose: true` lists them without a token
   * (GoToSocial's `instance-expose-peers`). Fields left out keep their values; `reset()` restores the defaults.
   */
  setPeers(host: string, opts: SetPeersOptions): Promise<PeersSummary> {
    return this.hostOp(host, 'set-peers', { ...opts });
  }

  /** A host module's admin operation; rejects with the API's message on 400/404. */
  hostOp<T = unknown>(host: string, op: string, body: Record<string, unknown> = {}): Promise<T> {
    return this.call('POST', `/hosts/${encodeURIComponent(host)}/${encodeURIComponent(op)}`, body);
  }
}
