import http from 'node:http';
import net from 'node:net';
import { DOWN } from '../hosts';
import type { RequestLog } from './request-log';
import { SocketSet } from './sockets';

/**
 * The HTTP proxy Firefox is pointed at (Firefox has no host-resolver rules). Every CONNECT, whatever the
 * host and port, is tunnelled to the sandbox listener, so a host the sandbox does not serve is answered 421 and
 * logged there; the DOWN host is refused the way a proxy reports an unreachable origin (502).
 */
export function createProxy(opts: {
  port: () => number;
  log: RequestLog;
  isSandboxHost: (host: string) => boolean;
}): { server: http.Server; sockets: SocketSet } {
  const sockets = new SocketSet();
  const server = http.createServer((req, res) => {
    // Absolute-form request for plain http://…: forward it to the listener unchanged but for the request line.
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('sandbox proxy: absolute URL expected');
      return;
    }
    if (target.hostname === DOWN) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`sandbox proxy: ${DOWN} is down`);
      return;
    }
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host };
    delete headers['proxy-connection'];
    delete headers['proxy-authorization'];
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: opts.port(),
        method: req.method,
        path: target.pathname + target.search,
        headers,
      },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.rawHeaders);
        upRes.pipe(res);
      },
    );
    upstream.on('socket', (s) => sockets.add(s));
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s: net.Socket) => sockets.add(s));

  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const [, host = '', port = ''] = /^\[?([^\]]*?)\]?:(\d+)$/.exec(req.url ?? '') ?? [];
    if (!opts.isSandboxHost(host.toLowerCase())) {
      // The browser may give up at the TLS handshake (the certificate does not name this host) before sending
      // any request the listener could log, so the attempt itself is recorded here.
      opts.log.add({
        host: host.toLowerCase(),
        method: 'CONNECT',
        path: `${host}:${port}`,
        status: host === DOWN ? 502 : 200,
        cookies: false,
        cookieNames: [],
        origin: null,
        referer: null,
        secFetchSite: null,
        secFetchMode: null,
        secFetchDest: null,
        userAgent: req.headers['user-agent'] ?? null,
        // A CONNECT carries no Origin, Referer or Sec-Fetch-* headers to tell who asked.
        client: 'unknown',
      });
    }
    client.on('error', () => client.destroy());
    if (host === DOWN) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const upstream = net.connect(opts.port(), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  return { server, sockets };
}
