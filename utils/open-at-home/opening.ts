import { browser } from 'wxt/browser';
import { words } from '../i18n';
import { detectFediverseLink } from '../fediverse/links';
import { openingAddress, type OpeningRequest, type OpenOutcome, type OpenTarget } from './protocol';
import { homeServerItem, neverRedirectItem } from '../storage';
import { peerHosts } from './peers';
import { storageCache } from '../storage/cache';
import { canonicalActivityId } from './activity-id';
import { bareProfileHosts, isKnownHost, isLearnable } from './known-hosts';
import { issueTicket, redeemTicket } from './opening-tickets';
import { answerExpiry, httpsUrl, resolveTarget } from './resolve';
import { directBasis, directGeneration, goDirect } from './direct-rules';
import { allowOriginal, forgetSendThrough, OPENING_PAGE, redirectsActive } from './redirect-rules';

import { homeHosts, isBarePath, isHttps, recognised } from './page-address';
/**
 * The Opening page's side in the background: its address for a target (with a ticket), what it may act on, and
 * resolving or viewing the original for it.
 */

/** Home URL → the original it was opened from, so the shortcut can jump back. */
export const originals = storageCache<string>('local:openedOriginals', 500);
export const ORIGINAL_TTL_MS = 24 * 60 * 60 * 1000;

/** The Opening page for `target`, with a ticket for it (utils/open-at-home/opening-tickets.ts). */
export async function openingPage(target: OpenTarget, tabId: number | null): Promise<string> {
  const url = new URL(target.url).href;
  const ticket = await issueTicket({ ...target, url }, tabId);
  return openingAddress(browser.runtime.getURL(OPENING_PAGE), url, ticket);
}

/** What a message from the Opening page carries about its sender: the browser fills it in, the page cannot. */
export interface OpeningSender {
  tab?: { id?: number };
  frameId?: number;
}

/** Answered to an Opening page that is not a tab's own page (framed by a site): nothing was asked or allowed. */
const FRAMED: OpenOutcome = {
  kind: 'failed',
  server: '',
  reason: words('opening_ownTab'),
};

/**
 * What an Opening page may act on (docs/security.md, "The Opening page"). Its address is open to every site, so
 * only the browser's facts count: it must be a tab's top frame; what it asks for on request, and any ActivityPub id,
 * come from the ticket the background gave that tab; without one, it is what the browser's redirect rule sends
 * here (a post or profile address on a known fediverse host), or nothing.
 */
async function openingTarget(
  payload: unknown,
  sender: OpeningSender,
): Promise<{ tabId: number; target: OpenTarget | null; viaRule: boolean } | null> {
  const tabId = sender.tab?.id;
  const request = payload as Partial<OpeningRequest> | undefined;
  const url = httpsUrl(request?.url);
  if (tabId === undefined || sender.frameId !== 0 || !url) return null;
  if (!import.meta.env.FIREFOX) await forgetSendThrough(tabId);
  const ticketed = await redeemTicket(request?.ticket, url.href, tabId);
  if (ticketed) return { tabId, target: ticketed, viaRule: false };
  const viaRule = await fromRedirectRule(url);
  return { tabId, target: viaRule ? { url: url.href } : null, viaRule };
}

/** A peer of the home server, whose peers' rules name it (peers.ts). */
async function isPeerHost(host: string): Promise<boolean> {
  return (await peerHosts((await homeServerItem.getValue())?.host)).includes(host.toLowerCase());
}

/** Whether the browser's redirect rule could have sent `url` here: the rule's own conditions, from storage. */
export async function fromRedirectRule(url: URL): Promise<boolean> {
  const host = url.hostname;
  // All at once: this stands between a click and the home server's answer (bench/open-at-home.ts, "cold").
  const [active, learned, peer, home, never, bare] = await Promise.all([
    redirectsActive(),
    isKnownHost(host),
    isPeerHost(host),
    homeHosts(),
    neverRedirectItem.getValue(),
    bareProfileHosts(),
  ]);
  if (!active || !(learned || peer) || !isLearnable(host, home, never)) return false;
  // The bare-profile rule names learned hosts only (redirect-rules.ts).
  return detectFediverseLink(url) !== null || (isBarePath(url) && learned && bare.includes(host));
}

/**
 * Answers begun when a tab committed the Opening page as the redirect rule makes it, before the page's script asked
 * (resolveOnCommit): the page's question takes the answer on its way. Tab id → the address and its answer (null:
 * the rule could not have sent it, the page's question is answered as any other).
 */
const early = new Map<number, Early>();

interface Early {
  url: string;
  /** Epoch ms it began. */
  at: number;
  outcome: Promise<OpenOutcome | null>;
  /** The page's question had it: a later one (Try again) resolves anew. */
  taken: boolean;
}
/** An answer nobody asked for goes after this (the tab left, the page never asked). */
const EARLY_KEPT_MS = 15_000;
/** A report of the address the page already asked about, this soon after, is of the same page. */
const SAME_COMMIT_MS = 2000;

/** Forgets every begun answer (tests start each from a fresh background). */
export function forgetBegunAnswers(): void {
  early.clear();
}

/**
 * A tab now shows `pageUrl`. When that is the Opening page without a ticket (the browser's redirect rule's own
 * address), starts on what its page will ask: the same checks and the same answer, begun when the page commits
 * rather than once its scripts have loaded and run (bench/open-at-home.ts: "cold").
 */
export function resolveOnCommit(tabId: number, pageUrl: string): void {
  // The tab shows the page's real address; Chromium's getURL gives the per-session one the rule redirects to
  // first (web-accessible with use_dynamic_url), this background's own origin the real one.
  const origins = [globalThis.location?.origin, browser.runtime.getURL('/').slice(0, -1)];
  const prefix = origins
    .filter((origin) => origin !== undefined)
    .map((origin) => `${origin}${OPENING_PAGE}#`)
    .find((address) => pageUrl.startsWith(address));
  if (!prefix) return;
  const url = httpsUrl(pageUrl.slice(prefix.length));
  // Once per address and tab: the browser may report the same address again, or report it after the page asked.
  const earlier = early.get(tabId);
  if (!url || (earlier?.url === url.href && (!earlier.taken || Date.now() - earlier.at < SAME_COMMIT_MS)))
    return;
  const outcome = fromRedirectRule(url)
    .then((sent) => (sent ? outcomeFor(tabId, { url: url.href }, true) : null))
    .catch(() => null);
  keepEarly(tabId, { url: url.href, at: Date.now(), outcome, taken: false });
}

function keepEarly(tabId: number, entry: Early): void {
  early.set(tabId, entry);
  setTimeout(() => {
    if (early.get(tabId) === entry) early.delete(tabId);
  }, EARLY_KEPT_MS);
}

/** The Opening page asks: resolve, after finding the canonical id where the URL carries a local one. */
export async function resolveForPage(payload: unknown, sender: OpeningSender): Promise<OpenOutcome> {
  const opening = await openingTarget(payload, sender);
  if (!opening) return FRAMED;
  const { tabId, target, viaRule } = opening;
  // An address nobody made: the page loads it as a link to it would, without asking the home server anything.
  if (!target) return { kind: 'load-original' };
  const { account } = payload as OpeningRequest;
  if (account !== undefined) {
    // Another account, on the person's click: resolved on its server; nothing learnt for the default's rules.
    const { outcome } = await resolveOpening(target, account);
    if (outcome.kind === 'load-original') await allowOriginal(tabId, target.url);
    return outcome;
  }
  const begun = early.get(tabId);
  if (begun && !begun.taken && viaRule && begun.url === target.url) {
    begun.taken = true;
    const outcome = await begun.outcome;
    if (outcome) return outcome;
  }
  const outcome = outcomeFor(tabId, target, viaRule);
  // A commit reported after this question begins nothing more for the same address.
  keepEarly(tabId, { url: target.url, at: Date.now(), outcome, taken: true });
  return outcome;
}

/**
 * What the Opening page in `tabId` gets for `target`, with what follows from it for the tab and for next time.
 * `viaRule`: fromRedirectRule already said the browser's rule sends it here.
 */
async function outcomeFor(tabId: number, target: OpenTarget, viaRule: boolean): Promise<OpenOutcome> {
  const url = target.url;
  const basis = directBasis();
  const { outcome, asked } = await resolveOpening(target);
  // Next time the browser takes this address home by itself. Not waited for: this page leaves now.
  if (outcome.kind === 'found' && !target.activityId && !target.explicit)
    void goDirectNextTime(asked, outcome.homeUrl, await basis, viaRule).catch((error: unknown) =>
      console.warn('Homeward: no direct rule', error),
    );
  // The page goes on to the original itself (not for home after all): this tab may load it as it is, for a minute.
  // Not for one that went home: the same link clicked again goes home again (Back never meets the original, which
  // the redirect replaced before it committed; the home server's own links to it are no redirect's).
  if (outcome.kind === 'load-original') await allowOriginal(tabId, url);
  return outcome;
}

/**
 * The address the browser's redirect rule sends here goes straight home from now on (direct-rules.ts), as long as
 * the answer stays in the cache: `asked` is what was resolved (the address, and the id found for it).
 */
async function goDirectNextTime(
  asked: OpenTarget,
  homeUrl: string,
  basis: string | null,
  viaRule: boolean,
): Promise<void> {
  const seenGeneration = directGeneration();
  const server = await homeServerItem.getValue();
  // A ticket's address (the page's own markers sent it) has not met the rule's conditions yet.
  if (!basis || !server || !(viaRule || (await fromRedirectRule(new URL(asked.url))))) return;
  const until = await answerExpiry(server.host, asked);
  if (until !== undefined) await goDirect(asked.url, homeUrl, until, basis, seenGeneration);
}

/** The outcome for `target`, and what was asked of the home server (the address, with the id found for it). */
async function resolveOpening(
  target: OpenTarget,
  account?: number,
): Promise<{ outcome: OpenOutcome; asked: OpenTarget }> {
  const url = target.url;
  let activityId = isHttps(target.activityId) ? target.activityId : undefined;
  const link = detectFediverseLink(url);
  const original = { outcome: { kind: 'load-original' } as OpenOutcome, asked: target };
  if (!link && activityId && !target.explicit && !recognised(new URL(url), activityId)) return original;
  const bareProfile =
    !link && isBarePath(new URL(url)) && (await bareProfileHosts()).includes(new URL(url).hostname);
  if (!activityId && !bareProfile && (!link || link.localId)) {
    if (!link && !target.explicit) return original;
    activityId = link ? ((await canonicalActivityId(url)) ?? undefined) : undefined;
    if (!activityId && !target.explicit) return original;
  }
  const asked = { url, ...(activityId ? { activityId } : {}) };
  const outcome = await resolveTarget(asked, account);
  if (outcome.kind === 'found') await originals.set(outcome.homeUrl, url, ORIGINAL_TTL_MS);
  // A host known only as the home server's peer may serve other things too (a blog beside its server): what the
  // server cannot find there opens as it is, at the cost of this one hop (the tab may load it: allowed above).
  const host = new URL(url).hostname;
  if (outcome.kind === 'not-found' && !target.explicit && !(await isKnownHost(host)))
    return { outcome: { kind: 'load-original' }, asked };
  return { outcome, asked };
}

/** View original: this tab may load its target as it is; then it goes there. Same checks as resolving. */
export async function viewOriginal(payload: unknown, sender: OpeningSender): Promise<{ ok: true }> {
  const opening = await openingTarget(payload, sender);
  if (!opening?.target) return { ok: true };
  await allowOriginal(opening.tabId, opening.target.url);
  await browser.tabs.update(opening.tabId, { url: opening.target.url });
  return { ok: true };
}
