import { useCatalogue, type Messages } from '.';
import { isLocale } from './locales';

/**
 * The Threads and Instagram script's words: the file registered just before it (utils/sites/content-script.ts)
 * left them in this isolated world, which the page's own scripts cannot read. Without it (a build where the file
 * is missing), the keys show, never an error on the host page.
 */
export function useSuppliedCatalogue(): void {
  const supplied = (globalThis as { homewardMessages?: { locale?: unknown; messages?: unknown } })
    .homewardMessages;
  if (
    supplied &&
    isLocale(supplied.locale) &&
    typeof supplied.messages === 'object' &&
    supplied.messages !== null
  )
    useCatalogue(supplied.locale, supplied.messages as Messages);
}
