/**
 * Stand-ins for the web clients a person can choose to open "home" in (docs/home-software.md, "Web clients"): Elk
 * and Phanpy on their public hosts. Both are single-page apps that serve their app shell for every address (Elk
 * renders its routes on the server, Phanpy is one static page with hash routes), sign in to the person's own
 * server themselves, and read the rest of the address in the page. The sandbox serves that shell and nothing
 * more: the tests check where the browser lands, which is what Homeward decides; what the client then shows is
 * the client's business.
 */
import { WEB_CLIENTS } from '../hosts';
import type { HostModule, SbRequest, SbResponse } from '../types';

const NAMES: Record<string, string> = { [WEB_CLIENTS.elk]: 'Elk', [WEB_CLIENTS.phanpy]: 'Phanpy' };

function shell(name: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${name}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${name}</h1><p>A web client for Mastodon (sandbox stand-in).</p></main></body></html>
`;
}

export function createWebClientModules(): HostModule[] {
  return Object.values(WEB_CLIENTS).map((host) => ({
    hosts: [host],
    handle(req: SbRequest): SbResponse {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return { status: 405, headers: { 'content-type': 'text/plain' }, body: 'Method Not Allowed\n' };
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: shell(NAMES[host] ?? host),
      };
    },
    reset() {},
  }));
}
