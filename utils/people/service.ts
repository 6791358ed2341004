import { browser, type Browser } from 'wxt/browser';
import { PEOPLE_PAGE, type PeopleRequests } from './protocol';
import { cleanScan, storeList } from './lists';
import { checkList } from './checks';
import { enqueue, pauseQueue, resumeQueue } from './queue';

/**
 * "Bring my people" in the background: lists handed over by the scanner are stored (lists.ts), checked
 * (checks.ts) and followed through a persisted queue (queue.ts); these are the messages that drive them.
 */

export async function peopleFound(
  payload: unknown,
  tab: Browser.tabs.Tab | undefined,
): Promise<PeopleRequests['people:found']['response']> {
  const scan = cleanScan(payload);
  if (!scan) return { error: 'Homeward could not read this list.' };
  if (scan.people.length === 0) return { error: 'No accounts were found in this list.' };
  const listId = await storeList(scan);
  await browser.tabs.create({
    url: `${browser.runtime.getURL(PEOPLE_PAGE)}?list=${listId}`,
    ...(tab?.index !== undefined ? { index: tab.index + 1 } : {}),
    ...(tab?.id !== undefined ? { openerTabId: tab.id } : {}),
  });
  void checkList(listId);
  return { listId };
}

type Handlers = {
  [K in keyof PeopleRequests]: (
    payload: PeopleRequests[K]['request'],
    tab: Browser.tabs.Tab | undefined,
  ) => Promise<PeopleRequests[K]['response']>;
};

export const peopleHandlers: Handlers = {
  'people:found': (payload, tab) => peopleFound(payload, tab),
  async 'people:check'(payload) {
    if (typeof payload?.listId === 'string') void checkList(payload.listId);
    return { ok: true };
  },
  'people:follow': (payload) => enqueue(payload),
  'people:pause': () => pauseQueue(),
  'people:resume': () => resumeQueue(),
};
