// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { END_SCROLLS, SCAN_TIMING, scanFollowingList, type ScanOptions, type ScanTiming } from './scan';
import { instagramFollowingList } from '@/utils/sites/instagram/following';
import { threadsFollowingList } from '@/utils/sites/threads/following';
import {
  openInstagramDialog,
  openThreadsDialog,
  people,
  threadsRow,
  type InstagramOptions,
} from '@/tests/doubles/following-dialogs';

/** The real timing, scaled down: the fake sites answer in 5 ms instead of 100–200. */
const FAST: ScanTiming = { settleMs: 200, stallMs: 1000, sliceMs: 30, stepMs: 20 };
/** Threads' pages: 20 rows, then 10 at a time (docs/sites.md). */
const THREADS_PAGES = (page: number) => (page === 0 ? 20 : 10);

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
    expect(result.expected).toBe(130);
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
    expect(result).toEqual({ people: following, end: 'end', expected: null });
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
    const result = await scanThreads(fake.dialog, { timing: { ...FAST, stepMs: 5 } });
    expect(result.people).toEqual(following);
  }, 30_000);

  it('the default timing waits out the sites’ pauses of 1–3 s: the end takes at least 5 s of scrolling', () => {
    expect(SCAN_TIMING.settleMs).toBeGreaterThanOrEqual(5000);
    expect(SCAN_TIMING.stallMs).toBeGreaterThan(3000);
    // Several scrolls in that time, not one quiet moment.
    expect(END_SCROLLS).toBeGreaterThanOrEqual(3);
    expect(SCAN_TIMING.sliceMs * END_SCROLLS).toBeLessThanOrEqual(SCAN_TIMING.settleMs);
  });
});

describe('scanFollowingList, Instagram’s windowed list', () => {
  /** ada.follows' Instagram list, windowed: `window` row nodes at most, reused; 12 rows a page. */
  function windowed(list: ReturnType<typeof people>, options: InstagramOptions = {}) {
    return openInstagramDialog(list, { pageSize: 12, window: 13, ...options });
  }
  const scanInstagram = (dialog: Element, more: Partial<ScanOptions> = {}) =>
    scanFollowingList({
      dialog,
      list: instagramFollowingList,
      owner: 'ada.follows',
      signal: new AbortController().signal,
      timing: FAST,
      ...more,
    });

  it('reads all 240, in order, each once, though at most 13 rows exist at a time, their nodes reused', async () => {
    const following = people(240, 'ig');
    const fake = windowed(following, { delayMs: 10 });
    const result = await scanInstagram(fake.dialog);
    expect(result.end).toBe('end');
    expect(result.people).toEqual(following);
    expect(fake.mostRows).toBeLessThanOrEqual(13);
  });

  it('12 more after each pause behind the loading state, longer than the quiet that ends a list without one', async () => {
    const following = people(240, 'ig');
    // Every page waits 1.5 × settleMs: only the loading state says the list goes on.
    const fake = windowed(following, { delayMs: FAST.settleMs * 1.5 });
    const result = await scanInstagram(fake.dialog);
    expect(result.end).toBe('end');
    expect(result.people).toEqual(following);
  }, 20_000);

  it('compares with the profile’s "N following": a short read says how many the page promised', async () => {
    const following = people(120, 'ig');
    const fake = windowed(following, { profileCount: '1,234' });
    const result = await scanInstagram(fake.dialog);
    expect(result).toMatchObject({ end: 'end', expected: 1234 });
    expect(result.people).toEqual(following);
  });

  it('ends as soon as the count is reached, without waiting for the quiet', async () => {
    const following = people(60, 'ig');
    const fake = windowed(following, { profileCount: '60' });
    const started = Date.now();
    const result = await scanInstagram(fake.dialog, {
      timing: { ...FAST, settleMs: 60_000, stallMs: 60_000 },
    });
    expect(result).toMatchObject({ end: 'end', expected: 60 });
    expect(result.people).toEqual(following);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a loading state stuck on screen ends as stalled, with the count it fell short of', async () => {
    const fake = windowed(people(200, 'ig'), { hangAfter: 48, profileCount: '200' });
    const result = await scanInstagram(fake.dialog);
    expect(result.end).toBe('stalled');
    expect(result.expected).toBe(200);
    expect(result.people).toEqual(people(48, 'ig'));
  });

  it('reads 2,000 rows', async () => {
    const following = people(2000, 'ig');
    const fake = windowed(following, { delayMs: 1 });
    const result = await scanInstagram(fake.dialog, { timing: { ...FAST, stepMs: 5 } });
    expect(result.people).toEqual(following);
    expect(fake.mostRows).toBeLessThanOrEqual(13);
  }, 60_000);
});

describe('scanFollowingList, Threads’ paging and tabs', () => {
  it('20 rows, then 10 at a time, in bursts with pauses behind the spinner', async () => {
    const following = people(200);
    const fake = await threadsFollowing(following, {
      pageSize: THREADS_PAGES,
      bursts: { every: 4, pauseMs: FAST.settleMs * 1.5 },
    });
    const result = await scanThreads(fake.dialog);
    expect(result).toMatchObject({ end: 'end', expected: 200 });
    expect(result.people).toEqual(following);
    expect(fake.requests).toBe(19);
  }, 20_000);

  it.each([
    ['in a tablist', true],
    ['without a tablist, tabs known only by position', false],
  ])('the Following tab %s gives the list’s count; a short read is compared with it', async (_, tablist) => {
    const following = people(47);
    const fake = await threadsFollowing(following, {
      pageSize: THREADS_PAGES,
      tablist,
      labels: ['Abonnés', 'Abonnements'],
      followingCount: 50,
    });
    const result = await scanThreads(fake.dialog);
    expect(result).toMatchObject({ end: 'end', expected: 50 });
    expect(result.people).toEqual(following);
    expect(fake.dialog.querySelector('[role="tablist"]') !== null).toBe(tablist);
  });
});
