import { browser, type Browser } from 'wxt/browser';

/**
 * The one message bus between Homeward's pages and scripts and the background. Every feature lists its messages
 * as routes (utils/<feature>/routes.ts); the background listens once (entrypoints/background/routes.ts). A route
 * says who may send it, checks its payload, and handles it.
 *
 * Who sent a message is what the browser says (`sender.id`, `sender.url`, `sender.frameId`), never what the
 * payload claims (docs/security.md). A payload a route refuses gets its `refused` answer. Content scripts run in a
 * web page's process: a failed handler gives them the route's `failed` answer, never an error, and never a secret.
 */

export type Origin =
  /** One of Homeward's own pages (popup, options, welcome, the Opening and People pages). */
  | { kind: 'extension-page'; sender: Browser.runtime.MessageSender }
  /** A Homeward content script, in the top frame of a tab showing `page`. */
  | { kind: 'content-script'; page: URL; tab: Browser.tabs.Tab };

/** Extension pages only, or content scripts on the pages a route accepts. */
export type Audience = 'extension-pages' | { contentScriptsOn: (page: URL) => boolean };

export interface Route<Request, Response> {
  from: Audience;
  /** The payload as the handler may trust it, or null to refuse it. */
  parse(payload: unknown, origin: Origin): Request | null;
  handle(request: Request, origin: Origin): Promise<Response>;
  /** The answer to a payload `parse` refuses (and to a content script whose handler failed, without `failed`). */
  refused?: Response;
  failed?: Response;
}

type RequestTable<R> = Record<keyof R, { request: unknown; response: unknown }>;

/** A protocol's routes: one per request type, typed by the protocol. */
export type Routes<R extends RequestTable<R>> = {
  [K in keyof R]: Route<R[K]['request'], R[K]['response']>;
};

// Routes of different protocols in one table: the bus only passes each its own message.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRoute = Route<any, any>;

/** Where a message comes from, or null for anything that is not Homeward's own page or script. */
export function originOf(sender: Browser.runtime.MessageSender): Origin | null {
  if (sender.id !== browser.runtime.id) return null;
  if (sender.url?.startsWith(browser.runtime.getURL('/'))) return { kind: 'extension-page', sender };
  // Homeward's content scripts run in a tab's top frame only (the profile script is registered without
  // `allFrames`; the marker script is injected into the top frame).
  if (!sender.tab || sender.frameId !== 0 || !sender.url || !URL.canParse(sender.url)) return null;
  return { kind: 'content-script', page: new URL(sender.url), tab: sender.tab };
}

function mayCome(audience: Audience, origin: Origin): boolean {
  if (audience === 'extension-pages') return origin.kind === 'extension-page';
  return origin.kind === 'content-script' && audience.contentScriptsOn(origin.page);
}

/**
 * One message through its route, once its sender is accepted: a refused payload gets the route's `refused`
 * answer (a rejection where it has none), a failed handler its `failed` answer where the sender is a content script
 * (an extension page sees the error).
 */
export async function dispatch(
  route: AnyRoute,
  payload: unknown,
  origin: Origin,
  type: string,
): Promise<unknown> {
  let request: unknown;
  try {
    request = route.parse(payload, origin);
  } catch {
    request = null;
  }
  if (request === null) {
    if (route.refused !== undefined) return route.refused;
    throw new Error(`Homeward refused a ${type} message`);
  }
  try {
    return await route.handle(request, origin);
  } catch (error) {
    const fallback = route.failed ?? route.refused;
    if (origin.kind !== 'content-script' || fallback === undefined) throw error;
    console.warn('Homeward: a request failed', type, error);
    return fallback;
  }
}

/** Joins the features' route tables; a type listed twice is a programming error, found at start. */
export function routeTable(...tables: Record<string, AnyRoute>[]): Record<string, AnyRoute> {
  const all: Record<string, AnyRoute> = {};
  for (const table of tables) {
    for (const [type, route] of Object.entries(table)) {
      if (Object.hasOwn(all, type)) throw new Error(`two routes for ${type}`);
      all[type] = route;
    }
  }
  return all;
}

/**
 * The background's one listener. A message from anyone else, of an unknown type, or from a sender its route does
 * not accept gets no answer at all; a payload the route refuses gets its refusal.
 */
export function listenForMessages(routes: Record<string, AnyRoute>): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const type =
      typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : null;
    if (typeof type !== 'string' || !Object.hasOwn(routes, type)) return undefined;
    const route = routes[type] as AnyRoute;
    const origin = originOf(sender);
    if (!origin || !mayCome(route.from, origin)) return undefined;
    return dispatch(route, (message as { payload?: unknown }).payload, origin, type);
  });
}

type PageOrigin = Extract<Origin, { kind: 'extension-page' }>;
type ScriptOrigin = Extract<Origin, { kind: 'content-script' }>;

interface RouteOf<O, Request, Response> {
  parse(payload: unknown, origin: O): Request | null;
  handle(request: Request, origin: O): Promise<Response>;
  refused?: Response;
  failed?: Response;
}

function wrongSender(): never {
  throw new Error('a route was handed a sender it does not accept');
}

/**
 * The Opening page is the one page any site can open (it is web-accessible, for the browser's redirect): it may
 * send only the routes that name it, from its tab's top frame. Every other page of Homeward's may send any
 * page route but those.
 */
export const OPENING_PAGE_PATH = '/opening.html';

/** The web+ap handler page (entrypoints/web-ap): the browser opens it for a `web+ap://` link (Firefox). */
export const WEB_AP_PAGE_PATH = '/web-ap.html';

export function pathOf(sender: Browser.runtime.MessageSender): string | null {
  return sender.url && URL.canParse(sender.url) ? new URL(sender.url).pathname : null;
}

/** Whether `sender` is one of the pages a route lets in (`opening`: the Opening page only, or it too). */
export function fromAllowedPage(
  sender: Browser.runtime.MessageSender,
  opening: 'never' | 'also' | 'only',
  webAp: 'never' | 'only' = 'never',
): boolean {
  const path = pathOf(sender);
  // The web+ap handler page: a page any site's link leads to (Firefox), so it may send its own request alone.
  if (path === WEB_AP_PAGE_PATH || webAp === 'only') return path === WEB_AP_PAGE_PATH && webAp === 'only';
  const isOpening = path === OPENING_PAGE_PATH;
  if (!isOpening) return opening !== 'only';
  return opening !== 'never' && sender.frameId === 0;
}

/**
 * A route for Homeward's own pages; its functions see the browser's `sender`. `opening` says whether the Opening
 * page may send it (default: not).
 */
export function pageRoute<Request, Response>(
  route: RouteOf<PageOrigin, Request, Response> & {
    opening?: 'never' | 'also' | 'only';
    /** `only`: the web+ap handler page's own request, which no other page may send. */
    webAp?: 'never' | 'only';
  },
): Route<Request, Response> {
  const opening = route.opening ?? 'never';
  const webAp = route.webAp ?? 'never';
  return {
    ...route,
    from: 'extension-pages',
    parse: (payload, origin) =>
      origin.kind === 'extension-page' && fromAllowedPage(origin.sender, opening, webAp)
        ? route.parse(payload, origin)
        : null,
    handle: (request, origin) =>
      origin.kind === 'extension-page' ? route.handle(request, origin) : wrongSender(),
  };
}

/**
 * A route for Homeward's content scripts on the pages `on` accepts; its functions see the page and the tab. A
 * content script runs in the web page's process, so the route must have a refusal: no error (which may name the
 * server) ever reaches it.
 */
export function scriptRoute<Request, Response>(
  on: (page: URL) => boolean,
  route: RouteOf<ScriptOrigin, Request, Response> & { refused: Response },
): Route<Request, Response> {
  return {
    ...route,
    from: { contentScriptsOn: on },
    parse: (payload, origin) => (origin.kind === 'content-script' ? route.parse(payload, origin) : null),
    handle: (request, origin) =>
      origin.kind === 'content-script' ? route.handle(request, origin) : wrongSender(),
  };
}

/** Payload checks the routes share. */
export function record(payload: unknown): Record<string, unknown> | null {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
    ? (payload as Record<string, unknown>)
    : null;
}

/** A payload that carries nothing (`{}`), or none at all. */
export function nothing(payload: unknown): Record<string, never> | null {
  return payload === undefined || record(payload) ? {} : null;
}

/** No string field of Homeward's messages is longer (a URL is capped at 2,048, a handle or host far below). */
export const MAX_STRING_FIELD = 4096;

/** `{ [name]: string }` of at most MAX_STRING_FIELD characters, and only that field passed on. */
export function withString<N extends string>(name: N) {
  return (payload: unknown): { [K in N]: string } | null => {
    const value = record(payload)?.[name];
    return typeof value === 'string' && value.length <= MAX_STRING_FIELD
      ? ({ [name]: value } as { [K in N]: string })
      : null;
  };
}
