import { browser, type Browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { serialQueue } from '../storage/serial-queue';
import { currentWebClient } from '../mastodon/web-client';
import { defaultAccount, homeServerItem, neverRedirectItem, readAccounts } from '../storage';
import { FIRST_ALLOW_ID, homeHostsOf, redirectsActive } from './redirect-rules';

/**
 * "A known link as fast as a plain navigation": once the home server has answered for an address, one session rule
 * sends a navigation to that address straight to its home page. Neither the Opening page nor the background takes
 * part (docs/architecture.md, "Open it at home"). A rule lives no longer than the answer it came from, and all go
 * when anything that decides where home is changes (the server, the web client, the account, the settings).
 */

/**
 * Above the redirect rules to the Opening page (1), below a tab's leave to load an original (3: View original,
 * Alt-click, the keyboard shortcut back) and a tab's one-shot redirect (4), both in redirect-rules.ts.
 */
const DIRECT_PRIORITY = 2;
/** Session rule ids 1…999 are these; a tab's rules (redirect-rules.ts) start at 1000. */
export const LAST_DIRECT_ID = FIRST_ALLOW_ID - 1;
/**
 * Chromium caps an extension's redirect rules in a session at 5,000 (docs/dnr-limits.md): these keep well below,
 * with the tabs' own rules beside them. The oldest answer goes first.
 */
export const DIRECT_RULES_MAX = 500;

interface Direct {
  url: string;
  /** Epoch ms when the answer behind it leaves the cache: the rule goes then. */
  until: number;
}

interface DirectState {
  /** What the destinations were worked out under (directBasis): another basis, other homes. */
  basis: string;
  rules: Record<string, Direct>;
}

const directItem = storage.defineItem<DirectState>('session:directRules', {
  fallback: { basis: '', rules: {} },
});

const serially = serialQueue();

/** Counts Clear caches: an answer read before one must not make a rule after it. */
let generation = 0;
export const directGeneration = (): number => generation;

/** What direct rules are made under: when it changes, they all go. */
interface Basis {
  /** Everything a home page address depends on besides the answer, as one string. */
  key: string;
  /** Navigations started there are the person's way out to an original: no rule takes them back. */
  homeHosts: string[];
}

/**
 * The server (its software too), the web client, the account (signed out, home is the server's sign-in page
 * instead), the never-redirect list. Null while links are not sent home automatically: no rule then.
 */
async function currentBasis(): Promise<Basis | null> {
  const [active, server, client, accounts, never] = await Promise.all([
    redirectsActive(),
    homeServerItem.getValue(),
    currentWebClient(),
    readAccounts(),
    neverRedirectItem.getValue(),
  ]);
  const account = defaultAccount(server, accounts);
  if (!active || !server || account?.status !== 'connected') return null;
  return {
    key: JSON.stringify([server, client, account.host, account.account.handle, never]),
    homeHosts: homeHostsOf(server, client),
  };
}

/** The basis a resolve starts under: goDirect makes no rule when it changed meanwhile. */
export async function directBasis(): Promise<string | null> {
  return (await currentBasis())?.key ?? null;
}

/** The address as a urlFilter matching it alone, or null when it has urlFilter's own signs (`*`, `^`, `|`). */
export function exactFilter(url: string): string | null {
  // Requests carry no fragment; the parser has already percent-encoded everything but ASCII.
  const address = url.split('#')[0] ?? url;
  return /[*^|]/.test(address) || !/^[\x21-\x7e]+$/.test(address) ? null : `|${address}|`;
}

/** Removes the rules whose answer expired, and all of them when `basis` is not theirs. Returns what stays. */
async function pruned(basis: string, now: number): Promise<DirectState> {
  const state = await directItem.getValue();
  const rules = await browser.declarativeNetRequest.getSessionRules();
  const ours = rules.filter((rule) => rule.id <= LAST_DIRECT_ID);
  const keep =
    state.basis === basis
      ? Object.fromEntries(Object.entries(state.rules).filter(([, direct]) => direct.until > now))
      : {};
  const gone = ours.filter((rule) => !(String(rule.id) in keep)).map((rule) => rule.id);
  if (gone.length > 0) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: gone });
  const next = { basis, rules: keep };
  await directItem.setValue(next);
  return next;
}

/**
 * From now on a navigation to `url` (not started from a home host) lands on `homeUrl` directly, until `until`.
 * Nothing for an address that urlFilter cannot name exactly (the Opening page goes on handling it), and nothing when
 * the basis is no longer `basis`, the one `homeUrl` was worked out under, or the caches were cleared since
 * `seenGeneration` (directGeneration) was read.
 */
export function goDirect(
  url: string,
  homeUrl: string,
  until: number,
  basis: string,
  seenGeneration: number,
): Promise<void> {
  return serially(async () => {
    const filter = exactFilter(url);
    const now = Date.now();
    const current = await currentBasis();
    if (!filter || until <= now || current?.key !== basis || seenGeneration !== generation) return;
    const state = await pruned(basis, now);
    const entries = Object.entries(state.rules);
    const replaced = entries.filter(([, direct]) => direct.url === url).map(([id]) => Number(id));
    const kept = entries.filter(([id]) => !replaced.includes(Number(id)));
    const overflow = kept
      .sort(([, a], [, b]) => a.until - b.until)
      .slice(0, Math.max(0, kept.length + 1 - DIRECT_RULES_MAX))
      .map(([id]) => Number(id));
    const removed = [...replaced, ...overflow];
    const taken = new Set(kept.map(([id]) => Number(id)).filter((id) => !removed.includes(id)));
    let id = 1;
    while (taken.has(id)) id++;
    const rules = Object.fromEntries(kept.filter(([key]) => !removed.includes(Number(key))));
    await directItem.setValue({ basis, rules: { ...rules, [id]: { url, until } } });
    await browser.declarativeNetRequest.updateSessionRules({
      removeRuleIds: [...new Set([...removed, id])],
      addRules: [
        {
          id,
          priority: DIRECT_PRIORITY,
          action: { type: 'redirect', redirect: { url: homeUrl } },
          condition: {
            urlFilter: filter,
            isUrlFilterCaseSensitive: true,
            resourceTypes: ['main_frame'],
            // The home server's own "open original page" links, and the web client's: they never come back home.
            excludedInitiatorDomains: current.homeHosts,
          },
        } as Browser.declarativeNetRequest.Rule,
      ],
    });
    await scheduleExpiry({ basis, rules: { ...rules, [id]: { url, until } } });
  });
}

/** Wakes the background when the first rule's answer expires, so that it goes on time. */
export const DIRECT_EXPIRY_ALARM = 'homeward-direct-rules';

async function scheduleExpiry(state: DirectState): Promise<void> {
  const first = Math.min(...Object.values(state.rules).map((direct) => direct.until));
  if (Number.isFinite(first)) await browser.alarms.create(DIRECT_EXPIRY_ALARM, { when: first });
  else await browser.alarms.clear(DIRECT_EXPIRY_ALARM);
}

/** Drops the expired rules, and every rule made under another basis than today's (all, while redirects are off). */
export function pruneDirectRules(): Promise<void> {
  return serially(async () => {
    await scheduleExpiry(await pruned((await directBasis()) ?? '', Date.now()));
  });
}

/** Drops every rule ("Clear caches": the answers they came from are gone). */
export function forgetDirectRules(): Promise<void> {
  generation++;
  return serially(async () => {
    await scheduleExpiry(await pruned('', Date.now()));
  });
}
