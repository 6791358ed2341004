// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { words } from '@/utils/i18n';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followingListWatcher } from './list-watcher';
import { SCAN_HOST_TAG } from './scan-mount';
import { watchPage } from '@/utils/sites/page-watch';
import type { ScanTiming } from '@/utils/people/scan';
import {
  openInstagramDialog,
  openThreadsDialog,
  people,
  threadsRow,
  type ThreadsOptions,
} from '@/tests/doubles/following-dialogs';
import type { PeopleMessage, PeopleScan } from '@/utils/people/protocol';
import { instagram } from '@/utils/sites/instagram';
import { threads } from '@/utils/sites/threads';
import type { Site } from '@/utils/sites';

const FAST: ScanTiming = { settleMs: 120, stallMs: 1000, sliceMs: 30, stepMs: 20 };

let controller: AbortController;
let sent: PeopleScan[];
let answer: () => Promise<unknown>;

function goTo(url: string): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
}

beforeEach(() => {
  fakeBrowser.reset();
  document.body.replaceChildren();
  controller = new AbortController();
  sent = [];
  answer = () => Promise.resolve({ listId: 'list-1' });
  // The background, as the content script sees it.
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const { type, payload } = message as PeopleMessage;
    if (type !== 'people:found') throw new Error(`unexpected ${type}`);
    sent.push(payload);
    return answer();
  });
});

afterEach(() => {
  controller.abort();
  vi.restoreAllMocks();
});

/** The Following list offer alone on the page, as the content script runs it, until the test's signal aborts. */
function watchFollowingLists(site: Site): void {
  watchPage(controller.signal, [followingListWatcher(site, FAST)!]);
}

const host = () => document.querySelector<HTMLElement>(SCAN_HOST_TAG);
const shadow = () => host()?.shadowRoot ?? null;
const status = () => shadow()?.querySelector('[role="status"]')?.textContent ?? '';
const buttons = () => [...(shadow()?.querySelectorAll('button') ?? [])].map((b) => b.textContent?.trim());

function press(label: string): void {
  const button = [...(shadow()?.querySelectorAll('button') ?? [])].find(
    (b) => b.textContent?.trim() === label,
  );
  if (!button) throw new Error(`no ${label} button; there are ${buttons().join(', ')}`);
  button.click();
}

/** Re-checks after DOM changes and timers until `check` passes (no fixed sleeps). */
function eventually(check: () => void): Promise<void> {
  return vi.waitFor(check, { timeout: 4000, interval: 5 });
}

async function threadsProfileWithDialog(following = people(60), options: ThreadsOptions = {}) {
  goTo('https://www.threads.com/@ada.follows');
  watchFollowingLists(threads);
  const fake = openThreadsDialog({ followers: people(4, 'fan'), following }, options);
  await eventually(() => expect(fake.tablist()).not.toBeNull());
  return fake;
}

describe('watchFollowingLists on Threads', () => {
  it('offers the scan on the Following tab only, below the tabs', async () => {
    const fake = await threadsProfileWithDialog();
    expect(host()).toBeNull(); // the Followers tab
    fake.select('following');
    await eventually(() => expect(buttons()).toEqual(['Find them on the fediverse']));
    expect(fake.tablist()!.nextElementSibling).toBe(host());
    // In a shadow root, with its own style sheet (vitest leaves CSS imports empty).
    expect(host()!.shadowRoot!.querySelector('style')).not.toBeNull();

    fake.select('followers');
    await eventually(() => expect(host()).toBeNull());
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    fake.close();
    await eventually(() => expect(host()).toBeNull());
  });

  it('reads the whole list, hands it to the background and says where it went', async () => {
    const following = people(130);
    const fake = await threadsProfileWithDialog(following);
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    const counts = new Set<string>();
    const observer = new MutationObserver(() => counts.add(status()));
    observer.observe(shadow()!, { childList: true, subtree: true, characterData: true });
    press('Find them on the fediverse');
    await eventually(() => expect(status()).toMatch(/^Reading the list… \d+ accounts$/));
    expect(shadow()!.querySelector('[role="progressbar"]')?.getAttribute('aria-label')).toBe(
      'Reading the list',
    );
    expect(buttons()).toEqual(['Stop']);
    await eventually(() => expect(status()).toBe('Found 130 accounts. The list opened in a new tab.'));
    observer.disconnect();
    expect(buttons()).toEqual(['Scan again']);
    expect(sent).toEqual([
      { site: 'threads', owner: 'ada.follows', people: following, stopped: false, expected: 130 },
    ]);
    expect(
      [...counts].some((text) => /^Reading the list… (2[5-9]|[3-9]\d|1[01]\d) accounts$/.test(text)),
    ).toBe(true);

    press('Scan again');
    await eventually(() => expect(sent).toHaveLength(2));
    expect(sent[1]!.people).toEqual(following);
  });

  it('a list shorter than the count on its tab: "Read 47 of 50 accounts", handed over as short', async () => {
    const following = people(47);
    const fake = await threadsProfileWithDialog(following, { followingCount: 50, tablist: false });
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    press('Find them on the fediverse');
    await eventually(() =>
      expect(status()).toBe(
        'Read 47 of 50 accounts. The list opened in a new tab.The list ended before the count the site shows.',
      ),
    );
    expect(buttons()).toEqual(['Scan again']);
    expect(sent).toEqual([
      {
        site: 'threads',
        owner: 'ada.follows',
        people: following,
        stopped: true,
        reason: 'short',
        expected: 50,
      },
    ]);
  });

  it('Stop hands over the rows read so far, marked stopped', async () => {
    const fake = await threadsProfileWithDialog(people(1000), { delayMs: 15 });
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    press('Find them on the fediverse');
    await eventually(() => expect(status()).toMatch(/… (7[5-9]|[89]\d|\d{3,}) accounts$/));
    press('Stop');
    await eventually(() =>
      expect(status()).toMatch(/^Read \d+ of 1,000 accounts\. The list opened in a new tab\.$/),
    );
    expect(sent).toHaveLength(1);
    const scan = sent[0]!;
    expect(scan).toMatchObject({ stopped: true, reason: 'stopped', expected: 1000 });
    expect(scan.people.length).toBeGreaterThanOrEqual(75);
    expect(scan.people.length).toBeLessThan(1000);
    expect(scan.people).toEqual(people(scan.people.length));
    expect(status()).toBe(`Read ${scan.people.length} of 1,000 accounts. The list opened in a new tab.`);
  });

  it('Stop before any row sends nothing and offers the scan again', async () => {
    const fake = await threadsProfileWithDialog(people(30), { hangAfter: 0 });
    fake.select('following'); // its first page never comes
    await eventually(() => expect(host()).not.toBeNull());
    expect(fake.rowCount()).toBe(0);
    press('Find them on the fediverse');
    await eventually(() => expect(buttons()).toEqual(['Stop']));
    press('Stop');
    await eventually(() => expect(buttons()).toEqual(['Find them on the fediverse']));
    expect(sent).toEqual([]);
  });

  it('a list whose rows it cannot recognise says the site may have changed', async () => {
    const changed = (person: { username: string }) => {
      const row = threadsRow({ username: person.username, displayName: '' });
      for (const link of row.querySelectorAll('a'))
        link.setAttribute('href', `/profile/${person.username}/x`);
      return row;
    };
    const fake = await threadsProfileWithDialog(people(40), { row: changed });
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    press('Find them on the fediverse');
    await eventually(() =>
      expect(status()).toBe("Homeward couldn't read this list. The site may have changed."),
    );
    expect(buttons()).toEqual(['Try again']);
    expect(sent).toEqual([]);
  });

  it('shows the background’s error, and Try again hands the same scan over', async () => {
    answer = () => Promise.resolve({ error: words('site_listEmpty') });
    const following = people(10);
    const fake = await threadsProfileWithDialog(following);
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    press('Find them on the fediverse');
    await eventually(() => expect(status()).toBe('No accounts were found in this list.'));
    answer = () => Promise.resolve({ listId: 'list-2' });
    press('Try again');
    await eventually(() => expect(status()).toBe('Found 10 accounts. The list opened in a new tab.'));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
  });

  it('keeps the scan when the background answered nothing (stopped mid-answer), and Try again sends it', async () => {
    answer = () => Promise.resolve(undefined as unknown as { listId: string });
    const fake = await threadsProfileWithDialog(people(6));
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    press('Find them on the fediverse');
    await eventually(() => expect(status()).toBe('Homeward did not answer. Try again.'));
    answer = () => Promise.resolve({ listId: 'list-3' });
    press('Try again');
    await eventually(() => expect(status()).toBe('Found 6 accounts. The list opened in a new tab.'));
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
  });

  it('asks for a reload when the extension no longer answers', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(
      new Error('Extension context invalidated.'),
    );
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const fake = await threadsProfileWithDialog(people(5));
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    press('Find them on the fediverse');
    await eventually(() => expect(status()).toBe('Reload the page to use Homeward'));
    expect(buttons()).toEqual([]);
  });

  it('closing the dialog mid-scan sends nothing', async () => {
    const fake = await threadsProfileWithDialog(people(1000), { delayMs: 15 });
    fake.select('following');
    await eventually(() => expect(host()).not.toBeNull());
    press('Find them on the fediverse');
    await eventually(() => expect(status()).toMatch(/… (5\d|[6-9]\d|\d{3,}) accounts$/));
    const requests = fake.requests;
    fake.close();
    await eventually(() => expect(host()).toBeNull());
    // The scan noticed: it no longer scrolls, so no page is asked for after the next quiet spell.
    await new Promise((resolve) => setTimeout(resolve, FAST.settleMs * 2));
    expect(fake.requests).toBeLessThanOrEqual(requests + 1);
    expect(sent).toEqual([]);
  });

  it('is not offered away from a profile, and stops with its signal', async () => {
    goTo('https://www.threads.com/search');
    watchFollowingLists(threads);
    const fake = openThreadsDialog(
      { followers: people(2, 'fan'), following: people(3) },
      { tab: 'following' },
    );
    await eventually(() => expect(fake.tablist()).not.toBeNull());
    expect(host()).toBeNull();
    fake.close();

    goTo('https://www.threads.com/@ada.follows');
    const next = openThreadsDialog({ followers: [], following: people(3) }, { tab: 'following' });
    await eventually(() => expect(host()).not.toBeNull());
    controller.abort();
    expect(host()).toBeNull();
    next.select('followers');
    next.select('following');
    await eventually(() => expect(next.rowCount()).toBe(3));
    expect(host()).toBeNull();
  });
});

describe('watchFollowingLists on Instagram', () => {
  it('follows the dialog route and scans the list', async () => {
    goTo('https://www.instagram.com/ada.follows/');
    watchFollowingLists(instagram);
    const following = people(70, 'ig');
    history.pushState({}, '', '/ada.follows/following/');
    const fake = openInstagramDialog(following);
    await eventually(() => expect(buttons()).toEqual(['Find them on the fediverse']));
    // Below the title row, above the search.
    expect(host()!.previousElementSibling?.querySelector('h1')?.textContent).toBe('Following');
    expect(host()!.nextElementSibling?.querySelector('input')).not.toBeNull();

    press('Find them on the fediverse');
    await eventually(() => expect(status()).toBe('Found 70 accounts. The list opened in a new tab.'));
    expect(sent).toEqual([{ site: 'instagram', owner: 'ada.follows', people: following, stopped: false }]);

    history.pushState({}, '', '/ada.follows/');
    fake.close();
    await eventually(() => expect(host()).toBeNull());
  });

  it('not on the profile, nor on Followers', async () => {
    goTo('https://www.instagram.com/ada.follows/followers/');
    watchFollowingLists(instagram);
    const fake = openInstagramDialog(people(5));
    await eventually(() => expect(fake.rowCount()).toBe(5));
    expect(host()).toBeNull();
  });

  it('on a page that opens with the list (/<owner>/following/ loaded directly)', async () => {
    goTo('https://www.instagram.com/ada.follows/following/');
    openInstagramDialog(people(5));
    watchFollowingLists(instagram);
    await eventually(() => expect(host()).not.toBeNull());
  });
});
