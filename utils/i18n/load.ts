import { browser } from 'wxt/browser';
import { languageItem } from '../storage';
import { useCatalogue, type Messages } from '.';
import { folderOf, resolveLocale, SOURCE_LOCALE, type Locale } from './locales';

/**
 * The catalogues ship once, as the browsers' own `_locales/<folder>/messages.json` (written at build from
 * utils/i18n/messages: utils/i18n/build.ts), and extension pages and the background read the active one from
 * there. No script bundles a catalogue, so a page loads only its own language.
 */

/** The language in use here: the options page's choice, else the browser's interface language. */
export async function chosenLocale(): Promise<Locale> {
  return resolveLocale(await languageItem.getValue(), browser.i18n.getUILanguage());
}

/** The browser's interface language as a catalogue, or null where the browser cannot say. */
function browserLocale(): Locale | null {
  try {
    return resolveLocale(null, browser.i18n.getUILanguage());
  } catch {
    return null;
  }
}

/** The browsers' messages.json shape: `{ key: { message } }`. */
function messagesOf(json: unknown): Messages {
  const messages: Record<string, string> = {};
  if (typeof json === 'object' && json !== null) {
    for (const [key, entry] of Object.entries(json as Record<string, unknown>)) {
      const message = (entry as { message?: unknown } | null)?.message;
      if (typeof message === 'string') messages[key] = message;
    }
  }
  return messages as Messages;
}

async function readCatalogue(locale: Locale): Promise<Messages> {
  const url = browser.runtime.getURL(`/_locales/${folderOf(locale)}/messages.json` as '/');
  const response = await fetch(url);
  return messagesOf(await response.json());
}

/**
 * Loads the active catalogue for this page or the background, and marks the document's language. Call it before
 * the first render; it never throws (a catalogue that cannot be read leaves the keys showing, never a blank page).
 */
export async function loadCatalogue(chosen?: Locale): Promise<Locale> {
  // The browser's language is the usual answer: its file is read while the person's choice is, not after it.
  const usual = chosen === undefined ? browserLocale() : null;
  const early = usual ? readCatalogue(usual).catch(() => null) : null;
  const locale = chosen ?? (await chosenLocale().catch(() => SOURCE_LOCALE));
  const read = locale === usual ? await early : null;
  if (read) useCatalogue(locale, read);
  else {
    for (const candidate of new Set([locale, SOURCE_LOCALE])) {
      try {
        useCatalogue(candidate, await readCatalogue(candidate));
        break;
      } catch (error) {
        console.warn('Homeward: could not read the catalogue', candidate, error);
      }
    }
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  return locale;
}

let loaded: { locale: Locale; done: Promise<Locale> } | null = null;

/**
 * The background's catalogue, kept to the person's current choice: what words the right-click menu and the
 * content script's catalogue file. Read again only when the choice changed.
 */
export async function currentCatalogue(): Promise<Locale> {
  const locale = await chosenLocale().catch(() => SOURCE_LOCALE);
  if (loaded?.locale !== locale) loaded = { locale, done: loadCatalogue(locale) };
  return loaded.done;
}
