// @vitest-environment happy-dom
import { render } from 'preact';
import { useCatalogue, words } from '@/utils/i18n';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { FollowState } from '@/utils/follow/protocol';
import { threadsNetwork } from '@/utils/sites/threads/network';
import { bridgyFedNetwork } from '@/utils/sites/bluesky/network';
import type { FediverseNetwork } from '@/utils/sites/types';
import { clockTime } from '@/components/shared/clock-time';
import { FollowButton, type FollowActions } from './FollowButton';

const HANDLE = 'juno.field@threads.net';
let root: HTMLElement;
type SimpleActions = Omit<FollowActions, 'accounts' | 'followAs' | 'unfollowAs'>;
let actions: { [K in keyof SimpleActions]: Mock<() => void> } & {
  accounts: Mock<FollowActions['accounts']>;
  followAs: Mock<FollowActions['followAs']>;
  unfollowAs: Mock<FollowActions['unfollowAs']>;
};

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  actions = {
    follow: vi.fn<() => void>(),
    unfollow: vi.fn<() => void>(),
    retry: vi.fn<() => void>(),
    openSettings: vi.fn<() => void>(),
    openRemoteFollow: vi.fn<() => void>(),
    askBridge: vi.fn<() => void>(),
    accounts: vi.fn<FollowActions['accounts']>(() => Promise.resolve([])),
    followAs: vi.fn<FollowActions['followAs']>(() => Promise.resolve({ kind: 'checking' })),
    unfollowAs: vi.fn<FollowActions['unfollowAs']>(() => Promise.resolve({ kind: 'checking' })),
  };
});

afterEach(() => {
  render(null, root);
  root.remove();
});

function show(state: FollowState, network: FediverseNetwork = threadsNetwork, handle = HANDLE): void {
  act(() => {
    render(<FollowButton state={state} handle={handle} network={network} actions={actions} />, root);
  });
}

function buttons(): HTMLButtonElement[] {
  return [...root.querySelectorAll('button')];
}

/** What assistive technology reads: aria-label, else the text (the mark's svg is aria-hidden, and empty). */
function accessibleName(element: Element): string {
  return (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function button(name: string | RegExp): HTMLButtonElement {
  const found = buttons().find((b) =>
    typeof name === 'string' ? accessibleName(b) === name : name.test(accessibleName(b)),
  );
  if (!found) throw new Error(`no button "${String(name)}" in ${buttons().map(accessibleName).join(' | ')}`);
  return found;
}

function click(element: HTMLElement): void {
  act(() => element.click());
}

const UNTIL = Date.UTC(2025, 5, 1, 14, 5);
const server = 'home.example';

describe('FollowButton: one label per state', () => {
  it.each<[string, FollowState, string[]]>([
    ['checking', { kind: 'checking' }, ['Checking Mastodon']],
    ['can-follow', { kind: 'can-follow', server }, ['Follow on Mastodon']],
    ['following', { kind: 'following', server }, ['Following on Mastodon']],
    ['requested', { kind: 'requested', server }, ['Requested']],
    ['not-federated', { kind: 'not-federated' }, ['Not on the fediverse']],
    ['blocked', { kind: 'blocked', server }, ['Blocked by your server']],
    [
      'needs-login',
      { kind: 'needs-login', server, remoteFollow: true, reason: 'no-account', canConnect: true },
      ['Connect Mastodon', 'Follow on your server'],
    ],
    [
      'needs-login where the browser cannot sign in',
      { kind: 'needs-login', server, remoteFollow: true, reason: 'no-account', canConnect: false },
      ['Follow on your server'],
    ],
    ['no-server', { kind: 'no-server' }, ['Set your server']],
    ['rate-limited', { kind: 'rate-limited', until: UNTIL }, [`Try again at ${clockTime(UNTIL)}`]],
    ['failed', { kind: 'failed', reason: words('failure_downYours', { status: '502' }) }, ['Try again']],
  ])('%s', (_name, state, labels) => {
    show(state);
    expect(buttons().map(accessibleName)).toEqual(labels);
    // The accessible name starts with the visible label: no aria-label that says something else.
    for (const b of buttons()) expect(b.hasAttribute('aria-label')).toBe(false);
  });

  it("writes the rate-limit time in the language's own form", () => {
    expect(clockTime(UNTIL)).toMatch(/^\d{1,2}:\d\d\s?[AP]M$/);
    useCatalogue('de', {});
    expect(clockTime(UNTIL)).toMatch(/^\d\d:\d\d$/);
    useCatalogue('ja', {});
    expect(clockTime(UNTIL)).toMatch(/^\d{1,2}:\d\d$/);
  });

  it('is busy and not clickable while checking, and keeps the focus of the button it replaces', () => {
    show({ kind: 'can-follow', server });
    act(() => button('Follow on Mastodon').focus());
    show({ kind: 'checking' });
    expect(button('Checking Mastodon').getAttribute('aria-disabled')).toBe('true');
    expect(button('Checking Mastodon').getAttribute('aria-busy')).toBe('true');
    expect(document.activeElement).toBe(button('Checking Mastodon'));
    click(button('Checking Mastodon'));
    for (const action of Object.values(actions)) expect(action).not.toHaveBeenCalled();
  });

  it('puts the failure reason on hover and in the description', () => {
    show({ kind: 'failed', reason: words('failure_timeoutYours') });
    expect(button('Try again').title).toBe("Your server didn't answer within 5 seconds");
    expect(button('Try again').getAttribute('aria-description')).toBe(
      "Your server didn't answer within 5 seconds",
    );
  });

  it('never writes the home server name into the page', () => {
    for (const state of [
      { kind: 'can-follow', server },
      { kind: 'following', server },
      { kind: 'blocked', server },
      {
        kind: 'needs-login',
        server,
        remoteFollow: true,
        reason: 'revoked',
        canConnect: true,
      },
    ] satisfies FollowState[]) {
      show(state);
      for (const b of buttons()) click(b);
      expect(root.innerHTML).not.toContain(server);
    }
  });
});

describe('FollowButton: what each click does', () => {
  it('follows', () => {
    show({ kind: 'can-follow', server });
    click(button('Follow on Mastodon'));
    expect(actions.follow).toHaveBeenCalledOnce();
  });

  it.each<[FollowState, string, string, string]>([
    [{ kind: 'following', server }, 'Following on Mastodon', 'Unfollow', `Unfollow @${HANDLE} on Mastodon?`],
    [
      { kind: 'requested', server },
      'Requested',
      'Withdraw request',
      `@${HANDLE} has not accepted yet. Withdraw your follow request?`,
    ],
  ])('asks before undoing %j', (state, label, confirm, question) => {
    show(state);
    expect(actions.unfollow).not.toHaveBeenCalled();
    click(button(label));
    expect(button(label).getAttribute('aria-expanded')).toBe('true');
    expect(root.querySelector('[role="dialog"]')?.textContent).toContain(question);
    click(button('Cancel'));
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(actions.unfollow).not.toHaveBeenCalled();
    click(button(label));
    click(button(confirm));
    expect(actions.unfollow).toHaveBeenCalledOnce();
  });

  it('closes a popover on Escape and on a click elsewhere', () => {
    show({ kind: 'following', server });
    click(button('Following on Mastodon'));
    act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    click(button('Following on Mastodon'));
    act(() => {
      document.body.dispatchEvent(new Event('pointerdown', { bubbles: true, composed: true }));
    });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });

  it('gives the focus back to its button when Escape, Cancel or Unfollow closes the dialog', () => {
    show({ kind: 'following', server });
    click(button('Following on Mastodon'));
    act(() => button('Cancel').focus());
    act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(document.activeElement).toBe(button('Following on Mastodon'));

    click(button('Following on Mastodon'));
    act(() => button('Cancel').focus());
    click(button('Cancel'));
    expect(document.activeElement).toBe(button('Following on Mastodon'));

    click(button('Following on Mastodon'));
    act(() => button('Unfollow').focus());
    click(button('Unfollow'));
    expect(actions.unfollow).toHaveBeenCalledOnce();
    expect(document.activeElement).toBe(button('Following on Mastodon'));
  });

  it('leaves the focus where it is when Escape is pressed elsewhere in the page', () => {
    const outside = document.createElement('input');
    document.body.append(outside);
    show({ kind: 'following', server });
    click(button('Following on Mastodon'));
    act(() => outside.focus());
    act(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('closes the popover when the state changes under it', () => {
    show({ kind: 'following', server });
    click(button('Following on Mastodon'));
    show({ kind: 'can-follow', server });
    show({ kind: 'following', server });
    expect(root.querySelector('[role="dialog"]')).toBeNull();
  });

  it.each<[FollowState, string, RegExp]>([
    [{ kind: 'not-federated' }, 'Not on the fediverse', /hasn't turned on fediverse sharing on Threads/],
    [{ kind: 'blocked', server }, 'Blocked by your server', /doesn't federate with threads\.net/],
  ])('explains %j in a note', (state, label, text) => {
    show(state);
    click(button(label));
    expect(root.querySelector('[role="note"]')?.textContent).toMatch(text);
  });

  it('explains connecting, then opens the settings; follows on the server page meanwhile', () => {
    show({
      kind: 'needs-login',
      server,
      remoteFollow: true,
      reason: 'no-account',
      canConnect: true,
    });
    click(button('Follow on your server'));
    expect(actions.openRemoteFollow).toHaveBeenCalledOnce();
    click(button('Connect Mastodon'));
    expect(root.querySelector('[role="dialog"]')?.textContent).toMatch(/one click/);
    click(button('Connect account'));
    expect(actions.openSettings).toHaveBeenCalledOnce();
  });

  it('says why a revoked account must connect again', () => {
    show({ kind: 'needs-login', server, remoteFollow: true, reason: 'revoked', canConnect: true });
    click(button('Connect Mastodon'));
    expect(root.querySelector('[role="dialog"]')?.textContent).toMatch(/no longer accepts Homeward/);
  });

  it.each<[FollowState, string, keyof SimpleActions]>([
    [{ kind: 'no-server' }, 'Set your server', 'openSettings'],
    [{ kind: 'failed', reason: words('failure_problem') }, 'Try again', 'retry'],
    [{ kind: 'rate-limited', until: UNTIL }, `Try again at ${clockTime(UNTIL)}`, 'retry'],
    [
      { kind: 'needs-login', server, remoteFollow: true, reason: 'no-account', canConnect: false },
      'Follow on your server',
      'openRemoteFollow',
    ],
  ])('%j: %s → %s', (state, label, action) => {
    show(state);
    click(button(label));
    expect(actions[action]).toHaveBeenCalledOnce();
    for (const other of Object.keys(actions) as (keyof typeof actions)[])
      if (other !== action) expect(actions[other]).not.toHaveBeenCalled();
  });
});

describe('a Bluesky account not bridged to the fediverse', () => {
  const ROWAN = 'rowan.bsky.social@bsky.brid.gy';
  const showBluesky = (state: FollowState) => show(state, bridgyFedNetwork, ROWAN);
  const note = () => root.querySelector('[role="note"]')?.textContent ?? '';

  it('says so in its own words, with the line that tells them how to join and a link to copy it', async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    showBluesky({ kind: 'not-federated' });
    click(button('Not bridged to the fediverse'));
    expect(note()).toMatch(/@rowan\.bsky\.social@bsky\.brid\.gy hasn't bridged their Bluesky account/);
    expect(note()).toMatch(/following @ap\.brid\.gy on Bluesky/);
    // Signed out: nothing to ask with.
    expect(buttons().map(accessibleName)).not.toContain('Ask them to bridge');
    click(button('Copy this line'));
    await act(async () => {});
    expect(writeText).toHaveBeenCalledWith(
      'A Bluesky account joins the fediverse by following @ap.brid.gy on Bluesky.',
    );
    expect(button('Copied')).toBeTruthy();
  });

  it('shows exactly the message before sending it, and sends only on Send', () => {
    showBluesky({ kind: 'not-federated', request: 'available' });
    click(button('Not bridged to the fediverse'));
    click(button('Ask them to bridge'));
    const dialog = root.querySelector('[role="dialog"]');
    expect(dialog?.getAttribute('aria-label')).toBe('Ask them to bridge');
    expect(dialog?.textContent).toMatch(/from your account to @bsky\.brid\.gy@bsky\.brid\.gy/);
    expect(dialog?.querySelector('pre')?.textContent).toBe('@bsky.brid.gy@bsky.brid.gy rowan.bsky.social');
    expect(actions.askBridge).not.toHaveBeenCalled();
    click(button('Cancel'));
    expect(root.querySelector('[role="dialog"]')).toBeNull();
    expect(actions.askBridge).not.toHaveBeenCalled();
    click(button('Not bridged to the fediverse'));
    click(button('Ask them to bridge'));
    click(button('Send'));
    expect(actions.askBridge).toHaveBeenCalledOnce();
  });

  it('opens the note again when the answer comes, saying the request went', () => {
    showBluesky({ kind: 'not-federated', request: 'available' });
    click(button('Not bridged to the fediverse'));
    click(button('Ask them to bridge'));
    click(button('Send'));
    showBluesky({ kind: 'checking' });
    showBluesky({ kind: 'not-federated', request: 'sent' });
    expect(note()).toMatch(/Request sent/);
    expect(buttons().map(accessibleName)).not.toContain('Ask them to bridge');
  });

  it('never offers to ask on Threads, which takes no requests', () => {
    show({ kind: 'not-federated', request: 'available' });
    click(button('Not on the fediverse'));
    expect(buttons().map(accessibleName)).not.toContain('Ask them to bridge');
    expect(note()).not.toMatch(/ap\.brid\.gy/);
  });
});

describe('several accounts', () => {
  it('offers the other accounts in a menu beside the button, keyboard reachable, named by number only', async () => {
    actions.accounts.mockResolvedValue([
      { position: 1, isDefault: true, state: { kind: 'following', server: 'home.example' } },
      { position: 2, isDefault: false, state: { kind: 'can-follow', server: 'other.example' } },
    ]);
    actions.followAs.mockResolvedValue({ kind: 'requested', server: 'other.example' });
    show({ kind: 'following', server: 'home.example', others: 1 });
    const chevron = button('Other accounts');
    expect(chevron.getAttribute('aria-expanded')).toBe('false');
    click(chevron);
    await act(async () => {});
    const menu = root.querySelector('[role="dialog"]')!;
    expect(menu.textContent).toContain('Account 1 (default)');
    expect(menu.textContent).not.toMatch(/home\.example|other\.example/);
    click(button('Follow from Account 2'));
    await act(async () => {});
    expect(actions.followAs).toHaveBeenCalledWith(2);
    expect(menu.textContent).toContain('Requested');
    expect(button('Unfollow from Account 2')).toBeTruthy();
  });

  it('shows no menu with one account', () => {
    show({ kind: 'can-follow', server: 'home.example' });
    expect(buttons().map(accessibleName)).not.toContain('Other accounts');
  });
});
