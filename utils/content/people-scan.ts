/**
 * Reads a Following list the way a person would: scroll to its end, wait for the site to load the next rows,
 * again, until the list ends. Both sites page their lists (25 rows at a time in the sandbox) and show a trailing
 * `[role=progressbar]` while more exist (D5, G4). Linear in the list's length: each row is read once, from the
 * nodes the site adds, and usernames already seen are skipped by a Set.
 */
import type { ScannedPerson } from '@/utils/people-protocol';
import { displayNameOf, PROGRESS_SELECTOR, type FollowingListSite } from './people-scan-sites';

export interface ScanTiming {
  /** With no loader on screen: this long without new rows is the end of the list. */
  settleMs: number;
  /** With the loader still there: this long without new rows means the site stopped loading (partial). */
  stallMs: number;
  /** The longest single wait, after which the scroller is nudged to make the site load again. */
  sliceMs: number;
}

export const SCAN_TIMING: ScanTiming = { settleMs: 2000, stallMs: 5000, sliceMs: 500 };

/**
 * - `end`: no loader and nothing new for `settleMs`: the whole list.
 * - `stopped`: the person pressed Stop.
 * - `stalled`: the loader stayed but nothing came for `stallMs`: a partial list.
 * - `closed`: the dialog went away (closed, or another tab of it was chosen).
 */
export type ScanEnd = 'end' | 'stopped' | 'stalled' | 'closed';

export interface ScanResult {
  people: ScannedPerson[];
  end: ScanEnd;
}

/** The people of a list in its order, each once, never the owner. */
export class PeopleReader {
  readonly people: ScannedPerson[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly list: FollowingListSite,
    owner: string,
  ) {
    this.seen.add(owner.toLowerCase());
  }

  /** Reads every row link at or under `node`. */
  readIn(node: Node): void {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const element = node as Element;
    if (element.matches(this.list.rowLink)) this.readLink(element);
    for (const link of element.querySelectorAll(this.list.rowLink)) this.readLink(link);
  }

  private readLink(link: Element): void {
    const username = this.list.usernameFromHref(link.getAttribute('href') ?? '');
    if (username === null || this.seen.has(username)) return;
    this.seen.add(username);
    this.people.push({ username, displayName: displayNameOf(link, username, this.list) });
  }
}

function isScrollable(element: Element): boolean {
  const overflow = getComputedStyle(element).overflowY;
  return (overflow === 'auto' || overflow === 'scroll') && element.scrollHeight > element.clientHeight;
}

/** The nearest scrollable ancestor of `start` inside `dialog` (D6: the one with computed overflow-y auto). */
function scrollerAbove(start: Element, dialog: Element): Element | null {
  for (let element = start.parentElement; element; element = element.parentElement) {
    if (isScrollable(element)) return element;
    if (element === dialog) return null;
  }
  return null;
}

/** How far a nudge scrolls back up, so that going down again is a scroll the site notices. */
const NUDGE_PX = 120;

export interface ScanOptions {
  /** The dialog that shows the list. */
  dialog: Element;
  list: FollowingListSite;
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
  reader.readIn(dialog);
  // Live nodes only: each is dropped as soon as it leaves the page.
  let progress = dialog.querySelector(PROGRESS_SELECTOR);
  let scroller: Element | null = null;
  let wake: (() => void) | null = null;

  const loading = (): boolean => {
    if (progress && !progress.isConnected) progress = null;
    return progress !== null;
  };

  const absorb = (records: MutationRecord[]) => {
    for (const record of records) {
      if (record.type === 'attributes') {
        // A recycled row (virtualised lists) keeps its node and changes its link.
        reader.readIn(record.target);
        continue;
      }
      for (const node of record.addedNodes) {
        reader.readIn(node);
        if (!progress && node.nodeType === Node.ELEMENT_NODE) {
          const element = node as Element;
          progress = element.matches(PROGRESS_SELECTOR) ? element : element.querySelector(PROGRESS_SELECTOR);
        }
      }
    }
  };
  const observer = new MutationObserver((records) => {
    const before = reader.people.length;
    const wasLoading = loading();
    absorb(records);
    if (reader.people.length !== before || loading() !== wasLoading) wake?.();
  });
  observer.observe(dialog, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });

  const waitForChange = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      wake = done;
    });

  /** To the bottom, where the site loads more; after a quiet spell, a little up first (the next call goes down). */
  const scroll = (nudge: boolean) => {
    if (!scroller?.isConnected) {
      const start = progress ?? dialog.querySelector(list.rowLink);
      scroller = start && scrollerAbove(start, dialog);
    }
    if (scroller) {
      const bottom = scroller.scrollHeight - scroller.clientHeight;
      scroller.scrollTop =
        nudge && scroller.scrollTop >= bottom - 1 ? Math.max(0, bottom - NUDGE_PX) : bottom;
      return;
    }
    // Nothing scrolls yet (the first rows fit) or the markup changed: let the browser bring the end into view.
    const links = progress ? [] : dialog.querySelectorAll(list.rowLink);
    (progress ?? links[links.length - 1])?.scrollIntoView({ block: 'end' });
  };

  const finish = (end: ScanEnd): ScanResult => {
    absorb(observer.takeRecords());
    return { people: reader.people, end };
  };

  try {
    let count = reader.people.length;
    let wasLoading = loading();
    let lastChange = Date.now();
    onProgress?.(count);
    for (;;) {
      if (signal.aborted) return finish('stopped');
      if (!dialog.isConnected) return finish('closed');
      const quiet = Date.now() - lastChange;
      const limit = wasLoading ? timing.stallMs : timing.settleMs;
      if (quiet >= limit) return finish(wasLoading ? 'stalled' : 'end');
      scroll(quiet >= timing.sliceMs);
      await waitForChange(Math.min(timing.sliceMs, limit - quiet));
      const nowLoading = loading();
      if (reader.people.length !== count || nowLoading !== wasLoading) {
        count = reader.people.length;
        wasLoading = nowLoading;
        lastChange = Date.now();
        onProgress?.(count);
      }
    }
  } finally {
    observer.disconnect();
    scroller = null;
    progress = null;
  }
}
