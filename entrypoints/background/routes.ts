import { browser } from 'wxt/browser';
import {
  listenForMessages,
  nothing,
  pageRoute,
  record,
  routeTable,
  type Routes,
} from '@/utils/messaging/bus';
import type { SettingsRequests } from '@/utils/settings/protocol';
import { settingsRoutes } from '@/utils/settings/routes';
import { authorRoutes, followRoutes } from '@/utils/follow/routes';
import { openingRoutes, openPageRoutes } from '@/utils/open-at-home/routes';
import { peopleRoutes } from '@/utils/people/routes';
import { forgetKnownHosts } from '@/utils/open-at-home/known-hosts';
import { forgetPeers } from '@/utils/open-at-home/peers';
import { forgetIntents } from '@/utils/mastodon/home-intents';
import { shareTab } from '@/utils/share/menu';
import { forgetDirectRules } from '@/utils/open-at-home/direct-rules';
import { openTabAtHome } from '@/utils/open-at-home/navigation';
import { registeredAppsSecret } from '@/utils/storage/secrets';
import { clearAllCaches } from '@/utils/storage/cache';

/**
 * Every message Homeward's pages and scripts send, in one table: each feature's routes (utils/<feature>/routes.ts)
 * and the two settings requests that reach into other features, which only the background composes.
 */
const crossFeature: Routes<Pick<SettingsRequests, 'clearCaches' | 'openTabAtHome' | 'shareTab'>> = {
  clearCaches: pageRoute({
    parse: nothing,
    async handle() {
      await Promise.all([
        registeredAppsSecret.removeValue(),
        clearAllCaches(),
        forgetKnownHosts(),
        forgetPeers(),
        forgetIntents(),
        forgetDirectRules(),
      ]);
      return { ok: true };
    },
  }),
  /** The toolbar's "Open on home.example": sends that tab to the Opening page for what it shows. */
  openTabAtHome: pageRoute({
    parse: (payload) => {
      const tabId = record(payload)?.tabId;
      return typeof tabId === 'number' && Number.isInteger(tabId) ? { tabId } : null;
    },
    async handle({ tabId }) {
      const tab = await browser.tabs.get(tabId);
      if (tab.url) await openTabAtHome(tabId, tab.url);
      return { ok: true };
    },
  }),
  /** The toolbar's "Share on home.example": a new post at home with that tab's title and address. */
  shareTab: pageRoute({
    parse: (payload) => {
      const tabId = record(payload)?.tabId;
      return typeof tabId === 'number' && Number.isInteger(tabId) ? { tabId } : null;
    },
    async handle({ tabId }) {
      return { ok: await shareTab(tabId) };
    },
  }),
};

export const ROUTES = routeTable(
  settingsRoutes,
  crossFeature,
  followRoutes,
  authorRoutes,
  openPageRoutes,
  openingRoutes,
  peopleRoutes,
);

export function listenForAllMessages(): void {
  listenForMessages(ROUTES);
}
