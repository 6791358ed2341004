/**
 * `web+ap://` links (utils/open-at-home/web-ap.ts) as the handler page sends them: through its route, as the
 * background's one listener hands it over.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch, fromAllowedPage } from '@/utils/messaging/bus';
import { openingRoutes } from '@/utils/open-at-home/routes';
import { featuresItem, homeServerItem, webApItem } from '@/utils/storage';
import { rememberHost } from '@/utils/open-at-home/known-hosts';
import { backgroundTest } from './background';
import { HOME_SERVER } from './account-fixtures';
import { fakeNavigationApis, type FakeNavigationApis } from './navigation-fakes';

backgroundTest();
let apis: FakeNavigationApis;
beforeEach(() => {
  apis = fakeNavigationApis();
  apis.install();
});
const POST = 'web+ap://remote.example/@bob/113456789012345678';

function sender(path: string, frameId = 0, tab: boolean = true) {
  return {
    id: fakeBrowser.runtime.id,
    url: fakeBrowser.runtime.getURL(path as '/web-ap.html'),
    frameId,
    ...(tab ? { tab: { id: 4 } as never } : {}),
  };
}

function fromPage(path: string, payload: unknown, frameId = 0, tab = true) {
  return dispatch(
    openingRoutes['open:web-ap'],
    payload,
    { kind: 'extension-page', sender: sender(path, frameId, tab) },
    'open:web-ap',
  );
}

describe('open:web-ap', () => {
  it('asks the person first where an https link to the address would not go home by itself', async () => {
    await homeServerItem.setValue(HOME_SERVER);
    expect(await fromPage('/web-ap.html', { uri: POST })).toEqual({
      confirm: 'https://remote.example/@bob/113456789012345678',
      server: HOME_SERVER.host,
    });
    // Their click: the Opening page, with a ticket for their request.
    const answer = (await fromPage('/web-ap.html', { uri: POST, confirmed: true })) as { address: string };
    const address = new URL(answer.address);
    expect(address.pathname).toBe('/opening.html');
    expect(address.searchParams.get('t')).toMatch(/^[0-9a-f-]{36}$/);
    expect(address.hash).toBe('#https://remote.example/@bob/113456789012345678');
  });

  it('goes straight to the Opening page where the redirect rule would send the https link', async () => {
    apis.grantAllSites();
    await homeServerItem.setValue(HOME_SERVER);
    await featuresItem.setValue({ followButtons: true, openAtHome: true });
    await rememberHost('remote.example');
    const answer = (await fromPage('/web-ap.html', { uri: POST })) as { address: string };
    expect(new URL(answer.address).pathname).toBe('/opening.html');
  });

  it('opens the https address itself with the switch off, and nothing for what is no web+ap link', async () => {
    await homeServerItem.setValue(HOME_SERVER);
    await webApItem.setValue(false);
    expect(await fromPage('/web-ap.html', { uri: POST, confirmed: true })).toEqual({
      address: 'https://remote.example/@bob/113456789012345678',
    });
    expect(await fromPage('/web-ap.html', { uri: 'https://remote.example/@bob/1' })).toEqual({
      address: null,
    });
  });

  it('is refused from any other page, a frame, without a tab, or with no link', async () => {
    await expect(fromPage('/options.html', { uri: POST })).rejects.toThrow(/refused/);
    await expect(fromPage('/opening.html', { uri: POST })).rejects.toThrow(/refused/);
    await expect(fromPage('/web-ap.html', { uri: POST }, 3)).rejects.toThrow(/refused/);
    await expect(fromPage('/web-ap.html', { uri: POST }, 0, false)).rejects.toThrow(/refused/);
    await expect(fromPage('/web-ap.html', { uri: 42 })).rejects.toThrow(/refused/);
  });

  it('is all the handler page may send', () => {
    const page = sender('/web-ap.html');
    expect(fromAllowedPage(page, 'never')).toBe(false);
    expect(fromAllowedPage(page, 'also')).toBe(false);
    expect(fromAllowedPage(page, 'never', 'only')).toBe(true);
    expect(fromAllowedPage(sender('/options.html'), 'never', 'only')).toBe(false);
    expect(fromAllowedPage(sender('/options.html'), 'never')).toBe(true);
  });
});
