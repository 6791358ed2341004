/**
 * Alt-click on a link that would go home opens the original instead. Registered at run time on every https page
 * but the home server's, only while automatic redirects are on (utils/open-at-home/sync.ts).
 *
 * It runs in the page's own world, on every page, so it is kept to what a page's own small script costs:
 * - no isolated world (creating one costs a few milliseconds per page, even for an empty script);
 * - no WXT entrypoint wrapper: wxt.config.ts bundles this file on its own into `alt-click.js`;
 * - at load it takes a few of JavaScript's own built-ins and adds one listener. The page's interfaces (`Event`,
 *   `MouseEvent`, `Element`, `HTMLAnchorElement`) wait for the first trusted click: taking their members at load
 *   cost 1.5–2 ms more on every page (bench/open-at-home.ts), and a regular expression run at load about 1 ms.
 *   The link pattern is a literal put in at build time, compiled at the first Alt-click;
 * - no extension API: it asks for the original through the address itself (an empty `?`, which the redirect rules
 *   let through; `originalAddress` in utils/fediverse/links/original.ts says the same);
 * - no marks and no globals. Synthetic clicks are ignored, so a page cannot probe for it.
 *
 * And nothing a page could use to see it (docs/security.md, "The Alt-click script"): none of the page's code ever
 * runs inside this script, so no stack trace shows this script's address.
 * - At document_start, before any of the page's scripts, it takes every JavaScript built-in it calls later
 *   (`Reflect.apply`, `Object.getOwnPropertyDescriptor`, `Function.prototype.toString`, String and RegExp methods,
 *   `setTimeout`).
 * - At the first trusted click it reads the interfaces' members as property descriptors (which runs no getter)
 *   and keeps each only if it is still the browser's own function: its source is `[native code]` under its own
 *   name. A page's function, a wrapper, a bound function or a proxy never has that source. If the page replaced
 *   any of them before that click, the script stays out of that page for good, and Alt-click does what the page
 *   and the browser do.
 * - `event.isTrusted`, `location` and `location.assign` cannot be redefined by a page. The navigation starts from a
 *   timer that calls `Reflect.apply(location.assign, …)` itself, so the page's navigate and beforeunload listeners
 *   run with none of this script's code below them.
 */

/** `OBJECT_PATH_JS` of utils/fediverse/links/object-path.ts, as a literal (wxt.config.ts, PAGE_SCRIPT_CONSTANTS). */
declare const OBJECT_PATH_PATTERN: string;

type Native = (this: unknown, ...args: unknown[]) => unknown;

const { apply } = Reflect;
const { getOwnPropertyDescriptor: describe, hasOwn } = Object;
const { toString: sourceOf } = Function.prototype;
const { exec } = RegExp.prototype;
const { indexOf, slice } = String.prototype;
const later = setTimeout;
const Pattern = RegExp;
const page = globalThis;

/**
 * `owner[name]`'s getter (`get`) or method (`value`), if it is still the browser's own: its source is
 * `[native code]` under its own name, as Chromium and Firefox write it. Reads no getter.
 */
function native(owner: unknown, name: string, kind: 'get' | 'value'): Native | undefined {
  if ((typeof owner !== 'object' && typeof owner !== 'function') || owner === null) return undefined;
  const descriptor = describe(owner, name);
  // Only own fields of the descriptor are read: a missing one would be looked up on Object.prototype.
  if (descriptor === undefined || !hasOwn(descriptor, kind)) return undefined;
  const found: unknown = descriptor[kind];
  if (typeof found !== 'function') return undefined;
  const source = apply(sourceOf, found, []);
  // Chromium names a getter `get altKey`, Firefox `altKey`.
  const chromium = `function ${kind === 'get' ? 'get ' : ''}${name}() { [native code] }`;
  const firefox = `function ${name}() {\n    [native code]\n}`;
  return source === chromium || source === firefox ? (found as Native) : undefined;
}

/** An interface's prototype (`MouseEvent.prototype`), if the global is still the browser's own interface. */
function prototypeOf(name: string): unknown {
  const constructor = native(page, name, 'value');
  if (!constructor) return undefined;
  // An interface's `prototype` is neither writable nor configurable: the browser's own interface keeps its own.
  const descriptor = describe(constructor, 'prototype');
  return descriptor !== undefined && hasOwn(descriptor, 'value') ? descriptor.value : undefined;
}

interface AtClick {
  altKey: Native;
  ctrlKey: Native;
  metaKey: Native;
  shiftKey: Native;
  button: Native;
  target: Native;
  defaultPrevented: Native;
  preventDefault: Native;
  stopPropagation: Native;
  closest: Native;
  protocol: Native;
  href: Native;
}

/** Looked up at the first trusted click; `null` once the page is found to have replaced one of them. */
let atClick: AtClick | null | undefined;
let objectPath: RegExp | undefined;
let empty: RegExp | undefined;

function lookUpAtClick(): AtClick | null {
  const events = prototypeOf('Event');
  const mouse = prototypeOf('MouseEvent');
  const anchor = prototypeOf('HTMLAnchorElement');
  const altKey = native(mouse, 'altKey', 'get');
  const ctrlKey = native(mouse, 'ctrlKey', 'get');
  const metaKey = native(mouse, 'metaKey', 'get');
  const shiftKey = native(mouse, 'shiftKey', 'get');
  const button = native(mouse, 'button', 'get');
  const target = native(events, 'target', 'get');
  const defaultPrevented = native(events, 'defaultPrevented', 'get');
  const preventDefault = native(events, 'preventDefault', 'value');
  const stopPropagation = native(events, 'stopPropagation', 'value');
  const closest = native(prototypeOf('Element'), 'closest', 'value');
  const protocol = native(anchor, 'protocol', 'get');
  const href = native(anchor, 'href', 'get');
  // Checked one by one: a loop over the names (for-in) would also visit what a page added to Object.prototype.
  if (!altKey || !ctrlKey || !metaKey || !shiftKey || !button || !target || !defaultPrevented) return null;
  if (!preventDefault || !stopPropagation || !closest || !protocol || !href) return null;
  return {
    altKey,
    ctrlKey,
    metaKey,
    shiftKey,
    button,
    target,
    defaultPrevented,
    preventDefault,
    stopPropagation,
    closest,
    protocol,
    href,
  };
}

/** Same as `originalAddress`, with only the built-ins taken at load. */
function original(url: string): string {
  const hash = apply(indexOf, url, ['#']) as number;
  const address = hash < 0 ? url : (apply(slice, url, [0, hash]) as string);
  const fragment = hash < 0 ? '' : (apply(slice, url, [hash]) as string);
  const last = apply(slice, address, [-1]);
  if (last === '?' || last === '&') return url;
  return `${address}${apply(indexOf, address, ['?']) < 0 ? '?' : '&'}${fragment}`;
}

function onClick(clicked: MouseEvent): void {
  if (!clicked.isTrusted) return;
  // Nothing may leave this listener as an error: the page's `error` event would carry this script's address.
  try {
    atClick ??= lookUpAtClick();
    const get = atClick;
    if (!get) return;
    if (apply(get.altKey, clicked, []) !== true || apply(get.button, clicked, []) !== 0) return;
    if (
      apply(get.ctrlKey, clicked, []) ||
      apply(get.metaKey, clicked, []) ||
      apply(get.shiftKey, clicked, [])
    )
      return;
    if (apply(get.defaultPrevented, clicked, [])) return;
    // A text node or an SVG link throws here: neither is a link this script handles.
    const link = apply(get.closest, apply(get.target, clicked, []), ['a[href]']) as Element | null;
    if (!link || apply(get.protocol, link, []) !== 'https:') return;
    const url: unknown = apply(get.href, link, []);
    if (typeof url !== 'string') return;
    objectPath ??= new Pattern(OBJECT_PATH_PATTERN);
    const hash = apply(indexOf, url, ['#']) as number;
    if (apply(exec, objectPath, [hash < 0 ? url : apply(slice, url, [0, hash])]) === null) return;
    // A match sets the page's own RegExp.lastMatch, $1 and input, which would show the link and the pattern:
    // an empty match puts them back to nothing.
    empty ??= new Pattern('(?:)');
    apply(exec, empty, ['']);
    // Alt-click downloads the link in Chromium: take it over, and load the original in this tab. The navigation
    // starts from a timer, not from here: it runs the page's navigate and beforeunload listeners synchronously,
    // and from here they would see this script in their stack.
    apply(get.preventDefault, clicked, []);
    apply(get.stopPropagation, clicked, []);
    // `location` and its `assign` are unforgeable: read now, not at load (where reaching `location` costs
    // ~0.4 ms). The timer calls Reflect.apply itself: nothing of the function is read here (binding it would
    // read its `name` and `length`, which a page may redefine with a getter).
    later(apply, 0, location.assign, location, [original(url)]);
  } catch {
    // The browser's own Alt-click happens.
  }
}

addEventListener('click', onClick, true);
