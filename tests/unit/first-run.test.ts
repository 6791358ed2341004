import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listenForInstall } from '@/utils/settings/install';
import { agreementItem } from '@/utils/storage';
import {
  changesParameter,
  changesSince,
  currentAgreement,
  pageAfterInstall,
  type AgreementChange,
} from '@/utils/settings/first-run';

const CHANGES: AgreementChange[] = [
  // Any catalogue keys: the list holds keys, the update page words them.
  { version: 2, changes: ['permission_site'] },
  { version: 3, changes: ['permission_storage', 'permission_alarms'] },
];

describe('what opens after an install or an update', () => {
  it.each([
    ['install', null, [], { page: 'welcome' }],
    ['install', null, CHANGES, { page: 'welcome' }],
    // A reinstall that kept storage (a restart of a command-line or temporary install): an update.
    ['install', 1, [], null],
    ['install', 3, CHANGES, null],
    ['install', 2, CHANGES, { page: 'changes', since: 2 }],
    ['update', null, [], null],
    ['update', null, CHANGES, { page: 'changes', since: 1 }],
    ['update', 1, [], null],
    ['update', 3, CHANGES, null],
    ['update', 2, CHANGES, { page: 'changes', since: 2 }],
    ['update', 1, CHANGES, { page: 'changes', since: 1 }],
    ['browser_update', 1, CHANGES, null],
    ['chrome_update', 1, CHANGES, null],
    ['shared_module_update', 1, CHANGES, null],
  ] as const)('%s after agreeing to version %s', (reason, agreed, changes, expected) => {
    expect(pageAfterInstall(reason, agreed, changes)).toEqual(expected);
  });

  it('lists the changes since an agreement, oldest first', () => {
    expect(changesSince(1, CHANGES)).toEqual(['permission_site', 'permission_storage', 'permission_alarms']);
    expect(changesSince(2, CHANGES)).toEqual(CHANGES[1]!.changes);
    expect(changesSince(3, CHANGES)).toEqual([]);
  });

  it('asks for the newest agreement in the list, 1 without changes', () => {
    expect(currentAgreement([])).toBe(1);
    expect(currentAgreement(CHANGES)).toBe(3);
  });

  it.each([
    ['?changes=2', 2],
    ['?changes=0', 0],
    ['', null],
    ['?changes=', null],
    ['?changes=-1', null],
    ['?changes=1e3', null],
    ['?changes=99999', null],
    ['?changes=2&changes=3', 2],
  ])('reads the update page parameter %j as %j', (search, expected) => {
    expect(changesParameter(search)).toBe(expected);
  });
});

describe('the background on install', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  async function created(): Promise<string[]> {
    // The listener's work is asynchronous: let it reach tabs.create.
    for (let i = 0; i < 20; i++) await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The fake browser starts with one blank tab, as a browser does.
    return (await fakeBrowser.tabs.query({})).flatMap((tab) => (tab.url ? [tab.url] : []));
  }

  it('opens the welcome page on install and records the agreement', async () => {
    listenForInstall();
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false });
    const urls = await created();
    expect(urls).toEqual([fakeBrowser.runtime.getURL('/welcome.html')]);
    expect(await agreementItem.getValue()).toBe(currentAgreement());
  });

  it('opens nothing when a restart reinstalls an extension whose agreement is stored', async () => {
    listenForInstall();
    await agreementItem.setValue(currentAgreement());
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: true });
    expect(await created()).toEqual([]);
  });

  it('opens nothing on an update that changes nothing agreed to', async () => {
    listenForInstall();
    await fakeBrowser.runtime.onInstalled.trigger({
      reason: 'update',
      previousVersion: '0.0.9',
      temporary: false,
    });
    expect(await created()).toEqual([]);
  });
});
