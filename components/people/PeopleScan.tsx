import type { PartialReason } from '@/utils/people/protocol';
import { say, t, type MessageKey, type Words } from '@/utils/i18n';

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
  | { kind: 'failed'; message: Words }
  /** The extension was reloaded or updated under the page. */
  | { kind: 'reload' };

export interface ScanActions {
  start(): void;
  stop(): void;
  /** After a background error: hand the same scan over again. */
  retry(): void;
}

/** The scan's words (utils/i18n/messages). */
export const LABELS = {
  find: 'site_scanFind',
  reading: 'site_scanReading',
  stop: 'site_scanStop',
  scanAgain: 'site_scanAgain',
  tryAgain: 'site_tryAgain',
  unreadable: 'site_scanUnreadable',
  reload: 'site_scanReload',
  stalled: 'site_scanStalled',
  short: 'site_scanShort',
} as const satisfies Record<string, MessageKey>;

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
          {t(LABELS.find)}
        </button>
      );
      break;
    case 'scanning':
      busy = true;
      message = t('site_scanReadingCount', { count: view.count });
      button = (
        <button type="button" onClick={actions.stop}>
          {t(LABELS.stop)}
        </button>
      );
      break;
    case 'sending':
      busy = true;
      message = t('site_scanFoundOpening', { count: view.count });
      break;
    case 'done': {
      const short = view.expected !== undefined && view.count < view.expected;
      message = short
        ? t('site_scanReadOpened', { count: view.count, expected: view.expected! })
        : t('site_scanFoundOpened', { count: view.count });
      if (view.reason === 'stalled') detail = t(LABELS.stalled);
      else if (view.reason === 'short') detail = t(LABELS.short);
      button = <LinkButton label={t(LABELS.scanAgain)} onClick={actions.start} />;
      break;
    }
    case 'unreadable':
      message = t(LABELS.unreadable);
      button = <LinkButton label={t(LABELS.tryAgain)} onClick={actions.start} />;
      break;
    case 'failed':
      message = say(view.message);
      button = <LinkButton label={t(LABELS.tryAgain)} onClick={actions.retry} />;
      break;
    case 'reload':
      message = t(LABELS.reload);
      break;
  }

  const problem = view.kind === 'unreadable' || view.kind === 'failed' || view.kind === 'reload';
  return (
    <div class="homeward" data-state={view.kind}>
      {busy && <div class="bar" role="progressbar" aria-label={t(LABELS.reading)} />}
      <p class={problem ? 'message problem' : 'message'} role="status">
        {message}
        {detail && <span class="detail">{detail}</span>}
      </p>
      {button}
    </div>
  );
}
