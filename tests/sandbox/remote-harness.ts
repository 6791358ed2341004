/** Calls the remote host modules' handle() directly, with a fake context: no sockets, no TLS. */
import { parseHTML } from 'linkedom';
import type { Browser, Page } from 'playwright-core';
import { createRemoteModules } from '../../sandbox/remote';
import type { HostModule, SbResponse } from '../../sandbox/types';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  json<T = Record<string, unknown>>(): T;
  /** The body parsed as an HTML document (linkedom). */
  document(): Document;
}

export const AP_ACCEPT = { accept: 'application/activity+json' };
export const SIGNED_AP = {
  ...AP_ACCEPT,
  signature: 'keyId="https://home.example/actor#main-key",headers="(request-target) host date",signature="x"',
};
export const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

export function remoteWorld(): {
  modules: HostModule[];
  request(method: string, url: string, headers?: Record<string, string>, body?: string): Promise<Reply>;
  get(url: string, headers?: Record<string, string>): Promise<Reply>;
  moduleFor(host: string): HostModule;
} {
  const modules = createRemoteModules({
    serverFetch: () => Promise.reject(new Error('remote modules must not fetch')),
    now: () => Date.parse('2026-01-01T00:00:00Z'),
  });
  const moduleFor = (host: string): HostModule => {
    const found = modules.find((m) => m.hosts.includes(host));
    if (!found) throw new Error(`no module for ${host}`);
    return found;
  };
  async function request(
    method: string,
    url: string,
    headers: Record<string, string> = {},
    body = '',
  ): Promise<Reply> {
    const parsed = new URL(url);
    const response: SbResponse = await moduleFor(parsed.hostname).handle({
      method,
      url: parsed,
      host: parsed.hostname,
      headers,
      cookies: {},
      body: Buffer.from(body),
      remoteIp: '127.0.0.1',
    });
    const flat: Record<string, string> = {};
    for (const [k, v] of Object.entries(response.headers ?? {}))
      flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    const text =
      typeof response.body === 'string'
        ? response.body
        : Buffer.isBuffer(response.body)
          ? response.body.toString('utf8')
          : response.body === undefined
            ? ''
            : JSON.stringify(response.body);
    return {
      status: response.status,
      headers: flat,
      text,
      json: <T>() => JSON.parse(text) as T,
      document: () => parseHTML(text).document as unknown as Document,
    };
  }
  return { modules, request, get: (url, headers) => request('GET', url, headers), moduleFor };
}

/** The href of the page's ActivityPub alternate, or undefined. */
export function apAlternate(doc: Document): string | undefined {
  return (
    doc.querySelector('link[rel="alternate"][type="application/activity+json"]')?.getAttribute('href') ??
    undefined
  );
}

/** A page whose console errors, page errors and CSP violations are collected in `problems`. */
export interface WatchedPage {
  page: Page;
  problems: string[];
}

/**
 * A Chromium page that reports what went wrong on it (console errors, page errors, CSP violations), served by
 * `world`'s host modules through request interception when one is given.
 */
export async function watchedPage(
  browser: Browser,
  world?: ReturnType<typeof remoteWorld>,
  options: Parameters<Browser['newPage']>[0] = {},
): Promise<WatchedPage> {
  const page = await browser.newPage(options);
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective}`),
    );
  });
  if (world) {
    await page.route('**/*', async (route) => {
      const request = route.request();
      const reply = await world.request(
        request.method(),
        request.url(),
        await request.allHeaders(),
        request.postData() ?? '',
      );
      await route.fulfill({ status: reply.status, headers: reply.headers, body: reply.text });
    });
  }
  return { page, problems };
}
