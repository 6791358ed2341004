/**
 * DOM look-ups both sites share. They start from the profile header the adapter found, never from the whole
 * document, because the content script calls them on every batch of DOM changes.
 */
import type { Anchor } from './types';

/** Threads' native buttons are `div[role=button]`, Instagram's Follow is a `<button>` (site-dom.md T15, I9). */
export const BUTTON_SELECTOR = 'button, [role="button"]';

/** Text of `element` without the `<title>` of its icons (an SVG's title is part of textContent). */
export function visibleText(element: Element): string {
  let text = element.textContent ?? '';
  for (const svg of element.querySelectorAll('svg')) text = text.replace(svg.textContent ?? '', '');
  return text.trim();
}

/**
 * The box a button sits in within its row: the button itself, or the wrappers around it that hold nothing
 * else (Instagram wraps each control in a `div`, Threads does not).
 */
function slotOf(button: Element, header: Element): Element {
  let slot = button;
  while (slot.parentElement && slot.parentElement !== header && slot.parentElement.childElementCount === 1)
    slot = slot.parentElement;
  return slot;
}

/**
 * Structural, so it works in every language: the first row of the header that holds two or more buttons side
 * by side (Follow + Mention on Threads; Follow + Message + Similar accounts on Instagram). Single buttons
 * elsewhere in the header (the followers count, the bio) do not form a row. The anchor goes after the last
 * button with a text label, so the chevron-only "Similar accounts" stays at the end of the row.
 */
export function actionRowAnchor(header: Element): Anchor | null {
  const rows = new Map<Element, Element[]>();
  for (const button of header.querySelectorAll(BUTTON_SELECTOR)) {
    if (button.parentElement?.closest(BUTTON_SELECTOR)) continue;
    const slot = slotOf(button, header);
    const row = slot.parentElement;
    if (!row || !header.contains(row)) continue;
    const slots = rows.get(row) ?? [];
    slots.push(slot);
    rows.set(row, slots);
  }
  for (const slots of rows.values()) {
    if (slots.length < 2) continue;
    const labelled = slots.filter((slot) => visibleText(slot) !== '');
    const last = labelled[labelled.length - 1] ?? slots[slots.length - 1];
    if (last) return { element: last, position: 'afterend' };
  }
  return null;
}

/**
 * The English labels of the sites' own follow control: Follow and Following (S16, S23); Follow back and Requested
 * are its other states' usual labels (UNVERIFIED markup). English only: the structural row comes first.
 */
export const FOLLOW_LABELS: readonly string[] = ['Follow', 'Following', 'Follow back', 'Requested'];

/** Fallback when no row of buttons is recognised (e.g. Follow alone): the button labelled as a follow control. */
export function followButtonAnchor(header: Element): Anchor | null {
  for (const button of header.querySelectorAll(BUTTON_SELECTOR)) {
    if (FOLLOW_LABELS.includes(visibleText(button)))
      return { element: slotOf(button, header), position: 'afterend' };
  }
  return null;
}
