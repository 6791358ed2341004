import { browser, type Browser } from 'wxt/browser';
import type { MessageOf } from '../../utils/messaging/messages';
import type { OpenRequests } from '../../utils/open-at-home/protocol';
import type { SettingsRequests } from '../../utils/settings/protocol';
import { featuresItem, neverRedirectItem } from '../../utils/storage';
import { registeredAppsSecret } from '../../utils/storage/secrets';
import { connect, disconnect, refreshAccount } from '../../utils/mastodon/account';
import { clearAllCaches } from '../../utils/storage/cache';
import { forgetKnownHosts } from '../../utils/open-at-home/known-hosts';
import { openTabAtHome } from '../../utils/open-at-home/navigation';
import { resolveForPage, viewOriginal } from '../../utils/open-at-home/opening';
import { isPeopleMessage } from '../../utils/people/protocol';
import { peopleHandlers } from '../../utils/people/service';
import { parseHostList } from '../../utils/settings/host-list';
import { setServer } from '../../utils/settings/server';

/** Every request an extension page may make: the settings pages' own, and the Opening page's. */
type PageRequests = SettingsRequests & OpenRequests;
type RequestType = keyof PageRequests;
type Message = MessageOf<PageRequests>;

type Handlers = {
  [K in RequestType]: (
    payload: PageRequests[K]['request'],
    sender: Browser.runtime.MessageSender,
  ) => Promise<PageRequests[K]['response']>;
};

const handlers: Handlers = {
  refreshAccount: () => refreshAccount(),
  setServer,
  connect: () => connect(),
  disconnect: () => disconnect(),
  async setFeatures(changes) {
    const features = { ...(await featuresItem.getValue()), ...changes };
    await featuresItem.setValue(features);
    return features;
  },
  async clearCaches() {
    await Promise.all([registeredAppsSecret.removeValue(), clearAllCaches(), forgetKnownHosts()]);
    return { ok: true };
  },
  async openTabAtHome({ tabId }) {
    const tab = await browser.tabs.get(tabId);
    if (tab.url) await openTabAtHome(tabId, tab.url);
    return { ok: true };
  },
  async setNeverRedirect({ hosts }) {
    const clean = parseHostList(hosts).hosts;
    await neverRedirectItem.setValue(clean);
    return { hosts: clean };
  },
  'open:resolve': (payload, sender) => resolveForPage(payload, sender),
  'open:view-original': (payload, sender) => viewOriginal(payload, sender),
};

function isMessage(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    (value as { type: string }).type in handlers
  );
}

/** Answers only the extension's own pages; content scripts get their own, narrower protocol. */
export function listen(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const fromExtensionPage =
      sender.id === browser.runtime.id && sender.url?.startsWith(browser.runtime.getURL('/'));
    if (!fromExtensionPage) return undefined;
    // The People page's own requests (the scanner's `people:found` comes from a content script: content-router.ts).
    if (
      isPeopleMessage(message) &&
      message.type !== 'people:found' &&
      Object.hasOwn(peopleHandlers, message.type)
    ) {
      const handler = peopleHandlers[message.type] as (payload: unknown, tab: unknown) => Promise<unknown>;
      return handler(message.payload, sender.tab);
    }
    if (!isMessage(message)) return undefined;
    const handler = handlers[message.type] as (payload: unknown, from: typeof sender) => Promise<unknown>;
    return handler(message.payload, sender);
  });
}
