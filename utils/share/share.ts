import { intentPage, type HomeIntents } from '../fediverse/intents';
import { homeSoftware } from '../mastodon/home-software';
import type { HomeServer } from '../storage';

/**
 * "Share on your server": a new post at home with what the person chose to share (docs/intents.md, "Share").
 * Pure: the text, and the page that starts the post.
 */

/** What the person chose: the page (its title and address), a link on it, or a selection on it. */
export interface ShareInput {
  title?: string;
  url?: string;
  /** The selected text, which becomes quoted content. */
  selection?: string;
  /** A link's own address and, where the browser gives it (Firefox), its text. */
  linkUrl?: string;
  linkText?: string;
}

/** A quote longer than this is cut (Mastodon's posts hold 500 characters; the person edits before posting). */
export const MAX_QUOTE = 300;
const MAX_TITLE = 200;

function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
}

function shareableUrl(value: string | undefined): string | null {
  if (!value || !URL.canParse(value)) return null;
  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  url.username = '';
  url.password = '';
  // A fragment can hold what a page keeps out of its address's server's sight (tokens, state).
  url.hash = '';
  return url.href;
}

/**
 * The new post's text: a link as its text (where known) and address; a selection as a quote, then the page's
 * title and address; a page as its title and address. Empty when there is nothing to share.
 */
export function shareContent(input: ShareInput): string {
  const link = shareableUrl(input.linkUrl);
  if (link) {
    const text = input.linkText ? clip(input.linkText, MAX_TITLE) : '';
    return text && text !== link ? `${text}\n${link}` : link;
  }
  const page = shareableUrl(input.url);
  const title = input.title ? clip(input.title, MAX_TITLE) : '';
  const about = [title !== page ? title : '', page ?? ''].filter(Boolean).join('\n');
  const quote = input.selection ? clip(input.selection, MAX_QUOTE) : '';
  return quote ? [`“${quote}”`, about].filter(Boolean).join('\n\n') : about;
}

/**
 * The page that starts a post with `content` at home: the Create intent the server publishes, else its software's
 * share page; null where it has neither.
 */
export function sharePage(server: HomeServer, intents: HomeIntents, content: string): string | null {
  const published = intentPage(intents, { kind: 'create', content }, [
    server.host,
    server.localDomain.toLowerCase(),
  ]);
  if (published) return published;
  const text = encodeURIComponent(content);
  const base = `https://${server.host}`;
  switch (homeSoftware(server).share) {
    case 'mastodon':
    case 'misskey':
      return `${base}/share?text=${text}`;
    case 'friendica':
      return `${base}/compose?body=${text}`;
    case 'none':
      return null;
  }
}

/** Whether sharing can work for this home: the item and the button show only then. */
export function canShare(server: HomeServer | null, intents: HomeIntents): server is HomeServer {
  return server !== null && sharePage(server, intents, '') !== null;
}
