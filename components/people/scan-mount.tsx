import { render } from 'preact';
import { words, type Words } from '@/utils/i18n';
import { NoAnswerError } from '@/utils/messaging/messages';
import { PeopleScan, type ScanActions, type ScanView } from './PeopleScan';
import css from './people-scan.css?inline';
import { createContentHost, followPageTheme } from '@/components/shared/content-host';
import { scanFollowingList, type ScanEnd, type ScanTiming } from '@/utils/people/scan';
import {
  sendPeople,
  type PartialReason,
  type PeopleScan as Scan,
  type PeopleSite,
} from '@/utils/people/protocol';
import type { Anchor, FollowingList } from '@/utils/sites/types';

export const SCAN_HOST_TAG = 'homeward-people-scan';

/** Why the list read is less than the whole list, if it is: the person, the site, or fewer than its count. */
export function partialReason(end: ScanEnd, read: number, expected?: number): PartialReason | undefined {
  if (end === 'stopped' || end === 'stalled') return end;
  return expected !== undefined && read < expected ? 'short' : undefined;
}

/**
 * The "Find them on the fediverse" offer in one Following dialog. Owns its host element (an open shadow root:
 * the page's styles stay out, and Preact builds the DOM node by node, which Threads' Trusted Types allow), runs
 * one scan at a time and hands it to the background. `signal` aborts when the dialog closes, the list is no
 * longer shown or the content script stops: the scan ends and nothing is sent.
 */
export class PeopleScanMount {
  private readonly host: HTMLElement;
  private readonly container: HTMLElement;
  private view: ScanView = { kind: 'idle' };
  private scan: AbortController | null = null;
  /** The scan handed over last, kept until the background takes it, for Try again. */
  private pending: Scan | null = null;
  /** What the host sits on: its theme is what this paints. */
  private anchor: Element | null = null;
  private readonly updateTheme: () => void;

  constructor(
    readonly dialog: Element,
    private readonly site: PeopleSite,
    private readonly list: FollowingList,
    private readonly owner: string,
    private readonly signal: AbortSignal,
    private readonly timing?: ScanTiming,
  ) {
    ({ host: this.host, container: this.container } = createContentHost(SCAN_HOST_TAG, css));
    this.host.dataset.owner = owner;
    this.updateTheme = followPageTheme(this.host, () => this.anchor, signal);
    signal.addEventListener('abort', () => this.destroy(), { once: true });
  }

  /** Idempotent: puts the host at `anchor` unless it is already in the dialog. */
  place(anchor: Anchor): void {
    if (this.signal.aborted) return;
    if (this.host.isConnected && this.dialog.contains(this.host)) return;
    // A host left by an earlier instance of the script (the extension was reloaded) must not double up.
    for (const stale of this.dialog.querySelectorAll(SCAN_HOST_TAG)) if (stale !== this.host) stale.remove();
    this.anchor = anchor.element;
    this.updateTheme();
    anchor.element.insertAdjacentElement(anchor.position, this.host);
    this.render();
  }

  private render(): void {
    if (this.signal.aborted) return;
    render(<PeopleScan view={this.view} actions={this.actions} />, this.container);
  }

  private setView(view: ScanView): void {
    if (this.signal.aborted) return;
    this.view = view;
    this.render();
  }

  private async start(): Promise<void> {
    if (this.scan || this.signal.aborted) return;
    const scan = new AbortController();
    this.scan = scan;
    this.pending = null;
    this.setView({ kind: 'scanning', count: 0 });
    try {
      const result = await scanFollowingList({
        dialog: this.dialog,
        list: this.list,
        owner: this.owner,
        signal: scan.signal,
        onProgress: (count) => this.setView({ kind: 'scanning', count }),
        timing: this.timing,
      });
      if (this.signal.aborted || result.end === 'closed') return;
      if (result.people.length === 0) {
        this.setView(result.end === 'stopped' ? { kind: 'idle' } : { kind: 'unreadable' });
        return;
      }
      const expected = result.expected ?? undefined;
      const reason = partialReason(result.end, result.people.length, expected);
      this.pending = {
        site: this.site,
        owner: this.owner,
        people: result.people,
        stopped: reason !== undefined,
        ...(reason && { reason }),
        ...(expected !== undefined && { expected }),
      };
      await this.send();
    } finally {
      this.scan = null;
    }
  }

  private async send(): Promise<void> {
    if (!this.pending) return;
    const scan = this.pending;
    this.setView({ kind: 'sending', count: scan.people.length });
    let answer: { listId: string } | { error: Words };
    try {
      answer = await sendPeople('people:found', scan);
    } catch (error) {
      // A background stopped while it answered gave nothing: the scan is kept, and Try again sends it again.
      if (error instanceof NoAnswerError) {
        this.setView({ kind: 'failed', message: words('site_scanNoAnswer') });
        return;
      }
      // The extension was updated or reloaded under the page: say so, keep the page working.
      console.warn('Homeward: the extension did not answer', error);
      this.setView({ kind: 'reload' });
      return;
    }
    if ('listId' in answer) {
      this.pending = null;
      this.setView({ kind: 'done', count: scan.people.length, reason: scan.reason, expected: scan.expected });
    } else {
      this.setView({ kind: 'failed', message: answer.error });
    }
  }

  private readonly actions: ScanActions = {
    start: () => void this.start().catch((error: unknown) => this.fail(error)),
    stop: () => this.scan?.abort(),
    retry: () => void this.send().catch((error: unknown) => this.fail(error)),
  };

  /** Markup nobody foresaw: never throw into the page. */
  private fail(error: unknown): void {
    console.warn('Homeward: could not read the list', error);
    this.setView({ kind: 'unreadable' });
  }

  private destroy(): void {
    this.scan?.abort();
    this.scan = null;
    this.pending = null;
    render(null, this.container);
    this.host.remove();
  }
}
