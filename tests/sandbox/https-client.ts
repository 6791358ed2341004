import https from 'node:https';
import type { Sandbox } from '../../sandbox';
import type { Json } from './home-harness';

export interface HttpsReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: Json;
}

export interface RequestOptions {
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

/**
 * HTTPS to the sandbox's real host names through its listener, trusting its CA, with one cookie jar per host like
 * a browser profile. `sandbox` is read at each request: suites start theirs in beforeAll.
 */
export class SandboxClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly sandbox: () => Pick<Sandbox, 'port' | 'caPem'>) {}

  request(method: string, url: string, opts: RequestOptions = {}): Promise<HttpsReply> {
    const target = new URL(url);
    const payload = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
    const cookie = this.cookies.get(target.host);
    const { port, caPem } = this.sandbox();
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port,
          servername: target.hostname,
          ca: caPem,
          method,
          path: target.pathname + target.search,
          timeout: opts.timeoutMs,
          headers: {
            host: target.host,
            ...(cookie ? { cookie } : {}),
            ...(payload ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
            ...opts.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            for (const setCookie of res.headers['set-cookie'] ?? [])
              this.cookies.set(target.host, setCookie.split(';')[0] ?? '');
            const text = Buffer.concat(chunks).toString('utf8');
            let json: Json;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('client timeout')));
      req.on('error', reject);
      req.end(payload);
    });
  }
}
