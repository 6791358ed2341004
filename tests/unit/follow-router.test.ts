import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listenToContentScripts } from '@/utils/background/content-router';
import { listen } from '@/utils/background/router';
import { fakeNetwork, HOME, setUpHome, type FakeNetwork } from './follow-fakes';

const contentScript = {
  id: fakeBrowser.runtime.id,
  tab: { id: 7, index: 0, highlighted: false, active: true, pinned: false, incognito: false },
  url: 'https://www.threads.com/@juno.field',
};
let net: FakeNetwork;

beforeEach(() => {
  fakeBrowser.reset();
  net = fakeNetwork();
  vi.stubGlobal('fetch', net.fetch);
  listen();
  listenToContentScripts();
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

/** What each listener answered: undefined from a listener that does not handle the message. */
function deliver(message: unknown, sender: object = contentScript): Promise<unknown[]> {
  return fakeBrowser.runtime.onMessage.trigger(message, sender);
}

describe('the content-script router', () => {
  it('answers follow:state from a content script with a state, and only once', async () => {
    await setUpHome();
    net.addThreadsUser('juno.field');
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
    expect(answers).toEqual([undefined, undefined]);
  });

  it.each([
    ['an unknown follow message', { type: 'follow:everyone', payload: {} }],
    ['a page message', { type: 'disconnect', payload: {} }],
    ['junk', 'follow:state'],
  ])('leaves %s from a content script unanswered', async (_name, message) => {
    expect(await deliver(message)).toEqual([undefined, undefined]);
  });

  it('answers a malformed payload with a state, not an exception', async () => {
    await setUpHome();
    const answers = await deliver({ type: 'follow:follow', payload: null });
    expect(answers.filter((a) => a !== undefined)).toEqual([
      { kind: 'failed', reason: 'Not an account Homeward can follow' },
    ]);
  });

  it('opens the settings', async () => {
    const open = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue();
    const answers = await deliver({ type: 'follow:open-settings', payload: {} });
    expect(answers.filter((a) => a !== undefined)).toEqual([{ ok: true }]);
    expect(open).toHaveBeenCalledOnce();
  });

  it('opens the home server’s remote-follow page in a new tab', async () => {
    await setUpHome('none');
    const create = vi.spyOn(fakeBrowser.tabs, 'create');
    await deliver({ type: 'follow:open-remote-follow', payload: { handle: 'Juno.Field@threads.net' } });
    expect(create).toHaveBeenCalledWith({
      url: `https://${HOME}/authorize_interaction?uri=juno.field%40threads.net`,
    });
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
      { kind: 'failed', reason: 'Homeward ran into a problem. Try again.' },
    ]);
  });
});
