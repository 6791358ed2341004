import { browser, type Browser } from 'wxt/browser';
import { t } from '../i18n';
import { currentCatalogue } from '../i18n/load';
import { homeIntents, watchIntents } from '../mastodon/home-intents';
import { homeServerItem, languageItem } from '../storage';
import { canShare, shareContent, sharePage, type ShareInput } from './share';

/**
 * "Share on your server" in the right-click menu (page, link, selection) and the toolbar popup: a new post at home
 * with what the person chose, through the home server's Create intent or its software's share page
 * (utils/share/share.ts). Shown only where sharing can work for that home. What is shared is what the browser hands
 * the click (the selection, the link, the page's title and address); nothing else of the page is read.
 */

export const SHARE_MENU_ID = 'share-on-home';

let syncing: Promise<void> = Promise.resolve();

/** The item, in the person's language, where sharing can work; removed where it cannot. One sync at a time. */
export function syncShareMenu(): Promise<void> {
  syncing = syncing.then(syncOnce, syncOnce).catch((error: unknown) => {
    console.warn('Homeward: could not update the share menu', error);
  });
  return syncing;
}

async function syncOnce(): Promise<void> {
  const [server] = await Promise.all([homeServerItem.getValue(), currentCatalogue()]);
  const intents = server ? await homeIntents(server) : null;
  await browser.contextMenus.remove(SHARE_MENU_ID).catch(() => undefined);
  if (!server || !intents || !canShare(server, intents)) return;
  browser.contextMenus.create({
    id: SHARE_MENU_ID,
    title: t('menu_shareOn', { server: server.host }),
    contexts: ['page', 'link', 'selection'],
    documentUrlPatterns: ['https://*/*', 'http://*/*'],
  });
}

/** Opens the new post at home in a tab beside `opener`. False where sharing cannot work. */
export async function shareAtHome(input: ShareInput, opener?: Browser.tabs.Tab): Promise<boolean> {
  const server = await homeServerItem.getValue();
  if (!server) return false;
  const content = shareContent(input);
  if (!content) return false;
  const page = sharePage(server, await homeIntents(server), content);
  if (!page) return false;
  await browser.tabs.create({
    url: page,
    ...(opener?.index !== undefined ? { index: opener.index + 1 } : {}),
    ...(opener?.id !== undefined ? { openerTabId: opener.id } : {}),
  });
  return true;
}

/** The popup's button: the tab it was opened over, by id (activeTab lets its title and address be read). */
export async function shareTab(tabId: number): Promise<boolean> {
  const tab = await browser.tabs.get(tabId);
  // A web page only: the popup offers it for no other, and no other tab's title is read.
  if (!tab.url || !/^https?:\/\//.test(tab.url)) return false;
  return shareAtHome({ title: tab.title, url: tab.url }, tab);
}

/** Wires the menu; called once from the background's main. */
export function listenForShare(): void {
  browser.runtime.onInstalled.addListener(() => void syncShareMenu());
  browser.runtime.onStartup.addListener(() => void syncShareMenu());
  homeServerItem.watch(() => void syncShareMenu());
  languageItem.watch(() => void syncShareMenu());
  watchIntents(() => void syncShareMenu());
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== SHARE_MENU_ID) return;
    const linkText = (info as { linkText?: string }).linkText;
    // A selection is what was chosen even over a link; else the link; else the page.
    const input: ShareInput = info.selectionText
      ? { url: info.pageUrl, selection: info.selectionText, ...(tab?.title ? { title: tab.title } : {}) }
      : info.linkUrl
        ? { linkUrl: info.linkUrl, ...(linkText ? { linkText } : {}) }
        : { url: info.pageUrl, ...(tab?.title ? { title: tab.title } : {}) };
    void shareAtHome(input, tab);
  });
}
