import { featuresItem, languageItem, neverRedirectItem, webClientItem, type Features } from '../storage';
import { isLocale, type Locale } from '../i18n/locales';
import { connect, disconnect, refreshAccount } from '../mastodon/account';
import { nothing, pageRoute, record, withString, type Routes } from '../messaging/bus';
import { parseHostList } from './host-list';
import type { SettingsRequests } from './protocol';
import { setServer } from './server';
import { parseWebClient } from './web-client';

/**
 * The settings pages' messages (popup, options, welcome). Clearing caches and opening a tab at home reach into
 * other features, so the background's composition root (entrypoints/background/routes.ts) adds those two.
 */

export type OwnSettingsRequests = Omit<SettingsRequests, 'clearCaches' | 'openTabAtHome'>;

/** Only the switches there are, each a boolean. */
function featureChanges(payload: unknown): Partial<Features> | null {
  const fields = record(payload);
  if (!fields) return null;
  const changes: Partial<Features> = {};
  for (const [name, value] of Object.entries(fields)) {
    if ((name !== 'followButtons' && name !== 'openAtHome') || typeof value !== 'boolean') return null;
    changes[name] = value;
  }
  return changes;
}

/** A language Homeward has a catalogue for, or null for the browser's own; nothing else. */
function languageChoice(payload: unknown): { language: Locale | null } | null {
  const fields = record(payload);
  if (!fields || Object.keys(fields).length !== 1 || !('language' in fields)) return null;
  const { language } = fields;
  return language === null || isLocale(language) ? { language } : null;
}

function hostList(payload: unknown): { hosts: string[] } | null {
  const hosts = record(payload)?.hosts;
  return Array.isArray(hosts) && hosts.every((host) => typeof host === 'string') ? { hosts } : null;
}

export const settingsRoutes: Routes<OwnSettingsRequests> = {
  refreshAccount: pageRoute({ parse: nothing, handle: () => refreshAccount() }),
  setServer: pageRoute({ parse: withString('input'), handle: (request) => setServer(request) }),
  connect: pageRoute({ parse: nothing, handle: () => connect() }),
  disconnect: pageRoute({ parse: nothing, handle: () => disconnect() }),
  setFeatures: pageRoute({
    parse: featureChanges,
    async handle(changes) {
      const features = { ...(await featuresItem.getValue()), ...changes };
      await featuresItem.setValue(features);
      return features;
    },
  }),
  setNeverRedirect: pageRoute({
    parse: hostList,
    async handle({ hosts }) {
      const clean = parseHostList(hosts).hosts;
      await neverRedirectItem.setValue(clean);
      return { hosts: clean };
    },
  }),
  setLanguage: pageRoute({
    parse: languageChoice,
    async handle({ language }) {
      await languageItem.setValue(language);
      return { language };
    },
  }),
  setWebClient: pageRoute({
    parse: parseWebClient,
    async handle({ client }) {
      await webClientItem.setValue(client);
      return { client };
    },
  }),
};
