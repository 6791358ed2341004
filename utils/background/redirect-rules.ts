import { browser, type Browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { BARE_PROFILE_RE2, OBJECT_PATH_RE2 } from '../fediverse/links/object-path';
import { hasAllSites } from '../extension-state';
import { featuresItem, homeServerItem, neverRedirectItem, type HomeServer } from '../storage';
import { bareProfileHosts, isLearnable, isWithin, knownHosts } from './known-hosts';

/**
 * "Before the remote page loads": one declarativeNetRequest rule sends navigations to posts and profiles on known
 * fediverse hosts to the Opening page, so the browser never asks the remote server for the page. Per-tab session
 * rules let a tab load an original it asked for (View original, Alt-click, a URL redirected there within the
 * last minute). The browser applies the rules; the background only keeps them current.
 */

export const OPENING_PAGE = '/redirect.html';
/** Dynamic rule ids 1…n: one redirect rule per path family (OBJECT_PATH_RE2), then the bare-profile rule. */
const BARE_PROFILE_RULE_ID = OBJECT_PATH_RE2.length + 1;
const REDIRECT_RULE_IDS = [...OBJECT_PATH_RE2.map((_, index) => index + 1), BARE_PROFILE_RULE_ID];
/** How long a tab may load an original without being sent home again. */
export const ORIGINAL_ALLOWED_MS = 60 * 1000;
/** Session rule ids for those exemptions start here; the dynamic redirect rule keeps the low ids. */
const FIRST_ALLOW_ID = 1000;

/** Whether automatic redirects are on: the switch, a server, and the permission the browser needs for them. */
export async function redirectsActive(): Promise<boolean> {
  const [features, server] = await Promise.all([featuresItem.getValue(), homeServerItem.getValue()]);
  return features.openAtHome && server !== null && (await hasAllSites());
}

/** Whether a never-redirect entry covers `host` (an entry covers its subdomains). */
export const isNeverRedirected = (host: string, never: readonly string[]): boolean => isWithin(host, never);

/** The home server's names: its web host and, when it differs, the domain in its handles. */
export function homeHostsOf(server: HomeServer | null): string[] {
  return server ? [...new Set([server.host, server.localDomain])] : [];
}

/** The redirect rules for `hosts`, excluding navigations started from the home server (its "open original" links). */
export function redirectRules(
  hosts: readonly string[],
  homeHosts: readonly string[],
  never: readonly string[],
  openingPage: string,
  bareProfileHosts: readonly string[] = [],
): Browser.declarativeNetRequest.Rule[] {
  const bare = bareProfileHosts.filter((host) => hosts.includes(host));
  const families: [number, string, readonly string[]][] = [
    ...OBJECT_PATH_RE2.map((regexFilter, index): [number, string, readonly string[]] => [
      index + 1,
      regexFilter,
      hosts,
    ]),
    ...(bare.length > 0
      ? [[BARE_PROFILE_RULE_ID, BARE_PROFILE_RE2, bare] as [number, string, readonly string[]]]
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

let syncing: Promise<void> = Promise.resolve();

/** Brings the redirect rule in line with the settings, the known hosts and the permission. Serialised. */
export function syncRedirectRules(): Promise<void> {
  syncing = syncing.then(applyRules, applyRules);
  return syncing;
}

async function applyRules(): Promise<void> {
  const [active, server, never, hosts, bare] = await Promise.all([
    redirectsActive(),
    homeServerItem.getValue(),
    neverRedirectItem.getValue(),
    knownHosts(),
    bareProfileHosts(),
  ]);
  const homeHosts = homeHostsOf(server);
  // Learning refused these already; a host learned before a setting changed is refused again here.
  const targets = hosts.filter((host) => isLearnable(host, homeHosts, never));
  await browser.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: REDIRECT_RULE_IDS,
    addRules:
      active && targets.length > 0
        ? redirectRules(targets, homeHosts, never, browser.runtime.getURL(OPENING_PAGE), bare)
        : [],
  });
}

/** RE2 and JavaScript agree on these escapes. */
function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Session rule id → epoch ms when its exemption ends. In session storage: the background may stop meanwhile. */
const allowedUntilItem = storage.defineItem<Record<string, number>>('session:allowedOriginals', {
  fallback: {},
});

let allowing: Promise<unknown> = Promise.resolve();

/**
 * Lets `tabId` load `url` as it is for the next minute: no redirect for it in that tab, then the exemption goes.
 * Session rules vanish with the browser session, so nothing outlives a restart.
 */
export function allowOriginal(tabId: number, url: string): Promise<void> {
  const run = allowing.then(async () => {
    const now = Date.now();
    const [rules, until] = await Promise.all([
      browser.declarativeNetRequest.getSessionRules(),
      allowedUntilItem.getValue(),
    ]);
    const expired = rules.filter((rule) => (until[rule.id] ?? 0) <= now).map((rule) => rule.id);
    const id = Math.max(FIRST_ALLOW_ID, ...rules.map((rule) => rule.id + 1));
    const kept = Object.fromEntries(Object.entries(until).filter(([, end]) => end > now));
    await allowedUntilItem.setValue({ ...kept, [id]: now + ORIGINAL_ALLOWED_MS });
    await browser.declarativeNetRequest.updateSessionRules({
      removeRuleIds: expired,
      addRules: [
        {
          id,
          priority: 2,
          action: { type: 'allow' },
          condition: { regexFilter: addressFilter(url), tabIds: [tabId], resourceTypes: ['main_frame'] },
        } as Browser.declarativeNetRequest.Rule,
      ],
    });
  });
  allowing = run.catch(() => undefined);
  return run;
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
 * after 15 s, whichever comes first.
 */
export function sendThroughOnce(tabId: number, url: string, destination: string): Promise<void> {
  const run = allowing.then(async () => {
    const now = Date.now();
    const [rules, until] = await Promise.all([
      browser.declarativeNetRequest.getSessionRules(),
      allowedUntilItem.getValue(),
    ]);
    const gone = rules
      .filter((rule) => (until[rule.id] ?? 0) <= now || isSendThrough(rule, tabId))
      .map((rule) => rule.id);
    const id = Math.max(FIRST_ALLOW_ID, ...rules.map((rule) => rule.id + 1));
    const kept = Object.fromEntries(
      Object.entries(until).filter(([key, end]) => end > now && !gone.includes(Number(key))),
    );
    await allowedUntilItem.setValue({ ...kept, [id]: now + SEND_THROUGH_MS });
    await browser.declarativeNetRequest.updateSessionRules({
      removeRuleIds: gone,
      addRules: [
        {
          id,
          // Above the redirect rules (1) and the tab's exemptions (2).
          priority: 3,
          action: { type: 'redirect', redirect: { url: destination } },
          condition: { regexFilter: addressFilter(url), tabIds: [tabId], resourceTypes: ['main_frame'] },
        } as Browser.declarativeNetRequest.Rule,
      ],
    });
  });
  allowing = run.catch(() => undefined);
  return run;
}

/** The tab reached the Opening page: its one-shot redirect has done its work. */
export function forgetSendThrough(tabId: number): Promise<void> {
  const run = allowing.then(async () => {
    const rules = await browser.declarativeNetRequest.getSessionRules();
    const gone = rules.filter((rule) => isSendThrough(rule, tabId)).map((rule) => rule.id);
    if (gone.length > 0) await browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: gone });
  });
  allowing = run.catch(() => undefined);
  return run;
}

function isSendThrough(rule: Browser.declarativeNetRequest.Rule, tabId: number): boolean {
  return (
    rule.action.type === 'redirect' &&
    rule.condition.tabIds?.length === 1 &&
    rule.condition.tabIds[0] === tabId
  );
}
