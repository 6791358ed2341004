/**
 * "Share on your server" from the right-click menu (utils/share/menu.ts) against the in-process sandbox: where the
 * item shows, and what a click opens.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { refreshIntents } from '@/utils/mastodon/home-intents';
import { listenForShare, SHARE_MENU_ID, syncShareMenu } from '@/utils/share/menu';
import { homeServerItem } from '@/utils/storage';
import { backgroundTest, HOME } from './background';
import { HOME_SERVER } from './account-fixtures';
import { fakeNavigationApis, type FakeNavigationApis } from './navigation-fakes';

const bg = backgroundTest();
let apis: FakeNavigationApis;

beforeEach(() => {
  apis = fakeNavigationApis();
  apis.install();
});

const shareItems = () => apis.menus.filter((menu) => menu.id === SHARE_MENU_ID);

let created: string[] = [];
beforeEach(() => {
  created = [];
  vi.spyOn(fakeBrowser.tabs, 'create').mockImplementation((properties) => {
    created.push(properties.url ?? '');
    return Promise.resolve({ id: 100 + created.length } as never);
  });
});

async function createdTabs(count: number): Promise<string[]> {
  await vi.waitFor(() => expect(created).toHaveLength(count));
  return created;
}

describe('the Share item', () => {
  it('shows on Mastodon, in the person’s language, once however often it syncs', async () => {
    await homeServerItem.setValue(HOME_SERVER);
    await Promise.all([syncShareMenu(), syncShareMenu()]);
    expect(shareItems()).toEqual([
      expect.objectContaining({ title: `Share on ${HOME}`, contexts: ['page', 'link', 'selection'] }),
    ]);
  });

  it('shows on GoToSocial only once its server publishes a Create intent', async () => {
    await bg.home('software', { profile: 'gotosocial' });
    await homeServerItem.setValue({ ...HOME_SERVER, software: 'gotosocial', version: '0.20.0' });
    await refreshIntents();
    await syncShareMenu();
    expect(shareItems()).toEqual([]);
    await bg.home('set-webfinger-links', { intents: [{ type: 'Create', template: '/compose?t={content}' }] });
    await refreshIntents(true);
    await syncShareMenu();
    expect(shareItems()).toHaveLength(1);
  });

  it('opens a selection as a quote with the page, next to the tab, through the Create intent', async () => {
    await bg.home('software', { profile: 'mastodon-4.6' });
    await homeServerItem.setValue({ ...HOME_SERVER, version: '4.6.0' });
    await refreshIntents();
    listenForShare();
    apis.clickMenu(
      {
        menuItemId: SHARE_MENU_ID,
        editable: false,
        pageUrl: 'https://news.example/a',
        selectionText: 'It said so.',
      },
      { id: 3, index: 0, title: 'News', url: 'https://news.example/a' } as never,
    );
    const [url] = await createdTabs(1);
    expect(url).toBe(
      `https://${HOME}/share?text=${encodeURIComponent('“It said so.”\n\nNews\nhttps://news.example/a')}`,
    );
  });

  it('opens a link as its address, and ignores other items', async () => {
    await homeServerItem.setValue(HOME_SERVER);
    listenForShare();
    apis.clickMenu({ menuItemId: 'open-at-home', editable: false, pageUrl: 'https://news.example/a' });
    apis.clickMenu({
      menuItemId: SHARE_MENU_ID,
      editable: false,
      pageUrl: 'https://news.example/a',
      linkUrl: 'https://other.example/story',
    });
    expect(await createdTabs(1)).toEqual([`https://${HOME}/share?text=https%3A%2F%2Fother.example%2Fstory`]);
  });
});
