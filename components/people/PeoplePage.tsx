import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FollowQueue, PeopleList } from '@/utils/people/protocol';
import { followsCsv, followsCsvFileName } from '@/utils/people/csv';
import {
  countPeople,
  exportHandles,
  FILTERS,
  filterPeople,
  followProgress,
  isSelectable,
  isSelectedByDefault,
  subtitle,
  type PeopleFilter,
} from './people-view';
import { PeopleTable } from './PeopleTable';

/** What the page's buttons ask for; PeopleApp wires them to the background and the browser. */
export interface PeopleActions {
  follow(handles: string[]): Promise<unknown>;
  pause(): void;
  resume(): void;
  /** Checks again the rows that could not be checked. */
  check(): void;
  openSettings(): void;
  download(fileName: string, text: string): void;
}

export interface PeoplePageProps {
  list: PeopleList;
  queue: FollowQueue;
  /** A Mastodon account is connected: Follow selected can work. */
  canFollow: boolean;
  actions: PeopleActions;
  /** Why the last request to the background failed, if it did. */
  error?: string | null;
  /** The clock, for "tomorrow at …". */
  now?: () => number;
}

const NO_CHOICES: ReadonlyMap<string, boolean> = new Map();

const numberFormat = new Intl.NumberFormat('en-US');

/** Why the list is partial, in the person's terms, with the count the site showed where there was one. */
export function partialNote(list: PeopleList, read: number): string {
  const first = numberFormat.format(read);
  const of = list.expected === undefined ? '' : ` of ${numberFormat.format(list.expected)}`;
  switch (list.partialReason) {
    case 'stalled':
      return `The site stopped loading the list before its end: these are the first ${first}${of} accounts. Scan again from the list to read the rest.`;
    case 'short':
      return `Read ${first}${of} accounts: the list ended before the count the site shows. Scan again from the list to look for the rest.`;
    default:
      return `The scan was stopped before the end of the list: these are the first ${first}${of} accounts.`;
  }
}

export function PeoplePage({
  list,
  queue,
  canFollow,
  actions,
  error = null,
  now = Date.now,
}: PeoplePageProps) {
  const { rows } = list;
  const [filter, setFilter] = useState<PeopleFilter>('all');
  // Only what the person changed: everyone else follows the default, including rows found after the page opened.
  const [choices, setChoices] = useState(NO_CHOICES);
  const [sending, setSending] = useState(false);

  const counts = useMemo(() => countPeople(rows), [rows]);
  const shownRows = useMemo(() => filterPeople(rows, filter), [rows, filter]);
  const selectable = useMemo(() => rows.filter(isSelectable), [rows]);
  const selected = useMemo(
    () =>
      selectable
        .filter((row) => choices.get(row.handle) ?? isSelectedByDefault(row))
        .map((row) => row.handle),
    [selectable, choices],
  );
  const selectedSet = useMemo(() => new Set(selected), [selected]);

  const toggle = useCallback((event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    setChoices((previous) => new Map(previous).set(input.value, input.checked));
  }, []);

  const allOn = selectable.length > 0 && selected.length === selectable.length;
  const selectAll = useRef<HTMLInputElement>(null);
  const followButton = useRef<HTMLButtonElement>(null);
  /** Escape in the list: back to Follow selected, or to Select all while following cannot start. */
  const leaveList = useCallback(() => {
    const button = followButton.current;
    (button && !button.disabled ? button : selectAll.current)?.focus();
  }, []);
  useEffect(() => {
    if (selectAll.current) selectAll.current.indeterminate = selected.length > 0 && !allOn;
  }, [selected.length, allOn]);
  const toggleAll = () => setChoices(new Map(selectable.map((row) => [row.handle, !allOn])));

  const followSelected = () => {
    const handles = selected;
    setSending(true);
    void actions.follow(handles).finally(() => {
      setSending(false);
      // The rows are queued now; should a follow fail, its row goes back to unticked.
      setChoices((previous) => {
        const next = new Map(previous);
        for (const handle of handles) next.delete(handle);
        return next;
      });
    });
  };

  const exported = useMemo(() => exportHandles(rows, selected), [rows, selected]);
  const exportCsv = () => actions.download(followsCsvFileName(list.site, list.owner), followsCsv(exported));

  const progress = followProgress(queue, list.id, now());
  const rowsChecked = counts.checked === counts.total;
  // After WebFinger, the background asks the home server whom the account already follows: counts move then.
  const checking = !rowsChecked || !list.checked;

  return (
    <>
      <header class="people-header">
        <h1>Bring my people</h1>
        <p class="people-subtitle">{subtitle(list)}</p>
      </header>

      <section class="people-summary" aria-label="Summary">
        <dl class="people-counts">
          <Count label="On the fediverse" value={counts.fediverse} />
          <Count label="Not on the fediverse" value={counts.notFediverse} />
          <Count label="Already followed from Mastodon" value={counts.followed} />
        </dl>
        {checking && (
          <Progress
            label="Checking"
            now={counts.checked}
            max={counts.total}
            text={
              rowsChecked
                ? 'Checking whom you already follow…'
                : `Checking ${counts.checked} of ${counts.total}…`
            }
          />
        )}
        {!checking && counts.unknown > 0 && (
          <p class="warning">
            {counts.unknown === 1
              ? "1 account couldn't be checked."
              : `${counts.unknown} accounts couldn't be checked.`}{' '}
            <button type="button" onClick={actions.check}>
              Check again
            </button>
          </p>
        )}
        {list.partial && <p class="note">{partialNote(list, counts.total)}</p>}
        {list.checked && !list.relationshipsKnown && (
          <p class="note">
            Without a connected account Homeward can't tell whom you already follow: some of these may be.
          </p>
        )}
      </section>

      {progress && (
        <section class="people-follow" aria-label="Follow progress">
          <Progress
            label="Following"
            now={progress.done + progress.failed}
            max={progress.total}
            text={`Followed ${progress.done} of ${progress.total}${progress.failed > 0 ? `, ${progress.failed} not followed` : ''}`}
          />
          <p role="status" class={progress.finished ? 'ok' : undefined}>
            {progress.line}
          </p>
        </section>
      )}

      <div class="people-toolbar">
        <button
          type="button"
          class="primary"
          ref={followButton}
          onClick={followSelected}
          // Until the checks end, some of the selected may turn out to be followed already.
          disabled={!canFollow || checking || selected.length === 0 || sending}
          aria-describedby={canFollow ? 'people-selected' : 'people-connect'}
        >
          Follow selected
        </button>
        {/* One element for both, so focus stays on it when Pause turns into Resume. */}
        {progress?.control && (
          <button type="button" onClick={progress.control === 'pause' ? actions.pause : actions.resume}>
            {progress.control === 'pause' ? 'Pause' : 'Resume'}
          </button>
        )}
        <button type="button" onClick={exportCsv} disabled={exported.length === 0}>
          Export CSV
        </button>
        <span id="people-selected" class="note">
          {checking
            ? `${selected.length} selected so far: following starts once the check ends`
            : `${selected.length} selected`}
        </span>
      </div>
      {!canFollow && (
        <p id="people-connect" class="note">
          Connect your Mastodon account in{' '}
          <a
            href="#settings"
            onClick={(event) => {
              event.preventDefault();
              actions.openSettings();
            }}
          >
            Homeward's settings
          </a>{' '}
          to follow from here, or export a CSV for Mastodon's import.
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}

      <div class="people-controls">
        <label class="pick-all">
          <input
            type="checkbox"
            ref={selectAll}
            checked={allOn}
            disabled={selectable.length === 0}
            onChange={toggleAll}
          />
          Select all on the fediverse
        </label>
        <label class="people-filter">
          Show{' '}
          <select value={filter} onChange={(event) => setFilter(event.currentTarget.value as PeopleFilter)}>
            {FILTERS.map(({ value, label }) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>

      <PeopleTable
        rows={shownRows}
        selected={selectedSet}
        onToggle={toggle}
        resetKey={filter}
        onLeave={leaveList}
      />
    </>
  );
}

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function Progress({ label, now, max, text }: { label: string; now: number; max: number; text: string }) {
  const percent = max > 0 ? (100 * now) / max : 0;
  return (
    <div class="people-progress">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={now}
        aria-valuetext={text}
        class="bar"
      >
        <div class="fill" style={{ width: `${percent}%` }} />
      </div>
      <p>{text}</p>
    </div>
  );
}

/** The list id in the address is unknown: the list was deleted, or the address was typed. */
export function PeopleGone() {
  return (
    <>
      <h1>Bring my people</h1>
      <p class="warning" role="alert">
        This list is gone. Scan the following list again.
      </p>
    </>
  );
}
