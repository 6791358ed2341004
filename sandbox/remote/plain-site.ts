/** plain.example: an ordinary web site, not a fediverse server (no NodeInfo, no WebFinger, no /api). */
import { NOT_MASTODON } from '../hosts';
import type { HostModule } from '../types';
import { html } from './http';

const HOME = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Plain Example — a small bakery</title>
<meta name="description" content="Bread, cakes and opening hours."></head>
<body>
<header><h1>Plain Example Bakery</h1></header>
<main><p>Fresh bread every morning from 7 am.</p><p><a href="/hours">Opening hours</a></p></main>
</body>
</html>
`;

const HOURS = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Opening hours — Plain Example</title></head>
<body><h1>Opening hours</h1><p>Tuesday to Sunday, 7 am to 6 pm.</p></body></html>
`;

const NOT_FOUND = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Not found</h1></body></html>
`;

export function createPlainSite(): HostModule {
  return {
    hosts: [NOT_MASTODON],
    handle(req) {
      const path = req.url.pathname;
      if (path === '/' || path === '/index.html') return html(200, HOME);
      if (path === '/hours') return html(200, HOURS);
      // Everything else, including /.well-known/nodeinfo, /.well-known/webfinger and /api/*, is a plain 404 page.
      return html(404, NOT_FOUND);
    },
    reset() {},
  };
}
