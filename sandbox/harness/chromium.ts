import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  chromium,
  type BrowserContext,
  type CDPSession,
  type ConsoleMessage,
  type ElementHandle,
  type Page,
} from 'playwright-core';
import { CHROMIUM_QUIET_FLAGS } from '../core/browsers';
import { extensionDirFor, findBrowser, scratchDir } from '../core/find-browser';
import { BaseTab, type FoundElement } from './base-tab';
import { evaluateInShadowRoots, findInClosedRoots } from './chromium-shadow';
import { CHROME_EXTENSION_ID, EXTENSION_DIRS } from './extension-build';
import { readDownloads } from './downloads';
import { clearAllStorage, forgetSecretStore, readStorage, writeStorage } from './extension-storage';
import { closeWelcomePage, INSTALLED_LOCAL_STORAGE } from './first-run';
import type {
  ColorScheme,
  FindOptions,
  Role,
  Session,
  ShadowFunction,
  StorageArea,
  Tab,
  WaitOptions,
} from './session';
import { DEFAULT_WAIT_MS, waitUntil } from './wait';

/**
 * A page's JavaScript heap in use after a full garbage collection, in bytes (DevTools protocol: HeapProfiler and
 * Runtime). What the benchmarks and the soak compare: growth that survives a collection.
 */
export async function usedHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** usedHeap of `page`, through a DevTools session of its own. */
export async function pageHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    return await usedHeap(cdp);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Closes the browser's pages whose address `matches`, as a person closes a window, read from the browser's own list
 * of targets whether or not the automation attached to them. identity.launchWebAuthFlow's window is a page target
 * only once its page has loaded (before, a hidden one, which this leaves alone). Returns the addresses closed.
 */
export async function closeBrowserPages(
  tab: ChromiumTab,
  matches: (url: string) => boolean,
): Promise<string[]> {
  const browser = tab.page.context().browser();
  if (!browser) throw new Error('no browser-level CDP session');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const closing = targetInfos.filter((info) => info.type === 'page' && matches(info.url));
    for (const info of closing) await cdp.send('Target.closeTarget', { targetId: info.targetId });
    return closing.map((info) => info.url);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Playwright's getByRole pierces open shadow roots only; the controls inside Homeward's closed ones are found over
 * the DevTools protocol (chromium-shadow.ts) and come after the rest, in their hosts' document order.
 */
export class ChromiumTab extends BaseTab {
  private cdpSession: Promise<CDPSession> | undefined;

  constructor(readonly page: Page) {
    super();
  }

  private cdp(): Promise<CDPSession> {
    this.cdpSession ??= this.page.context().newCDPSession(this.page);
    return this.cdpSession;
  }

  protected async find(role: Role, name?: string, within?: FindOptions['within']): Promise<FoundElement[]> {
    // Homeward's hosts on a site have closed roots (components/shared/content-host.ts): the page query finds none.
    const open =
      within === 'homeward'
        ? []
        : await this.page.getByRole(role, name === undefined ? {} : { name, exact: true }).elementHandles();
    return [...this.wrap(open), ...(await findInClosedRoots(this.page, await this.cdp(), role, name))];
  }

  async evaluateInShadow<T>(selector: string, fn: ShadowFunction<T>): Promise<T> {
    return evaluateInShadowRoots<T>(await this.cdp(), selector, typeof fn === 'string' ? fn : fn.toString());
  }

  protected async findField(label: string): Promise<FoundElement[]> {
    return this.wrap(await this.page.getByLabel(label, { exact: true }).elementHandles());
  }

  private wrap(handles: ElementHandle<Node>[]): FoundElement[] {
    return (handles as ElementHandle<Element>[]).map((handle) => ({
      evaluate: (fn) => handle.evaluate(fn),
      // Scenarios wait on conditions after a click; Playwright's own wait for a navigation the click started
      // can stall when an extension redirects that navigation (declarativeNetRequest to an extension page).
      click: (options) =>
        handle.click({
          noWaitAfter: true,
          timeout: DEFAULT_WAIT_MS,
          ...(options?.alt ? { modifiers: ['Alt'] as const } : {}),
        }),
      fill: (value) => handle.fill(value),
    }));
  }

  async url(): Promise<string> {
    return this.page.url();
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async evaluate<T>(fn: () => T | Promise<T>): Promise<T> {
    return this.page.evaluate(fn);
  }

  async evaluateSource<T>(source: string): Promise<T> {
    // A string is evaluated as an expression over CDP, which the extension pages' CSP does not govern.
    return this.page.evaluate<T>(source);
  }

  async setViewport(width: number, height: number): Promise<void> {
    await this.page.setViewportSize({ width, height });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path });
  }

  async bringToFront(): Promise<void> {
    await this.page.bringToFront();
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

export interface ChromiumLaunchOptions {
  /** Sandbox flags: host-resolver rules and certificate trust. */
  args: string[];
  headed?: boolean;
  extensionDir?: string;
  /** A profile to start on (restart): by default a fresh one, removed on close. */
  userDataDir?: string;
  /** Leave the welcome page a fresh install opens (by default it is closed before the session is handed out). */
  keepWelcome?: boolean;
  /** The interface language (sandbox/harness/launch.ts). */
  locale?: string;
}

/**
 * Installs the unpacked extension through the DevTools protocol (Extensions.loadUnpacked), the way branded Chrome
 * and Edge still allow since they dropped --load-extension: it needs --enable-unsafe-extension-debugging and a
 * browser-level session over the debugging pipe, which is how Playwright drives the browser. Checked with Debian
 * Chromium 156 reached through a file named google-chrome: the extension loads with its pinned id.
 */
async function loadUnpacked(context: BrowserContext, extensionDir: string): Promise<void> {
  const browser = context.browser();
  if (!browser)
    throw new Error('no browser-level CDP session: Playwright gave the persistent context no Browser');
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { id } = await cdp.send('Extensions.loadUnpacked', { path: extensionDir });
    if (id !== CHROME_EXTENSION_ID)
      throw new Error(`loaded the extension as ${id}, expected ${CHROME_EXTENSION_ID}`);
  } catch (error) {
    await context.close();
    throw error;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export async function launchChromium(options: ChromiumLaunchOptions): Promise<Session> {
  const started = Date.now();
  const browser = findBrowser('chromium');
  const scratch = scratchDir(browser);
  await mkdir(scratch, { recursive: true });
  const userDataDir = options.userDataDir ?? (await mkdtemp(join(scratch, 'homeward-chromium-')));
  const extensionDir = await extensionDirFor(
    browser,
    options.extensionDir ?? EXTENSION_DIRS.chromium,
    userDataDir,
  );
  const downloadsDir = join(userDataDir, 'homeward-downloads');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: browser.path,
    // Branded Chrome and Edge ignore --load-extension and --disable-extensions-except, and Playwright's default
    // --disable-extensions would then block the extension loadUnpacked installs.
    ...(browser.branded ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
    acceptDownloads: true,
    downloadsPath: downloadsDir,
    ...(options.locale ? { env: { ...process.env, LANGUAGE: options.locale.replace('-', '_') } } : {}),
    // Extensions need the "new" headless mode, which Playwright only uses when it is asked for by flag
    // (docs/toolchain.md).
    headless: false,
    viewport: { width: 800, height: 700 },
    args: [
      ...(options.headed ? [] : ['--headless=new']),
      ...(browser.branded
        ? ['--enable-unsafe-extension-debugging']
        : [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]),
      ...options.args,
      ...(options.locale ? [`--lang=${options.locale}`] : []),
      ...CHROMIUM_QUIET_FLAGS,
      '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider',
      '--password-store=basic',
    ],
  });
  if (browser.branded) await loadUnpacked(context, extensionDir);
  const extensionOrigin = `chrome-extension://${CHROME_EXTENSION_ID}`;
  // The service worker registering proves the extension loaded; its URL proves the pinned id is the real one.
  const worker = await waitUntil(
    'the extension service worker',
    async () => context.serviceWorkers().find((w) => w.url().startsWith(`${extensionOrigin}/`)),
    15_000,
  ).catch(async (error: Error) => {
    const seen = context.serviceWorkers().map((w) => w.url());
    await context.close();
    throw new Error(`${error.message}; service workers: ${JSON.stringify(seen)}`);
  });
  const startMs = Date.now() - started;

  const lines: string[] = [];
  const record = (source: string, text: string) =>
    lines.push(`${new Date().toISOString()} [${source}] ${text}`);
  const onConsole = (message: ConsoleMessage) => {
    const source = message.worker()?.url() ?? message.page()?.url() ?? 'unknown';
    record(source, `${message.type()}: ${message.text()}`);
  };
  context.on('console', onConsole);
  context.on('weberror', (webError) =>
    record(webError.page()?.url() ?? 'page', `pageerror: ${webError.error()}`),
  );
  worker.on('close', () => record(worker.url(), 'service worker stopped'));

  const tabs = new Map<Page, ChromiumTab>();
  /** Pages the harness opened itself or already handed out: waitForNewTab skips them. */
  const known = new WeakSet<Page>();
  const wrap = (page: Page): ChromiumTab => {
    let tab = tabs.get(page);
    if (!tab) {
      tab = new ChromiumTab(page);
      tabs.set(page, tab);
      page.once('close', () => tabs.delete(page));
    }
    known.add(page);
    return tab;
  };
  // Pages open at launch are not new, but one the extension opened itself (the welcome page on install) may already
  // be among them: it stays for waitForNewTab to find.
  for (const page of context.pages()) if (!page.url().startsWith(`${extensionOrigin}/`)) known.add(page);
  // Playwright emulates media per page: the chosen scheme is applied to every page, the extension's new tabs too.
  let colorScheme: ColorScheme | null = null;
  context.on('page', (page) => {
    if (colorScheme) void page.emulateMedia({ colorScheme }).catch(() => undefined);
  });

  const openPage = async (url: string): Promise<Tab> => {
    const page = await context.newPage();
    known.add(page);
    await page.goto(url);
    return wrap(page);
  };

  const withExtensionDocument = async <T>(fn: (page: Page) => Promise<T>): Promise<T> => {
    // manifest.json renders as a plain document of the extension's origin: it has the extension APIs and runs
    // none of the product's code, unlike the popup or options page.
    const page = await context.newPage();
    known.add(page);
    try {
      await page.goto(`${extensionOrigin}/manifest.json`);
      return await fn(page);
    } finally {
      await page.close();
    }
  };

  const session: Session = {
    browserName: 'chromium',
    extensionOrigin,
    startMs,
    openPage,
    openPopup: () => openPage(`${extensionOrigin}/popup.html`),
    openOptions: () => openPage(`${extensionOrigin}/options.html`),
    async waitForNewTab(predicate: (url: string) => boolean, options?: WaitOptions): Promise<Tab> {
      const page = await waitUntil(
        'a new tab',
        async () => context.pages().find((p) => !known.has(p) && predicate(p.url())),
        options?.timeoutMs ?? DEFAULT_WAIT_MS,
      ).catch((error: Error) => {
        throw new Error(
          `${error.message}; open tabs: ${JSON.stringify(context.pages().map((p) => p.url()))}`,
        );
      });
      await page.waitForLoadState('domcontentloaded');
      return wrap(page);
    },
    async tabs(): Promise<Tab[]> {
      return context.pages().map(wrap);
    },
    extensionStorage: (area: StorageArea) =>
      withExtensionDocument((page) => page.evaluate(readStorage, area)),
    async setExtensionStorage(area: StorageArea, items: Record<string, unknown>): Promise<void> {
      await withExtensionDocument((page) =>
        page.evaluate(writeStorage, [area, items] as [StorageArea, Record<string, unknown>]),
      );
    },
    async forgetSecrets(): Promise<void> {
      await withExtensionDocument((page) => page.evaluate(forgetSecretStore));
    },
    async resetState(): Promise<void> {
      const pages = context.pages();
      const keep = pages[0] ?? (await context.newPage());
      await Promise.all(pages.filter((p) => p !== keep).map((p) => p.close()));
      await keep.goto('about:blank');
      known.add(keep);
      await context.clearCookies();
      await withExtensionDocument((page) => page.evaluate(clearAllStorage, INSTALLED_LOCAL_STORAGE));
    },
    async addPageScript(source: string): Promise<() => Promise<void>> {
      const added = await context.addInitScript({ content: `(${source})();` });
      return () => added.dispose();
    },
    consoleLines: () => [...lines],
    alwaysUseHandler(protocol: string): Promise<void> {
      return Promise.reject(
        new Error(`Chromium gives extensions no ${protocol} handler (README, "web+ap links")`),
      );
    },
    async setColorScheme(scheme: ColorScheme): Promise<void> {
      colorScheme = scheme;
      await Promise.all(context.pages().map((page) => page.emulateMedia({ colorScheme: scheme })));
    },
    downloads: () => readDownloads(downloadsDir),
    async restart(): Promise<Session> {
      await context.close();
      return launchChromium({ ...options, userDataDir });
    },
    async close(): Promise<void> {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  if (!options.userDataDir && !options.keepWelcome) await closeWelcomePage(session);
  return session;
}
