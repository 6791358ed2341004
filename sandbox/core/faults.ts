/** A fault injected in front of a host's module, for every path or only under `pathPrefix`. */
export interface Fault {
  host: string;
  /** Applies to paths (with query) starting with this; omitted = every path. */
  pathPrefix?: string;
  /** Wait this long before answering (or before the other fault kinds take effect). */
  latencyMs?: number;
  /** Answer this status instead of the module (see faultResponse for the body). */
  status?: number;
  /**
   * Accept the request and never answer while the fault stands. When the faults are cleared (the server is back),
   * a hung connection is reset, as the restart of a stuck server drops its connections; the HANGING host never ends.
   * That is the network listener's (listener.ts); the in-process sandbox's hang lasts until the client gives up.
   */
  hang?: boolean;
  /** Destroy the connection without answering. */
  refuse?: boolean;
  /**
   * Let the module act and answer, then destroy the connection before the answer is sent: the server did what was
   * asked and the client never hears of it, as when the connection resets after the request was read (a mobile
   * network dropping, a load balancer restarting).
   */
  dropAfter?: boolean;
}

export class FaultTable {
  private faults: Fault[] = [];
  /** Settles at the next clear(); a new one waits for the clear after. */
  private nextClear = settleable();

  /** Adds a fault; one for the same host and prefix replaces the earlier one. */
  set(fault: Fault): void {
    validateFault(fault);
    const prefix = fault.pathPrefix ?? '';
    this.faults = this.faults.filter((f) => !(f.host === fault.host && (f.pathPrefix ?? '') === prefix));
    this.faults.push(fault);
  }

  clear(): void {
    this.faults = [];
    this.nextClear.settle();
    this.nextClear = settleable();
  }

  /** Resolves at the next clear(). */
  cleared(): Promise<void> {
    return this.nextClear.promise;
  }

  /** The fault with the longest matching prefix for this host and path, if any. */
  match(host: string, path: string): Fault | undefined {
    let best: Fault | undefined;
    for (const f of this.faults) {
      const prefix = f.pathPrefix ?? '';
      if (f.host === host && path.startsWith(prefix) && prefix.length >= (best?.pathPrefix ?? '').length)
        best = f;
    }
    return best;
  }
}

function settleable(): { promise: Promise<void>; settle: () => void } {
  let settle: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

function validateFault(f: Fault): void {
  if (typeof f.host !== 'string' || !f.host) throw new Error('fault: host is required');
  if (f.pathPrefix !== undefined && (typeof f.pathPrefix !== 'string' || !f.pathPrefix.startsWith('/')))
    throw new Error('fault: pathPrefix must start with /');
  if (f.latencyMs !== undefined && !(Number.isFinite(f.latencyMs) && f.latencyMs >= 0))
    throw new Error('fault: latencyMs must be a number >= 0');
  if (f.status !== undefined && !(Number.isInteger(f.status) && f.status >= 100 && f.status <= 599))
    throw new Error('fault: status must be an HTTP status');
  if (f.dropAfter && (f.status !== undefined || f.hang || f.refuse))
    throw new Error('fault: dropAfter lets the module answer: it goes with latencyMs only');
  if (f.latencyMs === undefined && f.status === undefined && !f.hang && !f.refuse && !f.dropAfter)
    throw new Error('fault: give at least one of latencyMs, status, hang, refuse, dropAfter');
}

/**
 * The answer for a status fault. 502/503/504 come from the reverse proxy in front of a real Mastodon
 * (nginx in the official setup, see mastodon's dist/nginx.conf), so they get nginx's HTML error page, which is
 * what a client really has to cope with; any other status looks like Mastodon's own API errors ({"error": …}).
 */
export function faultResponse(status: number): { contentType: string; body: string } {
  const gateway: Record<number, string> = {
    502: 'Bad Gateway',
    503: 'Service Temporarily Unavailable',
    504: 'Gateway Time-out',
  };
  const reason = gateway[status];
  if (reason) {
    const title = `${status} ${reason}`;
    return {
      contentType: 'text/html',
      body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
    };
  }
  return { contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error: 'sandbox fault' }) };
}
