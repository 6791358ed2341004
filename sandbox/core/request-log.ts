/** Who made a request, as far as the headers tell. */
export type RequestClient = 'extension' | `server:${string}` | 'page' | 'unknown';

export interface LogEntry {
  seq: number;
  /** ISO time of arrival (real time, not the shifted sandbox clock). */
  time: string;
  host: string;
  /** CONNECT for a proxy tunnel to a host the sandbox does not serve (path is then host:port). */
  method: string;
  /** Path with query. */
  path: string;
  /**
   * The status answered; null while the request is still in flight (latency fault, hanging host);
   * 0 when it ended without an answer (hung until the client left or the sandbox closed, refused).
   */
  status: number | null;
  /** A Cookie header was sent. */
  cookies: boolean;
  cookieNames: string[];
  origin: string | null;
  referer: string | null;
  secFetchSite: string | null;
  secFetchMode: string | null;
  secFetchDest: string | null;
  userAgent: string | null;
  client: RequestClient;
}

/** Set by ctx.serverFetch so the log can tell server-to-server requests; stripped before modules and the log. */
export const SERVER_FETCH_HEADER = 'x-homeward-sandbox-from';

const EXTENSION_ORIGIN = /^(chrome|moz)-extension:\/\//;

export function classifyClient(
  headers: Record<string, string | undefined>,
  serverFrom: string | null,
): RequestClient {
  if (serverFrom) return `server:${serverFrom}`;
  const origin = headers['origin'];
  const referer = headers['referer'];
  if ((origin && EXTENSION_ORIGIN.test(origin)) || (referer && EXTENSION_ORIGIN.test(referer)))
    return 'extension';
  if (origin?.startsWith('https://') || referer?.startsWith('https://')) return 'page';
  if (headers['sec-fetch-mode'] === 'navigate') return 'page';
  return 'unknown';
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // Not percent-encoded after all: keep the raw value, as browsers send it.
    }
    if (name && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}

export class RequestLog {
  private entries: LogEntry[] = [];
  private nextSeq = 1;

  /** Appends an entry for a request that just arrived; the returned object is updated when it is answered. */
  add(fields: Omit<LogEntry, 'seq' | 'time'>): LogEntry {
    const entry: LogEntry = { seq: this.nextSeq++, time: new Date().toISOString(), ...fields };
    this.entries.push(entry);
    return entry;
  }

  /** Entries with seq > since. */
  since(since = 0): LogEntry[] {
    return this.entries.filter((e) => e.seq > since);
  }

  /** Empties the log; seq keeps counting up so a reader's `since` never sees an old number reused. */
  clear(): void {
    this.entries = [];
  }
}
