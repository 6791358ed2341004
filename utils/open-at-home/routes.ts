import { pageRoute, pathOf, record, scriptRoute, WEB_AP_PAGE_PATH, type Routes } from '../messaging/bus';
import { webApDestination } from './web-ap';
import type { OpeningRequest, OpenPageRequests, OpenRequests } from './protocol';
import { resolveForPage, viewOriginal } from './opening';
import { openPageHandlers } from './page-markers';
import { chooseFirstClient } from './web-client-choice';

/**
 * Open it at home's messages: the marker script's report of its page (a content script on any fediverse page),
 * and the Opening page's requests (an extension page; opening.ts holds it to the ticket of its own tab).
 */

type PageReport = OpenPageRequests['open:page']['request'];

/** The marker script reports its own page: an address on another origin is not its to report or to let load. */
function ownPageReport(payload: unknown, page: URL): PageReport | null {
  const fields = record(payload);
  const url = fields?.url;
  if (typeof url !== 'string' || !URL.canParse(url) || new URL(url).origin !== page.origin) return null;
  return {
    url,
    activityId: typeof fields?.activityId === 'string' ? fields.activityId : null,
    referrer: typeof fields?.referrer === 'string' ? fields.referrer : '',
    ...(fields?.workerAnswered === true ? { workerAnswered: true } : {}),
  };
}

function openingRequest(payload: unknown): OpeningRequest | null {
  const fields = record(payload);
  if (typeof fields?.url !== 'string') return null;
  const { account } = fields;
  return {
    url: fields.url,
    ...(typeof fields.ticket === 'string' ? { ticket: fields.ticket } : {}),
    // Another connected account, by its position in the person's list (the page's Open as).
    ...(typeof account === 'number' && Number.isInteger(account) && account >= 1 && account <= 100
      ? { account }
      : {}),
  };
}

export const openPageRoutes: Routes<OpenPageRequests> = {
  'open:page': scriptRoute(() => true, {
    parse: (payload, { page }) => ownPageReport(payload, page),
    handle: (report, { tab }) => openPageHandlers['open:page'](report, tab),
    refused: { redirect: null },
  }),
};

export const openingRoutes: Routes<OpenRequests> = {
  'open:resolve': pageRoute({
    opening: 'only',
    parse: openingRequest,
    handle: (request, { sender }) => resolveForPage(request, sender),
  }),
  'open:view-original': pageRoute({
    opening: 'only',
    parse: openingRequest,
    handle: (request, { sender }) => viewOriginal(request, sender),
  }),
  'open:web-ap': pageRoute({
    // The handler page alone, as its tab's own page: what it hands over is the link the browser gave it.
    webAp: 'only',
    parse: (payload, { sender }) => {
      const fields = record(payload);
      const uri = fields?.uri;
      return pathOf(sender) === WEB_AP_PAGE_PATH &&
        sender.frameId === 0 &&
        sender.tab?.id !== undefined &&
        typeof uri === 'string'
        ? { uri, confirmed: fields?.confirmed === true }
        : null;
    },
    handle: ({ uri, confirmed }, { sender }) => webApDestination(uri, sender.tab!.id!, confirmed),
  }),
  'open:choose-client': pageRoute({
    opening: 'only',
    parse: (payload) => {
      const kind = record(payload)?.kind;
      return kind === 'elk' || kind === 'phanpy' ? { kind } : null;
    },
    handle: ({ kind }) => chooseFirstClient(kind),
  }),
};
