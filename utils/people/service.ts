import { browser, type Browser } from 'wxt/browser';
import { words } from '../i18n';
import { PEOPLE_PAGE, type PeopleRequests } from './protocol';
import { cleanScan, storeList } from './lists';
import { checkList } from './checks';

/**
 * "Bring my people" in the background: lists handed over by the scanner are stored (lists.ts), checked
 * (checks.ts) and followed through a persisted queue (queue.ts); routes.ts lists the messages that drive them.
 */

export async function peopleFound(
  payload: unknown,
  tab: Browser.tabs.Tab | undefined,
): Promise<PeopleRequests['people:found']['response']> {
  const scan = cleanScan(payload);
  if (!scan) return { error: words('site_listUnreadable') };
  if (scan.people.length === 0) return { error: words('site_listEmpty') };
  const listId = await storeList(scan);
  await browser.tabs.create({
    url: `${browser.runtime.getURL(PEOPLE_PAGE)}?list=${listId}`,
    ...(tab?.index !== undefined ? { index: tab.index + 1 } : {}),
    ...(tab?.id !== undefined ? { openerTabId: tab.id } : {}),
  });
  void checkList(listId);
  return { listId };
}
