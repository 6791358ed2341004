import type { PartialReason } from '@/utils/people/protocol';

/** What the person sees at the top of a Following list: one state at a time. */
export type ScanView =
  /** The offer. */
  | { kind: 'idle' }
  | { kind: 'scanning'; count: number }
  /** The scan is over; the background is storing the list and opening the People page. */
  | { kind: 'sending'; count: number }
  /**
   * `reason`: why the list read is partial, if it is. `expected`: how many accounts the page said the list has,
   * where it showed an exact count.
   */
  | { kind: 'done'; count: number; reason?: PartialReason; expected?: number }
  /** No row was recognisable: the site's markup changed. */
  | { kind: 'unreadable' }
  /** The background answered with an error (shown as is). */
  | { kind: 'failed'; message: string }
  /** The extension was reloaded or updated under the page. */
  | { kind: 'reload' };

export interface ScanActions {
  start(): void;
  stop(): void;
  /** After a background error: hand the same scan over again. */
  retry(): void;
}

export const LABELS = {
  find: 'Find them on the fediverse',
  reading: 'Reading the list',
  stop: 'Stop',
  scanAgain: 'Scan again',
  tryAgain: 'Try again',
  unreadable: "Homeward couldn't read this list. The site may have changed.",
  reload: 'Reload the page to use Homeward',
  stalled: 'The site stopped loading the list before its end.',
  short: 'The list ended before the count the site shows.',
} as const;

const numberFormat = new Intl.NumberFormat('en-US');

/** "1 account", "1,200 accounts". */
export function accounts(count: number): string {
  return `${numberFormat.format(count)} ${count === 1 ? 'account' : 'accounts'}`;
}

function FediverseMark() {
  // The fediverse pentagram, simplified: five joined dots, drawn here (no remote images under the sites' CSP).
  return (
    <svg class="mark" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        fill="none"
        stroke="currentColor"
        stroke-width="1.6"
        d="M12 3.5 20 9.3 17 18.7H7L4 9.3Z M12 3.5 17 18.7 4 9.3H20L7 18.7Z"
      />
      <g fill="currentColor">
        <circle cx="12" cy="3.5" r="2" />
        <circle cx="20" cy="9.3" r="2" />
        <circle cx="17" cy="18.7" r="2" />
        <circle cx="7" cy="18.7" r="2" />
        <circle cx="4" cy="9.3" r="2" />
      </g>
    </svg>
  );
}

/** The quiet button after a message: scan again, try again. */
function LinkButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="link" onClick={onClick}>
      {label}
    </button>
  );
}

export function PeopleScan({ view, actions }: { view: ScanView; actions: ScanActions }) {
  let message: string | null = null;
  let detail: string | null = null;
  let busy = false;
  let button = null;

  switch (view.kind) {
    case 'idle':
      button = (
        <button type="button" class="primary" onClick={actions.start}>
          <FediverseMark />
          {LABELS.find}
        </button>
      );
      break;
    case 'scanning':
      busy = true;
      message = `${LABELS.reading}… ${accounts(view.count)}`;
      button = (
        <button type="button" onClick={actions.stop}>
          {LABELS.stop}
        </button>
      );
      break;
    case 'sending':
      busy = true;
      message = `Found ${accounts(view.count)}. Opening the list…`;
      break;
    case 'done': {
      const short = view.expected !== undefined && view.count < view.expected;
      const read = short
        ? `Read ${numberFormat.format(view.count)} of ${accounts(view.expected!)}`
        : `Found ${accounts(view.count)}`;
      message = `${read}. The list opened in a new tab.`;
      if (view.reason === 'stalled') detail = LABELS.stalled;
      else if (view.reason === 'short') detail = LABELS.short;
      button = <LinkButton label={LABELS.scanAgain} onClick={actions.start} />;
      break;
    }
    case 'unreadable':
      message = LABELS.unreadable;
      button = <LinkButton label={LABELS.tryAgain} onClick={actions.start} />;
      break;
    case 'failed':
      message = view.message;
      button = <LinkButton label={LABELS.tryAgain} onClick={actions.retry} />;
      break;
    case 'reload':
      message = LABELS.reload;
      break;
  }

  const problem = view.kind === 'unreadable' || view.kind === 'failed' || view.kind === 'reload';
  return (
    <div class="homeward" data-state={view.kind}>
      {busy && <div class="bar" role="progressbar" aria-label={LABELS.reading} />}
      <p class={problem ? 'message problem' : 'message'} role="status">
        {message}
        {detail && <span class="detail">{detail}</span>}
      </p>
      {button}
    </div>
  );
}
