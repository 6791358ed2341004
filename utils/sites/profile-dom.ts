/**
 * DOM look-ups both sites share: where the site's own follow control is in a profile header, in any language and
 * layout. They start from the header the adapter found, never from the whole document, because the content script
 * calls them on every batch of DOM changes. The facts behind them: docs/sites.md ("Profile headers").
 */
import { isFollowLabel, isOwnProfileLabel } from './follow-labels';
import type { Anchor, Placement } from './types';

/** Threads' native buttons are `div[role=button]`, Instagram's Follow is a `<button>` (docs/sites.md). */
export const BUTTON_SELECTOR = 'button, [role="button"]';

/**
 * Where a control is not one of the profile's actions: the story highlights (`[role=menu]`, `ul > li`), links
 * (stats, link in bio, the Threads badge), text (the bio's parts are `span[dir=auto] > div[role=button]`, the
 * avatar is `span > div[role=button]`), headings, and any dialog or menu drawn inside the header.
 */
const NOT_ACTIONS = '[role="menu"], [role="dialog"], ul, li, a, span, p, h1, h2, h3, nav, label';

/** Links only one's own profile has (Instagram's Edit profile is sometimes a link; View archive always). */
const OWN_PROFILE_LINKS = 'a[href^="/accounts/edit"], a[href^="/archive/"]';

/** Text of `element` without the `<title>` of its icons (an SVG's title is part of textContent). */
export function visibleText(element: Element): string {
  let text = element.textContent ?? '';
  for (const svg of element.querySelectorAll('svg')) text = text.replace(svg.textContent ?? '', '');
  return text.trim();
}

/** What a control says: its visible text, else its aria-label (icon-only controls). */
function labelOf(control: Element): string {
  return visibleText(control) || (control.getAttribute('aria-label') ?? '').trim();
}

/** A control inside `header` that may be one of the profile's actions: labelled, no count, not in a text zone. */
function isActionCandidate(control: Element, header: Element): boolean {
  if (control.parentElement?.closest(BUTTON_SELECTOR)) return false; // part of a bigger control
  const zone = control.parentElement?.closest(NOT_ACTIONS);
  if (zone && header.contains(zone)) return false;
  const label = labelOf(control);
  // The avatar (Threads: a `div[role=button]` around the picture) is a control with an image and no text.
  if (visibleText(control) === '' && control.querySelector('img, canvas')) return false;
  // "1.2K followers", "300 following": counts open lists, they do not follow anyone. No follow label has a digit.
  return label !== '' && !/\d/.test(label);
}

/** The child of `header` that holds `element` (the header's block it sits in), or null when it is the header. */
function blockOf(element: Element, header: Element): Element | null {
  let block: Element | null = element;
  while (block && block.parentElement !== header) block = block.parentElement;
  return block;
}

/**
 * The box a control sits in within its row: the control itself, or the wrappers around it that hold nothing
 * else (Instagram wraps each control in several `div`s, Threads does not), never climbing out of its block.
 */
function slotOf(control: Element, header: Element): Element {
  const block = blockOf(control, header);
  let slot = control;
  while (
    slot.parentElement &&
    slot.parentElement !== header &&
    slot.parentElement !== block &&
    slot.parentElement.childElementCount === 1
  )
    slot = slot.parentElement;
  return slot;
}

/**
 * Where Homeward's button goes on a profile header: beside the site's own follow control, or `own-profile`, or
 * null when the follow control cannot be told apart (the caller floats its button then: a wrong place is worse).
 *
 * - One's own profile shows Edit profile / View archive instead of Follow: no button at all.
 * - The follow control is found twice, independently. By position: the first labelled control outside the
 *   header's block that holds the name (`identity`): the Threads header is name, bio, followers, then Follow and
 *   Mention; Instagram's 2025 header puts Follow in a section of its own after the name, stats and bio. Where
 *   every control shares the name's block (older layouts), the first row of two or more labelled controls. By
 *   words: the first candidate whose label is one of the sites' follow labels (`follow-labels.ts`).
 * - When both find one and they are not in the same row, the page is not what either expects: null.
 * - The anchor is after the last control with visible text in that row, so an icon-only control (Instagram's
 *   "Similar accounts" chevron) stays at the row's end.
 */
export function profilePlacement(header: Element, identity: Element | null): Placement | null {
  if (header.querySelector(OWN_PROFILE_LINKS)) return 'own-profile';
  const controls: Element[] = [];
  for (const control of header.querySelectorAll(`${BUTTON_SELECTOR}, a[role="link"]`)) {
    if (isOwnProfileLabel(labelOf(control))) return 'own-profile';
    if (control.matches(BUTTON_SELECTOR) && isActionCandidate(control, header)) controls.push(control);
  }
  const nameBlock = identity && blockOf(identity, header);
  const outside = nameBlock ? controls.filter((control) => !nameBlock.contains(control)) : controls;
  const byPosition = outside[0] ?? firstRowControl(controls, header);
  const byWords = controls.find((control) => isFollowLabel(labelOf(control)));
  if (byPosition && byWords && rowOf(byPosition, header) !== rowOf(byWords, header)) return null;
  const control = byWords ?? byPosition;
  if (!control) return null;
  const row = rowOf(control, header);
  let last = slotOf(control, header);
  for (const other of controls) {
    const slot = slotOf(other, header);
    if (slot.parentElement === row && visibleText(other) !== '' && precedes(last, slot)) last = slot;
  }
  return { element: last, position: 'afterend', control };
}

/** The row a control sits in: the parent of its slot. */
function rowOf(control: Element, header: Element): Element | null {
  return slotOf(control, header).parentElement;
}

/** The first control of the first row holding two or more labelled controls side by side. */
function firstRowControl(controls: readonly Element[], header: Element): Element | undefined {
  const rows = new Map<Element | null, Element[]>();
  for (const control of controls) {
    const row = rowOf(control, header);
    const members = rows.get(row) ?? [];
    members.push(control);
    rows.set(row, members);
    if (members.length === 2) return members[0];
  }
  return undefined;
}

function precedes(a: Element, b: Element): boolean {
  return (a.compareDocumentPosition(b) & 4) !== 0; // Node.DOCUMENT_POSITION_FOLLOWING, without the global
}

/** Anchors place the button; `own-profile` keeps it off the page. */
export function isAnchor(placement: Placement | null): placement is Anchor {
  return placement !== null && placement !== 'own-profile';
}
