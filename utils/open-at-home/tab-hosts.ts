import { storage } from 'wxt/utils/storage';
import { serialQueue } from '../storage/serial-queue';

/**
 * The host each tab showed before the one it shows now, for one case: in Firefox a page its service worker
 * answered has an empty `document.referrer`, so its marker script cannot say that the home server's "open original
 * page" link opened it (docs/fediverse-software.md, "Service workers"). Hosts only, never addresses, in session
 * storage (gone with the browser session; the background may stop between the two pages).
 */
const tabHostsItem = storage.defineItem<Record<string, [previous: string | null, current: string]>>(
  'session:tabHosts',
  { fallback: {} },
);

const serially = serialQueue();

/** The tab now shows a page of `host` (tabs.onUpdated's `url`). */
export function rememberTabHost(tabId: number, host: string): Promise<void> {
  return serially(async () => {
    const hosts = await tabHostsItem.getValue();
    const [, current] = hosts[tabId] ?? [null, null];
    if (current === host) return;
    await tabHostsItem.setValue({ ...hosts, [tabId]: [current, host] });
  });
}

export function forgetTab(tabId: number): Promise<void> {
  return serially(async () => {
    const { [tabId]: _gone, ...rest } = await tabHostsItem.getValue();
    await tabHostsItem.setValue(rest);
  });
}

/**
 * The host the tab showed before its page on `host`: the one before the last it recorded when that is `host`,
 * else the last (the page's question may come before the tab's update that names it).
 */
export function previousTabHost(tabId: number, host: string): Promise<string | null> {
  return serially(async () => {
    const record = (await tabHostsItem.getValue())[tabId];
    if (!record) return null;
    return record[1] === host ? record[0] : record[1];
  });
}
