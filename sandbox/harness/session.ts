/**
 * One interface over Chromium (playwright-core, CDP) and Firefox (puppeteer-core, WebDriver BiDi), so every
 * scenario runs unchanged in both. Elements are found by ARIA role + accessible name: the product's visible
 * labels are part of its contract, and a locator by role survives markup changes that CSS selectors do not.
 * Lookups reach into shadow roots in both browsers, closed ones included: Homeward's in-page hosts keep theirs
 * closed (components/shared/content-host.ts), which page scripts cannot open but the automation protocols can (CDP's
 * accessibility queries and DOM.describeNode with pierce; BiDi's includeShadowTree: 'all').
 */

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

/** The roles scenarios look for. Names are matched exactly (whole accessible name, case-sensitive). */
export type Role =
  | 'button'
  | 'link'
  | 'textbox'
  | 'switch'
  | 'checkbox'
  | 'radio'
  | 'status'
  | 'alert'
  | 'img'
  | 'heading'
  | 'dialog'
  | 'note'
  | 'region'
  | 'list'
  | 'listitem'
  | 'tab';

/**
 * Homeward's elements in web pages, whose shadow roots are closed: the follow button's (HOST_TAG in
 * components/follow/mount.tsx) and the list scanner's (SCAN_HOST_TAG in components/people/scan-mount.tsx), spelled
 * out because those modules do not load in Node.
 */
export const FOLLOW_HOST_TAG = 'homeward-follow';
export const SCAN_HOST_TAG = 'homeward-people-scan';
export const HOMEWARD_HOSTS = `${FOLLOW_HOST_TAG}, ${SCAN_HOST_TAG}`;

export interface WaitOptions {
  timeoutMs?: number;
}

/**
 * Where a role query looks: the whole page (its shadow roots included), or only Homeward's own hosts on a site
 * (HOMEWARD_HOSTS). The narrower query never walks the site's DOM: on a page with hundreds of rows, Firefox's
 * accessibility locator took 8 s for the whole document, seconds more with the browsers busy.
 */
export interface FindOptions extends WaitOptions {
  within?: 'page' | 'homeward';
}

/** A page function given shadow roots: a function, or the source text of one (a function expression). */
export type ShadowFunction<T> = ((roots: ShadowRoot[]) => T | Promise<T>) | string;

export interface Tab {
  /** The document's current URL (read from the page: Firefox's BiDi target URL lags on moz-extension pages). */
  url(): Promise<string>;
  goto(url: string): Promise<void>;
  /** The browser's Back, as the page's own history.back() asks for it. */
  back(): Promise<void>;
  /** Clicks the element with this role and accessible name, waiting until it exists. */
  click(role: Role, name: string, options?: FindOptions & { alt?: boolean }): Promise<void>;
  /** Replaces the value of the text field with this label. */
  fill(label: string, value: string, options?: WaitOptions): Promise<void>;
  /** Presses a key (Playwright/Puppeteer key names, e.g. 'Enter') in the focused element. */
  press(key: string): Promise<void>;
  inputValue(label: string, options?: WaitOptions): Promise<string>;
  /** Number of elements with this role (and name, if given) right now. */
  count(role: Role, name?: string): Promise<number>;
  /** Text of the first element with this role (and name), or null when there is none right now. */
  roleText(role: Role, name?: string): Promise<string | null>;
  /** Waits until an element with this role (and name) exists; returns its text. */
  waitForRole(role: Role, name?: string, options?: FindOptions): Promise<string>;
  /** Waits until the first element with this role contains `text` (or the whole page does, without a role). */
  waitForText(text: string, options?: WaitOptions & { role?: Role }): Promise<void>;
  /** aria-checked / checked of the switch or checkbox with this name. */
  isChecked(role: 'switch' | 'checkbox', name: string, options?: WaitOptions): Promise<boolean>;
  /** Visible text of the whole page. */
  bodyText(): Promise<string>;
  /** Runs a function in the page; it must be self-contained (it is serialized). */
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
  /**
   * Evaluates script source text (an expression; a promise is awaited) in the page, as the automation protocol
   * does: the page's CSP and Trusted Types do not apply to it, where a script tag of the page's would be refused.
   */
  evaluateSource<T>(source: string): Promise<T>;
  /**
   * Runs `fn` in the page with the shadow roots of the elements matching `selector` (in document order), closed
   * ones included, which page scripts cannot reach: the way tests read what Homeward's hosts show. The roots are
   * handed over as arguments only, never left where the page could find them. `fn` is serialized (self-contained)
   * and its result goes through JSON.
   */
  evaluateInShadow<T>(selector: string, fn: ShadowFunction<T>): Promise<T>;
  /** Resizes the page's viewport (CSS pixels), as a narrow window or a phone would lay it out. */
  setViewport(width: number, height: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  /**
   * Makes this the tab the person looks at. Firefox answers a script call in a background tab late or not at all (a
   * click on the Threads tab behind the People page hung twice in CI): a person switches tabs before clicking.
   */
  bringToFront(): Promise<void>;
  close(): Promise<void>;
}

export type StorageArea = 'local' | 'sync' | 'session';

/** The system's light or dark appearance, as pages see it through `prefers-color-scheme`. */
export type ColorScheme = 'light' | 'dark';

export interface Session {
  browserName: BrowserName;
  /** chrome-extension://<id> or moz-extension://<uuid>, without a trailing slash. */
  extensionOrigin: string;
  /** Milliseconds from launch to "extension installed and its origin known". */
  startMs: number;
  openPage(url: string): Promise<Tab>;
  /** The toolbar popup's page opened in a tab (<origin>/popup.html): automation cannot open the real popup. */
  openPopup(): Promise<Tab>;
  openOptions(): Promise<Tab>;
  /**
   * Waits for a tab or window the harness did not open itself (e.g. the one identity.launchWebAuthFlow opens)
   * whose URL matches. Tabs already open when this is called count, so a tab that opened early is not missed.
   */
  waitForNewTab(predicate: (url: string) => boolean, options?: WaitOptions): Promise<Tab>;
  /** Every open tab, including windows opened by the extension. */
  tabs(): Promise<Tab[]>;
  extensionStorage(area: StorageArea): Promise<Record<string, unknown>>;
  /** Writes items into extension storage, as the extension itself would (to seed a state). */
  setExtensionStorage(area: StorageArea, items: Record<string, unknown>): Promise<void>;
  /** Deletes the extension's secret store (its IndexedDB): the next connection seeded in storage.local is taken. */
  forgetSecrets(): Promise<void>;
  /**
   * Back to a freshly installed extension as far as the outside can tell: every tab but one blank tab closed,
   * extension storage (local, sync, session, the secret store) and all cookies cleared.
   */
  resetState(): Promise<void>;
  /**
   * Runs `source` (a function expression) in every web page loaded from now on, before the page's own scripts, as
   * a page's first script would: the way a test plays a page that watches its own navigations. Resolves to the
   * function that stops it.
   */
  addPageScript(source: string): Promise<() => Promise<void>>;
  /** Console messages and page errors of pages and the extension background, oldest first. */
  consoleLines(): string[];
  /**
   * `prefers-color-scheme` for every tab, open or opened later, until set again (resetState leaves it). Pages
   * that pick their theme once (the sandbox's Threads and Instagram) need a reload to follow.
   */
  setColorScheme(scheme: ColorScheme): Promise<void>;
  /**
   * What a person does at the browser's "open this link with…" question the first time a page at `site` (an origin)
   * opens one: always use the extension's handler for `protocol`, and always allow that site (Firefox; Chromium
   * gives extensions none, and throws).
   */
  alwaysUseHandler(protocol: string, site: string): Promise<void>;
  /**
   * Quits the browser and starts it again on the same profile, as a person closing and reopening it: extension
   * storage, cookies and the extension's id survive. This session is closed; use the one returned.
   */
  restart(): Promise<Session>;
  /**
   * Installs `extensionDir` over the running extension, as a store update does (onInstalled "update"). Firefox
   * only: WebDriver BiDi installs an add-on with the same id as an upgrade; Chromium's command-line extension has
   * no such path (undefined there).
   */
  installUpdate?(extensionDir: string): Promise<void>;
  /** Files the browser downloaded in this session, by name (Chromium names them by a GUID), as text. */
  downloads(): Promise<{ name: string; text: string }[]>;
  close(): Promise<void>;
}
