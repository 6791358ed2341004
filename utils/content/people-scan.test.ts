// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { scanFollowingList, type ScanOptions, type ScanTiming } from './people-scan';
import { instagramFollowingList, threadsFollowingList } from './people-scan-sites';
import { openInstagramDialog, openThreadsDialog, people, threadsRow } from './people-scan-test-dialogs';

/** The real timing, scaled down: the fake sites answer in 5 ms instead of 100–200. */
const FAST: ScanTiming = { settleMs: 80, stallMs: 150, sliceMs: 30 };

afterEach(() => {
  document.body.replaceChildren();
});

async function threadsFollowing(following: ReturnType<typeof people>, options = {}) {
  const fake = openThreadsDialog(
    { followers: people(2, 'fan'), following },
    { tab: 'following', ...options },
  );
  return fake;
}

/** Threads' following list of ada.follows, read with the fast timing; `more` replaces any of those. */
function scanThreads(dialog: Element, more: Partial<ScanOptions> = {}) {
  return scanFollowingList({
    dialog,
    list: threadsFollowingList,
    owner: 'ada.follows',
    signal: new AbortController().signal,
    timing: FAST,
    ...more,
  });
}

describe('scanFollowingList', () => {
  it('Threads: scrolls until the end and reads every row once, in order, with names', async () => {
    const following = people(130);
    const fake = await threadsFollowing(following);
    const counts: number[] = [];
    const result = await scanThreads(fake.dialog, {
      onProgress: (count) => counts.push(count),
    });
    expect(result.end).toBe('end');
    expect(result.people).toEqual(following);
    expect(fake.rowCount()).toBe(130);
    expect(fake.requests).toBe(6);
    expect(counts.at(-1)).toBe(130);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });

  it('Instagram: the same through its nested scroller', async () => {
    const following = people(90, 'ig');
    const fake = openInstagramDialog(following, { pageSize: 12 });
    const result = await scanFollowingList({
      dialog: fake.dialog,
      list: instagramFollowingList,
      owner: 'ada.follows',
      signal: new AbortController().signal,
      timing: FAST,
    });
    expect(result).toEqual({ people: following, end: 'end' });
    expect(fake.rowCount()).toBe(90);
  });

  it('skips the owner and rows shown twice', async () => {
    const listed = people(40);
    const withRepeats = [listed[0]!, { username: 'ada.follows', displayName: 'Ada' }, ...listed, listed[5]!];
    const fake = await threadsFollowing(withRepeats, { pageSize: 10 });
    const result = await scanThreads(fake.dialog, {
      owner: 'Ada.Follows',
    });
    expect(result.people).toEqual(listed);
  });

  it('Stop ends with the rows read so far', async () => {
    const fake = await threadsFollowing(people(500), { delayMs: 10 });
    const stop = new AbortController();
    const result = await scanThreads(fake.dialog, {
      signal: stop.signal,
      onProgress: (count) => {
        if (count >= 75) stop.abort();
      },
    });
    expect(result.end).toBe('stopped');
    expect(result.people.length).toBeGreaterThanOrEqual(75);
    expect(result.people.length).toBeLessThan(500);
    expect(result.people).toEqual(people(result.people.length));
  });

  it('a loader that never answers ends as stalled, with what came before', async () => {
    const fake = await threadsFollowing(people(200), { hangAfter: 50 });
    const result = await scanThreads(fake.dialog);
    expect(result.end).toBe('stalled');
    expect(result.people).toEqual(people(50));
  });

  it('a closed dialog ends the scan as closed', async () => {
    const fake = await threadsFollowing(people(300), { delayMs: 10 });
    const result = await scanThreads(fake.dialog, {
      onProgress: (count) => {
        if (count >= 50) fake.close();
      },
    });
    expect(result.end).toBe('closed');
  });

  it('rows it cannot recognise give an empty list, not an error', async () => {
    const changed = (person: { username: string }) => {
      const row = threadsRow({ username: person.username, displayName: '' });
      for (const link of row.querySelectorAll('a'))
        link.setAttribute('href', `/profile?id=${person.username}`);
      return row;
    };
    const fake = await threadsFollowing(people(60), { row: changed });
    const result = await scanThreads(fake.dialog);
    expect(result.people).toEqual([]);
    expect(fake.rowCount()).toBeGreaterThan(0);
  });

  it('reads a recycled row whose link changes (virtualised lists)', async () => {
    const fake = await threadsFollowing(people(3));
    const scan = scanThreads(fake.dialog, {
      onProgress: (count) => {
        if (count !== 3) return;
        for (const link of fake.dialog.querySelectorAll('a[href="/@friend.1"]'))
          link.setAttribute('href', '/@recycled');
      },
    });
    const result = await scan;
    expect(result.people.map((p) => p.username)).toEqual(['friend.1', 'friend.2', 'friend.3', 'recycled']);
  });

  it('reads 1,500 rows', async () => {
    const following = people(1500);
    const fake = await threadsFollowing(following, { pageSize: 100, delayMs: 1 });
    const result = await scanThreads(fake.dialog);
    expect(result.people).toEqual(following);
  });
});
