import { siteForUrl } from '../sites';
import { words } from '../i18n';
import { nothing, pageRoute, record, scriptRoute, withString, type Routes } from '../messaging/bus';
import type { PeopleRequests } from './protocol';
import { checkList } from './checks';
import { enqueue, pauseQueue, resumeQueue } from './queue';
import { peopleFound } from './service';

/**
 * "Bring my people"'s messages: the scanner (a content script on Threads and Instagram) hands over a list; the
 * People page checks it and drives the follow queue.
 */
export const peopleRoutes: Routes<PeopleRequests> = {
  'people:found': scriptRoute((page) => siteForUrl(page) !== null, {
    // A scan is of the site whose page sent it: an Instagram page cannot hand over a Threads list. The rest of
    // the payload is cleaned by the service (lists.ts cleanScan).
    parse: (payload, { page }) => {
      const site = siteForUrl(page);
      return site && record(payload)?.site === site.id
        ? (payload as PeopleRequests['people:found']['request'])
        : null;
    },
    handle: (scan, { tab }) => peopleFound(scan, tab),
    refused: { error: words('site_listUnreadable') },
    failed: { error: words('failure_problem') },
  }),
  'people:check': pageRoute({
    parse: withString('listId'),
    async handle({ listId }) {
      void checkList(listId);
      return { ok: true };
    },
    // Nothing to check: the page's answer is the same.
    refused: { ok: true },
  }),
  'people:follow': pageRoute({
    parse: (payload) => {
      const fields = record(payload);
      return typeof fields?.listId === 'string' && Array.isArray(fields.handles)
        ? { listId: fields.listId, handles: fields.handles.filter((h): h is string => typeof h === 'string') }
        : null;
    },
    handle: (request) => enqueue(request),
  }),
  'people:pause': pageRoute({ parse: nothing, handle: () => pauseQueue() }),
  'people:resume': pageRoute({ parse: nothing, handle: () => resumeQueue() }),
};
