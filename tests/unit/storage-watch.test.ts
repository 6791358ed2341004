import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { featuresItem } from '@/utils/storage';
import { WATCHED_KEYS, watchStored } from '@/utils/storage/watch';

/** The content script's light watch (utils/storage/watch.ts) hears what WXT's items write, and nothing else. */
describe('watchStored', () => {
  it('hears a change of the item at its key, with the new value', async () => {
    const heard = vi.fn();
    const stop = watchStored(WATCHED_KEYS.features, heard);
    await featuresItem.setValue({ followButtons: false, openAtHome: false });
    expect(heard).toHaveBeenLastCalledWith({ followButtons: false, openAtHome: false });
    stop();
    await featuresItem.setValue({ followButtons: true, openAtHome: false });
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('does not hear a value written again unchanged (Firefox reports those)', async () => {
    const heard = vi.fn();
    await featuresItem.setValue({ followButtons: true, openAtHome: false });
    watchStored(WATCHED_KEYS.features, heard);
    await featuresItem.setValue({ followButtons: true, openAtHome: false });
    expect(heard).not.toHaveBeenCalled();
    await featuresItem.setValue({ followButtons: false, openAtHome: false });
    expect(heard).toHaveBeenCalledOnce();
  });

  it('hears a removal as undefined, and ignores other keys and areas', async () => {
    const heard = vi.fn();
    watchStored(WATCHED_KEYS.account, heard);
    await fakeBrowser.storage.sync.set({ account: { status: 'connected' } });
    await fakeBrowser.storage.local.set({ other: 1 });
    expect(heard).not.toHaveBeenCalled();
    await fakeBrowser.storage.local.set({ account: { status: 'connected' } });
    await fakeBrowser.storage.local.remove('account');
    expect(heard.mock.calls).toEqual([[{ status: 'connected' }], [undefined]]);
  });
});
