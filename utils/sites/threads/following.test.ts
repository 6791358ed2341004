// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { threadsFollowingList } from './following';
import { openThreadsDialog, people } from '@/tests/doubles/following-dialogs';

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
});

describe('listLength', () => {
  it('the Following tab’s count, with or without a tablist', async () => {
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
