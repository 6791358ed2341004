/**
 * The languages Homeward speaks, and which one a person gets (docs/i18n.md). English is the source: every other
 * catalogue translates it key by key.
 */
export const LOCALES = ['en', 'de', 'es', 'fr', 'ja', 'pt-BR', 'ko', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];
export const SOURCE_LOCALE: Locale = 'en';

/** Each language named in itself, for the options page's choice. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
  ja: '日本語',
  'pt-BR': 'Português (Brasil)',
  ko: '한국어',
  'zh-TW': '中文（台灣）',
};

/** The folder name under `_locales/`: the browsers want `pt_BR`, not `pt-BR`. */
export function folderOf(locale: Locale): string {
  return locale.replace('-', '_');
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The catalogue for one language tag, or null. A region Homeward has no catalogue for falls to its language
 * (de-AT → de, pt-PT → pt-BR, es-419 → es); Chinese in Traditional characters (zh-Hant, zh-TW, zh-HK, zh-MO) gets
 * zh-TW, and Chinese in Simplified characters none, so it falls through to the next choice, as the browsers do for
 * the manifest.
 */
export function matchLocale(tag: string): Locale | null {
  const parts = tag.replace(/_/g, '-').toLowerCase().split('-');
  const language = parts[0] ?? '';
  const exact = LOCALES.find((locale) => locale.toLowerCase() === parts.join('-'));
  if (exact) return exact;
  if (language === 'zh')
    return parts.some((part) => ['hant', 'tw', 'hk', 'mo'].includes(part)) && !parts.includes('hans')
      ? 'zh-TW'
      : null;
  if (language === 'pt') return 'pt-BR';
  return LOCALES.find((locale) => locale === language) ?? null;
}

/**
 * The person's choice on the options page, else the browser's interface language, else English. The choice is
 * checked again as it is read: synced storage may hold a language a newer build added, or anything a content
 * script wrote, and it names a file to load.
 */
export function resolveLocale(choice: unknown, uiLanguage: string): Locale {
  return (isLocale(choice) ? choice : null) ?? matchLocale(uiLanguage) ?? SOURCE_LOCALE;
}
