// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import {
  displayNameOf,
  FOLLOWING_LISTS,
  instagramFollowingList,
  PROGRESS_SELECTOR,
  shownCount,
  threadsFollowingList,
} from './scan-sites';
import {
  instagramRow,
  openInstagramDialog,
  openThreadsDialog,
  people,
  threadsRow,
} from '@/tests/doubles/following-dialogs';

afterEach(() => {
  document.body.replaceChildren();
});

/** Resolves once `check` holds, re-checked after each batch of DOM changes (no sleeps). */
function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (check()) return resolve();
    const observer = new MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  });
}

describe('ownerFromUrl', () => {
  it.each([
    ['https://www.threads.com/@ada.follows', 'ada.follows'],
    ['https://www.threads.com/@Ada.Follows/replies', 'ada.follows'],
    ['https://www.threads.net/@ada', 'ada'],
    ['https://www.threads.com/', null],
    ['https://www.threads.com/@ada/post/DAbc', null],
    ['https://www.threads.com/search', null],
    ['https://www.instagram.com/ada/following/', null],
  ])('Threads %s → %s', (url, owner) => {
    expect(threadsFollowingList.ownerFromUrl(new URL(url))).toBe(owner);
  });

  it.each([
    ['https://www.instagram.com/ada.follows/following/', 'ada.follows'],
    ['https://www.instagram.com/Ada.Follows/following', 'ada.follows'],
    ['https://instagram.com/ada/following/?hl=en', 'ada'],
    ['https://www.instagram.com/ada.follows/', null],
    ['https://www.instagram.com/ada.follows/followers/', null],
    ['https://www.instagram.com/explore/following/', null],
    ['https://www.instagram.com/p/following/', null],
    ['https://www.instagram.com/ada/following/extra/', null],
    ['https://www.threads.com/@ada', null],
  ])('Instagram %s → %s', (url, owner) => {
    expect(instagramFollowingList.ownerFromUrl(new URL(url))).toBe(owner);
  });
});

describe('usernameFromHref', () => {
  it.each([
    ['/@juno.field', 'juno.field'],
    ['/@Juno.Field/', 'juno.field'],
    ['https://www.threads.com/@juno?x=1', 'juno'],
    ['/juno.field', null],
    ['/@juno/post/abc', null],
    ['/@', null],
    ['/@juno-field', null],
    ['#', null],
  ])('Threads %s → %s', (href, username) => {
    expect(threadsFollowingList.usernameFromHref(href)).toBe(username);
  });

  it.each([
    ['/juno.field/', 'juno.field'],
    ['/Juno/', 'juno'],
    ['https://www.instagram.com/juno/?hl=de', 'juno'],
    ['/explore/', null],
    ['/p/DAbc/', null],
    ['/juno/reels/', null],
    ['/@juno/', null],
    ['/', null],
  ])('Instagram %s → %s', (href, username) => {
    expect(instagramFollowingList.usernameFromHref(href)).toBe(username);
  });
});

describe('listAnchor', () => {
  it('Threads: only while the Following tab is selected, below the tabs', async () => {
    const fake = openThreadsDialog({ followers: people(3, 'fan'), following: people(3) });
    expect(threadsFollowingList.listAnchor(fake.dialog)).toBeNull(); // no tabs before the first page
    await until(() => fake.tablist() !== null);
    expect(threadsFollowingList.listAnchor(fake.dialog)).toBeNull(); // the Followers tab
    fake.select('following');
    expect(threadsFollowingList.listAnchor(fake.dialog)).toEqual({
      element: fake.tablist(),
      position: 'afterend',
    });
    fake.select('followers');
    expect(threadsFollowingList.listAnchor(fake.dialog)).toBeNull();
  });

  it('Threads: in another language, the second of the two tabs is Following', async () => {
    const fake = openThreadsDialog(
      { followers: people(3, 'fan'), following: people(3) },
      { labels: ['Abonnés', 'Abonnements'], tab: 'following' },
    );
    await until(() => fake.tablist() !== null);
    expect(threadsFollowingList.listAnchor(fake.dialog)?.element).toBe(fake.tablist());
    fake.select('followers');
    expect(threadsFollowingList.listAnchor(fake.dialog)).toBeNull();
  });

  it('Instagram: after the title row, before the search', () => {
    const fake = openInstagramDialog(people(3));
    const anchor = instagramFollowingList.listAnchor(fake.dialog);
    expect(anchor?.position).toBe('afterend');
    expect(anchor?.element.querySelector('h1')?.textContent).toBe('Following');
    expect(anchor?.element.nextElementSibling?.querySelector('input')).not.toBeNull();
  });

  it('Instagram: not on a dialog without rows or loader', () => {
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    dialog.append(Object.assign(document.createElement('h1'), { textContent: 'Turn on notifications' }));
    document.body.append(dialog);
    expect(instagramFollowingList.listAnchor(dialog)).toBeNull();
  });

  /** A Threads followers dialog as public tools see the live one: `[role=tab]`s with no tablist around them. */
  function bareTabs(labels: string[], selected: number): { dialog: HTMLElement; group: HTMLElement } {
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const group = document.createElement('div');
    labels.forEach((label, index) => {
      const tab = document.createElement('div');
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-selected', String(index === selected));
      const button = document.createElement('div');
      button.setAttribute('role', 'button');
      button.textContent = label;
      tab.append(button);
      // Each tab in a wrapper of its own, as the site's markup nests them.
      const wrapper = document.createElement('div');
      wrapper.append(tab);
      group.append(wrapper);
    });
    dialog.append(group);
    document.body.append(dialog);
    return { dialog, group };
  }

  it.each([
    [['Followers', 'Following'], 'English, two tabs'],
    [['Abonnés', 'Abonnements'], 'French'],
    [['粉絲', '追蹤中', '提及'], 'a third tab'],
  ])('Threads: tabs without a tablist wrapper (%j, %s): the second is Following', (labels) => {
    const selected = bareTabs(labels, 1);
    expect(threadsFollowingList.listAnchor(selected.dialog)).toEqual({
      element: selected.group,
      position: 'afterend',
    });
    document.body.replaceChildren();
    expect(threadsFollowingList.listAnchor(bareTabs(labels, 0).dialog)).toBeNull();
  });

  it('Threads: the tab labelled Following wins over position', () => {
    const { dialog, group } = bareTabs(['Followers', 'Mentions', 'Following'], 2);
    dialog.querySelectorAll('[role="tab"]')[2]!.setAttribute('aria-label', 'Following');
    expect(threadsFollowingList.listAnchor(dialog)?.element).toBe(group);
  });

  it('Threads: one tab alone is no Following tab', () => {
    expect(threadsFollowingList.listAnchor(bareTabs(['Followers'], 0).dialog)).toBeNull();
  });

  it("Instagram: a dialog that shows only the site's loading state is the list, still loading", () => {
    const dialog = document.createElement('div');
    dialog.setAttribute('role', 'dialog');
    const heading = document.createElement('h1');
    heading.textContent = 'Following';
    const loading = document.createElement('div');
    loading.setAttribute('data-visualcompletion', 'loading-state');
    dialog.append(heading, loading);
    document.body.append(dialog);
    expect(instagramFollowingList.listAnchor(dialog)).toEqual({ element: heading, position: 'afterend' });
  });

  it('has a list for each site of the content script', () => {
    expect(Object.keys(FOLLOWING_LISTS).sort()).toEqual(['instagram', 'threads']);
  });
});

describe('PROGRESS_SELECTOR: what counts as more rows loading', () => {
  it.each([
    ['<div role="progressbar"></div>', true],
    ['<div data-visualcompletion="loading-state"></div>', true],
    ['<svg aria-label="Loading..."></svg>', true],
    ['<svg aria-label="Close"></svg>', false],
    ['<svg aria-label="Verified"></svg>', false],
    ['<div data-visualcompletion="media-vc-image"></div>', false],
  ])('%s → %s', (html, loading) => {
    const host = document.createElement('div');
    host.insertAdjacentHTML('beforeend', html);
    expect(host.firstElementChild!.matches(PROGRESS_SELECTOR)).toBe(loading);
  });
});

describe('displayNameOf', () => {
  it.each([
    ['Threads', threadsFollowingList, threadsRow, '/@'],
    ['Instagram', instagramFollowingList, instagramRow, '/'],
  ] as const)(
    '%s: the name beside the username, outside the button; empty when none',
    (_, list, row, prefix) => {
      const container = document.createElement('div');
      container.append(
        row({ username: 'ada', displayName: 'Ada Lovelace' }),
        row({ username: 'bob', displayName: '' }),
        row({ username: 'cy', displayName: 'cy' }),
      );
      document.body.append(container);
      const link = (username: string) => container.querySelector(`a[href^="${prefix}${username}"]`)!;
      expect(displayNameOf(link('ada'), 'ada', list)).toBe('Ada Lovelace');
      expect(displayNameOf(link('bob'), 'bob', list)).toBe('');
      expect(displayNameOf(link('cy'), 'cy', list)).toBe('');
    },
  );
});

describe('shownCount: the exact length a page shows for a list', () => {
  it.each([
    ['<a><span><span>300</span> following</span></a>', 300],
    ['<a><span><span>1,234</span> following</span></a>', 1234],
    ['<a><span>1.234 abonniert</span></a>', 1234],
    ['<a><span>1\u202f234 abonnements</span></a>', 1234],
    ['<div><span>Following</span><span title="7,500">7.5K</span></div>', 7500],
    ['<a><span>12.5K following</span></a>', null],
    ['<a><span>10K following</span></a>', null],
    ['<a><span>12 M abonnés</span></a>', null],
    ['<a><span>1,2 Mio. Abonnenten</span></a>', null],
    ['<a><span>following</span></a>', null],
  ])('%s → %s', (html, count) => {
    const host = document.createElement('div');
    host.innerHTML = html;
    expect(shownCount(host.firstElementChild!)).toBe(count);
  });

  it('Instagram: the profile’s link to this list, outside the dialog; none, null', () => {
    const fake = openInstagramDialog(people(3), { profileCount: '2,000', owner: 'ada.follows' });
    expect(instagramFollowingList.listLength(fake.dialog, 'Ada.Follows')).toBe(2000);
    expect(instagramFollowingList.listLength(fake.dialog, 'someone.else')).toBeNull();
  });

  it('Threads: the Following tab’s count, with or without a tablist', async () => {
    for (const tablist of [true, false]) {
      const fake = openThreadsDialog(
        { followers: people(3, 'fan'), following: people(3) },
        { tablist, followingCount: 1500 },
      );
      await until(() => fake.tablist() !== null);
      expect(threadsFollowingList.listLength(fake.dialog, 'ada.follows')).toBe(1500);
      fake.close();
    }
  });
});
