import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, tParts } from '@/utils/i18n';
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

/** Why the list is partial, in the person's terms, with the count the site showed where there was one. */
export function partialNote(list: PeopleList, read: number): string {
  const known = list.expected !== undefined;
  const params = { first: read, expected: list.expected ?? 0 };
  switch (list.partialReason) {
    case 'stalled':
      return t(known ? 'people_partialStalledOf' : 'people_partialStalled', params);
    case 'short':
      return t(known ? 'people_partialShortOf' : 'people_partialShort', params);
    default:
      return t(known ? 'people_partialStoppedOf' : 'people_partialStopped', params);
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
        <h1>{t('people_title')}</h1>
        <p class="people-subtitle">{subtitle(list)}</p>
      </header>

      <section class="people-summary" aria-label={t('people_summary')}>
        <dl class="people-counts">
          <Count label={t('people_onFediverse')} value={counts.fediverse} />
          <Count label={t('site_notOnFediverse')} value={counts.notFediverse} />
          <Count label={t('people_alreadyFollowed')} value={counts.followed} />
        </dl>
        {checking && (
          <Progress
            label={t('people_checking')}
            now={counts.checked}
            max={counts.total}
            text={
              rowsChecked
                ? t('people_checkingRelationships')
                : t('people_checkingCount', { checked: counts.checked, total: counts.total })
            }
          />
        )}
        {!checking && counts.unknown > 0 && (
          <p class="warning">
            {t('people_unknownCount', { count: counts.unknown })}{' '}
            <button type="button" onClick={actions.check}>
              {t('people_checkAgain')}
            </button>
          </p>
        )}
        {list.partial && <p class="note">{partialNote(list, counts.total)}</p>}
        {list.checked && !list.relationshipsKnown && <p class="note">{t('people_relationshipsUnknown')}</p>}
      </section>

      {progress && (
        <section class="people-follow" aria-label={t('people_followProgress')}>
          <Progress
            label={t('people_following')}
            now={progress.done + progress.failed}
            max={progress.total}
            text={
              progress.failed > 0
                ? t('people_followedCountFailed', {
                    done: progress.done,
                    total: progress.total,
                    failed: progress.failed,
                  })
                : t('people_followedCount', { done: progress.done, total: progress.total })
            }
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
          {t('people_followSelected')}
        </button>
        {/* One element for both, so focus stays on it when Pause turns into Resume. */}
        {progress?.control && (
          <button type="button" onClick={progress.control === 'pause' ? actions.pause : actions.resume}>
            {progress.control === 'pause' ? t('people_pause') : t('people_resume')}
          </button>
        )}
        <button type="button" onClick={exportCsv} disabled={exported.length === 0}>
          {t('people_exportCsv')}
        </button>
        <span id="people-selected" class="note">
          {checking
            ? t('people_selectedSoFar', { count: selected.length })
            : t('people_selected', { count: selected.length })}
        </span>
      </div>
      {!canFollow && (
        <p id="people-connect" class="note">
          {tParts('people_connectToFollow', {
            link: (parts) => (
              <a
                href="#settings"
                onClick={(event) => {
                  event.preventDefault();
                  actions.openSettings();
                }}
              >
                {parts}
              </a>
            ),
          })}
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
          {t('people_selectAll')}
        </label>
        <label class="people-filter">
          {t('people_show')}{' '}
          <select value={filter} onChange={(event) => setFilter(event.currentTarget.value as PeopleFilter)}>
            {FILTERS.map(({ value, label }) => (
              <option key={value} value={value}>
                {t(label)}
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
      <h1>{t('people_title')}</h1>
      <p class="warning" role="alert">
        {t('people_gone')}
      </p>
    </>
  );
}
