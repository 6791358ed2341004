import { typedSender } from '@/utils/messaging/messages';
import { words } from '@/utils/i18n';
import type { OpeningRequest, OpenOutcome, OpenRequests } from '@/utils/open-at-home/protocol';

/** Longer addresses are not links anyone followed; browsers and servers cap URLs around here too. */
export const MAX_URL_LENGTH = 2048;

export type SendOpen = <K extends keyof OpenRequests>(
  type: K,
  payload: OpenRequests[K]['request'],
) => Promise<OpenRequests[K]['response']>;

/** What the Opening page shows: the background's outcome, or 'resolving' while it works. */
export type OpeningView = OpenOutcome | 'resolving';

export interface OpeningDeps {
  send: SendOpen;
  /** `location.replace`: the Opening page must leave no history entry, or Back would land on it and loop. */
  replace(url: string): void;
  render(view: OpeningView): void;
}

export const sendOpen: SendOpen = typedSender<OpenRequests>();

/** An https URL no longer than MAX_URL_LENGTH, normalised by the URL parser; null for anything else. */
function httpsUrl(raw: string): string | null {
  if (raw.length === 0 || raw.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  // Credentials in a followed link are a phishing trick (`https://trusted@evil/`), never a fediverse post.
  if (url.protocol !== 'https:' || !url.hostname || url.username || url.password) return null;
  return url.href.length > MAX_URL_LENGTH ? null : url.href;
}

/**
 * Reads `/opening.html?t=<ticket>#<original URL>` (see `openingAddress`). The original is everything after the
 * first `#`, unencoded (declarativeNetRequest substitutes it as is), so it keeps its own `#fragment`. The ticket
 * is passed on as it is: only the background knows what it stands for. Any other parameter means nothing.
 */
export function parseOpeningAddress(location: { search: string; hash: string }): OpeningRequest | null {
  const url = httpsUrl(location.hash.startsWith('#') ? location.hash.slice(1) : '');
  if (!url) return null;
  const ticket = new URLSearchParams(location.search).get('t');
  return { url, ...(ticket ? { ticket } : {}) };
}

/** The extension was reloaded or updated under the page: it can only be reloaded. */
const NO_ANSWER = words('opening_noAnswer');

/**
 * Asks the background to resolve `target` on the home server. Found: leaves for the home URL without a history
 * entry. Not for home after all (`load-original`): leaves for the original, which the background has just let
 * this tab load. Anything else: shows the outcome, and the page offers what fits (Try again, Reconnect, View
 * original).
 */
export async function runOpening(target: OpeningRequest, deps: OpeningDeps): Promise<OpenOutcome> {
  // Asked first: the background (which may have to wake up) works while this page paints.
  const answer = (async () => deps.send('open:resolve', target))();
  deps.render('resolving');
  let outcome: OpenOutcome;
  try {
    outcome = await answer;
  } catch {
    outcome = { kind: 'failed', server: '', reason: NO_ANSWER };
  }
  if (
    (outcome.kind === 'found' || outcome.kind === 'remote-interaction') &&
    httpsUrl(outcome.homeUrl) === null
  )
    outcome = {
      kind: 'failed',
      server: '',
      reason: words('opening_badAddress'),
    };
  deps.render(outcome);
  if (outcome.kind === 'found' || outcome.kind === 'remote-interaction') deps.replace(outcome.homeUrl);
  else if (outcome.kind === 'load-original') deps.replace(target.url);
  return outcome;
}

/**
 * **Elk** / **Phanpy** on the "Where should posts from other servers open?" question: stores the choice, then opens
 * with it. The page shows 'resolving' first, so that the page's watch on the stored choice (which fires for a choice
 * made in the options page) sees the question answered and does not open a second time: two `location.replace`
 * calls would start two navigations of the tab.
 */
export async function chooseClientThenOpen(
  kind: 'elk' | 'phanpy',
  target: OpeningRequest,
  deps: OpeningDeps,
): Promise<OpenOutcome> {
  deps.render('resolving');
  try {
    await deps.send('open:choose-client', { kind });
  } catch {
    // Not stored: the resolve below asks the question again, or says the background did not answer.
  }
  return runOpening(target, deps);
}

/**
 * **View original**: the background lets this tab load `url` without sending it home again, then navigates it.
 * Navigating from here would be redirected straight back to this page.
 */
export async function viewOriginal(
  target: OpeningRequest,
  deps: Pick<OpeningDeps, 'send' | 'render'>,
): Promise<void> {
  try {
    await deps.send('open:view-original', target);
  } catch {
    deps.render({ kind: 'failed', server: '', reason: NO_ANSWER });
  }
}
