import type { FollowOutcome, PeopleList, PersonRow, PersonStatus } from '@/utils/people/protocol';

/** A row of a Threads list: `handle` from the username, a display name from it too. */
export function person(username: string, status: PersonStatus, follow?: FollowOutcome): PersonRow {
  return {
    username,
    displayName: username.replace(/[._]/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
    handle: `${username}@threads.net`,
    status,
    ...(follow ? { follow } : {}),
  };
}

export function peopleList(rows: PersonRow[], overrides: Partial<PeopleList> = {}): PeopleList {
  return {
    id: 'list-1',
    site: 'threads',
    owner: 'juno.field',
    createdAt: Date.UTC(2025, 5, 1),
    rows,
    partial: false,
    checked: rows.every((row) => row.status.kind !== 'checking'),
    relationshipsKnown: true,
    ...overrides,
  };
}

const STATUSES: PersonStatus[] = [{ kind: 'found' }, { kind: 'not-federated' }, { kind: 'following' }];

/** `count` rows cycling found / not-federated / following: `user0000` is found, `user0001` not, … */
export function manyPeople(count: number): PersonRow[] {
  return Array.from({ length: count }, (_, i) =>
    person(`user${String(i).padStart(4, '0')}`, STATUSES[i % STATUSES.length]!),
  );
}
