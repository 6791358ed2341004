/**
 * Alt-click on a link that would go home opens the original instead. Registered at run time on every https page
 * but the home server's, only while automatic redirects are on (utils/background/open-navigation.ts).
 *
 * It runs in the page's own world, on every page, so it is kept to what a page's own small script costs:
 * - no isolated world (creating one costs a few milliseconds per page, even for an empty script);
 * - no WXT entrypoint wrapper: wxt.config.ts bundles this file on its own into `alt-click.js`;
 * - at load it only takes a few built-ins and adds one listener. The pattern is a literal put in at build time,
 *   compiled on the first Alt-click;
 * - no extension API: it asks for the original through the address itself (an empty `?`, which the redirect rules
 *   let through; `originalAddress` in utils/fediverse/links/original.ts says the same);
 * - no marks and no globals. Synthetic clicks are ignored, so a page cannot probe for it.
 *
 * And nothing a page could use to see it (docs/security.md, "The Alt-click script"): it runs at document_start,
 * before any of the page's scripts, and takes now every function and getter it will call later. A page that wraps
 * `addEventListener`, `Element.prototype.closest`, an event's getters, or String and RegExp methods afterwards never
 * runs its own code inside this script, so it never sees this script's address in a stack trace.
 * `event.isTrusted`, `location` and `location.assign` cannot be redefined by a page, and the navigation starts
 * from a timer that calls `Reflect.apply(location.assign, …)` itself, so the page's navigate and beforeunload
 * listeners run with none of this script's code below them.
 */

/** `OBJECT_PATH_JS` of utils/fediverse/links/object-path.ts, as a literal (wxt.config.ts, PAGE_SCRIPT_CONSTANTS). */
declare const OBJECT_PATH_PATTERN: string;

const { apply } = Reflect;
const getter = (prototype: object, name: string): ((this: unknown) => unknown) =>
  Object.getOwnPropertyDescriptor(prototype, name)!.get!;

const mouse = MouseEvent.prototype;
const get = {
  altKey: getter(mouse, 'altKey'),
  ctrlKey: getter(mouse, 'ctrlKey'),
  metaKey: getter(mouse, 'metaKey'),
  shiftKey: getter(mouse, 'shiftKey'),
  button: getter(mouse, 'button'),
  target: getter(Event.prototype, 'target'),
  defaultPrevented: getter(Event.prototype, 'defaultPrevented'),
  protocol: getter(HTMLAnchorElement.prototype, 'protocol'),
  href: getter(HTMLAnchorElement.prototype, 'href'),
};
const { closest } = Element.prototype;
const { preventDefault, stopPropagation } = Event.prototype;
const { exec } = RegExp.prototype;
const { indexOf, slice } = String.prototype;
const later = setTimeout;
const Pattern = RegExp;
const ENDS_IN_QUERY = /[?&]$/;
const HAS_QUERY = /[?]/;

let objectPath: RegExp | undefined;

/** Same as `originalAddress`, with only the built-ins taken at load. */
function original(url: string): string {
  const hash = apply(indexOf, url, ['#']) as number;
  const address = hash < 0 ? url : (apply(slice, url, [0, hash]) as string);
  const fragment = hash < 0 ? '' : (apply(slice, url, [hash]) as string);
  if (apply(exec, ENDS_IN_QUERY, [address]) !== null) return url;
  return `${address}${apply(exec, HAS_QUERY, [address]) !== null ? '&' : '?'}${fragment}`;
}

function onClick(event: MouseEvent): void {
  if (!event.isTrusted || apply(get.altKey, event, []) !== true || apply(get.button, event, []) !== 0) return;
  if (apply(get.ctrlKey, event, []) || apply(get.metaKey, event, []) || apply(get.shiftKey, event, []))
    return;
  if (apply(get.defaultPrevented, event, [])) return;
  let url: string;
  try {
    // A text node or an SVG link throws here: neither is a link this script handles.
    const link = apply(closest, apply(get.target, event, []), ['a[href]']) as Element | null;
    if (!link || apply(get.protocol, link, []) !== 'https:') return;
    url = apply(get.href, link, []) as string;
  } catch {
    return;
  }
  objectPath ??= new Pattern(OBJECT_PATH_PATTERN);
  const hash = apply(indexOf, url, ['#']) as number;
  if (apply(exec, objectPath, [hash < 0 ? url : apply(slice, url, [0, hash])]) === null) return;
  // Alt-click downloads the link in Chromium: take it over, and load the original in this tab. The navigation
  // starts from a timer, not from here: it runs the page's navigate and beforeunload listeners synchronously,
  // and from here they would see this script in their stack.
  apply(preventDefault, event, []);
  apply(stopPropagation, event, []);
  // `location` and its `assign` are unforgeable: read now, not at load (where reaching `location` costs ~0.4 ms).
  // The timer calls Reflect.apply itself: nothing of the function is read here (binding it would read its `name`
  // and `length`, which a page may redefine with a getter).
  later(apply, 0, location.assign, location, [original(url)]);
}

addEventListener('click', onClick, true);
