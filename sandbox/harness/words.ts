import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MessageKey } from '../../utils/i18n';
import { formatText, type Param } from '../../utils/i18n/format';
import type { Labels } from './flows';

/**
 * Homeward's words in one of its languages, read from its catalogue (utils/i18n/messages), for flows that click
 * through the pages of a browser started in that language (the demo, the screenshots, tests/e2e/i18n.e2e.ts).
 */
export function wordsIn(locale: string): (key: MessageKey, params?: Record<string, Param>) => string {
  const file = fileURLToPath(new URL(`../../utils/i18n/messages/${locale}.json`, import.meta.url));
  const messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  return (key, params) => formatText(locale, messages[key] ?? key, params);
}

/** The popup's contract labels (flows.ts LABELS) as a browser in `locale` shows them. */
export function labelsIn(locale: string): Labels {
  const say = wordsIn(locale);
  return {
    homeServer: say('server_label'),
    save: say('server_save'),
    connect: say('site_connectAccount'),
    reconnect: say('common_reconnect'),
    disconnect: say('settings_disconnect'),
    followSwitch: say('settings_followButtons'),
    redirectSwitch: say('settings_openAtHome'),
  };
}
