import type { FollowQueue, PeopleList, PeopleSite, PersonRow } from '@/utils/people/protocol';

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

export const FILTERS: readonly { value: PeopleFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'fediverse', label: 'On the fediverse' },
  { value: 'not-fediverse', label: 'Not on the fediverse' },
  { value: 'followed', label: 'Already followed' },
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
        return 'Queued';
      case 'following':
        return 'Followed';
      case 'requested':
        return 'Requested';
      case 'failed':
        return `Not followed: ${follow.reason}`;
    }
  }
  switch (status.kind) {
    case 'checking':
      return 'Checking…';
    case 'found':
      return 'On the fediverse';
    case 'not-federated':
      return 'Not on the fediverse';
    case 'following':
      return 'Following';
    case 'requested':
      return 'Requested';
    case 'unknown':
      return `Couldn't check: ${status.reason}`;
  }
}

/** What the CSV holds: the ticked accounts, or when none is ticked everyone on the fediverse not followed yet. */
export function exportHandles(rows: readonly PersonRow[], selected: readonly string[]): string[] {
  if (selected.length > 0) return [...selected];
  return rows.filter((row) => personGroup(row) === 'fediverse').map((row) => row.handle);
}

const SITE_NAMES: Record<PeopleSite, string> = { threads: 'Threads', instagram: 'Instagram' };

export function subtitle(list: Pick<PeopleList, 'site' | 'owner'>): string {
  return `People @${list.owner} follows on ${SITE_NAMES[list.site]}`;
}

/** `HH:MM`, with "tomorrow" before it when `until` falls on another day than `now`. */
export function resumeTime(until: number, now: number): string {
  const time = new Date(until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return new Date(until).toDateString() === new Date(now).toDateString()
    ? `at ${time}`
    : `tomorrow at ${time}`;
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
        line: 'Following one account at a time. You can close this tab: Homeward goes on.',
        control: 'pause',
      };
    case 'paused':
      return { ...base, line: 'Paused. Resume to go on.', control: 'resume' };
    case 'waiting':
      return {
        ...base,
        line:
          status.reason === 'daily-limit'
            ? `Mastodon allows 400 follows a day: the rest continue ${resumeTime(status.until, now)}`
            : `Your server asked Homeward to slow down: going on ${resumeTime(status.until, now)}`,
        control: 'pause',
      };
    case 'stopped':
      return { ...base, line: status.message, control: queue.pending.length > 0 ? 'resume' : null };
    case 'idle':
      if (queue.pending.length > 0) return { ...base, line: 'Waiting to start.', control: 'pause' };
      return {
        ...base,
        finished: true,
        line: `Done: ${done} followed, ${failed} not followed`,
        control: null,
      };
  }
}
