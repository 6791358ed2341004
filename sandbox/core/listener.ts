import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { HANGING } from '../hosts';
import type { HostModule, SbRequest, SbResponse } from '../types';
import type { SandboxCertificates } from './ca';
import { flattenHeaders } from './context';
import { faultResponse, type FaultTable } from './faults';
import {
  classifyClient,
  parseCookies,
  SERVER_FETCH_HEADER,
  type LogEntry,
  type RequestLog,
} from './request-log';
import { SocketSet } from './sockets';

export interface ListenerDeps {
  certs: SandboxCertificates;
  modules: ReadonlyMap<string, HostModule>;
  faults: FaultTable;
  log: RequestLog;
}

/**
 * One TCP listener for every sandbox host that speaks both TLS and plain HTTP: a TLS connection always opens
 * with a handshake record (content type 0x16, RFC 8446 §5.1), an HTTP/1 request with a method name in ASCII.
 */
export function createListener(deps: ListenerDeps): { server: net.Server; sockets: SocketSet } {
  const sockets = new SocketSet();
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    handleRequest(deps, req, res).catch((err: unknown) => {
      console.error('sandbox: request failed', err);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
  };
  // Host-less requests are let through (Node answers them 400 by default) so the SNI fallback can route them.
  const tlsServer = https.createServer(
    { key: deps.certs.keyPem, cert: deps.certs.certPem, requireHostHeader: false },
    onRequest,
  );
  const plainServer = http.createServer({ requireHostHeader: false }, onRequest);
  tlsServer.on('secureConnection', (s: TLSSocket) => sockets.add(s));
  // A client that gives up on the handshake (e.g. a browser rejecting the certificate) is not a sandbox error.
  tlsServer.on('tlsClientError', (_err, s) => s.destroy());

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === 0x16) {
        tlsServer.emit('connection', socket);
      } else {
        plainServer.emit('connection', socket);
        // The HTTP server reads straight from the socket's handle unless a data listener resumes the stream;
        // without this the unshifted first bytes are never parsed and the request hangs (seen on Node 20).
        socket.resume();
      }
    });
    socket.on('error', () => socket.destroy());
  });
  return { server, sockets };
}

async function handleRequest(
  deps: ListenerDeps,
  req: http.IncomingMessage,
  res: http.ServerResponse,
): Promise<void> {
  const tlsSocket = req.socket as TLSSocket;
  const secure = tlsSocket.encrypted === true;
  const url = requestUrl(req, secure);
  const host = url.hostname;
  const path = url.pathname + url.search;

  const headers = flattenHeaders(req.headers);
  const serverFrom = headers[SERVER_FETCH_HEADER] ?? null;
  delete headers[SERVER_FETCH_HEADER];
  const cookies = parseCookies(headers['cookie']);
  const entry = deps.log.add({
    host,
    method: req.method ?? 'GET',
    path,
    status: null,
    cookies: headers['cookie'] !== undefined,
    cookieNames: Object.keys(cookies),
    origin: headers['origin'] ?? null,
    referer: headers['referer'] ?? null,
    secFetchSite: headers['sec-fetch-site'] ?? null,
    secFetchMode: headers['sec-fetch-mode'] ?? null,
    secFetchDest: headers['sec-fetch-dest'] ?? null,
    userAgent: headers['user-agent'] ?? null,
    client: classifyClient(headers, serverFrom),
  });
  // Whatever ends the exchange without an answer (client gone, sandbox closed, refused) is status 0.
  const closed = new Promise<void>((resolve) =>
    res.once('close', () => {
      if (entry.status === null) entry.status = 0;
      resolve();
    }),
  );

  const fault = deps.faults.match(host, path);
  if (fault?.refuse) {
    req.socket.destroy();
    return;
  }
  // Watched from the match on: a clear while the body is read or the latency runs still ends the hang.
  const cleared = fault?.hang && host !== HANGING ? deps.faults.cleared() : null;
  const body = await readBody(req);
  if (fault?.latencyMs) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((resolve) => (timer = setTimeout(resolve, fault.latencyMs)))]);
    clearTimeout(timer);
  }
  if (cleared) {
    await Promise.race([closed, cleared]);
    if (!res.destroyed) req.socket.destroy();
    return;
  }
  if (res.destroyed) return;
  if (host === HANGING) return;
  if (fault?.status !== undefined) {
    const answer = faultResponse(fault.status);
    return send(res, entry, {
      status: fault.status,
      headers: { 'content-type': answer.contentType },
      body: answer.body,
    });
  }

  const sbRequest: SbRequest = {
    method: req.method ?? 'GET',
    url,
    host,
    headers,
    cookies,
    body,
    remoteIp: req.socket.remoteAddress ?? '',
  };
  const response = await answerOf(deps.modules, sbRequest);
  if (fault?.dropAfter) {
    // The module acted; the answer is lost on the way (faults.ts): the log says 0, as for any unanswered request.
    req.socket.destroy();
    return;
  }
  if (!res.destroyed) send(res, entry, response);
}

/**
 * The host's module's answer to a request: 421 for a host no module serves, and a 500 that names the error when the
 * module throws. The in-process fediverse (in-process.ts) answers through this too.
 */
export async function answerOf(
  modules: ReadonlyMap<string, HostModule>,
  sbRequest: SbRequest,
): Promise<SbResponse> {
  const { host, method } = sbRequest;
  const module = modules.get(host);
  if (!module) {
    return {
      status: 421,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: `sandbox: unknown host ${host}`,
    };
  }
  try {
    return await module.handle(sbRequest);
  } catch (err) {
    // A module bug must show in the test output, not pass as a plausible server error.
    const path = sbRequest.url.pathname + sbRequest.url.search;
    console.error(`sandbox: module for ${host} threw on ${method} ${path}`, err);
    return {
      status: 500,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: `sandbox: module error: ${String(err)}`,
    };
  }
}

/** The URL as the client asked for it: Host header first, TLS SNI if there is none; absolute-form accepted too. */
function requestUrl(req: http.IncomingMessage, secure: boolean): URL {
  const target = req.url ?? '/';
  if (/^https?:\/\//i.test(target)) return new URL(target);
  const authority = req.headers.host ?? (secure ? (req.socket as TLSSocket).servername || '' : '') ?? '';
  try {
    return new URL(target, `${secure ? 'https' : 'http'}://${authority || 'no-host.invalid'}`);
  } catch {
    return new URL(target, `${secure ? 'https' : 'http'}://bad-host.invalid`);
  }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    // An aborted upload: go on with what arrived; the answer will not reach anyone anyway.
    req.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

function send(res: http.ServerResponse, entry: LogEntry, response: SbResponse): void {
  const { headers, body } = encodeResponse(response);
  entry.status = response.status;
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * The bytes and headers a module's answer goes out with: a string body defaults to HTML, a Buffer to
 * octet-stream, anything else is JSON; Content-Length always matches the bytes. The in-process fediverse
 * (in-process.ts) answers with the same.
 */
export function encodeResponse(response: SbResponse): {
  headers: Record<string, string | string[]>;
  body: string | Buffer;
} {
  // Content-Length is the core's job: it always matches the bytes sent.
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).filter(([k]) => k.toLowerCase() !== 'content-length'),
  );
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  let body: string | Buffer = '';
  if (typeof response.body === 'string') {
    body = response.body;
    if (!hasType) headers['content-type'] = 'text/html; charset=utf-8';
  } else if (Buffer.isBuffer(response.body)) {
    body = response.body;
    if (!hasType) headers['content-type'] = 'application/octet-stream';
  } else if (response.body !== undefined) {
    body = JSON.stringify(response.body);
    if (!hasType) headers['content-type'] = 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  return { headers, body };
}
