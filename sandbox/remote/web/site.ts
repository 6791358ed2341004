/**
 * What the Threads and Instagram web modules share: full pages from fixtures, the per-response CSP nonce, the
 * theme flag, host redirects to the canonical www host, and the JSON endpoint the in-page SPA script calls.
 */
import { randomBytes } from 'node:crypto';
import type { HostModule, SbRequest, SbResponse } from '../../types';
import { avatarSvg } from '../avatar';
import { html, json, redirect } from '../http';
import { FOLLOWING_ENDPOINT } from './following-dialog';
import { siteLanguage, type SiteLanguage } from './site-copy';
import { NO_HTML, fixture, htmlOf, render, type Html } from './template';

export interface SitePage {
  status: number;
  title: string;
  /** Page-specific `<head>` tags (meta, og, alternates). */
  head: Html;
  /** The profile header, empty on other pages. The SPA script inserts it after the content, a little later. */
  header: Html;
  content: Html;
  /** What the site draws over its page outside the column (a logged-out visitor's prompts); none by default. */
  overlay?: Html;
  /** The page's ActivityPub alternate, also kept up to date in `<head>` by the SPA script. */
  alternate?: string;
}

export type SiteResult = SitePage | { redirect: string };

export interface SiteDefinition {
  /** "Threads", "Instagram". */
  name: string;
  hosts: readonly string[];
  /** `https://www.threads.com`: other host names of the site redirect there. */
  origin: string;
  shell: string;
  nav: () => Html;
  /** The CSP, minus script-src (which carries the nonce). */
  csp: string;
  /** The Following dialog's script (fixture path), inlined after the SPA script in the same nonce'd tag. */
  dialogScript: string;
  /** JSON endpoints of this site, by path (e.g. the Following dialog's rows). */
  endpoints?: Record<string, (req: SbRequest) => SbResponse | Promise<SbResponse>>;
  /** The page at `path`, in the interface language the request asked for (`?hl=`, site-copy.ts). */
  resolve(path: string, language: SiteLanguage): SiteResult;
  /** A script every page runs after the others (the logged-out prompts), or none. */
  pageScript?: string;
}

/** The endpoint the SPA script asks for the next page: same host, JSON. */
export const SPA_ENDPOINT = '/api/sandbox-page';

const isRedirect = (result: SiteResult): result is { redirect: string } => 'redirect' in result;

function themeClass(req: SbRequest): { htmlClass: string; themeFixed: string } {
  // Meta's sites mark the theme with __fb-light-mode / __fb-dark-mode on <html> (docs/sites.md: no evidence shows
  // it, seen on the live sites). Without ?theme= the page follows prefers-color-scheme, as the real "Auto"
  // appearance does.
  const theme = req.url.searchParams.get('theme');
  if (theme === 'dark') return { htmlClass: '__fb-dark-mode', themeFixed: 'true' };
  if (theme === 'light') return { htmlClass: '__fb-light-mode', themeFixed: 'true' };
  return { htmlClass: '__fb-light-mode', themeFixed: 'false' };
}

export function createSiteModule(site: SiteDefinition): HostModule {
  const canonicalHost = new URL(site.origin).host;

  function fullPage(req: SbRequest, page: SitePage): SbResponse {
    const nonce = randomBytes(16).toString('base64');
    const { htmlClass, themeFixed } = themeClass(req);
    const body = render(site.shell, {
      lang: siteLanguage(req.url.searchParams.get('hl')),
      htmlClass,
      themeFixed,
      title: page.title,
      head: page.head,
      nonce,
      nav: site.nav(),
      header: page.header,
      content: page.content,
      overlay: page.overlay ?? NO_HTML,
      spaEndpoint: SPA_ENDPOINT,
      spaScript: htmlOf(fixture('spa-navigation.js')),
      dialogEndpoint: FOLLOWING_ENDPOINT,
      dialogScript: htmlOf(fixture(site.dialogScript)),
      pageScript: htmlOf(site.pageScript ? fixture(site.pageScript) : ''),
    });
    return html(page.status, body.markup, {
      'content-security-policy': `script-src 'self' 'nonce-${nonce}'; ${site.csp}`,
      'cache-control': 'private, no-cache, no-store, must-revalidate',
      'x-content-type-options': 'nosniff',
    });
  }

  function spaPage(req: SbRequest): SbResponse {
    const path = req.url.searchParams.get('path') ?? '';
    if (!path.startsWith('/') || path.startsWith('//'))
      return json(400, { error: 'path must be a local path' });
    // The SPA script sends the page's language along, as the real apps keep theirs across navigations.
    const result = site.resolve(
      new URL(path, site.origin).pathname,
      siteLanguage(req.url.searchParams.get('hl')),
    );
    if (isRedirect(result)) return json(200, { redirect: result.redirect });
    return json(200, {
      status: result.status,
      title: result.title,
      alternate: result.alternate ?? null,
      header: result.header.markup,
      content: result.content.markup,
    });
  }

  return {
    hosts: site.hosts,
    handle(req) {
      if (req.host.replace(/:\d+$/, '') !== canonicalHost)
        return redirect(301, site.origin + req.url.pathname + req.url.search);
      if (req.url.pathname === SPA_ENDPOINT) return spaPage(req);
      const endpoint = site.endpoints?.[req.url.pathname];
      if (endpoint) return endpoint(req);
      // What a browser fetches by itself: without them every page load logs a 404 in the console.
      if (req.url.pathname === '/favicon.ico') {
        return { status: 200, headers: { 'content-type': 'image/svg+xml' }, body: avatarSvg(site.name) };
      }
      if (req.url.pathname === '/data/manifest.json') {
        return json(200, { name: site.name, short_name: site.name, start_url: '/', display: 'standalone' });
      }
      const result = site.resolve(req.url.pathname, siteLanguage(req.url.searchParams.get('hl')));
      if (isRedirect(result)) return redirect(302, result.redirect);
      return fullPage(req, result);
    },
    reset() {},
  };
}
