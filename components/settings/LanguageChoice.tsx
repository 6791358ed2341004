import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import {
  isLocale,
  LOCALE_NAMES,
  LOCALES,
  matchLocale,
  SOURCE_LOCALE,
  type Locale,
} from '@/utils/i18n/locales';
import { send } from '@/utils/settings/protocol';
import { languageItem } from '@/utils/storage';

/**
 * **Language** (the options page): the browser's interface language by default, or one the person picks. Each
 * language is named in itself. A change saves at once and reloads this page in the new language; other pages
 * already open change at their next load (docs/i18n.md).
 */
export function LanguageChoice() {
  const [choice, setChoice] = useState<Locale | null | undefined>(undefined);
  useEffect(() => {
    void languageItem.getValue().then(setChoice);
  }, []);
  if (choice === undefined) return null;
  const browserLocale = matchLocale(browser.i18n.getUILanguage()) ?? SOURCE_LOCALE;
  const change = async (value: string) => {
    const language = isLocale(value) ? value : null;
    setChoice(language);
    await send('setLanguage', { language });
    location.reload();
  };
  return (
    <section class="language">
      <h2>
        <label for="language">{t('language_title')}</label>
      </h2>
      <p class="note" id="language-help">
        {t('language_help')}
      </p>
      <select
        id="language"
        aria-describedby="language-help"
        value={choice ?? ''}
        onChange={(event) => void change(event.currentTarget.value)}
      >
        <option value="">{t('language_browser', { language: LOCALE_NAMES[browserLocale] })}</option>
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </section>
  );
}
