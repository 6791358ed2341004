import { memo } from 'preact/compat';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PersonRow } from '@/utils/people-protocol';
import { isSelectable, personGroup, statusText } from './people-view';

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
}

/**
 * The accounts, windowed: one scroll container whose spacer is as tall as every row, and only the rows in view
 * (plus a margin) in the DOM, so a list of thousands costs what a list of forty does.
 */
export function PeopleTable({ rows, selected, onToggle, resetKey }: PeopleTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [first, setFirst] = useState(0);
  const [visible, setVisible] = useState(FALLBACK_VISIBLE);

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

  const shown = [];
  for (let index = start; index < end; index++) {
    const row = rows[index]!;
    shown.push(
      <PersonRowView
        key={row.handle}
        row={row}
        position={index + 2}
        selected={selected.has(row.handle)}
        onToggle={onToggle}
      />,
    );
  }

  return (
    <div class="people-table" role="table" aria-label="Accounts" aria-rowcount={rows.length + 1}>
      <div role="rowgroup">
        <div class="people-row people-head" role="row" aria-rowindex={1}>
          <span role="columnheader">
            <span class="visually-hidden">Select</span>
          </span>
          <span role="columnheader">Name</span>
          <span role="columnheader">Handle</span>
          <span role="columnheader">Status</span>
        </div>
      </div>
      <div class="people-scroll" ref={scroller} onScroll={measure} role="rowgroup">
        <div class="people-spacer" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          <div class="people-window" style={{ transform: `translateY(${start * ROW_HEIGHT}px)` }}>
            {shown}
          </div>
        </div>
        {rows.length === 0 && <p class="note people-empty">No accounts here.</p>}
      </div>
    </div>
  );
}

interface PersonRowProps {
  row: PersonRow;
  /** aria-rowindex: the header is row 1. */
  position: number;
  selected: boolean;
  onToggle: (event: Event) => void;
}

const PersonRowView = memo(function PersonRowView({ row, position, selected, onToggle }: PersonRowProps) {
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
