/**
 * In-memory stand-ins for the browser APIs "Open it at home" uses and fakeBrowser lacks: declarativeNetRequest
 * (dynamic and session rules, with a matcher that follows Chrome's documented semantics), scripting's
 * registered content scripts, contextMenus, commands, the all-sites permission as a flag, and a tabs.update
 * recorder.
 */
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetBegunAnswers } from '@/utils/open-at-home/opening';

type Rule = Browser.declarativeNetRequest.Rule;
type ContentScript = Browser.scripting.RegisteredContentScript;

interface RuleUpdate {
  removeRuleIds?: number[];
  addRules?: Rule[];
}

/** A navigation as DNR sees it: the tab, and the site that started it (none for the address bar). */
export interface Navigation {
  tabId?: number;
  initiator?: string;
}

/** DNR domain lists match the domain itself and its subdomains. */
function domainIn(host: string, domains: readonly string[] | undefined): boolean {
  return (domains ?? []).some((domain) => host === domain || host.endsWith(`.${domain}`));
}

/**
 * urlFilter as Chrome documents it: `||` anchors to a domain, `|` to the start or end, `*` is anything, `^` a
 * separator (not a letter, digit or one of `_-.%`) or the end.
 */
function urlFilterRegex(filter: string, flags: string): RegExp {
  let rest = filter;
  let start = '';
  if (rest.startsWith('||')) {
    start = '^[a-z][a-z0-9+.-]*://([^/]*\\.)?';
    rest = rest.slice(2);
  } else if (rest.startsWith('|')) {
    start = '^';
    rest = rest.slice(1);
  }
  const end = rest.endsWith('|') ? '$' : '';
  if (end) rest = rest.slice(0, -1);
  const body = [...rest]
    .map((c) =>
      c === '*' ? '.*' : c === '^' ? '(?:[^A-Za-z0-9_.%-]|$)' : c.replace(/[.+?${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`${start}${body}${end}`, flags);
}

function matches(rule: Rule, url: URL, navigation: Navigation): boolean {
  const { condition } = rule;
  // Requests carry no fragment; both filters are case-insensitive unless isUrlFilterCaseSensitive says otherwise.
  const address = url.href.split('#')[0] ?? url.href;
  const flags = condition.isUrlFilterCaseSensitive === true ? '' : 'i';
  if (condition.regexFilter !== undefined && !new RegExp(condition.regexFilter, flags).test(address))
    return false;
  if (condition.urlFilter !== undefined && !urlFilterRegex(condition.urlFilter, flags).test(address))
    return false;
  if (condition.requestDomains && !domainIn(url.hostname, condition.requestDomains)) return false;
  if (domainIn(url.hostname, condition.excludedRequestDomains)) return false;
  if (
    navigation.initiator !== undefined &&
    domainIn(navigation.initiator, condition.excludedInitiatorDomains)
  )
    return false;
  if (condition.resourceTypes && !condition.resourceTypes.includes('main_frame' as never)) return false;
  if (condition.tabIds && (navigation.tabId === undefined || !condition.tabIds.includes(navigation.tabId)))
    return false;
  return true;
}

/** Chrome refuses the whole update when an added id is taken (after the removals) or repeated. */
function applyUpdate(store: Map<number, Rule>, update: RuleUpdate, which: string): void {
  const next = new Map(store);
  for (const id of update.removeRuleIds ?? []) next.delete(id);
  for (const rule of update.addRules ?? []) {
    if (!Number.isInteger(rule.id) || rule.id < 1) throw new Error(`${which} rule id ${rule.id} is invalid`);
    if (next.has(rule.id)) throw new Error(`Rule with id ${rule.id} does not have a unique ID.`);
    next.set(rule.id, structuredClone(rule));
  }
  store.clear();
  for (const [id, rule] of next) store.set(id, rule);
}

export function fakeNavigationApis() {
  const dynamic = new Map<number, Rule>();
  const session = new Map<number, Rule>();
  const scripts: ContentScript[] = [];
  const menus: Browser.contextMenus.CreateProperties[] = [];
  const tabUpdates: { tabId: number; url: string | undefined }[] = [];
  /** Every API call, in order, by name: tells what happened before what. */
  const log: string[] = [];
  let allSites = false;

  const noEvents = { addListener: () => undefined, removeListener: () => undefined };
  const commandListeners: ((command: string, tab?: Browser.tabs.Tab) => void)[] = [];
  type MenuListener = (info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab) => void;
  const menuListeners: MenuListener[] = [];
  type UpdatedListener = (tabId: number, change: { status?: string }, tab: Browser.tabs.Tab) => void;
  const updatedListeners: UpdatedListener[] = [];
  /** Files injected with scripting.executeScript, by tab. */
  const injected: { tabId: number; file: string }[] = [];

  const apis = {
    declarativeNetRequest: {
      getDynamicRules: () => Promise.resolve([...dynamic.values()].map((rule) => structuredClone(rule))),
      getSessionRules: () => Promise.resolve([...session.values()].map((rule) => structuredClone(rule))),
      updateDynamicRules: (update: RuleUpdate) => {
        log.push('updateDynamicRules');
        return new Promise<void>((resolve) => {
          applyUpdate(dynamic, update, 'dynamic');
          resolve();
        });
      },
      updateSessionRules: (update: RuleUpdate) => {
        log.push('updateSessionRules');
        return new Promise<void>((resolve) => {
          applyUpdate(session, update, 'session');
          resolve();
        });
      },
    },
    scripting: {
      getRegisteredContentScripts: (filter?: { ids?: string[] }) =>
        Promise.resolve(
          scripts.filter((script) => !filter?.ids || filter.ids.includes(script.id)).map((s) => ({ ...s })),
        ),
      registerContentScripts: (added: ContentScript[]) => {
        log.push('registerContentScripts');
        if (added.some((script) => scripts.some((other) => other.id === script.id)))
          return Promise.reject(new Error('Duplicate script ID'));
        scripts.push(...added.map((script) => ({ ...script })));
        return Promise.resolve();
      },
      unregisterContentScripts: (filter?: { ids?: string[] }) => {
        log.push('unregisterContentScripts');
        const kept = scripts.filter((script) => filter?.ids && !filter.ids.includes(script.id));
        scripts.splice(0, scripts.length, ...kept);
        return Promise.resolve();
      },
      /**
       * Files are injected (and recorded); a function, which reads the page, fails as on a page that cannot be
       * scripted (a browser page): the URL alone has to do.
       */
      executeScript: (injection: { target: { tabId: number }; files?: string[] }) => {
        if (!injection.files) return Promise.reject(new Error('Cannot access contents of the page'));
        log.push('executeScript');
        injected.push(...injection.files.map((file) => ({ tabId: injection.target.tabId, file })));
        return Promise.resolve([]);
      },
    },
    contextMenus: {
      removeAll: () => {
        menus.length = 0;
        return Promise.resolve();
      },
      /** As the browsers do: an item that is not there is an error. */
      remove: (id: string | number) => {
        const at = menus.findIndex((menu) => menu.id === id);
        if (at === -1) return Promise.reject(new Error(`Cannot find menu item with id ${id}`));
        menus.splice(at, 1);
        return Promise.resolve();
      },
      create: (properties: Browser.contextMenus.CreateProperties) => {
        menus.push(properties);
        return properties.id ?? '';
      },
      onClicked: {
        addListener: (listener: MenuListener) => {
          menuListeners.push(listener);
        },
        removeListener: () => undefined,
      },
    },
    commands: {
      onCommand: {
        addListener: (listener: (command: string, tab?: Browser.tabs.Tab) => void) => {
          commandListeners.push(listener);
        },
        removeListener: () => undefined,
      },
    },
    permissions: {
      contains: (permissions: Browser.permissions.Permissions) =>
        Promise.resolve(allSites && (permissions.origins ?? []).every((origin) => origin === 'https://*/*')),
      onAdded: noEvents,
      onRemoved: noEvents,
    },
    tabs: {
      onUpdated: {
        addListener: (listener: UpdatedListener) => {
          updatedListeners.push(listener);
        },
        removeListener: () => undefined,
      },
      update: (tabId: number, properties: { url?: string }) => {
        log.push('tabs.update');
        tabUpdates.push({ tabId, url: properties.url });
        return Promise.resolve({ id: tabId, url: properties.url } as Browser.tabs.Tab);
      },
    },
  };

  return {
    /** Puts the fakes on fakeBrowser (call after fakeBrowser.reset()). */
    install() {
      // A fresh background has begun no answer.
      forgetBegunAnswers();
      Object.assign(fakeBrowser.declarativeNetRequest, apis.declarativeNetRequest);
      Object.assign(fakeBrowser.scripting, apis.scripting);
      Object.assign(fakeBrowser.contextMenus, apis.contextMenus);
      Object.assign(fakeBrowser.commands, apis.commands);
      Object.assign(fakeBrowser.permissions, apis.permissions);
      Object.assign(fakeBrowser.tabs, apis.tabs);
    },
    grantAllSites(granted = true) {
      allSites = granted;
    },
    /** The person clicks a right-click menu item. */
    clickMenu(info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab) {
      for (const listener of menuListeners) listener(info, tab);
    },
    /** The person presses a keyboard shortcut while `tab` is active. */
    pressShortcut(command: string, tab: Browser.tabs.Tab) {
      commandListeners.forEach((listener) => listener(command, tab));
    },
    /** A page finished loading in tab `tabId`. */
    loadTab(tabId: number, url: string) {
      updatedListeners.forEach((listener) =>
        listener(tabId, { status: 'complete' }, { id: tabId, url } as Browser.tabs.Tab),
      );
    },
    injected,
    dynamicRules: () => [...dynamic.values()],
    sessionRules: () => [...session.values()],
    scripts,
    menus,
    tabUpdates,
    log,
    /**
     * Where the browser would take a main-frame navigation to `url`: the redirect target, or null when it loads.
     * The highest priority wins; at equal priority an allow rule beats a redirect (Chrome's documented order).
     */
    navigate(url: string, navigation: Navigation = {}): string | null {
      const parsed = new URL(url);
      const hit = [...session.values(), ...dynamic.values()]
        .filter((rule) => matches(rule, parsed, navigation))
        .sort(
          (a, b) =>
            (b.priority ?? 1) - (a.priority ?? 1) ||
            Number(b.action.type === 'allow') - Number(a.action.type === 'allow'),
        )[0];
      if (hit?.action.type !== 'redirect') return null;
      if (hit.action.redirect?.url !== undefined) return hit.action.redirect.url;
      const substitution = hit.action.redirect?.regexSubstitution;
      if (substitution === undefined || hit.condition.regexFilter === undefined) return null;
      const address = parsed.href.split('#')[0] ?? parsed.href;
      // RE2's `\0` is the whole match; JavaScript spells it `$&`.
      return address.replace(new RegExp(hit.condition.regexFilter, 'i'), () =>
        substitution.replace(/\\0/g, () => address),
      );
    },
  };
}

export type FakeNavigationApis = ReturnType<typeof fakeNavigationApis>;
