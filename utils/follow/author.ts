import { browser } from 'wxt/browser';

/**
 * **Follow the author**: the fediverse account a page names as its author with
 * `<meta name="fediverse:creator" content="@user@host">`, the tag Mastodon 4.3 reads to show "More from" an author
 * under a link's preview (docs/home-server.md §5.2). Read only when the person opens the toolbar popup over the
 * page: that click grants `activeTab` for it, and no other page is ever read for this, automatic redirects on or
 * off.
 */

/**
 * Runs in the page (serialized, so self-contained): the first tag's content, as Mastodon takes the first one;
 * `name` or `property`, in any case, as Mastodon 4.4 matches it.
 */
function readCreatorTag(): string | null {
  for (const meta of document.querySelectorAll('meta[name], meta[property]')) {
    const name = (meta.getAttribute('name') ?? meta.getAttribute('property') ?? '').toLowerCase();
    if (name === 'fediverse:creator') return meta.getAttribute('content');
  }
  return null;
}

/**
 * `@user@host` or `user@host` as Mastodon's ResolveAccountService takes it (one leading @ dropped), lower case;
 * null for anything else (a profile URL in the tag resolves to nothing there either).
 */
export function creatorHandle(content: unknown): string | null {
  if (typeof content !== 'string' || content.length > 320) return null;
  const match =
    /^@?([a-z0-9_](?:[a-z0-9_.-]{0,62}[a-z0-9_])?)@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62})$/i.exec(
      content.trim(),
    );
  return match ? `${match[1]!.toLowerCase()}@${match[2]!.toLowerCase()}` : null;
}

/** The author the page in `tabId` names, or null: no tag, a tag that names no account, or a page that cannot be read. */
export async function pageAuthor(tabId: number): Promise<{ handle: string | null }> {
  try {
    const [result] = await browser.scripting.executeScript({ target: { tabId }, func: readCreatorTag });
    return { handle: creatorHandle(result?.result) };
  } catch {
    // Not scriptable (the browser's own pages, the store), or no activeTab for it: nothing to offer.
    return { handle: null };
  }
}
