import { memo } from 'preact/compat';
import { t } from '@/utils/i18n';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PersonRow } from '@/utils/people/protocol';
import { isSelectable, personGroup, statusText } from './people-view';

/** Keys that move the list's one focus stop, and how far. */
const MOVES: Record<string, (index: number, last: number, page: number) => number> = {
  ArrowDown: (index, last) => Math.min(last, index + 1),
  ArrowUp: (index) => Math.max(0, index - 1),
  PageDown: (index, last, page) => Math.min(last, index + page),
  PageUp: (index, _last, page) => Math.max(0, index - page),
  Home: () => 0,
  End: (_index, last) => last,
};

/** Every row is this tall (people.css agrees), so the window is arithmetic: no measuring of rows. */
export const ROW_HEIGHT = 52;
/** Rows rendered above and below the visible ones, so Tab and small scrolls never reach an edge. */
export const OVERSCAN = 8;
/** Visible rows before the scroll container has been measured (and where layout gives no size, as in tests). */
const FALLBACK_VISIBLE = 16;

export interface PeopleTableProps {
  rows: readonly PersonRow[];
  selected: ReadonlySet<string>;
  /** One handler for every checkbox: the input's `value` is the row's handle. */
  onToggle: (event: Event) => void;
  /** Changes when the filter does: the view goes back to the top. */
  resetKey: string;
  /** Escape in the list: where focus goes to leave it (the Follow selected button). */
  onLeave?: () => void;
}

/**
 * The accounts, windowed: one scroll container whose spacer is as tall as every row, and only the rows in view
 * (plus a margin) in the DOM, so a list of thousands costs what a list of forty does.
 *
 * The keyboard: the list is one Tab stop (a roving tabindex over the rows' checkboxes), the arrow keys, Page Up
 * and Down, Home and End move inside it, Space ticks, Escape leaves it. The stop is the row last focused while it
 * is in the window, else the first selectable row in view, so Tab always finds the list.
 */
export function PeopleTable({ rows, selected, onToggle, resetKey, onLeave }: PeopleTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [first, setFirst] = useState(0);
  const [visible, setVisible] = useState(FALLBACK_VISIBLE);
  const [active, setActive] = useState<string | null>(null);
  /** A row the keyboard moved to: focused once it is rendered. */
  const pendingFocus = useRef<string | null>(null);

  const measure = useCallback(() => {
    const element = scroller.current;
    if (!element) return;
    setFirst(Math.floor(element.scrollTop / ROW_HEIGHT));
    if (element.clientHeight > 0) setVisible(Math.ceil(element.clientHeight / ROW_HEIGHT));
  }, []);

  useLayoutEffect(() => {
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [measure]);

  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setFirst(0);
  }, [resetKey]);

  const start = Math.max(0, Math.min(first, rows.length - visible) - OVERSCAN);
  const end = Math.min(rows.length, first + visible + OVERSCAN);

  let tabStop = -1;
  for (let index = start; index < end; index++) {
    const row = rows[index]!;
    if (!isSelectable(row)) continue;
    if (row.handle === active) {
      tabStop = index;
      break;
    }
    if (tabStop < 0) tabStop = index;
  }

  useLayoutEffect(() => {
    const handle = pendingFocus.current;
    if (!handle || !scroller.current) return;
    const input = [...scroller.current.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].find(
      (candidate) => candidate.value === handle,
    );
    if (!input) return;
    pendingFocus.current = null;
    input.focus({ preventScroll: true });
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLInputElement;
    if (target.type !== 'checkbox') return;
    if (event.key === 'Escape' && onLeave) {
      event.preventDefault();
      onLeave();
      return;
    }
    const move = MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const selectableIndexes = rows.flatMap((row, index) => (isSelectable(row) ? [index] : []));
    const here = selectableIndexes.findIndex((index) => rows[index]!.handle === target.value);
    if (here < 0) return;
    const page = Math.max(1, visible - 1);
    const next = selectableIndexes[move(here, selectableIndexes.length - 1, page)]!;
    const element = scroller.current;
    if (element) {
      const top = next * ROW_HEIGHT;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight)
        element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
      measure();
    }
    pendingFocus.current = rows[next]!.handle;
    setActive(rows[next]!.handle);
  };

  const onFocusIn = (event: FocusEvent) => {
    const target = event.target as HTMLInputElement;
    if (target.type === 'checkbox') setActive(target.value);
  };

  const shown = [];
  for (let index = start; index < end; index++) {
    const row = rows[index]!;
    shown.push(
      <PersonRowView
        key={row.handle}
        row={row}
        position={index + 2}
        selected={selected.has(row.handle)}
        tabStop={index === tabStop}
        onToggle={onToggle}
      />,
    );
  }

  return (
    <div
      class="people-table"
      role="table"
      aria-label={t('people_accounts')}
      aria-rowcount={rows.length + 1}
      aria-describedby="people-keys"
    >
      <span id="people-keys" class="visually-hidden" aria-hidden="true">
        {t('people_keys')}
      </span>
      <div role="rowgroup">
        <div class="people-row people-head" role="row" aria-rowindex={1}>
          <span role="columnheader">
            <span class="visually-hidden">{t('people_select')}</span>
          </span>
          <span role="columnheader">{t('people_name')}</span>
          <span role="columnheader">{t('people_handle')}</span>
          <span role="columnheader">{t('people_status')}</span>
        </div>
      </div>
      <div
        class="people-scroll"
        ref={scroller}
        onScroll={measure}
        onKeyDown={onKeyDown}
        onFocusIn={onFocusIn}
        role="rowgroup"
        // Out of the Tab order while a row holds the list's stop (Firefox makes a scrolling box a stop of its own);
        // a stop itself when no row can, so a list of unselectable rows still scrolls from the keyboard.
        tabIndex={tabStop >= 0 ? -1 : 0}
      >
        <div class="people-spacer" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          <div class="people-window" style={{ transform: `translateY(${start * ROW_HEIGHT}px)` }}>
            {shown}
          </div>
        </div>
        {rows.length === 0 && <p class="note people-empty">{t('people_empty')}</p>}
      </div>
    </div>
  );
}

interface PersonRowProps {
  row: PersonRow;
  /** aria-rowindex: the header is row 1. */
  position: number;
  selected: boolean;
  /** This row's checkbox is the list's one Tab stop. */
  tabStop: boolean;
  onToggle: (event: Event) => void;
}

const PersonRowView = memo(function PersonRowView({
  row,
  position,
  selected,
  tabStop,
  onToggle,
}: PersonRowProps) {
  const group = personGroup(row);
  const status = statusText(row);
  const failed = row.follow?.kind === 'failed' || row.status.kind === 'unknown';
  return (
    <div class={`people-row ${group}${failed ? ' failed' : ''}`} role="row" aria-rowindex={position}>
      <span role="cell">
        {row.status.kind === 'found' && (
          <label class="pick">
            <input
              type="checkbox"
              value={row.handle}
              checked={selected}
              disabled={!isSelectable(row)}
              tabIndex={tabStop ? 0 : -1}
              onChange={onToggle}
            />
            <span class="visually-hidden">{row.username}</span>
          </label>
        )}
      </span>
      <span role="cell" class="who">
        <span class="name">{row.displayName || row.username}</span>{' '}
        <span class="handle">@{row.username}</span>
      </span>
      <span role="cell" class="handle">
        {row.handle}
      </span>
      <span role="cell" class="status" title={status}>
        {status}
      </span>
    </div>
  );
});
