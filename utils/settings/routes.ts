import {
  accountKey,
  featuresItem,
  languageItem,
  neverRedirectItem,
  webApItem,
  readAccounts,
  webClientItem,
  type Features,
} from '../storage';
import { isLocale, type Locale } from '../i18n/locales';
import { connect, disconnect, refreshAccount, reorderAccounts } from '../mastodon/account';
import { MAX_STRING_FIELD, nothing, pageRoute, record, withString, type Routes } from '../messaging/bus';
import { parseHostList } from './host-list';
import type { SettingsRequests } from './protocol';
import { checkServerInput, setServer } from './server';
import { serverProblemWords } from './server-problem';
import { parseWebClient } from './web-client';

/**
 * The settings pages' messages (popup, options, welcome). Clearing caches and opening a tab at home reach into
 * other features, so the background's composition root (entrypoints/background/routes.ts) adds those two.
 */

export type OwnSettingsRequests = Omit<SettingsRequests, 'clearCaches' | 'openTabAtHome' | 'shareTab'>;

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

/** `{}` or `{ [name]: string }` (a short string), nothing else. */
function optionalString<N extends string>(name: N) {
  return (payload: unknown): { [K in N]?: string } | null => {
    const fields = payload === undefined ? {} : record(payload);
    if (!fields) return null;
    const value = fields[name];
    if (value === undefined) return {};
    return typeof value === 'string' && value.length <= MAX_STRING_FIELD
      ? ({ [name]: value } as { [K in N]?: string })
      : null;
  };
}

function hostList(payload: unknown): { hosts: string[] } | null {
  const hosts = record(payload)?.hosts;
  return Array.isArray(hosts) && hosts.every((host) => typeof host === 'string') ? { hosts } : null;
}

export const settingsRoutes: Routes<OwnSettingsRequests> = {
  refreshAccount: pageRoute({ parse: nothing, handle: () => refreshAccount() }),
  setServer: pageRoute({ parse: withString('input'), handle: (request) => setServer(request) }),
  connect: pageRoute({
    parse: optionalString('server'),
    async handle({ server }) {
      if (server === undefined) return connect();
      // Another server's account, beside the others: checked as the Home server field checks a server.
      const check = await checkServerInput(server);
      if (!check.ok) return { ok: false, reason: 'no-server', message: serverProblemWords(check.error) };
      return connect({ server: check.server });
    },
  }),
  disconnect: pageRoute({ parse: optionalString('key'), handle: ({ key }) => disconnect(key) }),
  orderAccounts: pageRoute({
    parse: (payload) => {
      const keys = record(payload)?.keys;
      return Array.isArray(keys) && keys.length <= 100 && keys.every((key) => typeof key === 'string')
        ? { keys: keys as string[] }
        : null;
    },
    async handle({ keys }) {
      await reorderAccounts(keys);
      return { ok: true };
    },
  }),
  makeDefault: pageRoute({
    parse: withString('key'),
    async handle({ key }) {
      const record = (await readAccounts()).find((candidate) => accountKey(candidate) === key);
      if (!record) return { ok: false, error: { kind: 'unreachable', host: '' } };
      const set = await setServer({ input: record.host });
      if (set.ok) await reorderAccounts([key]);
      return set;
    },
  }),
  setFeatures: pageRoute({
    parse: featureChanges,
    async handle(changes) {
      const features = { ...(await featuresItem.getValue()), ...changes };
      await featuresItem.setValue(features);
      return features;
    },
  }),
  setWebAp: pageRoute({
    parse: (payload) => {
      const on = record(payload)?.on;
      return typeof on === 'boolean' ? { on } : null;
    },
    async handle({ on }) {
      await webApItem.setValue(on);
      return { on };
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
