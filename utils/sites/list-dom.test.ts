// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { displayNameOf, PROGRESS_SELECTOR, shownCount } from './list-dom';
import { instagramFollowingList } from './instagram/following';
import { threadsFollowingList } from './threads/following';
import { instagramRow, threadsRow } from '@/tests/doubles/following-dialogs';

afterEach(() => {
  document.body.replaceChildren();
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
});
