import type { FollowQueue, PeopleList, PersonRow } from '@/utils/people/protocol';
import { say, t, type MessageKey } from '@/utils/i18n';
import { clockTime } from '@/components/shared/clock-time';
import { SITES } from '@/utils/sites';

/**
 * What the People page shows of a list and the follow queue, as pure functions of them: the component only
 * renders and keeps the person's choices.
 */

/** Where a row falls in the summary and the filter. Rows still checking, or that could not be checked, are none. */
export type PersonGroup = 'fediverse' | 'not-fediverse' | 'followed' | 'open';

export function personGroup(row: PersonRow): PersonGroup {
  const { status, follow } = row;
  if (follow?.kind === 'following' || follow?.kind === 'requested') return 'followed';
  if (status.kind === 'following' || status.kind === 'requested') return 'followed';
  if (status.kind === 'found') return 'fediverse';
  if (status.kind === 'not-federated') return 'not-fediverse';
  return 'open';
}

/** A row the person can tick: on the fediverse, and not followed or queued yet (a failed follow may be retried). */
export function isSelectable(row: PersonRow): boolean {
  return row.status.kind === 'found' && (row.follow === undefined || row.follow.kind === 'failed');
}

/** Ticked unless the person unticked it: everyone found, once, so one click follows them all. */
export function isSelectedByDefault(row: PersonRow): boolean {
  return row.status.kind === 'found' && row.follow === undefined;
}

export interface PeopleCounts {
  total: number;
  /** Rows whose check has ended (any status but `checking`). */
  checked: number;
  fediverse: number;
  notFediverse: number;
  followed: number;
  /** The check could not finish: a later check may. */
  unknown: number;
}

export function countPeople(rows: readonly PersonRow[]): PeopleCounts {
  const counts: PeopleCounts = {
    total: rows.length,
    checked: 0,
    fediverse: 0,
    notFediverse: 0,
    followed: 0,
    unknown: 0,
  };
  for (const row of rows) {
    if (row.status.kind !== 'checking') counts.checked++;
    if (row.status.kind === 'unknown') counts.unknown++;
    const group = personGroup(row);
    if (group === 'fediverse') counts.fediverse++;
    else if (group === 'not-fediverse') counts.notFediverse++;
    else if (group === 'followed') counts.followed++;
  }
  return counts;
}

export type PeopleFilter = 'all' | Exclude<PersonGroup, 'open'>;

export const FILTERS: readonly { value: PeopleFilter; label: MessageKey }[] = [
  { value: 'all', label: 'people_filterAll' },
  { value: 'fediverse', label: 'people_onFediverse' },
  { value: 'not-fediverse', label: 'site_notOnFediverse' },
  { value: 'followed', label: 'people_filterFollowed' },
];

export function filterPeople(rows: readonly PersonRow[], filter: PeopleFilter): readonly PersonRow[] {
  return filter === 'all' ? rows : rows.filter((row) => personGroup(row) === filter);
}

/** The status cell: what the follow did, once asked, else what the check found. */
export function statusText(row: PersonRow): string {
  const { follow, status } = row;
  if (follow) {
    switch (follow.kind) {
      case 'queued':
        return t('people_queued');
      case 'following':
        return t('people_followed');
      case 'requested':
        return t('site_requested');
      case 'failed':
        return t('people_notFollowed', { reason: say(follow.reason) });
    }
  }
  switch (status.kind) {
    case 'checking':
      return t('people_checkingRow');
    case 'found':
      return t('people_onFediverse');
    case 'not-federated':
      return t('site_notOnFediverse');
    case 'following':
      return t('people_following');
    case 'requested':
      return t('site_requested');
    case 'unknown':
      return t('people_couldNotCheck', { reason: say(status.reason) });
  }
}

/** What the CSV holds: the ticked accounts, or when none is ticked everyone on the fediverse not followed yet. */
export function exportHandles(rows: readonly PersonRow[], selected: readonly string[]): string[] {
  if (selected.length > 0) return [...selected];
  return rows.filter((row) => personGroup(row) === 'fediverse').map((row) => row.handle);
}

export function subtitle(list: Pick<PeopleList, 'site' | 'owner'>): string {
  const site = SITES.find((candidate) => candidate.id === list.site)?.name ?? list.site;
  return t('people_subtitle', { owner: `@${list.owner}`, site });
}

/** The sentence's time: `HH:MM` in the person's form, the day too when `until` falls on another day than `now`. */
function resumeWords(until: number, now: number, today: MessageKey, tomorrow: MessageKey): string {
  const time = clockTime(until);
  return new Date(until).toDateString() === new Date(now).toDateString()
    ? t(today, { time })
    : t(tomorrow, { time });
}

/** The queue's work for this list, or null when it has none (never filled, or filled for another list). */
export interface FollowProgress {
  total: number;
  done: number;
  failed: number;
  finished: boolean;
  /** The line under the bar. */
  line: string;
  /** Which of Pause / Resume fits, if either. */
  control: 'pause' | 'resume' | null;
}

export function followProgress(queue: FollowQueue, listId: string, now: number): FollowProgress | null {
  if (queue.listId !== listId || queue.total === 0) return null;
  const { total, done, failed, status } = queue;
  const base = { total, done, failed, finished: false };
  switch (status.kind) {
    case 'running':
      return {
        ...base,
        line: t('people_running'),
        control: 'pause',
      };
    case 'paused':
      return { ...base, line: t('people_paused'), control: 'resume' };
    case 'waiting':
      return {
        ...base,
        line:
          status.reason === 'daily-limit'
            ? resumeWords(status.until, now, 'people_dailyLimitToday', 'people_dailyLimitTomorrow')
            : resumeWords(status.until, now, 'people_slowDownToday', 'people_slowDownTomorrow'),
        control: 'pause',
      };
    case 'stopped':
      return { ...base, line: say(status.message), control: queue.pending.length > 0 ? 'resume' : null };
    case 'idle':
      if (queue.pending.length > 0) return { ...base, line: t('people_waitingToStart'), control: 'pause' };
      return {
        ...base,
        finished: true,
        line: t('people_done', { done, failed }),
        control: null,
      };
  }
}
