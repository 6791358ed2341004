import { browser, type Browser } from 'wxt/browser';
import { currentWebClient } from '../mastodon/web-client';
import { fillPattern } from '../mastodon/web-ui';
import { storage } from 'wxt/utils/storage';
import { BARE_PROFILE_RE2, OBJECT_PATH_RE2 } from '../fediverse/links/object-path';
import { hasAllSites } from '../capabilities';
import { featuresItem, homeServerItem, neverRedirectItem, type HomeServer, type WebClient } from '../storage';
import { bareProfileHosts, isLearnable, isWithin, knownHosts } from './known-hosts';
import { serialQueue } from '../storage/serial-queue';
import { storedPeers } from './peers';

/**
 * "Before the remote page loads": one declarativeNetRequest rule sends navigations to posts and profiles on known
 * fediverse hosts to the Opening page, so the browser never asks the remote server for the page; an address the home
 * server has answered for goes straight home instead (direct-rules.ts). Per-tab session rules let a tab load an
 * original it asked for (View original, Alt-click, an address not for home after all) for a minute. The browser
 * applies the rules; the background only keeps them current.
 */

export const OPENING_PAGE = '/opening.html';
/**
 * Two sets of dynamic rules, each one rule per group of path families (OBJECT_PATH_RE2): the home server's peers
 * from id 1, which change daily and carry up to 50,000 names, and the hosts learned from pages from id 21, which
 * change with every new host, then their bare-profile rule. Every update pays for every name in the rules it sends
 * (docs/dnr-limits.md): a learned host re-sends the small set alone.
 */
const PEER_FIRST_ID = 1;
const LEARNED_FIRST_ID = 21;
const ruleIds = (first: number, bareProfile: boolean) =>
  OBJECT_PATH_RE2.map((_, index) => first + index).concat(
    bareProfile ? [first + OBJECT_PATH_RE2.length] : [],
  );
const PEER_RULE_IDS = ruleIds(PEER_FIRST_ID, false);
const LEARNED_RULE_IDS = ruleIds(LEARNED_FIRST_ID, true);
/** Earlier builds had a rule per path family, ids 1–13: removed with the peers' rules the first time. */
const LEGACY_RULE_IDS = Array.from({ length: 13 }, (_, index) => index + 1);
/** How long a tab may load an original without being sent home again. */
export const ORIGINAL_ALLOWED_MS = 60 * 1000;
/** A tab's session rules (exemptions, one-shot redirects) have ids from here; direct-rules.ts has those below. */
export const FIRST_ALLOW_ID = 1000;

/** Whether automatic redirects are on: the switch, a server, and the permission the browser needs for them. */
export async function redirectsActive(): Promise<boolean> {
  const [features, server, allSites] = await Promise.all([
    featuresItem.getValue(),
    homeServerItem.getValue(),
    hasAllSites(),
  ]);
  return features.openAtHome && server !== null && allSites;
}

/** Whether a never-redirect entry covers `host` (an entry covers its subdomains). */
export const isNeverRedirected = (host: string, never: readonly string[]): boolean => isWithin(host, never);

/**
 * The home server's names (its web host and, when it differs, the domain in its handles) and the web client's host
 * where "home" opens in one: links from there are the person's own way out, and it is never a remote server.
 */
export function homeHostsOf(server: HomeServer | null, client: WebClient | null = null): string[] {
  if (!server) return [];
  return [...new Set([server.host, server.localDomain, ...clientHosts(server, client)])];
}

/** Where the web client's pages are: its host, or for patterns, the hosts they fill in to. */
function clientHosts(server: HomeServer, client: WebClient | null): string[] {
  if (!client) return [];
  if (client.kind !== 'custom') return [client.host];
  const values = { server: server.host, acct: 'a', id: '1' };
  return [client.post, client.profile]
    .map((pattern) => fillPattern(pattern, values))
    .filter((address) => URL.canParse(address))
    .map((address) => new URL(address).hostname);
}

/**
 * The redirect rules for `hosts`, ids from `firstId`, excluding navigations started from the home server (its "open
 * original" links). None for no host.
 */
export function redirectRules(
  hosts: readonly string[],
  homeHosts: readonly string[],
  never: readonly string[],
  openingPage: string,
  bareProfileHosts: readonly string[] = [],
  firstId = LEARNED_FIRST_ID,
): Browser.declarativeNetRequest.Rule[] {
  if (hosts.length === 0) return [];
  const bare = bareProfileHosts.filter((host) => hosts.includes(host));
  const families: [number, string, readonly string[]][] = [
    ...OBJECT_PATH_RE2.map((regexFilter, index): [number, string, readonly string[]] => [
      firstId + index,
      regexFilter,
      hosts,
    ]),
    ...(bare.length > 0
      ? [[firstId + OBJECT_PATH_RE2.length, BARE_PROFILE_RE2, bare] as [number, string, readonly string[]]]
      : []),
  ];
  return families.map(([id, regexFilter, domains]) => ({
    id,
    priority: 1,
    action: {
      type: 'redirect',
      // `\0` is the whole matched URL, unescaped: the Opening page reads everything after its own `#`.
      redirect: { regexSubstitution: `${openingPage}#\\0` },
    },
    condition: {
      regexFilter,
      requestDomains: [...domains],
      // `requestDomains` covers subdomains too: a never-listed or home subdomain of a known host stays out.
      excludedRequestDomains: [...new Set([...homeHosts, ...never])],
      excludedInitiatorDomains: [...homeHosts],
      resourceTypes: ['main_frame'],
    },
  })) as Browser.declarativeNetRequest.Rule[];
}

// No rules for a site's service worker fetching a page it answers (Chromium's main-frame rules never see such a
// navigation): any site's worker could then tell, from how its own fetches come back, which hosts Homeward sends
// home and read the Opening page's address (docs/fediverse-software.md, "Service workers").

let syncing: Promise<void> = Promise.resolve();

/** Brings the redirect rule in line with the settings, the known hosts and the permission. Serialised. */
export function syncRedirectRules(): Promise<void> {
  syncing = syncing.then(applyRules, applyRules);
  return syncing;
}

/**
 * What the rules in the browser were made of, per set, as applyRules last sent them. In session storage: a
 * background that restarts sends nothing again (a browser restart sends both once; the rules themselves persist).
 */
const appliedItem = storage.defineItem<{ peers: string | null; learned: string | null }>(
  'session:appliedRedirectRules',
  { fallback: { peers: null, learned: null } },
);

async function applyRules(): Promise<void> {
  const [active, server, client, never, hosts, bare, applied] = await Promise.all([
    redirectsActive(),
    homeServerItem.getValue(),
    currentWebClient(),
    neverRedirectItem.getValue(),
    knownHosts(),
    bareProfileHosts(),
    appliedItem.getValue(),
  ]);
  const homeHosts = homeHostsOf(server, client);
  // The hosts learned from pages and the home server's peers (peers.ts): learning refused these already, the
  // peers were never asked, and a host learned before a setting changed is refused again here.
  const peers = await storedPeers(server?.host);
  const common = [active, homeHosts, never];
  const keys = {
    peers: JSON.stringify([...common, peers.stamp]),
    learned: JSON.stringify([...common, [...hosts].sort(), bare]),
  };
  const openingPage = browser.runtime.getURL(OPENING_PAGE);
  const rulesFor = (domains: readonly string[], firstId: number, bareProfiles: readonly string[]) =>
    active
      ? redirectRules(
          domains.filter((host) => isLearnable(host, homeHosts, never)),
          homeHosts,
          never,
          openingPage,
          bareProfiles,
          firstId,
        )
      : [];
  const removeRuleIds: number[] = [];
  const addRules: Browser.declarativeNetRequest.Rule[] = [];
  if (keys.peers !== applied.peers) {
    removeRuleIds.push(...(applied.peers === null ? LEGACY_RULE_IDS : PEER_RULE_IDS));
    // Bare profiles are learned hosts' alone (known-hosts.ts).
    addRules.push(...rulesFor(peers.domains, PEER_FIRST_ID, []));
  }
  if (keys.learned !== applied.learned) {
    removeRuleIds.push(...LEARNED_RULE_IDS);
    addRules.push(...rulesFor(hosts, LEARNED_FIRST_ID, bare));
  }
  if (removeRuleIds.length === 0) return;
  await browser.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: [...new Set(removeRuleIds)],
    addRules,
  });
  await appliedItem.setValue(keys);
}

/** RE2 and JavaScript agree on these escapes. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Session rule id → epoch ms when the tab's rule ends (an exemption, a one-shot redirect). In session storage: the
 * background may stop meanwhile.
 */
const allowedUntilItem = storage.defineItem<Record<string, number>>('session:allowedOriginals', {
  fallback: {},
});

/** Runs `work` after every earlier change to the session rules: ids are counted from the rules as they are. */
const serially = serialQueue();

/**
 * Adds a session rule for `url` in `tabId` alone, kept in `allowedUntilItem` until `lifetimeMs` from now, and
 * removes the rules whose time is up and those `replaces` names. Session rules vanish with the browser session.
 */
async function addTabRule(
  tabId: number,
  url: string,
  lifetimeMs: number,
  rule: Pick<Browser.declarativeNetRequest.Rule, 'priority' | 'action'>,
  replaces: (rule: Browser.declarativeNetRequest.Rule) => boolean = () => false,
): Promise<number> {
  const now = Date.now();
  const [rules, until] = await Promise.all([
    browser.declarativeNetRequest.getSessionRules(),
    allowedUntilItem.getValue(),
  ]);
  const tabRules = rules.filter((r) => r.id >= FIRST_ALLOW_ID);
  const gone = tabRules.filter((r) => (until[r.id] ?? 0) <= now || replaces(r)).map((r) => r.id);
  const id = Math.max(FIRST_ALLOW_ID, ...tabRules.map((r) => r.id + 1));
  const kept = Object.entries(until).filter(([key, end]) => end > now && !gone.includes(Number(key)));
  await allowedUntilItem.setValue({ ...Object.fromEntries(kept), [id]: now + lifetimeMs });
  await browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds: gone,
    addRules: [
      {
        id,
        ...rule,
        condition: {
          regexFilter: addressFilter(url),
          isUrlFilterCaseSensitive: true,
          tabIds: [tabId],
          resourceTypes: ['main_frame'],
        },
      } as Browser.declarativeNetRequest.Rule,
    ],
  });
  return id;
}

/**
 * Lets `tabId` load `url` as it is for the next minute: no redirect for it in that tab, then the exemption goes.
 */
export function allowOriginal(tabId: number, url: string): Promise<void> {
  return serially(async () => {
    // Above the redirect rules (1) and the direct ones (2, direct-rules.ts).
    await addTabRule(tabId, url, ORIGINAL_ALLOWED_MS, { priority: 3, action: { type: 'allow' } });
  });
}

/** DNR matches URLs without their fragment. */
function addressFilter(url: string): string {
  return `^${escapeRegex(url.split('#')[0] ?? url)}$`;
}

/** Whether `url` was let through in `tabId` within the last minute (the "already redirected" loop guard). */
export async function isAllowed(tabId: number, url: string): Promise<boolean> {
  const filter = addressFilter(url);
  const [rules, until] = await Promise.all([
    browser.declarativeNetRequest.getSessionRules(),
    allowedUntilItem.getValue(),
  ]);
  const now = Date.now();
  return rules.some(
    (rule) =>
      rule.action.type === 'allow' &&
      rule.condition.regexFilter === filter &&
      rule.condition.tabIds?.includes(tabId) === true &&
      (until[rule.id] ?? 0) > now,
  );
}

/** How long a tab's one-shot redirect waits for the reload it was made for. */
const SEND_THROUGH_MS = 15 * 1000;

/**
 * The next load of `url` in `tabId` goes to `destination` instead, once: the marker script then reloads its page,
 * so the page's own `navigate` event sees only its own address, never the Opening page's (docs/security.md,
 * "What a page sees of the Opening page"). The rule goes when the Opening page asks (`forgetSendThrough`) or
 * 15 s after it was made, whichever comes first.
 *
 * False, and no rule, when the tab already had one for `url`: its reload never reached the rules (a page whose
 * service worker answers its own loads), so it must not be told to reload again but go by `location.replace`.
 */
export function sendThroughOnce(tabId: number, url: string, destination: string): Promise<boolean> {
  return serially(async () => {
    const filter = addressFilter(url);
    const earlier = (await browser.declarativeNetRequest.getSessionRules()).filter((rule) =>
      isSendThrough(rule, tabId),
    );
    if (earlier.some((rule) => rule.condition.regexFilter === filter)) {
      await browser.declarativeNetRequest.updateSessionRules({
        removeRuleIds: earlier.map((rule) => rule.id),
      });
      return false;
    }
    const id = await addTabRule(
      tabId,
      url,
      SEND_THROUGH_MS,
      // Above the redirect rules (1), the direct ones (2) and the tab's exemptions (3).
      { priority: 4, action: { type: 'redirect', redirect: { url: destination } } },
      (rule) => isSendThrough(rule, tabId),
    );
    // Also when the reload never comes (the page cancelled it): a later visit must load as it would.
    setTimeout(
      () => void removeSessionRules((rule) => rule.id === id).catch(() => undefined),
      SEND_THROUGH_MS,
    );
    return true;
  });
}

/** The tab reached the Opening page: its one-shot redirect has done its work. */
export function forgetSendThrough(tabId: number): Promise<void> {
  return removeSessionRules((rule) => isSendThrough(rule, tabId));
}

function removeSessionRules(which: (rule: Browser.declarativeNetRequest.Rule) => boolean): Promise<void> {
  return serially(async () => {
    const rules = await browser.declarativeNetRequest.getSessionRules();
    const gone = rules.filter(which).map((rule) => rule.id);
    if (gone.length > 0) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: gone });
  });
}

function isSendThrough(rule: Browser.declarativeNetRequest.Rule, tabId: number): boolean {
  return (
    rule.action.type === 'redirect' &&
    rule.condition.tabIds?.length === 1 &&
    rule.condition.tabIds[0] === tabId
  );
}
