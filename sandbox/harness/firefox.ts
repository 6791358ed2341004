import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
import { FIREFOX_ENV } from '../core/browsers';
import { extensionDirFor, findBrowser, scratchDir } from '../core/find-browser';
import { BaseTab, type FoundElement } from './base-tab';
import { EXTENSION_DIRS, FIREFOX_EXTENSION_UUID, GECKO_ID } from './extension-build';
import { readDownloads } from './downloads';
import {
  clearAllStorage,
  closeExtensionTab,
  extensionTabUrls,
  forgetSecretStore,
  readStorage,
  writeStorage,
} from './extension-storage';
import { closeWelcomePage, INSTALLED_LOCAL_STORAGE } from './first-run';
import {
  HOMEWARD_HOSTS,
  type ColorScheme,
  type FindOptions,
  type Role,
  type Session,
  type ShadowFunction,
  type StorageArea,
  type Tab,
  type WaitOptions,
} from './session';
import { DEFAULT_WAIT_MS, waitUntil, withTimeout } from './wait';

/** Firefox asks nothing of a fresh profile with these, on top of puppeteer's own automation prefs. */
const QUIET_PROFILE_PREFS: Record<string, unknown> = {
  // Grant optional permissions without a prompt automation cannot answer (docs/toolchain.md).
  'extensions.webextOptionalPermissionPrompts': false,
  'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
  // WebDriver installs the add-on temporarily, and Firefox removes temporary add-ons when it quits. A person's
  // installed add-on keeps its storage across restarts: these keep the temporary one's, for restart().
  'extensions.webextensions.keepStorageOnUninstall': true,
  'extensions.webextensions.keepUuidOnUninstall': true,
  'browser.aboutwelcome.enabled': false,
  'browser.newtabpage.activity-stream.showSponsored': false,
  'browser.places.importBookmarksHTML': false,
  'browser.discovery.enabled': false,
  'extensions.getAddons.showPane': false,
  'extensions.htmlaboutaddons.recommendations.enabled': false,
  'toolkit.telemetry.reportingpolicy.firstRun': false,
  'trailhead.firstrun.didSeeAboutWelcome': true,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.predictor.enabled': false,
};

// Puppeteer's BiDi frame keeps its browsing context (and, through it, the BiDi session) on untyped properties.
// Navigating with readiness "none" is the only way to open a moz-extension:// page: Firefox never reports such a
// navigation as finished, so page.goto() times out (mozilla/firefox-devtools-mcp#87), while the page loads fine.
interface NodeRemoteValue {
  type: 'node';
  sharedId: string;
  /** With includeShadowTree: 'all', an element's shadow root, open or closed. */
  value?: { shadowRoot?: { sharedId: string } | null };
}
interface BidiFrameInternals {
  browsingContext: {
    id: string;
    navigate(url: string, wait: 'none'): Promise<void>;
    userContext: {
      browser: {
        session: {
          send(method: string, params: object): Promise<{ result: unknown }>;
          connection: {
            send(method: string, params: object, timeoutMs?: number): Promise<{ result: unknown }>;
          };
        };
      };
    };
  };
  mainRealm(): { createHandle(value: NodeRemoteValue): ElementHandle<Element> };
}

/**
 * The document element, the elements `selector` matches and, with `everyOpen`, every element with an open shadow
 * root (nested ones included). A page function as text: BiDi evaluates it as it is (tsx would wrap a named inner
 * function in a helper the page lacks).
 */
const LIST_HOSTS = `(selector, everyOpen) => {
  const found = [document.documentElement, ...document.querySelectorAll(selector)];
  const visit = (scope) => {
    for (const el of scope.querySelectorAll('*')) {
      if (el.shadowRoot) {
        found.push(el);
        visit(el.shadowRoot);
      }
    }
  };
  if (everyOpen) visit(document);
  return found;
}`;

type BidiSession = BidiFrameInternals['browsingContext']['userContext']['browser']['session'];

/**
 * The harness's own BiDi commands give up after this long, so the poll that sent one tries again. Firefox ESR 153
 * once left a locateNodes unanswered for good when the window navigated under it (the sign-in page's Log in), and
 * Puppeteer's default (180 s) then held the whole file; with two browsers running, one accessibility query on a
 * Threads page with its Following dialog took over 5 s twice in a row, so 5 s was too short.
 */
const COMMAND_TIMEOUT_MS = 9_000;

/**
 * How long a tab the extension opened may go unlisted by BiDi before the harness takes it over. Locally the People
 * page is listed within 0.2 s; in CI, twice, it was not listed in 90 s after the background's tabs.create had returned, and
 * the welcome page an install opens once went unlisted for 30 s.
 */
const BIDI_LAG_MS = 15_000;

async function send<T>(session: BidiSession, method: string, params: object): Promise<T> {
  const { result } = await session.connection.send(method, params, COMMAND_TIMEOUT_MS);
  return result as T;
}

interface CallResult {
  type: string;
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

async function callFunction(
  session: BidiSession,
  context: string,
  params: {
    functionDeclaration: string;
    arguments?: object[];
    awaitPromise: boolean;
    serializationOptions?: object;
  },
): Promise<{ type: string; value?: unknown }> {
  const result = await send<CallResult>(session, 'script.callFunction', {
    ...params,
    target: { context },
    resultOwnership: 'none',
  });
  if (result.type !== 'success' || !result.result) {
    throw new Error(`a page function failed: ${result.exceptionDetails?.text ?? result.type}`);
  }
  return result.result;
}

/**
 * The document element's id, and the shadow roots (closed ones included, each once) of the elements LIST_HOSTS
 * finds: BiDi serializes a node's root whatever its mode when asked with includeShadowTree: 'all', which no page
 * script can do.
 */
async function shadowRoots(
  page: Page,
  selector: string,
  everyOpen: boolean,
): Promise<{ documentElement: string; roots: string[] }> {
  const context = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext;
  const listed = await callFunction(context.userContext.browser.session, context.id, {
    functionDeclaration: LIST_HOSTS,
    arguments: [
      { type: 'string', value: selector },
      { type: 'boolean', value: everyOpen },
    ],
    awaitPromise: false,
    serializationOptions: { maxObjectDepth: 1, maxDomDepth: 0, includeShadowTree: 'all' },
  });
  const [documentElement, ...hosts] = (listed.value ?? []) as NodeRemoteValue[];
  if (!documentElement) throw new Error('listing the shadow roots found no document');
  const roots = hosts.map((host) => host.value?.shadowRoot?.sharedId).filter((id) => id !== undefined);
  return { documentElement: documentElement.sharedId, roots: [...new Set(roots)] };
}

/**
 * Elements by accessible role and name from Firefox's own accessibility tree (BiDi's accessibility locator),
 * searched from the document and from each shadow root, open or closed (Homeward's hosts): the locator does not
 * descend into shadow roots from the document, but does from a root given as a start node (tried on Firefox ESR
 * 153). Two BiDi commands, sent directly: Puppeteer's `::-p-aria` selector takes several round trips per root
 * (~250 ms a query against ~15 ms).
 */
async function locateByRole(
  page: Page,
  value: { role?: Role; name?: string },
  within: FindOptions['within'] = 'page',
): Promise<NodeRemoteValue[]> {
  const homewardOnly = within === 'homeward';
  const { documentElement, roots } = await shadowRoots(page, HOMEWARD_HOSTS, !homewardOnly);
  if (homewardOnly && roots.length === 0) return [];
  const starts = (homewardOnly ? roots : [documentElement, ...roots]).map((sharedId) => ({ sharedId }));
  const context = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext;
  const { nodes } = await send<{ nodes: NodeRemoteValue[] }>(
    context.userContext.browser.session,
    'browsingContext.locateNodes',
    { context: context.id, locator: { type: 'accessibility', value }, startNodes: starts },
  );
  const seen = new Set<string>();
  return nodes.filter((node) => !seen.has(node.sharedId) && seen.add(node.sharedId));
}

/** Tab.evaluateInShadow over BiDi: the roots go to `fn` as arguments, by reference. */
async function evaluateInShadowRoots<T>(page: Page, selector: string, fn: string): Promise<T> {
  const { roots } = await shadowRoots(page, selector, false);
  const context = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext;
  const result = await callFunction(context.userContext.browser.session, context.id, {
    functionDeclaration: `async (...roots) => JSON.stringify(await (${fn})(roots))`,
    arguments: roots.map((sharedId) => ({ sharedId })),
    awaitPromise: true,
  });
  return (result.type === 'string' ? JSON.parse(result.value as string) : undefined) as T;
}

function handlesOf(page: Page, nodes: NodeRemoteValue[]): ElementHandle<Element>[] {
  const realm = (page.mainFrame() as unknown as BidiFrameInternals).mainRealm();
  return nodes.map((node) => realm.createHandle(node));
}

async function navigate(page: Page, url: string): Promise<void> {
  // Extension pages and image documents (an SVG opened as a page) never report "loaded" over BiDi: navigate
  // without waiting, then wait on the document itself.
  if (!/^moz-extension:/.test(url) && !/\.svg(\?|$)/.test(url)) {
    await page.goto(url);
    return;
  }
  const before = await page.evaluate(() => location.href).catch(() => undefined);
  await (page.mainFrame() as unknown as BidiFrameInternals).browsingContext.navigate(url, 'none');
  // The page may move on by itself at once (an Opening page whose address nobody made loads its link): a document
  // other than the one before counts too.
  await waitUntil(`${url} to load`, async () => {
    const [href, state] = await page.evaluate(() => [location.href, document.readyState]);
    return state === 'complete' && (href === url || (href !== before && href !== 'about:blank'))
      ? true
      : undefined;
  });
}

/**
 * prefers-color-scheme for every tab through Firefox's "Website appearance" pref (0 dark, 1 light), which open
 * documents follow at once. BiDi has no command for it in Firefox ESR 153 (emulation.setColorSchemeOverride is
 * unknown there) and puppeteer's emulateMediaFeatures needs CDP, so the pref is set from the browser's chrome
 * window, a realm BiDi reaches with --remote-allow-system-access.
 */
async function setContentColorScheme(page: Page, scheme: ColorScheme): Promise<void> {
  const { session } = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext.userContext.browser;
  const tree = (await session.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 }))
    .result as { contexts: { context: string }[] };
  const chromeWindow = tree.contexts[0]?.context;
  if (!chromeWindow) throw new Error('no chrome window to set the colour scheme from');
  const override = scheme === 'dark' ? 0 : 1;
  const { result } = (await session.send('script.evaluate', {
    expression: `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${override})`,
    target: { context: chromeWindow },
    awaitPromise: false,
  })) as { result: { type: string; exceptionDetails?: { text: string } } };
  if (result.type !== 'success') {
    throw new Error(`setting the colour scheme failed: ${result.exceptionDetails?.text ?? result.type}`);
  }
}

/**
 * Firefox asks which application opens a link of a scheme the first time (a dialog automation cannot answer): the
 * person's "always use Homeward", set in the handler service from the chrome window, as the dialog's checkbox does.
 */
async function alwaysUseHandler(page: Page, protocol: string, site: string): Promise<void> {
  const { session } = (page.mainFrame() as unknown as BidiFrameInternals).browsingContext.userContext.browser;
  const tree = (await session.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 }))
    .result as { contexts: { context: string }[] };
  const chromeWindow = tree.contexts[0]?.context;
  if (!chromeWindow) throw new Error('no chrome window to set the handler from');
  const expression = `(() => {
    const info = Cc['@mozilla.org/uriloader/external-protocol-service;1']
      .getService(Ci.nsIExternalProtocolService)
      .getProtocolHandlerInfo(${JSON.stringify(protocol)});
    if (info.possibleApplicationHandlers.length === 0) return 'no handler';
    info.preferredApplicationHandler = info.possibleApplicationHandlers.queryElementAt(0, Ci.nsIHandlerApp);
    info.preferredAction = Ci.nsIHandlerInfo.useHelperApp;
    info.alwaysAskBeforeHandling = false;
    Cc['@mozilla.org/uriloader/handler-service;1'].getService(Ci.nsIHandlerService).store(info);
    // And the other question, whether this site may open such links ("Always allow <site>" in the same dialog).
    const principal = Services.scriptSecurityManager.createContentPrincipalFromOrigin(${JSON.stringify(site)});
    Services.perms.addFromPrincipal(
      principal,
      'open-protocol-handler^' + ${JSON.stringify(protocol)},
      Services.perms.ALLOW_ACTION,
    );
    return 'ok';
  })()`;
  const { result } = (await session.send('script.evaluate', {
    expression,
    target: { context: chromeWindow },
    awaitPromise: false,
  })) as { result: { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } } };
  if (result.type !== 'success' || result.result?.value !== 'ok') {
    throw new Error(
      `choosing the ${protocol} handler failed: ${result.exceptionDetails?.text ?? String(result.result?.value)}`,
    );
  }
}

class FirefoxTab extends BaseTab {
  constructor(
    readonly page: Page,
    private readonly closePage: () => Promise<void>,
  ) {
    super();
  }

  protected async find(role: Role, name?: string, within?: FindOptions['within']): Promise<FoundElement[]> {
    const nodes = await locateByRole(this.page, name === undefined ? { role } : { role, name }, within);
    return this.wrap(handlesOf(this.page, nodes));
  }

  protected async findField(label: string): Promise<FoundElement[]> {
    const named = handlesOf(this.page, await locateByRole(this.page, { name: label }));
    const fields: ElementHandle<Element>[] = [];
    for (const handle of named) {
      if (await handle.evaluate((el) => el.matches('input, textarea, select'))) fields.push(handle);
    }
    return this.wrap(fields);
  }

  private wrap(handles: ElementHandle<Element>[]): FoundElement[] {
    return handles.map((handle) => ({
      evaluate: (fn) => handle.evaluate(fn),
      // At the element itself: handle.click() reads the element's point, then clicks there in a later command, and
      // a popup that drew a line above the button in between had the click land on that line (home-software e2e,
      // Firefox, 2026-12-07). WebDriver BiDi's pointer move with the element as its origin lets the browser take
      // the element's centre when it performs the click.
      click: async (options) => {
        const click = async () => {
          await handle.scrollIntoView();
          // Still where it is over two animation frames, as Playwright's actionability check waits: a line drawn
          // above the button as the click lands would take it. A hidden tab runs no frames: 50 ms each then, 3 s at
          // most. (Anonymous functions only: it is serialized into the page.)
          await handle.evaluate(async (el) => {
            let last = '';
            for (let frame = 0; frame < 60; frame++) {
              await new Promise((resolve) => {
                requestAnimationFrame(resolve);
                setTimeout(resolve, 50);
              });
              const r = el.getBoundingClientRect();
              const now = `${r.x},${r.y},${r.width},${r.height}`;
              if (now === last) return;
              last = now;
            }
          });
          const { sharedId } = (handle as unknown as { remoteValue(): { sharedId?: string } }).remoteValue();
          if (!sharedId) return handle.click();
          await this.page.mouse.click(0, 0, {
            origin: { type: 'element', element: { sharedId } },
          } as Parameters<Page['mouse']['click']>[2]);
        };
        if (!options?.alt) return click();
        await this.page.keyboard.down('Alt');
        try {
          await click();
        } finally {
          await this.page.keyboard.up('Alt');
        }
      },
      fill: (value) => handle.asLocator().fill(value),
    }));
  }

  async url(): Promise<string> {
    // page.url() stays "about:blank" after a moz-extension:// navigation (the commit is never reported).
    return this.page.evaluate(() => location.href).catch(() => this.page.url());
  }

  async goto(url: string): Promise<void> {
    await navigate(this.page, url);
  }

  async press(key: string): Promise<void> {
    type Key = Parameters<Page['keyboard']['press']>[0];
    // Playwright's "Shift+Tab" form, which Puppeteer's press lacks: the modifiers held around the key.
    const held = /^((?:Shift|Control|Alt|Meta)\+)+./.test(key) ? key.split('+') : [key];
    const last = held.pop() as Key;
    for (const modifier of held) await this.page.keyboard.down(modifier as Key);
    try {
      await this.page.keyboard.press(last);
    } finally {
      for (const modifier of held.reverse()) await this.page.keyboard.up(modifier as Key);
    }
  }

  async evaluate<T>(fn: () => T | Promise<T>): Promise<T> {
    return (await this.page.evaluate(fn)) as T;
  }

  async evaluateInShadow<T>(selector: string, fn: ShadowFunction<T>): Promise<T> {
    return evaluateInShadowRoots<T>(this.page, selector, typeof fn === 'string' ? fn : fn.toString());
  }

  async evaluateSource<T>(source: string): Promise<T> {
    // BiDi's script.evaluate of an expression: moz-extension pages' CSP and Threads' Trusted Types allow it.
    return (await this.page.evaluate(source)) as T;
  }

  async setViewport(width: number, height: number): Promise<void> {
    // BiDi browsingContext.setViewport: the layout viewport, as a narrow window lays the page out.
    await this.page.setViewport({ width, height });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path: path as `${string}.png` });
  }

  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }

  async close(): Promise<void> {
    await this.closePage();
  }
}

export interface FirefoxLaunchOptions {
  /** Sandbox prefs: the proxy and the no-phone-home settings. */
  prefs: Record<string, unknown>;
  headed?: boolean;
  extensionDir?: string;
  /** A profile to start on (restart): by default a fresh one, removed on close. */
  userDataDir?: string;
  /** Leave the welcome page a fresh install opens (by default it is closed before the session is handed out). */
  keepWelcome?: boolean;
}

export async function launchFirefox(options: FirefoxLaunchOptions): Promise<Session> {
  const started = Date.now();
  const firefox = findBrowser('firefox');
  const scratch = scratchDir(firefox);
  await mkdir(scratch, { recursive: true });
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(scratch, 'homeward-firefox-')));
  const downloadsDir = join(userDataDir, 'homeward-downloads');
  const browser: Browser = await puppeteer.launch({
    userDataDir,
    browser: 'firefox',
    executablePath: firefox.path,
    headless: !options.headed,
    // The sandbox's CA is not in Firefox's store; the BiDi session accepts its certificates instead.
    acceptInsecureCerts: true,
    defaultViewport: { width: 800, height: 700 },
    // Firefox 153 lets WebDriver navigate only to http(s)/file/blob/about:blank without this flag, and the
    // extension's pages are moz-extension:// (ghostery/ghostery-extension#3526, zaproxy/browser-extension#346).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...QUIET_PROFILE_PREFS,
      // Downloads go straight to a folder the tests read, without a dialog or the downloads panel.
      'browser.download.dir': downloadsDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.alwaysOpenPanel': false,
      ...options.prefs,
    },
    // Without it, release builds ignore the remote-settings pref and poll Mozilla's servers (sandbox/core/browsers.ts).
    env: { ...process.env, ...FIREFOX_ENV },
  });
  try {
    const extensionDir = options.extensionDir ?? EXTENSION_DIRS.firefox;
    const installed = await browser.installExtension(
      await extensionDirFor(firefox, extensionDir, userDataDir),
    );
    if (installed !== GECKO_ID) throw new Error(`installed add-on id ${installed}, expected ${GECKO_ID}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  const startMs = Date.now() - started;
  const extensionOrigin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;

  const lines: string[] = [];
  const record = (source: string, text: string) =>
    lines.push(`${new Date().toISOString()} [${source}] ${text}`);
  const tabs = new Map<Page, FirefoxTab>();
  // Puppeteer keeps listing a page whose moz-extension:// document it closed (it never saw that navigation
  // commit), so the harness remembers what it closed itself.
  const closed = new WeakSet<Page>();
  /** The harness's own extension-document tab (storage access): never listed, closed or handed out. */
  const internal = new WeakSet<Page>();
  const closePage = async (page: Page): Promise<void> => {
    closed.add(page);
    await page.close();
  };
  /** Pages the harness opened itself or already handed out: waitForNewTab skips them. */
  const known = new WeakSet<Page>();
  const watch = (page: Page) => {
    page.on('console', (message) => record(page.url(), `${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => record(page.url(), `pageerror: ${String(error)}`));
  };
  const wrap = (page: Page): FirefoxTab => {
    let tab = tabs.get(page);
    if (!tab) {
      tab = new FirefoxTab(page, () => closePage(page));
      tabs.set(page, tab);
      page.once('close', () => tabs.delete(page));
    }
    known.add(page);
    return tab;
  };
  // Every top-level browsing context, windows opened by the extension included (browser.targets() also keeps
  // closed ones).
  const allPages = async (): Promise<Page[]> =>
    (await browser.pages()).filter((p) => !p.isClosed() && !closed.has(p) && !internal.has(p));
  for (const page of await allPages()) {
    known.add(page);
    watch(page);
  }
  browser.on('targetcreated', (target) => {
    void target.page().then((page) => page && watch(page));
  });

  const openPage = async (url: string): Promise<Tab> => {
    const page = await browser.newPage();
    known.add(page);
    await navigate(page, url);
    return wrap(page);
  };

  // manifest.json is a plain document of the extension's origin: it has the extension APIs and runs none of the
  // product's code, unlike the popup or options page. One stays open in a tab of its own for the session's storage
  // reads and writes (a tab per call cost ~0.4 s); the harness lists it nowhere, so no scenario sees it.
  const storagePage = await browser.newPage();
  internal.add(storagePage);
  await navigate(storagePage, `${extensionOrigin}/manifest.json`);
  const withExtensionDocument = <T>(fn: (page: Page) => Promise<T>): Promise<T> => fn(storagePage);
  /** The addresses of the extension's own pages open in tabs, as the extension itself sees them. */
  const ownTabs = (): Promise<string[]> =>
    withTimeout(
      withExtensionDocument((page) => page.evaluate(extensionTabUrls)),
      COMMAND_TIMEOUT_MS,
      "reading the extension's own tabs",
    );
  /**
   * A tab the extension opened at `href` that BiDi has not listed (the BiDi lag, above): the harness closes it
   * and opens the same address in a tab of its own, saying so on the console. The extension's own list is what
   * shows the tab was opened, so a tab never opened still fails the wait.
   */
  const adoptExtensionTab = async (href: string, waitedMs: number): Promise<Tab> => {
    const { session: bidi } = (storagePage.mainFrame() as unknown as BidiFrameInternals).browsingContext
      .userContext.browser;
    const tree = await send<{ contexts: unknown[] }>(bidi, 'browsingContext.getTree', { maxDepth: 0 }).catch(
      () => undefined,
    );
    console.warn(
      `[harness] Firefox's BiDi listed no tab for ${href} in ${waitedMs} ms of waiting, though the extension shows it open ` +
        `(BiDi's tree: ${tree?.contexts.length ?? '?'} top-level contexts; the harness's: ${(await allPages()).length}); ` +
        'the harness opens that address in a tab of its own',
    );
    const closed = await withTimeout(
      withExtensionDocument((page) => page.evaluate(closeExtensionTab, { href })),
      COMMAND_TIMEOUT_MS,
      'closing the tab BiDi did not list',
    );
    // A tab that moved on meanwhile is no longer the one opened: the wait fails, as it would have.
    if (!closed)
      throw new Error(`the extension's tab at ${href} was gone when the harness came to take it over`);
    return openPage(href);
  };
  /** What a page shows: BiDi keeps reporting about:blank for extension pages, so the document itself is asked. */
  const addressOf = async (page: Page): Promise<string> =>
    page.url() === 'about:blank'
      ? withTimeout(
          page.evaluate(() => location.href),
          COMMAND_TIMEOUT_MS,
          'reading a tab address',
        ).catch(() => '')
      : page.url();

  const session: Session = {
    browserName: 'firefox',
    extensionOrigin,
    startMs,
    openPage,
    openPopup: () => openPage(`${extensionOrigin}/popup.html`),
    openOptions: () => openPage(`${extensionOrigin}/options.html`),
    async waitForNewTab(predicate: (url: string) => boolean, options?: WaitOptions): Promise<Tab> {
      const timeoutMs = options?.timeoutMs ?? DEFAULT_WAIT_MS;
      const started = Date.now();
      // The extension's own pages open before the wait: the new tab is rather one that was not.
      const before = new Set(await ownTabs().catch(() => []));
      let adopt: string | undefined;
      // identity.launchWebAuthFlow's window shows up over BiDi as an ordinary top-level browsing context: a
      // "page" target that starts at about:blank and changes to the authorization URL.
      const page = await waitUntil(
        'a new tab',
        async () => {
          for (const p of await allPages()) {
            if (!known.has(p) && predicate(await addressOf(p))) return p;
          }
          if (Date.now() - started < BIDI_LAG_MS) return undefined;
          // Pages of the extension that BiDi lists none of (whether handed out or not): the lagging tab.
          const own = (await ownTabs()).filter(predicate);
          if (own.length === 0) return undefined;
          const listed = new Set(await Promise.all((await allPages()).map(addressOf)));
          const unlisted = own.filter((href) => !listed.has(href));
          adopt = unlisted.find((href) => !before.has(href)) ?? unlisted[0];
          return adopt === undefined ? undefined : null;
        },
        timeoutMs,
      ).catch(async (error: Error) => {
        const urls = (await allPages()).map((p) => p.url());
        const own = await ownTabs().catch((reason: unknown) => `unreadable: ${String(reason)}`);
        throw new Error(
          `${error.message}; open tabs: ${JSON.stringify(urls)}; the extension's own tabs: ${JSON.stringify(own)}`,
        );
      });
      if (page) {
        await page.waitForFunction(() => document.readyState !== 'loading');
        return wrap(page);
      }
      return adoptExtensionTab(adopt!, Date.now() - started);
    },
    async tabs(): Promise<Tab[]> {
      return (await allPages()).map(wrap);
    },
    extensionStorage: (area: StorageArea) =>
      withExtensionDocument((page) => page.evaluate(readStorage, area)) as Promise<Record<string, unknown>>,
    async setExtensionStorage(area: StorageArea, items: Record<string, unknown>): Promise<void> {
      await withExtensionDocument((page) =>
        page.evaluate(writeStorage, [area, items] as [StorageArea, Record<string, unknown>]),
      );
    },
    async forgetSecrets(): Promise<void> {
      await withExtensionDocument((page) => page.evaluate(forgetSecretStore));
    },
    async resetState(): Promise<void> {
      const pages = await allPages();
      const keep = pages[0] ?? (await browser.newPage());
      await Promise.all(pages.filter((p) => p !== keep).map(closePage));
      await keep.goto('about:blank');
      known.add(keep);
      await browser.deleteCookie(...(await browser.cookies()));
      await withExtensionDocument((page) => page.evaluate(clearAllStorage, INSTALLED_LOCAL_STORAGE));
    },
    async addPageScript(source: string): Promise<() => Promise<void>> {
      // BiDi's preload scripts run before a document's own scripts, in every top-level browsing context.
      const { session } = (storagePage.mainFrame() as unknown as BidiFrameInternals).browsingContext
        .userContext.browser;
      const { result } = (await session.send('script.addPreloadScript', { functionDeclaration: source })) as {
        result: { script: string };
      };
      return async () => {
        await session.send('script.removePreloadScript', { script: result.script });
      };
    },
    consoleLines: () => [...lines],
    setColorScheme: (scheme: ColorScheme) => setContentColorScheme(storagePage, scheme),
    alwaysUseHandler: (protocol: string, site: string) => alwaysUseHandler(storagePage, protocol, site),
    downloads: () => readDownloads(downloadsDir),
    async installUpdate(extensionDir: string): Promise<void> {
      const installed = await browser.installExtension(
        await extensionDirFor(firefox, extensionDir, userDataDir),
      );
      if (installed !== GECKO_ID) throw new Error(`updated add-on id ${installed}, expected ${GECKO_ID}`);
    },
    async restart(): Promise<Session> {
      await browser.close();
      return launchFirefox({ ...options, userDataDir });
    },
    async close(): Promise<void> {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  if (!options.userDataDir && !options.keepWelcome) {
    await closeWelcomePage(session, (path) =>
      withTimeout(
        withExtensionDocument((page) => page.evaluate(closeExtensionTab, { path })),
        COMMAND_TIMEOUT_MS,
        'closing the welcome page from the extension',
      ),
    );
  }
  return session;
}
