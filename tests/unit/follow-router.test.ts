import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { words } from '@/utils/i18n';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openPageHandlers } from '@/utils/open-at-home/page-markers';
import { listenForAllMessages } from '@/entrypoints/background/routes';
import { backgroundTest, HOME } from './background';
import { homeServerItem, webClientItem } from '@/utils/storage';

/** What the browser says of a message from the Threads script, in a tab's top frame. */
const contentScript = {
  id: fakeBrowser.runtime.id,
  tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false },
  frameId: 0,
  url: 'https://www.threads.com/@juno.field',
};
const bg = backgroundTest({ clock: false });

beforeEach(() => {
  listenForAllMessages();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** What the background's one listener answered: undefined when it does not handle the message. */
function deliver(message: unknown, sender: object = contentScript): Promise<unknown[]> {
  return fakeBrowser.runtime.onMessage.trigger(message, sender);
}

describe('the content-script router', () => {
  it('answers follow:state from a content script with a state, and only once', async () => {
    await bg.connect();
    const answers = await deliver({ type: 'follow:state', payload: { handle: 'juno.field@threads.net' } });
    expect(answers.filter((a) => a !== undefined)).toEqual([{ kind: 'can-follow', server: HOME }]);
  });

  it.each([
    ['another extension', { ...contentScript, id: 'someone-else' }],
    ['a sender without a tab', { id: fakeBrowser.runtime.id, url: 'https://www.threads.com/' }],
  ])('ignores %s', async (_name, sender) => {
    const answers = await deliver(
      { type: 'follow:state', payload: { handle: 'juno.field@threads.net' } },
      sender,
    );
    expect(answers).toEqual([undefined]);
  });

  it.each([
    ['an unknown follow message', { type: 'follow:everyone', payload: {} }],
    ['a page message', { type: 'disconnect', payload: {} }],
    ['junk', 'follow:state'],
  ])('leaves %s from a content script unanswered', async (_name, message) => {
    expect(await deliver(message)).toEqual([undefined]);
  });

  it('answers a malformed payload with a state, not an exception', async () => {
    await bg.connect();
    const answers = await deliver({ type: 'follow:follow', payload: null });
    expect(answers.filter((a) => a !== undefined)).toEqual([
      { kind: 'failed', reason: words('failure_notAnAccount') },
    ]);
  });

  it('opens the settings', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue();
    const answers = await deliver({ type: 'follow:open-settings', payload: {} });
    expect(answers.filter((a) => a !== undefined)).toEqual([{ ok: true }]);
    expect(open).toHaveBeenCalledOnce();
  });

  it('opens the home server’s remote-follow page in a new tab', async () => {
    await bg.connect('none');
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await deliver({ type: 'follow:open-remote-follow', payload: { handle: 'Juno.Field@threads.net' } });
    expect(create).toHaveBeenCalledWith({
      url: `https://${HOME}/authorize_interaction?uri=juno.field%40threads.net`,
    });
  });

  it("opens the chosen web client's page, or the settings where the server has no follow page", async () => {
    await bg.connect('none');
    await homeServerItem.setValue({ ...(await homeServerItem.getValue())!, software: 'gotosocial' });
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await deliver({ type: 'follow:open-remote-follow', payload: { handle: 'juno.field@threads.net' } });
    expect(open).toHaveBeenCalledOnce();
    expect(create).not.toHaveBeenCalled();
    await webClientItem.setValue({ kind: 'elk', host: 'elk.zone' });
    await deliver({ type: 'follow:open-remote-follow', payload: { handle: 'juno.field@threads.net' } });
    expect(create).toHaveBeenCalledWith({ url: `https://elk.zone/${HOME}/@juno.field@threads.net` });
  });

  it('opens the settings instead when no server is set', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await deliver({ type: 'follow:open-remote-follow', payload: { handle: 'juno.field@threads.net' } });
    expect(open).toHaveBeenCalledOnce();
    expect(create).not.toHaveBeenCalled();
  });

  it('turns an unexpected failure into a state', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.spyOn(fakeBrowser.storage.sync, 'get').mockRejectedValue(new Error('storage is broken'));
    const answers = await deliver({ type: 'follow:state', payload: { handle: 'juno.field@threads.net' } });
    expect(answers.filter((a) => a !== undefined)).toEqual([
      { kind: 'failed', reason: words('failure_problem') },
    ]);
  });
});

/** The answers of the listeners that answered. */
const answered = (answers: unknown[]) => answers.filter((a) => a !== undefined);

describe('the content-script router judges a message by its sender, not its payload', () => {
  const POST = 'https://remote.example/@bob/113456789012345678';
  /** The marker script, in a fediverse page's top frame. */
  const markerScript = { ...contentScript, url: POST };
  const report = (url: unknown) => ({ type: 'open:page', payload: { url, activityId: null, referrer: '' } });

  it('hands the marker script’s report of its own page to the page handlers', async () => {
    const handler = vi
      .spyOn(openPageHandlers, 'open:page')
      .mockResolvedValue({ redirect: 'the-opening-page' });
    expect(answered(await deliver(report(`${POST}#reply`), markerScript))).toEqual([
      { redirect: 'the-opening-page' },
    ]);
    expect(handler).toHaveBeenCalledOnce();
  });

  it('answers nothing to open:original, which earlier builds took as leave to load any address', async () => {
    expect(answered(await deliver({ type: 'open:original', payload: { url: POST } }, markerScript))).toEqual(
      [],
    );
  });

  it.each([
    ['an address on another host', markerScript, 'https://victim.example/@bob/1'],
    ['an address on another port', markerScript, 'https://remote.example:8443/@bob/1'],
    ['an http address of the same host', markerScript, 'http://remote.example/@bob/1'],
    ['no address', markerScript, undefined],
    ['an unparsable address', markerScript, 'https://'],
  ])('answers open:page with nothing to do for %s', async (_name, sender, url) => {
    const page = vi.spyOn(openPageHandlers, 'open:page');
    expect(answered(await deliver(report(url), sender))).toEqual([{ redirect: null }]);
    expect(page).not.toHaveBeenCalled();
  });

  // Homeward's scripts run in a tab's top frame only: anything else is nobody the bus answers.
  it.each([
    ['a frame', { ...markerScript, frameId: 3 }],
    ['a sender without a frame id', { ...markerScript, frameId: undefined }],
    ['a sender without a URL', { ...markerScript, url: undefined }],
  ])('leaves open:page from %s unanswered, and asks nobody', async (_name, sender) => {
    const page = vi.spyOn(openPageHandlers, 'open:page');
    expect(await deliver(report(POST), sender)).toEqual([undefined]);
    expect(page).not.toHaveBeenCalled();
  });

  it.each([
    ['a fediverse page (the marker script’s world)', markerScript],
    ['a frame on Threads', { ...contentScript, frameId: 2 }],
    ['a host named like Threads', { ...contentScript, url: 'https://www.threads.com.example/@juno.field' }],
    ['Threads over http', { ...contentScript, url: 'http://www.threads.com/@juno.field' }],
  ])('leaves follow messages from %s unanswered, and asks nobody', async (_name, sender) => {
    await bg.connect();
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    for (const type of ['follow:state', 'follow:follow', 'follow:unfollow', 'follow:open-remote-follow'])
      expect(await deliver({ type, payload: { handle: 'juno.field@threads.net' } }, sender)).toEqual([
        undefined,
      ]);
    expect(bg.calls()).toEqual([]);
    expect(create).not.toHaveBeenCalled();
  });

  it('answers follow messages from Instagram too', async () => {
    await bg.connect();
    const answers = await deliver(
      { type: 'follow:state', payload: { handle: 'juno.field@threads.net' } },
      { ...contentScript, url: 'https://www.instagram.com/juno.field/' },
    );
    expect(answered(answers)).toEqual([{ kind: 'can-follow', server: HOME }]);
  });

  const scan = (site: string) => ({
    type: 'people:found',
    payload: {
      site,
      owner: 'ada',
      people: [{ username: 'juno.field', displayName: 'Juno' }],
      stopped: false,
    },
  });

  it('stores a scanned list from the site it was read on', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const answers = await deliver(scan('instagram'), {
      ...contentScript,
      url: 'https://www.instagram.com/ada/following/',
    });
    expect(answered(answers)).toEqual([{ listId: expect.any(String) as string }]);
    expect(create).toHaveBeenCalledOnce();
  });

  it('refuses a list of another site than the page’s', async () => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    const answers = await deliver(scan('threads'), {
      ...contentScript,
      url: 'https://www.instagram.com/ada/following/',
    });
    expect(answered(answers)).toEqual([{ error: words('site_listUnreadable') }]);
    expect(create).not.toHaveBeenCalled();
  });

  it.each([
    ['a fediverse page', markerScript],
    ['a frame on Threads', { ...contentScript, frameId: 1 }],
  ])('leaves a list from %s unanswered, and stores nothing', async (_name, sender) => {
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    expect(await deliver(scan('threads'), sender)).toEqual([undefined]);
    expect(create).not.toHaveBeenCalled();
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('juno.field');
  });
});
