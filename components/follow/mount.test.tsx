// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { words } from '@/utils/i18n';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { FollowRequestType, FollowState } from '@/utils/follow/protocol';
import { threadsNetwork, threadsProfile } from '@/utils/sites/threads/network';
import type { SiteAdapter } from '@/utils/sites/types';
import { ANCHOR_GRACE_MS, HOST_TAG, ProfileMount, REQUESTED_RECHECK_MS } from './mount';

/** A site whose header is whatever element has `data-header`, and whose anchor is its button row. */
const site: SiteAdapter = {
  id: 'test-site',
  name: 'Test site',
  network: threadsNetwork,
  matches: ['https://site.example/*'],
  detectProfile: () => null,
  findHeader: (root) => root.querySelector('[data-header]'),
  findAnchor: (root) => {
    if (root.querySelector('[data-header][data-own]')) return 'own-profile';
    const row = root.querySelector('[data-header] [data-actions]');
    return row ? { element: row, position: 'beforeend' } : null;
  },
  findProfileArea: (root) => root.querySelector('main'),
};
const profile = threadsProfile('juno.field');

/** A state, or how the background fails: made when asked, so a rejection is never left unhandled. */
type Answer = FollowState | (() => Promise<FollowState>);
let answers: Partial<Record<FollowRequestType, Answer[]>>;
let asked: FollowRequestType[];
let controller: AbortController;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
  document.body.innerHTML = '<main><div data-header><h1>Juno</h1><div data-actions></div></div></main>';
  answers = {};
  asked = [];
  controller = new AbortController();
  // The background, as the content script sees it: one answer per message, in order.
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    const type = (message as { type: FollowRequestType }).type;
    asked.push(type);
    const next = answers[type]?.shift();
    if (!next) throw new Error(`no answer for ${type}`);
    return typeof next === 'function' ? next() : Promise.resolve(next);
  });
});

afterEach(() => {
  controller.abort();
  vi.useRealTimers();
});

function answer(type: FollowRequestType, ...states: Answer[]): void {
  (answers[type] ??= []).push(...states);
}

function host(): HTMLElement | null {
  return document.querySelector(HOST_TAG);
}

/** The visible labels inside the shadow root. */
function labels(): string[] {
  return [...(host()?.shadowRoot?.querySelectorAll('button') ?? [])].map((b) =>
    (b.textContent ?? '').replace(/\s+/g, ' ').trim(),
  );
}

async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
}

function mount(): ProfileMount {
  const view = new ProfileMount(site, profile, controller.signal);
  view.check();
  return view;
}

const server = 'home.example';

describe('ProfileMount', () => {
  it('places the button in the header, checking first, then with the background’s answer', async () => {
    answer('follow:state', { kind: 'can-follow', server });
    mount();
    expect(host()?.parentElement?.matches('[data-actions]')).toBe(true);
    expect(host()?.dataset.handle).toBe('juno.field@threads.net');
    expect(labels()).toEqual(['Checking Mastodon']);
    await settle();
    expect(labels()).toEqual(['Follow on Mastodon']);
  });

  it('floats at the top right of the profile area when no anchor appears in time', async () => {
    document.querySelector('[data-actions]')?.remove();
    answer('follow:state', { kind: 'can-follow', server });
    const view = mount();
    await vi.advanceTimersByTimeAsync(ANCHOR_GRACE_MS - 1);
    expect(host()).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(host()?.parentElement).toBe(document.body);
    expect(host()?.hasAttribute('data-floating')).toBe(true);
    // The header shows up late after all: the button moves beside it.
    document.querySelector('[data-header]')?.insertAdjacentHTML('beforeend', '<div data-actions></div>');
    view.check();
    expect(host()?.parentElement?.matches('[data-actions]')).toBe(true);
    expect(host()?.hasAttribute('data-floating')).toBe(false);
  });

  it('shows nothing on one’s own profile, not even the floating button', async () => {
    document.querySelector('[data-header]')?.setAttribute('data-own', '');
    answer('follow:state', { kind: 'can-follow', server });
    const view = mount();
    await vi.advanceTimersByTimeAsync(ANCHOR_GRACE_MS * 2);
    view.check();
    expect(host()).toBeNull();
  });

  it('steps the floating button aside while the site shows a dialog, and back after', async () => {
    document.querySelector('[data-actions]')?.remove();
    answer('follow:state', { kind: 'can-follow', server });
    const view = mount();
    await vi.advanceTimersByTimeAsync(ANCHOR_GRACE_MS);
    expect(host()?.hasAttribute('data-covered')).toBe(false);
    // The highlights tray is a menu inside the profile's header: not a dialog.
    document.body.insertAdjacentHTML('afterbegin', '<header><div role="menu"></div></header>');
    view.check();
    expect(host()?.hasAttribute('data-covered')).toBe(false);
    document.body.insertAdjacentHTML('beforeend', '<div role="dialog" aria-modal="true">Log in</div>');
    view.check();
    expect(host()?.hasAttribute('data-covered')).toBe(true);
    document.querySelector('[role="dialog"]')?.remove();
    view.check();
    expect(host()?.hasAttribute('data-covered')).toBe(false);
  });

  it('comes back when the site re-renders its header', async () => {
    answer('follow:state', { kind: 'can-follow', server });
    const view = mount();
    await settle();
    const button = host()!;
    document.querySelector('[data-header]')!.outerHTML =
      '<div data-header><h1>Juno</h1><div data-actions></div></div>';
    expect(button.isConnected).toBe(false);
    view.check();
    expect(host()?.parentElement?.matches('[data-actions]')).toBe(true);
    expect(labels()).toEqual(['Follow on Mastodon']);
  });

  it("ignores a click or a key the page's own script made: nothing is asked", async () => {
    answer('follow:state', { kind: 'can-follow', server });
    answer('follow:follow', { kind: 'following', server });
    mount();
    await settle();
    const button = host()!.shadowRoot!.querySelector('button')!;
    for (const event of [
      new MouseEvent('click', { bubbles: true, cancelable: true }),
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }),
    ]) {
      // What a browser says of every event a script dispatches.
      Object.defineProperty(event, 'isTrusted', { value: false });
      button.dispatchEvent(event);
    }
    await settle();
    expect(labels()).toEqual(['Follow on Mastodon']);
    expect(asked).toEqual(['follow:state']);
  });

  it('follows: checking while asking, then Requested, re-checked until Following', async () => {
    answer('follow:state', { kind: 'can-follow', server });
    answer('follow:follow', { kind: 'requested', server });
    answer('follow:state', { kind: 'requested', server }, { kind: 'following', server });
    mount();
    await settle();
    host()!.shadowRoot!.querySelector('button')!.click();
    expect(labels()).toEqual(['Checking Mastodon']);
    await settle();
    expect(labels()).toEqual(['Requested']);
    await vi.advanceTimersByTimeAsync(REQUESTED_RECHECK_MS[0]!);
    expect(labels()).toEqual(['Requested']);
    await vi.advanceTimersByTimeAsync(REQUESTED_RECHECK_MS[1]!);
    expect(labels()).toEqual(['Following on Mastodon']);
    expect(asked).toEqual(['follow:state', 'follow:follow', 'follow:state', 'follow:state']);
    // Following is final: nothing more is asked, however long the page stays open.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toHaveLength(4);
  });

  it('stops re-checking a request that is never accepted', async () => {
    answer('follow:state', { kind: 'can-follow', server });
    answer('follow:follow', { kind: 'requested', server });
    answer('follow:state', ...REQUESTED_RECHECK_MS.map(() => ({ kind: 'requested', server }) as const));
    mount();
    await settle();
    host()!.shadowRoot!.querySelector('button')!.click();
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(asked.filter((type) => type === 'follow:state')).toHaveLength(1 + REQUESTED_RECHECK_MS.length);
    expect(labels()).toEqual(['Requested']);
  });

  it('asks again on Try again', async () => {
    answer(
      'follow:state',
      { kind: 'failed', reason: words('failure_timeoutYours') },
      { kind: 'following', server },
    );
    mount();
    await settle();
    expect(labels()).toEqual(['Try again']);
    host()!.shadowRoot!.querySelector('button')!.click();
    await settle();
    expect(labels()).toEqual(['Following on Mastodon']);
  });

  const stopped = () =>
    Promise.reject(
      new Error(
        'A listener indicated an asynchronous response by returning true, but the message channel closed',
      ),
    );

  const nothing = (() => Promise.resolve(undefined)) as unknown as () => Promise<FollowState>;

  it.each([
    ['the service worker stopped before the follow went out', stopped],
    ['the message was answered with nothing (the worker woke but never answered)', nothing],
  ])('asks once more when %s: the click is not lost', async (_, first) => {
    answer('follow:state', { kind: 'can-follow', server }, { kind: 'can-follow', server });
    answer('follow:follow', first, { kind: 'following', server });
    mount();
    await settle();
    host()!.shadowRoot!.querySelector('button')!.click();
    await settle();
    expect(labels()).toEqual(['Following on Mastodon']);
    expect(asked).toEqual(['follow:state', 'follow:follow', 'follow:state', 'follow:follow']);
  });

  it('does not follow twice when the follow reached the server before the service worker stopped', async () => {
    answer('follow:state', { kind: 'can-follow', server }, { kind: 'requested', server });
    answer('follow:follow', stopped);
    mount();
    await settle();
    host()!.shadowRoot!.querySelector('button')!.click();
    await settle();
    expect(labels()).toEqual(['Requested']);
    expect(asked).toEqual(['follow:state', 'follow:follow', 'follow:state']);
  });

  it('says to reload when the extension no longer answers, and never goes back silently after a click', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const gone = () => Promise.reject(new Error('Extension context invalidated.'));
    answer('follow:state', { kind: 'can-follow', server }, gone);
    answer('follow:follow', gone);
    mount();
    await settle();
    host()!.shadowRoot!.querySelector('button')!.click();
    await settle();
    // The follow may or may not have happened: the button says what to do instead of offering Follow again.
    expect(labels()).toEqual(['Try again']);
    expect(host()!.shadowRoot!.querySelector('button')!.title).toBe('Homeward was updated. Reload the page.');

    const other = new AbortController();
    document.querySelectorAll(HOST_TAG).forEach((element) => element.remove());
    answer('follow:state', gone, gone);
    new ProfileMount(site, profile, other.signal).check();
    await settle();
    expect(labels()).toEqual(['Try again']);
    expect(host()!.shadowRoot!.querySelector('button')!.title).toBe('Homeward was updated. Reload the page.');
    other.abort();
    expect(warn).toHaveBeenCalled();
  });

  it('removes itself and stops everything when its signal aborts', async () => {
    answer('follow:state', { kind: 'can-follow', server });
    answer('follow:follow', { kind: 'requested', server });
    mount();
    await settle();
    host()!.shadowRoot!.querySelector('button')!.click();
    await settle();
    controller.abort();
    expect(host()).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toEqual(['follow:state', 'follow:follow']);
  });

  it('ignores an answer that arrives after leaving the profile', async () => {
    let release!: (state: FollowState) => void;
    const pending = new Promise<FollowState>((resolve) => (release = resolve));
    answer('follow:state', () => pending);
    mount();
    controller.abort();
    release({ kind: 'can-follow', server });
    await settle();
    expect(host()).toBeNull();
  });

  it('takes the theme from what the page paints', async () => {
    answer('follow:state', { kind: 'can-follow', server }, { kind: 'can-follow', server });
    document.body.style.backgroundColor = 'rgb(16, 16, 16)';
    mount();
    expect(host()?.dataset.theme).toBe('dark');
    controller.abort();
    controller = new AbortController();
    document.body.style.backgroundColor = 'rgb(255, 255, 255)';
    mount();
    expect(host()?.dataset.theme).toBe('light');
  });

  it('follows the page when it turns dark after the button is placed', async () => {
    answer('follow:state', { kind: 'can-follow', server });
    document.body.style.backgroundColor = '';
    mount();
    expect(host()?.dataset.theme).toBe('light');
    // What the sites' "Auto" appearance does once their script has run: a class on <html> darkens the body.
    const style = document.createElement('style');
    style.textContent = '.dark-mode body { background-color: rgb(16, 16, 16); }';
    document.head.append(style);
    try {
      document.documentElement.classList.add('dark-mode');
      await settle();
      expect(host()?.dataset.theme).toBe('dark');
      document.documentElement.classList.remove('dark-mode');
      await settle();
      expect(host()?.dataset.theme).toBe('light');
    } finally {
      style.remove();
    }
  });
});
