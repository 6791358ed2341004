// @vitest-environment happy-dom
import { render } from 'preact';
import { words } from '@/utils/i18n';
import { act } from 'preact/test-utils';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { EMPTY_QUEUE, type FollowQueue, type PeopleList, type PersonRow } from '@/utils/people/protocol';
import { manyPeople, peopleList, person } from '../../tests/doubles/people-lists';
import { PeoplePage, type PeopleActions } from './PeoplePage';
import { OVERSCAN, ROW_HEIGHT } from './PeopleTable';

let root: HTMLElement;
let actions: { [K in keyof PeopleActions]: Mock<PeopleActions[K]> };

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  actions = {
    follow: vi.fn<PeopleActions['follow']>(() => Promise.resolve()),
    pause: vi.fn<() => void>(),
    resume: vi.fn<() => void>(),
    check: vi.fn<() => void>(),
    openSettings: vi.fn<() => void>(),
    download: vi.fn<(fileName: string, text: string) => void>(),
  };
});

afterEach(() => {
  render(null, root);
  root.remove();
});

const NOW = new Date(2025, 5, 1, 9, 30).getTime();

function show(
  list: PeopleList,
  { queue = EMPTY_QUEUE, canFollow = true }: { queue?: FollowQueue; canFollow?: boolean } = {},
): void {
  act(() => {
    render(
      <PeoplePage list={list} queue={queue} canFollow={canFollow} actions={actions} now={() => NOW} />,
      root,
    );
  });
}

function text(element: Element | null | undefined): string {
  return (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Buttons by name; a checkbox or select by the text of its label, as assistive technology names them. */
function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => text(b) === name);
  if (!found)
    throw new Error(`no button "${name}" in ${[...root.querySelectorAll('button')].map(text).join(' | ')}`);
  return found;
}

function hasButton(name: string): boolean {
  return [...root.querySelectorAll('button')].some((b) => text(b) === name);
}

function labelled<T extends HTMLElement>(selector: string, name: string): T | undefined {
  return [...root.querySelectorAll<T>(selector)].find((input) => {
    const label = input.closest('label');
    if (!label) return false;
    // The label's own words, without those of a select's options.
    const own = [...label.childNodes]
      .filter((node) => node !== input)
      .map((node) => node.textContent)
      .join('');
    return own.replace(/\s+/g, ' ').trim() === name;
  });
}

function checkbox(name: string): HTMLInputElement {
  const found = labelled<HTMLInputElement>('input[type="checkbox"]', name);
  if (!found) throw new Error(`no checkbox "${name}"`);
  return found;
}

function rowCheckboxes(): HTMLInputElement[] {
  return [...root.querySelectorAll<HTMLInputElement>('[role="row"] input[type="checkbox"]')];
}

function shownUsernames(): string[] {
  return [...root.querySelectorAll('[role="row"] .who .handle')].map((el) => text(el).slice(1));
}

function counts(): Record<string, number> {
  return Object.fromEntries(
    [...root.querySelectorAll('.people-counts > div')].map((pair) => [
      text(pair.querySelector('dt')),
      Number(text(pair.querySelector('dd'))),
    ]),
  );
}

function progressbar(label: string): HTMLElement | null {
  return root.querySelector(`[role="progressbar"][aria-label="${label}"]`);
}

function click(element: HTMLElement): void {
  act(() => element.click());
}

function choose(select: HTMLSelectElement, value: string): void {
  act(() => {
    select.value = value;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

function statusOf(username: string): string {
  const row = [...root.querySelectorAll('[role="row"]')].find(
    (r) => text(r.querySelector('.who .handle')) === `@${username}`,
  );
  if (!row) throw new Error(`no row for ${username}`);
  return text(row.querySelector('.status'));
}

const found = { kind: 'found' } as const;
const notFederated = { kind: 'not-federated' } as const;
const checking = { kind: 'checking' } as const;

const MIXED: PersonRow[] = [
  person('ada', found),
  person('bo', notFederated),
  person('cy', { kind: 'following' }),
  person('di', { kind: 'requested' }),
  person('ed', found),
  person('fay', { kind: 'unknown', reason: words('people_webfingerNoAnswer', { host: 'threads.net' }) }),
  person('gus', checking),
];
/** MIXED once every account is checked. */
const CHECKED = MIXED.filter((row) => row.status.kind !== 'checking');

describe('PeoplePage: header and summary', () => {
  it('names the page and whose list it is', () => {
    show(peopleList(MIXED));
    expect(text(root.querySelector('h1'))).toBe('Bring my people');
    expect(text(root.querySelector('.people-subtitle'))).toBe('People @juno.field follows on Threads');
    show(peopleList(MIXED, { site: 'instagram', owner: 'ada_l' }));
    expect(text(root.querySelector('.people-subtitle'))).toBe('People @ada_l follows on Instagram');
  });

  it('counts the three groups: on the fediverse, not, already followed (following + requested)', () => {
    show(peopleList(MIXED));
    expect(counts()).toEqual({
      'On the fediverse': 2,
      'Not on the fediverse': 1,
      'Already followed from Mastodon': 2,
    });
  });

  it('moves an account followed from this page to Already followed', () => {
    show(
      peopleList([
        person('ada', found, { kind: 'following' }),
        person('bo', found, { kind: 'requested' }),
        person('cy', found, { kind: 'queued' }),
        person('di', found, { kind: 'failed', reason: words('opening_blocked', { domain: 'threads.net' }) }),
      ]),
    );
    expect(counts()).toEqual({
      'On the fediverse': 2,
      'Not on the fediverse': 0,
      'Already followed from Mastodon': 2,
    });
  });

  it('shows the check progress while rows are checking, and no bar once every row is checked', () => {
    const rows = [
      ...manyPeople(120),
      ...Array.from({ length: 180 }, (_, i) => person(`later${i}`, checking)),
    ];
    show(peopleList(rows));
    const bar = progressbar('Checking')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('120');
    expect(bar.getAttribute('aria-valuemax')).toBe('300');
    expect(text(root.querySelector('.people-summary'))).toContain('Checking 120 of 300…');
    show(peopleList(manyPeople(300)));
    expect(progressbar('Checking')).toBeNull();
  });

  it('offers to check again the accounts that could not be checked, once the check is over', () => {
    show(
      peopleList([
        person('ada', found),
        person('fay', {
          kind: 'unknown',
          reason: words('people_webfingerNoAnswer', { host: 'threads.net' }),
        }),
      ]),
    );
    expect(text(root.querySelector('.people-summary'))).toContain("1 account couldn't be checked.");
    click(button('Check again'));
    expect(actions.check).toHaveBeenCalledOnce();
    show(
      peopleList([
        person('fay', {
          kind: 'unknown',
          reason: words('people_webfingerNoAnswer', { host: 'threads.net' }),
        }),
        person('gus', checking),
      ]),
    );
    expect(hasButton('Check again')).toBe(false);
  });

  it('says when the scan was stopped before the end, and when follows could not be known', () => {
    show(peopleList(MIXED.slice(0, 5), { partial: true, relationshipsKnown: false }));
    const summary = text(root.querySelector('.people-summary'));
    expect(summary).toContain('these are the first 5 accounts');
    expect(summary).toContain("Homeward can't tell whom you already follow");
    show(peopleList(MIXED.slice(0, 5)));
    expect(text(root.querySelector('.people-summary'))).not.toMatch(/first 5|can't tell/);
  });

  it.each([
    [
      'short',
      'Read 5 of 500 accounts: the list ended before the count the site shows. Scan again from the list to look for the rest.',
    ],
    [
      'stalled',
      'The site stopped loading the list before its end: these are the first 5 of 500 accounts. Scan again from the list to read the rest.',
    ],
    ['stopped', 'The scan was stopped before the end of the list: these are the first 5 of 500 accounts.'],
  ] as const)('says why the list is partial (%s), with the count the site showed', (reason, note) => {
    show(peopleList(MIXED.slice(0, 5), { partial: true, partialReason: reason, expected: 500 }));
    expect(text(root.querySelector('.people-summary .note'))).toBe(note);
  });
});

describe('PeoplePage: rows', () => {
  it.each<[string, PersonRow, string]>([
    ['found', person('a', found), 'On the fediverse'],
    ['not federated', person('a', notFederated), 'Not on the fediverse'],
    ['following', person('a', { kind: 'following' }), 'Following'],
    ['requested', person('a', { kind: 'requested' }), 'Requested'],
    ['checking', person('a', checking), 'Checking…'],
    [
      'unknown',
      person('a', { kind: 'unknown', reason: words('people_webfingerNoAnswer', { host: 'threads.net' }) }),
      "Couldn't check: threads.net didn't answer",
    ],
    ['queued', person('a', found, { kind: 'queued' }), 'Queued'],
    ['followed', person('a', found, { kind: 'following' }), 'Followed'],
    ['follow requested', person('a', found, { kind: 'requested' }), 'Requested'],
    [
      'not followed',
      person('a', found, { kind: 'failed', reason: words('opening_blocked', { domain: 'threads.net' }) }),
      'Not followed: Your server blocks threads.net',
    ],
  ])('%s', (_name, row, status) => {
    show(peopleList([row]));
    expect(statusOf('a')).toBe(status);
  });

  it('shows the display name, @username and handle; a row without a name shows the username', () => {
    show(
      peopleList([
        { ...person('ada', found), displayName: 'Ada L.' },
        { ...person('bo', found), displayName: '' },
      ]),
    );
    const [ada, bo] = [...root.querySelectorAll('[role="row"]')]
      .slice(1)
      .map((row) => [...row.querySelectorAll('[role="cell"]')].map(text));
    expect(ada).toEqual(['ada', 'Ada L. @ada', 'ada@threads.net', 'On the fediverse']);
    expect(bo?.[1]).toBe('bo @bo');
  });

  it('has a checkbox, named by the username, only on rows found on the fediverse', () => {
    show(peopleList(MIXED));
    expect(rowCheckboxes().map((input) => text(input.closest('label')))).toEqual(['ada', 'ed']);
    expect(checkbox('ada').value).toBe('ada@threads.net');
  });
});

describe('PeoplePage: selection', () => {
  it('ticks every account found, so one click follows them all', () => {
    show(peopleList(CHECKED));
    expect(checkbox('ada').checked).toBe(true);
    expect(checkbox('ed').checked).toBe(true);
    expect(text(root.querySelector('#people-selected'))).toBe('2 selected');
    click(button('Follow selected'));
    expect(actions.follow).toHaveBeenCalledWith(['ada@threads.net', 'ed@threads.net']);
  });

  it('ticks accounts found after the page opened, and keeps what the person unticked', () => {
    show(peopleList([person('ada', found), person('bo', checking), person('cy', checking)]));
    click(checkbox('ada'));
    expect(checkbox('ada').checked).toBe(false);
    show(peopleList([person('ada', found), person('bo', found), person('cy', notFederated)]));
    expect(checkbox('ada').checked).toBe(false);
    expect(checkbox('bo').checked).toBe(true);
    click(button('Follow selected'));
    expect(actions.follow).toHaveBeenLastCalledWith(['bo@threads.net']);
  });

  it('does not offer queued or followed accounts again, and leaves a failed one unticked to retry', () => {
    show(
      peopleList([
        person('ada', found, { kind: 'queued' }),
        person('bo', found, { kind: 'following' }),
        person('cy', found, { kind: 'failed', reason: words('opening_blocked', { domain: 'threads.net' }) }),
        person('di', found),
      ]),
    );
    expect(checkbox('ada').disabled).toBe(true);
    expect(checkbox('ada').checked).toBe(false);
    expect(checkbox('bo').disabled).toBe(true);
    expect(checkbox('cy').disabled).toBe(false);
    expect(checkbox('cy').checked).toBe(false);
    click(checkbox('cy'));
    click(button('Follow selected'));
    expect(actions.follow).toHaveBeenLastCalledWith(['cy@threads.net', 'di@threads.net']);
  });

  it('Select all on the fediverse unticks and ticks every selectable account, and is mixed in between', () => {
    show(peopleList(MIXED));
    const all = checkbox('Select all on the fediverse');
    expect(all.checked).toBe(true);
    expect(all.indeterminate).toBe(false);
    click(all);
    expect(rowCheckboxes().map((input) => input.checked)).toEqual([false, false]);
    expect(all.checked).toBe(false);
    expect(button('Follow selected').disabled).toBe(true);
    click(checkbox('ed'));
    expect(all.checked).toBe(false);
    expect(all.indeterminate).toBe(true);
    click(all);
    expect(rowCheckboxes().map((input) => input.checked)).toEqual([true, true]);
    expect(all.indeterminate).toBe(false);
  });

  it('disables Select all when nobody can be selected', () => {
    show(peopleList([person('bo', notFederated)]));
    expect(checkbox('Select all on the fediverse').disabled).toBe(true);
    expect(button('Follow selected').disabled).toBe(true);
  });

  it('holds Follow selected until the check ends: some of the selected may be followed already', () => {
    show(peopleList(MIXED));
    expect(button('Follow selected').disabled).toBe(true);
    expect(text(root.querySelector('#people-selected'))).toBe(
      '2 selected so far: following starts once the check ends',
    );
    show(peopleList(CHECKED, { checked: false }));
    expect(button('Follow selected').disabled).toBe(true);
    show(peopleList(CHECKED));
    expect(button('Follow selected').disabled).toBe(false);
  });

  it('holds Follow selected while the request is on its way', async () => {
    let answer!: () => void;
    actions.follow.mockImplementation(() => new Promise<void>((resolve) => (answer = resolve)));
    show(peopleList(CHECKED));
    click(button('Follow selected'));
    expect(button('Follow selected').disabled).toBe(true);
    await act(async () => answer());
    expect(button('Follow selected').disabled).toBe(false);
  });
});

describe('PeoplePage: without an account', () => {
  it('disables Follow selected, explains why, and links to the settings', () => {
    show(peopleList(MIXED), { canFollow: false });
    const follow = button('Follow selected');
    expect(follow.disabled).toBe(true);
    const note = root.querySelector(`#${follow.getAttribute('aria-describedby')}`);
    expect(text(note)).toBe(
      "Connect your Mastodon account in Homeward's settings to follow from here, or export a CSV for Mastodon's import.",
    );
    click(note!.querySelector('a')!);
    expect(actions.openSettings).toHaveBeenCalledOnce();
    expect(button('Export CSV').disabled).toBe(false);
  });

  it('has no such note with an account', () => {
    show(peopleList(MIXED));
    expect(text(root)).not.toContain('Connect your Mastodon account');
  });
});

describe('PeoplePage: filter', () => {
  const filter = () => {
    const select = labelled<HTMLSelectElement>('select', 'Show');
    if (!select) throw new Error('no select labelled Show');
    return select;
  };

  it.each([
    ['all', ['ada', 'bo', 'cy', 'di', 'ed', 'fay', 'gus']],
    ['fediverse', ['ada', 'ed']],
    ['not-fediverse', ['bo']],
    ['followed', ['cy', 'di']],
  ])('%s', (value, usernames) => {
    show(peopleList(MIXED));
    choose(filter(), value);
    expect(shownUsernames()).toEqual(usernames);
  });

  it('offers All, On the fediverse, Not on the fediverse, Already followed', () => {
    show(peopleList(MIXED));
    expect([...filter().options].map(text)).toEqual([
      'All',
      'On the fediverse',
      'Not on the fediverse',
      'Already followed',
    ]);
  });

  it('keeps the selection of rows the filter hides', () => {
    show(peopleList(CHECKED));
    choose(filter(), 'not-fediverse');
    click(button('Follow selected'));
    expect(actions.follow).toHaveBeenCalledWith(['ada@threads.net', 'ed@threads.net']);
  });
});

describe('PeoplePage: a long list is windowed', () => {
  const scroller = () => root.querySelector<HTMLElement>('.people-scroll')!;
  const renderedRows = () => root.querySelectorAll('[role="rowgroup"] .people-window > [role="row"]').length;

  it('puts a bounded number of the 1,000 rows in the DOM, and the table says how many there are', () => {
    show(peopleList(manyPeople(1000)));
    expect(renderedRows()).toBeGreaterThan(0);
    expect(renderedRows()).toBeLessThanOrEqual(60);
    expect(root.querySelector('[role="table"]')!.getAttribute('aria-rowcount')).toBe('1001');
    expect(root.querySelector<HTMLElement>('.people-spacer')!.style.height).toBe(`${1000 * ROW_HEIGHT}px`);
  });

  it('shows the rows scrolled to, with their row numbers, and still a bounded number', () => {
    show(peopleList(manyPeople(1000)));
    act(() => {
      scroller().scrollTop = 500 * ROW_HEIGHT;
      scroller().dispatchEvent(new Event('scroll'));
    });
    const names = shownUsernames();
    expect(names).toContain('user0500');
    expect(names).toContain(`user0${500 - OVERSCAN}`);
    expect(names).not.toContain('user0000');
    expect(names).not.toContain('user0999');
    expect(renderedRows()).toBeLessThanOrEqual(60);
    const first = root.querySelector('.people-window > [role="row"]')!;
    expect(first.getAttribute('aria-rowindex')).toBe(String(500 - OVERSCAN + 2));
    expect(root.querySelector<HTMLElement>('.people-window')!.style.transform).toBe(
      `translateY(${(500 - OVERSCAN) * ROW_HEIGHT}px)`,
    );
  });

  it('selects the rows out of view too, and counts them all', () => {
    show(peopleList(manyPeople(1000)));
    expect(counts()).toEqual({
      'On the fediverse': 334,
      'Not on the fediverse': 333,
      'Already followed from Mastodon': 333,
    });
    expect(text(root.querySelector('#people-selected'))).toBe('334 selected');
    click(button('Follow selected'));
    expect(actions.follow.mock.calls[0]![0]).toHaveLength(334);
    expect(actions.follow.mock.calls[0]![0]).toContain('user0999@threads.net');
  });

  it('goes back to the top when the filter changes', () => {
    show(peopleList(manyPeople(1000)));
    act(() => {
      scroller().scrollTop = 600 * ROW_HEIGHT;
      scroller().dispatchEvent(new Event('scroll'));
    });
    choose(root.querySelector('select')!, 'fediverse');
    expect(shownUsernames()[0]).toBe('user0000');
  });
});

describe('PeoplePage: follow progress', () => {
  function queue(status: FollowQueue['status'], fields: Partial<FollowQueue> = {}): FollowQueue {
    return {
      listId: 'list-1',
      pending: ['x@threads.net'],
      listOf: { 'x@threads.net': 'list-1' },
      total: 183,
      done: 12,
      failed: 0,
      status,
      ...fields,
    };
  }
  const line = () => text(root.querySelector('.people-follow [role="status"]'));
  const at = (hours: number, minutes: number, dayOffset = 0) =>
    new Date(2025, 5, 1 + dayOffset, hours, minutes).getTime();
  const hhmm = (time: number) =>
    new Date(time).toLocaleTimeString('en', { hour: 'numeric', minute: '2-digit' });

  it('shows a Following bar with followed and failed of the total', () => {
    show(peopleList(MIXED), { queue: queue({ kind: 'running' }, { failed: 2 }) });
    const bar = progressbar('Following')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('14');
    expect(bar.getAttribute('aria-valuemax')).toBe('183');
    expect(text(root.querySelector('.people-follow .people-progress p'))).toBe(
      'Followed 12 of 183, 2 not followed',
    );
  });

  it('running: says it goes on by itself, and offers Pause', () => {
    show(peopleList(MIXED), { queue: queue({ kind: 'running' }) });
    expect(text(root.querySelector('.people-follow'))).toContain('Followed 12 of 183');
    expect(line()).toMatch(/^Following one account at a time/);
    click(button('Pause'));
    expect(actions.pause).toHaveBeenCalledOnce();
    expect(hasButton('Resume')).toBe(false);
  });

  it('paused: offers Resume, on the same button element so focus stays', () => {
    show(peopleList(MIXED), { queue: queue({ kind: 'running' }) });
    const pause = button('Pause');
    show(peopleList(MIXED), { queue: queue({ kind: 'paused' }) });
    expect(line()).toBe('Paused. Resume to go on.');
    expect(button('Resume')).toBe(pause);
    expect(hasButton('Pause')).toBe(false);
    click(button('Resume'));
    expect(actions.resume).toHaveBeenCalledOnce();
  });

  it('waiting for the rate limit: the time it goes on at, today', () => {
    const until = at(9, 35);
    show(peopleList(MIXED), { queue: queue({ kind: 'waiting', until, reason: 'rate-limit' }) });
    expect(line()).toBe(`Your server asked Homeward to slow down: going on at ${hhmm(until)}`);
    expect(hasButton('Pause')).toBe(true);
  });

  it('waiting for the daily limit: tomorrow, when the date differs', () => {
    const until = at(8, 15, 1);
    show(peopleList(MIXED), { queue: queue({ kind: 'waiting', until, reason: 'daily-limit' }) });
    expect(line()).toBe(`Mastodon allows 400 follows a day: the rest continue tomorrow at ${hhmm(until)}`);
  });

  it('waiting for the daily limit later the same day: no "tomorrow"', () => {
    const until = at(23, 10);
    show(peopleList(MIXED), { queue: queue({ kind: 'waiting', until, reason: 'daily-limit' }) });
    expect(line()).toBe(`Mastodon allows 400 follows a day: the rest continue at ${hhmm(until)}`);
  });

  it('stopped: its message, and Resume while accounts are left', () => {
    const message = words('people_signedOut');
    show(peopleList(MIXED), { queue: queue({ kind: 'stopped', message }) });
    expect(line()).toBe('Your server signed Homeward out. Reconnect in Homeward’s settings, then resume.');
    expect(hasButton('Resume')).toBe(true);
    show(peopleList(MIXED), { queue: queue({ kind: 'stopped', message }, { pending: [] }) });
    expect(hasButton('Resume')).toBe(false);
  });

  it('finished: how many were followed and not', () => {
    show(peopleList(MIXED), { queue: queue({ kind: 'idle' }, { pending: [], done: 180, failed: 3 }) });
    expect(line()).toBe('Done: 180 followed, 3 not followed');
    expect(progressbar('Following')!.getAttribute('aria-valuenow')).toBe('183');
    expect(hasButton('Pause') || hasButton('Resume')).toBe(false);
  });

  it("shows nothing for another list's queue, or an empty one", () => {
    show(peopleList(MIXED), { queue: queue({ kind: 'running' }, { listId: 'other' }) });
    expect(progressbar('Following')).toBeNull();
    expect(hasButton('Pause')).toBe(false);
    show(peopleList(MIXED), { queue: EMPTY_QUEUE });
    expect(progressbar('Following')).toBeNull();
  });
});

describe('PeoplePage: Export CSV', () => {
  const exported = () => {
    const [fileName, csv] = actions.download.mock.lastCall!;
    return { fileName, lines: csv.split('\n') };
  };

  it('exports the selected accounts in the committed Mastodon format', () => {
    show(
      peopleList([
        person('juno.field', found),
        person('ada_l', found),
        person('bo', notFederated),
        person('cy.w', found),
      ]),
    );
    click(button('Export CSV'));
    const [fileName, csv] = actions.download.mock.lastCall!;
    expect(fileName).toBe('homeward-threads-juno.field-following.csv');
    expect(csv).toBe(readFileSync('tests/fixtures/people/threads-following.csv', 'utf8'));
  });

  it('exports only the ticked ones when some are unticked', () => {
    show(peopleList(MIXED));
    click(checkbox('ada'));
    click(button('Export CSV'));
    expect(exported().lines).toEqual([
      'Account address,Show boosts,Notify on new posts,Languages',
      'ed@threads.net,true,false,',
      '',
    ]);
  });

  it('with nothing ticked, exports everyone on the fediverse not followed yet', () => {
    show(
      peopleList([
        ...MIXED,
        person('hal', found, { kind: 'following' }),
        person('ivy', found, { kind: 'failed', reason: words('opening_blocked', { domain: 'threads.net' }) }),
      ]),
      { canFollow: false },
    );
    click(checkbox('Select all on the fediverse'));
    click(button('Export CSV'));
    expect(exported().lines.slice(1)).toEqual([
      'ada@threads.net,true,false,',
      'ed@threads.net,true,false,',
      'ivy@threads.net,true,false,',
      '',
    ]);
  });

  it('names the file after the site and the owner', () => {
    show(peopleList(MIXED, { site: 'instagram', owner: 'ada_l' }));
    click(button('Export CSV'));
    expect(exported().fileName).toBe('homeward-instagram-ada_l-following.csv');
  });

  it('is disabled when there is nobody to export', () => {
    show(peopleList([person('bo', notFederated), person('cy', { kind: 'following' })]));
    expect(button('Export CSV').disabled).toBe(true);
  });
});

describe('PeoplePage: the list with the keyboard', () => {
  const tabStops = () => rowCheckboxes().filter((input) => input.tabIndex === 0);
  const key = (target: HTMLElement, name: string) =>
    act(() => {
      target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));
    });
  const focused = () => (document.activeElement as HTMLInputElement | null)?.value;

  it('is one Tab stop: the first selectable account', () => {
    show(peopleList(CHECKED));
    expect(tabStops().map((input) => input.value)).toEqual(['ada@threads.net']);
    expect(rowCheckboxes().filter((input) => input.tabIndex !== 0 && !input.disabled).length).toBeGreaterThan(
      0,
    );
  });

  it('moves between selectable accounts with the arrows, Home and End, and the Tab stop follows', () => {
    show(peopleList(CHECKED));
    const ada = rowCheckboxes().find((input) => input.value === 'ada@threads.net')!;
    act(() => ada.focus());
    key(ada, 'ArrowDown');
    expect(focused()).toBe('ed@threads.net');
    expect(tabStops().map((input) => input.value)).toEqual(['ed@threads.net']);
    key(document.activeElement as HTMLElement, 'ArrowDown');
    expect(focused()).toBe('ed@threads.net');
    key(document.activeElement as HTMLElement, 'Home');
    expect(focused()).toBe('ada@threads.net');
    key(document.activeElement as HTMLElement, 'ArrowUp');
    expect(focused()).toBe('ada@threads.net');
  });

  it('reaches the end of a windowed list of 1,000 with End, rendering the row it moves to', () => {
    show(peopleList(manyPeople(1000)));
    const firstBox = tabStops()[0]!;
    act(() => firstBox.focus());
    key(firstBox, 'End');
    // user0999 is found (999 % 3 === 0): the last selectable account.
    expect(focused()).toBe('user0999@threads.net');
    expect(tabStops().map((input) => input.value)).toEqual(['user0999@threads.net']);
    key(document.activeElement as HTMLElement, 'PageUp');
    expect(focused()).not.toBe('user0999@threads.net');
    expect(tabStops()).toHaveLength(1);
  });

  it('leaves the list with Escape, to Follow selected', () => {
    show(peopleList(CHECKED));
    const ada = tabStops()[0]!;
    act(() => ada.focus());
    key(ada, 'Escape');
    expect(document.activeElement).toBe(button('Follow selected'));
  });
});
