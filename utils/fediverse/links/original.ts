/**
 * How a page asks for the original of a link instead of its home copy. The Alt-click script
 * (utils/open-at-home/alt-click.ts) imports only this module: it is bundled into every page, where what a module
 * computes at load costs each page load.
 */

/**
 * A query, if any, that does not end in `?` or `&`. The Alt-click script (utils/open-at-home/alt-click.ts) runs in the
 * page's own world, where it cannot reach the extension: it asks for the original by ending the address with an
 * empty `?` (or `&`), which every server ignores and which no redirect rule matches.
 */
export const QUERY = '([?].*[^?&])?';

/** `url` as the original: the same address, which the redirect rules let through (see QUERY). */
export function originalAddress(url: string): string {
  const hash = url.indexOf('#');
  const [address, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  if (/[?&]$/.test(address)) return url;
  return `${address}${address.includes('?') ? '&' : '?'}${fragment}`;
}

/** Whether `url` is an original asked for by `originalAddress`: never sent home, not even by its page's markers. */
export function asksForOriginal(url: string): boolean {
  return /[?&]$/.test(url.split('#')[0] ?? url);
}
