import type english from './messages/en.json';
import { formatParts, formatText, type Param } from './format';
import { SOURCE_LOCALE, type Locale } from './locales';

/**
 * The words Homeward shows, in the person's language (docs/i18n.md). Every context loads one catalogue before it
 * shows anything: extension pages and the background with `loadCatalogue` (utils/i18n/load.ts), the content
 * script from the file registered ahead of it (utils/sites/content-script.ts). Then `t` words a key.
 */
export type MessageKey = keyof typeof english;
export type Messages = Partial<Record<MessageKey, string>>;

/**
 * A sentence to be worded where it is shown: what the background sends pages and content scripts instead of
 * text, so each shows it in its own catalogue. Parameters may be words themselves.
 */
export interface Words {
  key: MessageKey;
  params?: Record<string, string | number | Words>;
}

export function words(key: MessageKey, params?: Words['params']): Words {
  return params ? { key, params } : { key };
}

export function isWords(value: unknown): value is Words {
  if (typeof value !== 'object' || value === null) return false;
  const { key, params } = value as Partial<Words>;
  return typeof key === 'string' && (params === undefined || (typeof params === 'object' && params !== null));
}

let current: { locale: Locale; messages: Messages } = { locale: SOURCE_LOCALE, messages: {} };

export function useCatalogue(locale: Locale, messages: Messages): void {
  current = { locale, messages };
}

export function activeLocale(): Locale {
  return current.locale;
}

type Params = Record<string, Param | Words>;

function source(key: MessageKey): string {
  // A key the catalogue lacks shows as itself: the catalogue tests keep that from shipping (docs/i18n.md).
  return current.messages[key] ?? key;
}

function flat(params: Params | undefined): Record<string, Param> | undefined {
  if (!params) return undefined;
  const out: Record<string, Param> = {};
  for (const [name, value] of Object.entries(params))
    if (value !== null && value !== undefined) out[name] = typeof value === 'object' ? say(value) : value;
  return out;
}

/** The key's sentence in the active language. */
export function t(key: MessageKey, params?: Params): string {
  return formatText(current.locale, source(key), flat(params));
}

/** The key's sentence as parts, for sentences with tags (`<link>…</link>`) a caller wraps in elements. */
export function tParts(key: MessageKey, params?: Params): unknown[] {
  return formatParts(current.locale, source(key), flat(params));
}

/**
 * The words' sentence. Stored data may be older or damaged: text from a build before the catalogues shows as it
 * is, anything else as nothing, never an error on the page that shows it.
 */
export function say(sentence: Words): string {
  if (isWords(sentence)) return t(sentence.key, sentence.params);
  return typeof sentence === 'string' ? sentence : '';
}
