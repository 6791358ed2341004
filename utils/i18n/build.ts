import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderOf, isLocale, type Locale } from './locales';

/**
 * Build step (wxt.config.ts, `build:publicAssets`): the catalogues in utils/i18n/messages become
 *
 * - `_locales/<folder>/messages.json` for each language, the browsers' own format: the manifest's name,
 *   description and shortcut text come from it (`__MSG_key__`), and pages and the background read their
 *   language's file (utils/i18n/load.ts);
 * - `content-messages/<folder>.js`, the words the Threads and Instagram script shows (the keys starting with
 *   CONTENT_PREFIXES), registered ahead of that script in the person's language (utils/sites/content-script.ts), so
 *   it has them at once and carries no catalogue of its own.
 */

/** The keys shown on the sites' pages: the follow button, the list scan, and the failures they report. */
export const CONTENT_PREFIXES = ['site_', 'failure_'] as const;

export function isContentKey(key: string): boolean {
  return CONTENT_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/** Where the catalogues are, from the project's root. */
export const MESSAGES_DIR = 'utils/i18n/messages';

export function readCatalogues(root = process.cwd()): Map<Locale, Record<string, string>> {
  const dir = join(root, MESSAGES_DIR);
  const catalogues = new Map<Locale, Record<string, string>>();
  for (const file of readdirSync(dir).sort()) {
    const locale = file.replace(/\.json$/, '');
    if (!file.endsWith('.json') || !isLocale(locale)) continue;
    catalogues.set(locale, JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, string>);
  }
  return catalogues;
}

export function localeFiles(catalogues = readCatalogues()): { relativeDest: string; contents: string }[] {
  const files: { relativeDest: string; contents: string }[] = [];
  for (const [locale, messages] of catalogues) {
    const folder = folderOf(locale);
    const chrome = Object.fromEntries(Object.entries(messages).map(([key, message]) => [key, { message }]));
    files.push({ relativeDest: `_locales/${folder}/messages.json`, contents: JSON.stringify(chrome) });
    const content = Object.fromEntries(Object.entries(messages).filter(([key]) => isContentKey(key)));
    files.push({
      relativeDest: `content-messages/${folder}.js`,
      contents: `globalThis.homewardMessages=${JSON.stringify({ locale, messages: content })};\n`,
    });
  }
  return files;
}
