/**
 * Reads a Following list the way a person would: down about one screen at a time, reading the rows on the page
 * after each step, and waiting at the end of what has loaded for the site to bring more. Step by step because
 * Instagram's list can be windowed (about 13 rows in the DOM at any time, their nodes reused as it scrolls): a jump
 * to the bottom would skip every row in between. Both sites load in bursts (Threads 20 rows then 10 at a time,
 * Instagram 12) with pauses of seconds between them behind a loading state, so the end of the list is what the
 * page shows: no loading state and nothing new over several scrolls spread over `settleMs`, or as many accounts as
 * the page says the list has. Never one quiet moment. Evidence: docs/sites.md ("Threads Following dialog",
 * "Instagram Following dialog").
 *
 * Linear in the list's length: a row link is read again only when its `href` changed, and usernames already seen
 * are skipped by a Set.
 */
import type { ScannedPerson } from '@/utils/people/protocol';
import { displayNameOf } from '@/utils/sites/list-dom';
import type { FollowingList } from '@/utils/sites/types';

export interface ScanTiming {
  /** With no loading state: this long without a new row, over at least END_SCROLLS scrolls, is the list's end. */
  settleMs: number;
  /** With the loading state still there: this long without a new row means the site stopped loading (partial). */
  stallMs: number;
  /** The longest wait at the end of the loaded rows before scrolling again to make the site load. */
  sliceMs: number;
  /** The longest wait after a step for the site to draw what came into view (a frame and a task, when frames run). */
  stepMs: number;
}

/** Pauses of 1–3 s between bursts are the sites' normal pace (docs/sites.md): they end nothing. */
export const SCAN_TIMING: ScanTiming = { settleMs: 5000, stallMs: 15_000, sliceMs: 500, stepMs: 150 };

/** Scrolls at the end of the list, without a new row, before it counts as the end. */
export const END_SCROLLS = 3;

/**
 * - `end`: no loading state and nothing new over `settleMs` and END_SCROLLS scrolls, or the count reached.
 * - `stopped`: the person pressed Stop.
 * - `stalled`: the loading state stayed but nothing came for `stallMs`: a partial list.
 * - `closed`: the dialog went away (closed, or another tab of it was chosen).
 */
export type ScanEnd = 'end' | 'stopped' | 'stalled' | 'closed';

export interface ScanResult {
  people: ScannedPerson[];
  end: ScanEnd;
  /** How many accounts the page said the list has (docs/sites.md), or null where it shows no exact count. */
  expected: number | null;
}

/** The people of a list in its order, each once, never the owner. */
export class PeopleReader {
  readonly people: ScannedPerson[] = [];
  private readonly seen = new Set<string>();
  /** The `href` each link had when it was read: a windowed list reuses its row nodes for other people. */
  private readonly read = new WeakMap<Element, string>();

  constructor(
    private readonly list: FollowingList,
    owner: string,
  ) {
    this.seen.add(owner.toLowerCase());
  }

  /** Reads every row link at or under `node`, in document order (the rows' order: they stay in flow). */
  readIn(node: Node): void {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const element = node as Element;
    if (element.matches(this.list.rowLink)) this.readLink(element);
    for (const link of element.querySelectorAll(this.list.rowLink)) this.readLink(link);
  }

  private readLink(link: Element): void {
    const href = link.getAttribute('href') ?? '';
    if (this.read.get(link) === href) return;
    this.read.set(link, href);
    const username = this.list.usernameFromHref(href);
    if (username === null || this.seen.has(username)) return;
    this.seen.add(username);
    this.people.push({ username, displayName: displayNameOf(link, username, this.list) });
  }
}

function isScrollable(element: Element): boolean {
  const overflow = getComputedStyle(element).overflowY;
  return (overflow === 'auto' || overflow === 'scroll') && element.scrollHeight > element.clientHeight;
}

/**
 * The nearest scrollable ancestor of `start` inside `dialog` (the one with computed overflow-y auto); the page's
 * own scroller for a list that scrolls with the page.
 */
function scrollerAbove(start: Element, dialog: Element, list: FollowingList): Element | null {
  if (list.pageScrolls) return dialog.ownerDocument.scrollingElement;
  for (let element = start.parentElement; element; element = element.parentElement) {
    if (isScrollable(element)) return element;
    if (element === dialog) return null;
  }
  return null;
}

/** How far a nudge scrolls back up, so that going down again is a scroll the site notices. */
const NUDGE_PX = 120;
/** A step is this share of the visible height: consecutive screens overlap a little, so no row falls between. */
const STEP_SHARE = 0.9;
/** A scroller squeezed to nothing still moves. */
const MIN_STEP_PX = 40;

export interface ScanOptions {
  /** The dialog that shows the list. */
  dialog: Element;
  list: FollowingList;
  owner: string;
  /** Aborted by Stop. */
  signal: AbortSignal;
  /** The number of people read so far, each time it grows. */
  onProgress?: (count: number) => void;
  timing?: ScanTiming;
}

export async function scanFollowingList(options: ScanOptions): Promise<ScanResult> {
  const { dialog, list, owner, signal, onProgress } = options;
  const timing = options.timing ?? SCAN_TIMING;
  const reader = new PeopleReader(list, owner);
  let scroller: Element | null = null;
  let wake: (() => void) | null = null;
  let expected: number | null = null;

  const findScroller = (): Element | null => {
    if (!scroller?.isConnected) {
      const start = dialog.querySelector(list.rowLink) ?? dialog.querySelector(list.progress);
      scroller = start && scrollerAbove(start, dialog, list);
    }
    return scroller;
  };
  // The loading state that counts is the list's own, in its scroller: Instagram can also show one elsewhere in
  // the dialog (its search area). A page's scroller holds the screens the site keeps hidden: the container then.
  const loading = (): boolean =>
    ((!list.pageScrolls && findScroller()) || dialog).querySelector(list.progress) !== null;
  const countShown = (): number | null => {
    expected = list.listLength(dialog, owner) ?? expected;
    return expected;
  };

  const absorb = (records: MutationRecord[]) => {
    for (const record of records) {
      // A reused row keeps its node and changes its link: the attribute record names it.
      if (record.type === 'attributes') reader.readIn(record.target);
      else for (const node of record.addedNodes) reader.readIn(node);
    }
  };
  let wasLoading = false;
  const observer = new MutationObserver((records) => {
    const before = reader.people.length;
    absorb(records);
    const nowLoading = loading();
    if (reader.people.length !== before || nowLoading !== wasLoading) wake?.();
    wasLoading = nowLoading;
  });
  observer.observe(dialog, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });

  /** Resolves after `ms`, on Stop, or (with `onChange`) as soon as a row arrives or the loading state changes. */
  const pause = (ms: number, until: 'change' | 'frames') =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      if (until === 'change') wake = done;
      // The next frame dispatches the scroll event (before animation frame callbacks), and a site that schedules
      // its render for it (React's scheduler posts a task) has drawn by the first task after that frame. Frames
      // stop in a hidden tab: then the timer ends the wait.
      else requestAnimationFrame(() => setTimeout(done, 0));
    });

  const atBottom = (element: Element | null): boolean =>
    !element || element.scrollTop + element.clientHeight >= element.scrollHeight - 1;

  const finish = (end: ScanEnd): ScanResult => {
    absorb(observer.takeRecords());
    reader.readIn(dialog);
    countShown();
    return { people: reader.people, end, expected };
  };

  try {
    reader.readIn(dialog);
    wasLoading = loading();
    let count = reader.people.length;
    let lastGrowth = Date.now();
    /** Scrolls at the end of the loaded rows since the last new row. */
    let endScrolls = 0;
    onProgress?.(count);
    for (;;) {
      if (signal.aborted) return finish('stopped');
      if (!dialog.isConnected) return finish('closed');
      const element = findScroller();
      if (element) reader.readIn(element);
      if (reader.people.length !== count) {
        count = reader.people.length;
        lastGrowth = Date.now();
        endScrolls = 0;
        onProgress?.(count);
      }
      if (!atBottom(element)) {
        // One step, at most about a screen: a windowed list draws every row it passes.
        element!.scrollTop += Math.max(MIN_STEP_PX, Math.floor(element!.clientHeight * STEP_SHARE));
        await pause(timing.stepMs, 'frames');
        continue;
      }
      // At the end of what has loaded.
      const quiet = Date.now() - lastGrowth;
      const isLoading = loading();
      const shown = countShown();
      if (shown !== null && count >= shown && (!isLoading || quiet >= timing.settleMs)) return finish('end');
      if (isLoading && quiet >= timing.stallMs) return finish('stalled');
      if (!isLoading && quiet >= timing.settleMs && endScrolls >= END_SCROLLS) return finish('end');
      if (quiet >= timing.sliceMs * (endScrolls + 1)) {
        // Nothing came in a while: a little up and down again, a scroll the site notices.
        endScrolls += 1;
        if (element && element.scrollTop > 0) {
          element.scrollTop = Math.max(0, element.scrollTop - NUDGE_PX);
          await pause(timing.stepMs, 'frames');
          continue;
        }
        // Nothing scrolls yet (the first rows fit) or the markup changed: bring the end into view.
        const links = dialog.querySelectorAll(list.rowLink);
        (dialog.querySelector(list.progress) ?? links[links.length - 1])?.scrollIntoView({
          block: 'end',
        });
      }
      await pause(timing.sliceMs, 'change');
    }
  } finally {
    observer.disconnect();
    scroller = null;
  }
}
