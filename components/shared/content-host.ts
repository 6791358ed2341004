import theme from './content-theme.css?inline';

/**
 * The element Homeward puts into a Threads or Instagram page: a closed shadow root, so the page's styles leave it
 * alone and the page's scripts cannot reach in (`host.shadowRoot` is null to them: they cannot read whether the
 * person follows an account, nor a failure's wording; docs/security.md), holding the shared theme, the
 * component's own stylesheet and a container Preact renders into node by node (which Threads' Trusted Types
 * allow). Only the content script keeps the root. Component tests run in happy-dom, where the root stays open for
 * them to read; the build's modes replace `import.meta.env.MODE`, so that branch is not in the shipped code. The
 * e2e tests reach the closed root through the browsers' automation protocols (sandbox/harness).
 */
export function createContentHost(
  tag: string,
  css: string,
  /** In Homeward's own pages (the popup), where no page script could reach in: open, as the rest of the page. */
  where: 'web-page' | 'extension-page' = 'web-page',
): { host: HTMLElement; container: HTMLElement } {
  const host = document.createElement(tag);
  const open = import.meta.env.MODE === 'test' || where === 'extension-page';
  const shadow = host.attachShadow({ mode: open ? 'open' : 'closed' });
  const style = document.createElement('style');
  style.textContent = `${theme}\n${css}`;
  const container = document.createElement('div');
  for (const type of PERSON_EVENTS) container.addEventListener(type, dropUnlessFromThePerson, true);
  shadow.append(style, container);
  return { host, container };
}

/** What a person does to Homeward's controls: a page's script can dispatch any of these, or call click(). */
const PERSON_EVENTS = ['click', 'keydown', 'keyup', 'pointerdown', 'pointerup', 'input', 'change', 'submit'];

/**
 * Whether an event comes from the person's own input. The browser marks every event a script made (`click()`,
 * `dispatchEvent`) untrusted, and Threads' and Instagram's scripts can reach into the host's shadow root; none of
 * their events may follow, unfollow or start a scan. Vitest's DOM (happy-dom) has no `isTrusted` at all, so
 * component tests count an event as the person's unless it says otherwise; the build's modes replace
 * `import.meta.env.MODE`, and that branch is not in the shipped code.
 */
function isFromThePerson(event: Event): boolean {
  return import.meta.env.MODE === 'test' ? event.isTrusted !== false : event.isTrusted;
}

/**
 * Capture phase at the container, so it runs before any control's own listener (Preact binds them on the
 * elements): a scripted event stops there, before a handler sees it.
 */
function dropUnlessFromThePerson(event: Event): void {
  if (isFromThePerson(event)) return;
  event.stopImmediatePropagation();
  event.preventDefault();
}

/**
 * Light or dark, read from what the page actually paints behind `element` (both sites theme through their own
 * classes): the first ancestor with a background decides, then the system's preference.
 */
export function paintsDark(element: Element): boolean {
  for (let at: Element | null = element; at; at = at.parentElement) {
    const color = getComputedStyle(at)
      .backgroundColor.match(/\d+(\.\d+)?/g)
      ?.map(Number);
    if (!color || color.length < 3 || color[3] === 0) continue;
    const [r, g, b] = color as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
  }
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

const THEME_ATTRIBUTES: MutationObserverInit = { attributes: true, attributeFilter: ['class', 'style'] };

/**
 * Keeps `host`'s data-theme on what the page paints behind `behind()` (paintsDark), now and whenever the page
 * changes theme under it: in their "Auto" appearance the sites switch to dark from a script that runs after the
 * header has rendered, by which time the host is already placed (the content script starts at document_start),
 * and a person can change the site's appearance at any time. A host left light on a dark page is unreadable.
 * The sites theme through classes or styles on <html> and <body>, which is what is watched, with the system's
 * preference that paintsDark falls back on. Returns the update, for the mount to call when it places the host.
 */
export function followPageTheme(
  host: HTMLElement,
  behind: () => Element | null,
  signal: AbortSignal,
): () => void {
  let watchedBody: HTMLElement | null = null;
  const observer = new MutationObserver(() => update());
  const update = () => {
    if (signal.aborted) return;
    // The body may not exist yet at document_start: it is watched from the first update that sees it.
    if (document.body && document.body !== watchedBody) {
      watchedBody = document.body;
      observer.observe(watchedBody, THEME_ATTRIBUTES);
    }
    const element = behind();
    if (element) host.dataset.theme = paintsDark(element) ? 'dark' : 'light';
  };
  observer.observe(document.documentElement, THEME_ATTRIBUTES);
  const scheme = matchMedia('(prefers-color-scheme: dark)');
  scheme.addEventListener('change', update);
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      scheme.removeEventListener('change', update);
    },
    { once: true },
  );
  return update;
}
