import { browser } from 'wxt/browser';
import type { Message, Requests, RequestType } from '../messages';
import { featuresItem, registeredAppsItem } from '../storage';
import { connect, disconnect, refreshAccount } from './account';
import { clearAllCaches } from './cache';
import { setServer } from './server';

type Handlers = { [K in RequestType]: (payload: Requests[K]['request']) => Promise<Requests[K]['response']> };

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
    await Promise.all([registeredAppsItem.removeValue(), clearAllCaches()]);
    return { ok: true };
  },
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
    if (!isMessage(message) || !fromExtensionPage) return undefined;
    const handler = handlers[message.type] as (payload: unknown) => Promise<unknown>;
    return handler(message.payload);
  });
}
