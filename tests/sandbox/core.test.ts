import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UnknownAdminOpError } from '../../sandbox/core/admin';
import type { LogEntry } from '../../sandbox/core/request-log';
import { startSandbox, type Sandbox } from '../../sandbox/core/server';
import { ALL_HOSTS, DOWN, HANGING, HOME, REMOTE } from '../../sandbox/hosts';
import type { HostModule, SandboxContext } from '../../sandbox/types';

/** Echoes what the core handed it, so tests see the SbRequest; counts requests to prove reset() is called. */
function echoModule(ctx: SandboxContext): HostModule {
  let count = 0;
  return {
    hosts: [HOME],
    handle(req) {
      count++;
      if (req.url.pathname === '/text') return { status: 200, body: 'plain text' };
      if (req.url.pathname === '/bytes') return { status: 200, body: Buffer.from([1, 2, 3]) };
      if (req.url.pathname === '/throw') throw new Error('module bug');
      if (req.url.pathname === '/call-remote') {
        return ctx
          .serverFetch(HOME, `https://${REMOTE.mastodon}/hello`)
          .then((r) => ({ status: 200, body: r }));
      }
      return {
        status: 200,
        headers: { 'x-count': String(count) },
        body: {
          method: req.method,
          url: req.url.href,
          host: req.host,
          headers: req.headers,
          cookies: req.cookies,
          body: req.body.toString('utf8'),
          remoteIp: req.remoteIp,
          now: ctx.now(),
        },
      };
    },
    reset: () => {
      count = 0;
    },
    admin(op, body) {
      if (op === 'count') return { count };
      if (op === 'fail') throw new Error(`failing as asked: ${String(body.why)}`);
      throw new UnknownAdminOpError(op);
    },
  };
}

/** A host outside hosts.ts: the certificate and the proxy must still treat it as a sandbox host. */
const EXTRA_HOST = 'extra.test';

const remoteModule: HostModule = {
  hosts: [REMOTE.mastodon, REMOTE.misskey, EXTRA_HOST],
  handle: (req) => ({
    status: 200,
    headers: { 'content-type': 'text/plain' },
    body: `remote ${req.host} ${req.url.pathname}`,
  }),
  reset: () => {},
};

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  reusedSocket: boolean;
}

interface RequestOptions {
  host?: string;
  path?: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  plain?: boolean;
  /** Check the certificate against the host name (false for hosts the sandbox certificate does not cover). */
  verify?: boolean;
  agent?: http.Agent;
  signal?: AbortSignal;
}

/** A request to the sandbox listener, over TLS trusting only the sandbox CA unless `plain`. */
function request(sb: Sandbox, o: RequestOptions = {}): Promise<Answer> {
  const host = o.host ?? HOME;
  const options: https.RequestOptions = {
    host: '127.0.0.1',
    port: sb.port,
    method: o.method ?? 'GET',
    path: o.path ?? '/',
    headers: { host, ...o.headers },
    agent: o.agent ?? false,
    signal: o.signal,
  };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, reusedSocket: req.reusedSocket }),
      );
    };
    const req = o.plain
      ? http.request(options, onResponse)
      : https.request(
          { ...options, ca: sb.caPem, servername: host, rejectUnauthorized: o.verify ?? true },
          onResponse,
        );
    req.on('error', reject);
    req.end(o.body);
  });
}

async function lastEntry(sb: Sandbox, host: string): Promise<LogEntry> {
  const entries = (await sb.admin.log()).filter((e) => e.host === host);
  const entry = entries.at(-1);
  if (!entry) throw new Error(`no log entry for ${host}`);
  return entry;
}

/** Waits for a condition on the sandbox; generous because the suite shares two cores with browsers. */
function until(check: () => Promise<void>): Promise<void> {
  return vi.waitFor(check, { timeout: 5000, interval: 20 });
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ modules: [(ctx) => [echoModule(ctx), remoteModule]] });
});
afterAll(() => sb.close());
beforeEach(() => sb.admin.reset());

describe('listener', () => {
  it('answers TLS with a certificate the sandbox CA vouches for, and hands the module the whole request', async () => {
    const res = await request(sb, {
      method: 'POST',
      path: '/api/v1/statuses?x=1',
      headers: { cookie: '_session_id=abc%20d; other="q"', 'content-type': 'application/json' },
      body: '{"status":"hi"}',
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const echo = JSON.parse(res.text);
    expect(echo).toMatchObject({
      method: 'POST',
      url: 'https://home.example/api/v1/statuses?x=1',
      host: HOME,
      cookies: { _session_id: 'abc d', other: 'q' },
      body: '{"status":"hi"}',
      remoteIp: '127.0.0.1',
    });
    expect(echo.headers['content-type']).toBe('application/json');
  });

  it.each([...ALL_HOSTS, EXTRA_HOST, 'localhost', '127.0.0.1'])(
    'has a certificate valid for %s',
    async (name) => {
      const socket = tls.connect({
        host: '127.0.0.1',
        port: sb.port,
        ca: sb.caPem,
        servername: name === '127.0.0.1' ? undefined : name,
        checkServerIdentity: (_host, cert) => tls.checkServerIdentity(name, cert),
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve);
        socket.once('error', reject);
      });
      expect(socket.authorized).toBe(true);
      socket.destroy();
    },
  );

  it('serves plain HTTP on the same port', async () => {
    const res = await request(sb, { plain: true, path: '/p?q=2' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).url).toBe('http://home.example/p?q=2');
  });

  it('dispatches by Host header, ignoring its port and case', async () => {
    const res = await request(sb, {
      host: REMOTE.misskey,
      headers: { host: 'Misskey.Example:443' },
      path: '/x',
    });
    expect(res.text).toBe('remote misskey.example /x');
  });

  it('falls back to the TLS server name when there is no Host header', async () => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port: sb.port,
      ca: sb.caPem,
      servername: REMOTE.mastodon,
    });
    let raw = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (raw += c));
    socket.write('GET /sni HTTP/1.0\r\n\r\n');
    await new Promise((resolve) => socket.on('end', resolve));
    expect(raw).toMatch(/^HTTP\/1\.1 200/);
    expect(raw.endsWith('remote remote.example /sni')).toBe(true);
  });

  it('answers 421 for a host no module serves, and logs it', async () => {
    const res = await request(sb, { host: 'mastodon.social', path: '/api/v2/instance', verify: false });
    expect(res.status).toBe(421);
    expect(res.text).toBe('sandbox: unknown host mastodon.social');
    expect(await lastEntry(sb, 'mastodon.social')).toMatchObject({
      method: 'GET',
      path: '/api/v2/instance',
      status: 421,
    });
  });

  it('sends strings as HTML, Buffers as bytes, and a module exception as a logged 500', async () => {
    const text = await request(sb, { path: '/text' });
    expect(text.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(text.text).toBe('plain text');
    const bytes = await request(sb, { path: '/bytes' });
    expect(bytes.headers['content-length']).toBe('3');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const thrown = await request(sb, { path: '/throw' });
    expect(thrown.status).toBe(500);
    expect(errors).toHaveBeenCalledOnce();
    errors.mockRestore();
  });

  it('keeps connections alive, over TLS and plain HTTP', async () => {
    for (const plain of [false, true]) {
      const agent = new (plain ? http.Agent : https.Agent)({ keepAlive: true, maxSockets: 1 });
      const first = await request(sb, { plain, agent });
      const second = await request(sb, { plain, agent });
      agent.destroy();
      expect([first.reusedSocket, second.reusedSocket]).toEqual([false, true]);
      expect(Number(second.headers['x-count'])).toBe(Number(first.headers['x-count']) + 1);
    }
  });

  it('hangs for the HANGING host until the client gives up, then logs status 0', async () => {
    const abort = new AbortController();
    const pending = request(sb, { host: HANGING, path: '/.well-known/nodeinfo', signal: abort.signal });
    await until(async () => expect((await lastEntry(sb, HANGING)).status).toBeNull());
    abort.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await until(async () => expect((await lastEntry(sb, HANGING)).status).toBe(0));
  });
});

describe('request log', () => {
  it('records cookies, fetch metadata and the user agent', async () => {
    await request(sb, {
      path: '/a?b=c',
      headers: {
        cookie: 'a=1; b=2',
        origin: 'https://www.threads.com',
        referer: 'https://www.threads.com/@zuck',
        'sec-fetch-site': 'cross-site',
        'sec-fetch-mode': 'cors',
        'sec-fetch-dest': 'empty',
        'user-agent': 'TestAgent/1',
      },
    });
    await request(sb, { path: '/no-cookie' });
    const [withCookies, without] = await sb.admin.log();
    expect(withCookies).toMatchObject({
      seq: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      host: HOME,
      method: 'GET',
      path: '/a?b=c',
      status: 200,
      cookies: true,
      cookieNames: ['a', 'b'],
      origin: 'https://www.threads.com',
      referer: 'https://www.threads.com/@zuck',
      secFetchSite: 'cross-site',
      secFetchMode: 'cors',
      secFetchDest: 'empty',
      userAgent: 'TestAgent/1',
      client: 'page',
    });
    expect(without).toMatchObject({
      path: '/no-cookie',
      cookies: false,
      cookieNames: [],
      origin: null,
      client: 'unknown',
    });
  });

  it.each([
    [{ origin: 'chrome-extension://abcdefghijklmnop' }, 'extension'],
    [{ referer: 'moz-extension://0b1e7c3a-1111-2222-3333-444455556666/popup.html' }, 'extension'],
    [{ origin: 'https://www.instagram.com' }, 'page'],
    [{ 'sec-fetch-mode': 'navigate' }, 'page'],
    [{ origin: 'null' }, 'unknown'],
    [{}, 'unknown'],
  ])('classifies %o as %s', async (headers, client) => {
    await request(sb, { headers });
    expect((await lastEntry(sb, HOME)).client).toBe(client);
  });

  it('marks server-to-server requests and hides the marker from modules', async () => {
    const res = await request(sb, { path: '/call-remote' });
    expect(JSON.parse(res.text)).toMatchObject({ status: 200, text: 'remote remote.example /hello' });
    expect(await lastEntry(sb, REMOTE.mastodon)).toMatchObject({
      client: 'server:home.example',
      path: '/hello',
    });

    const direct = await sb.ctx.serverFetch(REMOTE.mastodon, 'https://home.example/x', {
      method: 'POST',
      headers: { 'Content-Type': 'application/activity+json' },
      body: '{}',
    });
    const echo = JSON.parse(direct.text);
    expect(Object.keys(echo.headers).filter((h) => h.startsWith('x-homeward'))).toEqual([]);
    expect(echo).toMatchObject({
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/activity+json' },
    });
    expect(direct.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('counts seq on across clearLog and returns only newer entries with since', async () => {
    await request(sb);
    const [first] = await sb.admin.log();
    await sb.admin.clearLog();
    expect(await sb.admin.log()).toEqual([]);
    await request(sb);
    await request(sb);
    const entries = await sb.admin.log(first!.seq);
    expect(entries).toHaveLength(2);
    expect(entries[0]!.seq).toBeGreaterThan(first!.seq);
    expect(await sb.admin.log(entries[0]!.seq)).toEqual([entries[1]]);
  });
});

describe('faults', () => {
  it('delays answers by latencyMs', async () => {
    await sb.admin.fault({ host: HOME, latencyMs: 300 });
    const started = performance.now();
    const res = await request(sb);
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('answers a gateway status with nginx HTML and any other status with a JSON error, only under pathPrefix', async () => {
    await sb.admin.fault({ host: HOME, status: 503 });
    await sb.admin.fault({ host: HOME, pathPrefix: '/api/', status: 429 });
    const page = await request(sb, { path: '/@maya' });
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toBe('text/html');
    expect(page.text).toContain('<title>503 Service Temporarily Unavailable</title>');
    const api = await request(sb, { path: '/api/v1/accounts/1' });
    expect(api.status).toBe(429);
    expect(JSON.parse(api.text)).toEqual({ error: 'sandbox fault' });
    expect(await lastEntry(sb, HOME)).toMatchObject({ status: 429 });
    // Other hosts are untouched.
    expect((await request(sb, { host: REMOTE.mastodon })).status).toBe(200);
  });

  it('hangs with hang: true', async () => {
    await sb.admin.fault({ host: HOME, hang: true });
    const abort = new AbortController();
    const pending = request(sb, { signal: abort.signal });
    await until(async () => expect((await lastEntry(sb, HOME)).status).toBeNull());
    abort.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await until(async () => expect((await lastEntry(sb, HOME)).status).toBe(0));
  });

  it('resets a hung connection when the faults are cleared, as a stuck server coming back drops its connections', async () => {
    await sb.admin.fault({ host: HOME, hang: true });
    const pending = request(sb, { path: '/stuck' });
    await until(async () => expect((await lastEntry(sb, HOME)).status).toBeNull());
    await sb.admin.clearFaults();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
    await until(async () => expect((await lastEntry(sb, HOME)).status).toBe(0));
    expect((await request(sb, { path: '/fine' })).status).toBe(200);
  });

  it('drops the connection with refuse: true', async () => {
    await sb.admin.fault({ host: HOME, pathPrefix: '/refused', refuse: true });
    await expect(request(sb, { path: '/refused/x' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    await until(async () => expect((await lastEntry(sb, HOME)).status).toBe(0));
    expect((await request(sb, { path: '/fine' })).status).toBe(200);
  });

  it('lets the module act and then drops the answer with dropAfter: true', async () => {
    await sb.admin.fault({ host: HOME, pathPrefix: '/acted', dropAfter: true });
    await expect(request(sb, { path: '/acted' })).rejects.toThrow(/socket hang up|ECONNRESET/);
    await until(async () => expect((await lastEntry(sb, HOME)).status).toBe(0));
    // The module counted the request it never answered (the counting module's admin op).
    expect(await sb.admin.hostOp(HOME, 'count')).toEqual({ count: 1 });
    await expect(sb.admin.fault({ host: HOME, dropAfter: true, status: 500 })).rejects.toThrow(
      /dropAfter lets the module answer/,
    );
  });

  it('rejects a fault without any effect, and clears faults', async () => {
    await expect(sb.admin.fault({ host: HOME })).rejects.toThrow(/400 fault: give at least one/);
    await sb.admin.fault({ host: HOME, status: 500 });
    await sb.admin.clearFaults();
    expect((await request(sb)).status).toBe(200);
  });
});

describe('admin API', () => {
  it('resets modules, faults, clock and log', async () => {
    await request(sb);
    await sb.admin.fault({ host: HOME, status: 502 });
    await sb.admin.clock(60_000);
    expect(await sb.admin.hostOp(HOME, 'count')).toEqual({ count: 1 });
    await sb.admin.reset();
    expect(await sb.admin.hostOp(HOME, 'count')).toEqual({ count: 0 });
    expect(await sb.admin.log()).toEqual([]);
    expect(Math.abs(sb.ctx.now() - Date.now())).toBeLessThan(1000);
    expect((await request(sb)).status).toBe(200);
  });

  it('shifts the modules’ clock', async () => {
    await sb.admin.clock(-86_400_000);
    const before = Date.now();
    const { now } = JSON.parse((await request(sb)).text);
    expect(now).toBeGreaterThanOrEqual(before - 86_400_000);
    expect(now).toBeLessThanOrEqual(Date.now() - 86_400_000);
  });

  it('runs module admin ops by any of the module’s hosts, with 404 and 400 for bad ones', async () => {
    expect(await sb.admin.hostOp(HOME, 'count')).toEqual({ count: 0 });
    await expect(sb.admin.hostOp(HOME, 'nope')).rejects.toThrow(/404 unknown admin op: nope/);
    await expect(sb.admin.hostOp(HOME, 'fail', { why: 'test' })).rejects.toThrow(
      /400 failing as asked: test/,
    );
    await expect(sb.admin.hostOp(REMOTE.misskey, 'count')).rejects.toThrow(/404 no admin ops/);
    await expect(sb.admin.hostOp('nowhere.example', 'count')).rejects.toThrow(/404/);
  });

  it('answers 400 for a bad since and 404 for an unknown route', async () => {
    expect((await fetch(new URL('/log?since=abc', sb.adminUrl))).status).toBe(400);
    expect((await fetch(new URL('/nope', sb.adminUrl))).status).toBe(404);
  });

  it('serves the CA and the ports', async () => {
    expect(await (await fetch(new URL('/ca.pem', sb.adminUrl))).text()).toBe(sb.caPem);
    const info = await (await fetch(new URL('/info', sb.adminUrl))).json();
    expect(info).toEqual({
      port: sb.port,
      proxyPort: sb.proxyPort,
      adminPort: sb.adminPort,
      hosts: [HOME, REMOTE.mastodon, REMOTE.misskey, EXTRA_HOST],
    });
  });
});

/** Opens a CONNECT tunnel through the sandbox proxy. */
function connect(
  sb: Sandbox,
  target: string,
): Promise<{ status: number; socket: import('node:net').Socket }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port: sb.proxyPort,
      method: 'CONNECT',
      path: target,
      agent: false,
    });
    req.on('connect', (res, socket) => resolve({ status: res.statusCode ?? 0, socket }));
    req.on('response', (res) => resolve({ status: res.statusCode ?? 0, socket: res.socket }));
    req.on('error', reject);
    req.end();
  });
}

/** An HTTPS GET through an open tunnel. */
function getThroughTunnel(
  sb: Sandbox,
  socket: import('node:net').Socket,
  host: string,
  trusted = true,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        createConnection: () =>
          tls.connect({ socket, servername: host, ca: sb.caPem, rejectUnauthorized: trusted }),
        // No agent, so that createConnection is used.
        headers: { host },
        path: '/through',
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, reusedSocket: false }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('proxy (Firefox)', () => {
  it.each([REMOTE.mastodon, EXTRA_HOST])('tunnels CONNECT for %s to the sandbox listener', async (host) => {
    const { status, socket } = await connect(sb, `${host}:443`);
    expect(status).toBe(200);
    const res = await getThroughTunnel(sb, socket, host);
    expect(res.text).toBe(`remote ${host} /through`);
    // Sandbox hosts show as their requests only, not as CONNECT entries.
    expect((await sb.admin.log()).map((e) => e.method)).toEqual(['GET']);
  });

  it('tunnels other hosts to a 421 and logs the CONNECT', async () => {
    const { status, socket } = await connect(sb, 'mastodon.social:443');
    expect(status).toBe(200);
    const res = await getThroughTunnel(sb, socket, 'mastodon.social', false);
    expect(res.status).toBe(421);
    const entries = await sb.admin.log();
    expect(entries.map((e) => [e.method, e.host, e.path, e.status])).toEqual([
      ['CONNECT', 'mastodon.social', 'mastodon.social:443', 200],
      ['GET', 'mastodon.social', '/through', 421],
    ]);
  });

  it('answers 502 for the DOWN host', async () => {
    const { status } = await connect(sb, `${DOWN}:443`);
    expect(status).toBe(502);
    expect(await lastEntry(sb, DOWN)).toMatchObject({ method: 'CONNECT', status: 502 });
  });

  it('forwards absolute-URI plain HTTP requests', async () => {
    const res = await new Promise<Answer>((resolve, reject) => {
      http
        .get(
          { host: '127.0.0.1', port: sb.proxyPort, path: 'http://home.example/plain?x=1', agent: false },
          (r) => {
            let text = '';
            r.on('data', (c: Buffer) => (text += c.toString()));
            r.on('end', () =>
              resolve({ status: r.statusCode ?? 0, headers: r.headers, text, reusedSocket: false }),
            );
          },
        )
        .on('error', reject);
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ url: 'http://home.example/plain?x=1', host: HOME });
  });
});

describe('browser settings', () => {
  it('maps DOWN to a closed port before sending every other name to the listener', () => {
    const [rules, spki] = sb.chromiumArgs();
    const match =
      /^--host-resolver-rules=MAP down\.example 127\.0\.0\.1:(\d+), MAP \* 127\.0\.0\.1:(\d+), EXCLUDE localhost, EXCLUDE 127\.0\.0\.1$/.exec(
        rules ?? '',
      );
    expect(match?.[2]).toBe(String(sb.port));
    expect(match?.[1]).not.toBe(String(sb.port));
    expect(spki).toMatch(/^--ignore-certificate-errors-spki-list=[A-Za-z0-9+/]{43}=$/);
  });

  it('points Firefox at the proxy for http and https', () => {
    expect(sb.firefoxPrefs()).toMatchObject({
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': sb.proxyPort,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': sb.proxyPort,
      'network.proxy.allow_hijacking_localhost': true,
      'network.proxy.no_proxies_on': '',
    });
  });
});

describe('start and close', () => {
  it('refuses two modules for one host', async () => {
    const twice: HostModule = { hosts: [HOME], handle: () => ({ status: 200 }), reset: () => {} };
    await expect(startSandbox({ modules: [() => [twice, twice]] })).rejects.toThrow(
      'two modules answer for home.example',
    );
  });

  it('fails to start on a port in use', async () => {
    await expect(startSandbox({ adminPort: sb.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('ends hanging and idle keep-alive connections at once and frees the ports', async () => {
    const own = await startSandbox({ modules: [(ctx) => [echoModule(ctx)]] });
    const agent = new https.Agent({ keepAlive: true });
    await request(own, { agent });
    const hanging = request(own, { host: HANGING });
    const tunnel = await connect(own, `${HOME}:443`);
    await until(async () => expect((await own.admin.log()).some((e) => e.host === HANGING)).toBe(true));

    await own.close();
    await expect(hanging).rejects.toThrow(/socket hang up|ECONNRESET/);
    await new Promise((resolve) =>
      tunnel.socket.destroyed ? resolve(null) : tunnel.socket.once('close', resolve),
    );
    agent.destroy();
    // The ports are free again: listening on them succeeds.
    for (const port of [own.port, own.proxyPort, own.adminPort]) {
      const probe = http.createServer();
      await new Promise<void>((resolve, reject) =>
        probe.once('error', reject).listen(port, '127.0.0.1', resolve),
      );
      expect((probe.address() as AddressInfo).port).toBe(port);
      await new Promise((resolve) => probe.close(resolve));
    }
  });
});
