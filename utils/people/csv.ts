import type { PeopleSite } from '@/utils/people/protocol';

/**
 * Mastodon's follows import reads the file its own export writes (`app/models/export.rb`,
 * `to_following_accounts_csv`): this header, then `acct,show_reblogs,notify,languages` per account. Ruby's CSV ends
 * every line, the last one too, with `\n`, and writes no BOM.
 */
export const FOLLOWS_CSV_HEADER = [
  'Account address',
  'Show boosts',
  'Notify on new posts',
  'Languages',
] as const;

/**
 * Characters that make a spreadsheet read a cell as a formula when it starts with one, quoted or not (OWASP, "CSV
 * Injection"). Handles never start with one today (Mastodon usernames begin with a letter, digit or underscore),
 * but the file is written from what a web page showed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180: a field with a comma, a double quote or a line break is quoted, its quotes doubled. A field that
 * would start a formula gets a leading `'` first, as OWASP advises, so a spreadsheet shows it as text.
 */
export function csvField(value: string): string {
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\n`;
}

/**
 * The follows to import, as Mastodon's export writes them: boosts shown, no notifications, every language.
 * `handles` are `user@domain`; a leading `@` is dropped (Mastodon's export writes the bare `acct`).
 */
export function followsCsv(handles: readonly string[]): string {
  return (
    csvLine(FOLLOWS_CSV_HEADER) +
    handles.map((handle) => csvLine([handle.replace(/^@/, ''), 'true', 'false', ''])).join('')
  );
}

/** `homeward-threads-juno.field-following.csv`: anything but a username's characters becomes `-`. */
export function followsCsvFileName(site: PeopleSite, owner: string): string {
  const safe = (text: string) => text.toLowerCase().replace(/[^a-z0-9._]+/g, '-') || 'unknown';
  return `homeward-${safe(site)}-${safe(owner)}-following.csv`;
}
