import { activeLocale } from '@/utils/i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

/** The hour and minute in the person's time zone and their language's form ("Try again at 14:05", "at 2:05 PM"). */
export function clockTime(epochMs: number): string {
  const locale = activeLocale();
  let format = formats.get(locale);
  if (!format)
    formats.set(locale, (format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' })));
  return format.format(new Date(epochMs));
}
