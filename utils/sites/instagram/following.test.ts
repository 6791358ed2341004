// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { instagramFollowingList } from './following';
import { openInstagramDialog, people } from '@/tests/doubles/following-dialogs';

afterEach(() => {
  document.body.replaceChildren();
});

describe('ownerFromUrl', () => {
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
});

describe('listLength', () => {
  it('the profile’s link to this list, outside the dialog; none, null', () => {
    const fake = openInstagramDialog(people(3), { profileCount: '2,000', owner: 'ada.follows' });
    expect(instagramFollowingList.listLength(fake.dialog, 'Ada.Follows')).toBe(2000);
    expect(instagramFollowingList.listLength(fake.dialog, 'someone.else')).toBeNull();
  });
});
