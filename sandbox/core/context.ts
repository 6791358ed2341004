import http from 'node:http';
import https from 'node:https';
import type { SandboxContext } from '../types';
import { SERVER_FETCH_HEADER } from './request-log';

export const SERVER_FETCH_TIMEOUT_MS = 10_000;

export interface SandboxClock {
  offsetMs: number;
}

/**
 * The context handed to every host module. serverFetch goes over real TLS to the sandbox's own listener, with
 * the certificate checked against the sandbox CA for the URL's host name, exactly as one server reaching another.
 */
export function createContext(opts: {
  port: () => number;
  caPem: () => string;
  clock: SandboxClock;
}): SandboxContext {
  return {
    now: () => Date.now() + opts.clock.offsetMs,
    serverFetch(fromHost, url, init = {}) {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      if (!secure && target.protocol !== 'http:')
        return Promise.reject(new Error(`serverFetch: not an http(s) URL: ${url}`));
      const headers: Record<string, string> = {
        // Mastodon's own fetches identify themselves like this (http.rb, app/lib/request.rb).
        'user-agent': `http.rb/5.2.0 (Mastodon/4.3.0; +https://${fromHost}/)`,
        ...lowerCaseKeys(init.headers ?? {}),
        host: target.host,
        [SERVER_FETCH_HEADER]: fromHost,
      };
      if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
      const options: https.RequestOptions = {
        host: '127.0.0.1',
        port: opts.port(),
        method: init.method ?? 'GET',
        path: target.pathname + target.search,
        headers,
        agent: false,
        timeout: SERVER_FETCH_TIMEOUT_MS,
      };
      return new Promise((resolve, reject) => {
        const onResponse = (res: http.IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: flattenHeaders(res.headers),
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        };
        const req = secure
          ? https.request({ ...options, ca: opts.caPem(), servername: target.hostname }, onResponse)
          : http.request(options, onResponse);
        req.on('timeout', () =>
          req.destroy(new Error(`serverFetch: ${url} timed out after ${SERVER_FETCH_TIMEOUT_MS} ms`)),
        );
        req.on('error', reject);
        req.end(init.body);
      });
    },
  };
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

export function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
