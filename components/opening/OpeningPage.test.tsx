// @vitest-environment happy-dom
import { render } from 'preact';
import { words } from '@/utils/i18n';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { clockTime } from '@/components/shared/clock-time';
import type { OpenOutcome } from '@/utils/open-at-home/protocol';
import {
  openingTitle,
  OpeningPage,
  UnopenablePage,
  type OpeningActions,
  type OtherAccount,
} from './OpeningPage';

const ORIGINAL = 'https://remote.example/@juno/1123581321#replies';
const server = 'home.example';
const UNTIL = Date.UTC(2025, 5, 1, 14, 5);

let root: HTMLElement;
let actions: { [K in keyof OpeningActions]: Mock<() => void> };

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  actions = {
    viewOriginal: vi.fn<() => void>(),
    retry: vi.fn<() => void>(),
    reconnect: vi.fn<() => void>(),
    openSettings: vi.fn<() => void>(),
    chooseClient: vi.fn<() => void>(),
    openAs: vi.fn<() => void>(),
  };
});

afterEach(() => {
  render(null, root);
  root.remove();
});

function show(
  outcome: OpenOutcome | 'resolving',
  home: string | null = server,
  others: OtherAccount[] = [],
): void {
  act(() => {
    render(
      <OpeningPage original={ORIGINAL} server={home} outcome={outcome} actions={actions} others={others} />,
      root,
    );
  });
}

function accessibleName(element: Element): string {
  return (element.getAttribute('aria-label') ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function buttons(): HTMLButtonElement[] {
  return [...root.querySelectorAll('button')];
}

function button(name: string): HTMLButtonElement {
  const found = buttons().find((b) => accessibleName(b) === name);
  if (!found) throw new Error(`no button "${name}" in ${buttons().map(accessibleName).join(' | ')}`);
  return found;
}

function click(element: HTMLElement): void {
  act(() => element.click());
}

/** The heading and the detail, read one after the other as a screen reader would. */
function status(): string {
  return [...root.querySelector('[role="status"]')!.children].map(accessibleName).join(' ');
}

const OUTCOMES: [string, OpenOutcome | 'resolving', RegExp, string[]][] = [
  ['resolving', 'resolving', /^Opening on home\.example…$/, ['View original']],
  [
    'found',
    { kind: 'found', homeUrl: 'https://home.example/@juno@remote.example/9' },
    /Opening…/,
    ['View original'],
  ],
  [
    'remote-interaction',
    { kind: 'remote-interaction', homeUrl: 'https://home.example/authorize_interaction?uri=x' },
    /Opening… home\.example may ask you to sign in/,
    ['View original'],
  ],
  ['load-original', { kind: 'load-original' }, /^Opening the original…$/, ['View original']],
  [
    'not-found',
    { kind: 'not-found', server },
    /^home\.example couldn't find this post or profile It may have been deleted, or it may be private\.$/,
    ['View original'],
  ],
  [
    'blocked',
    { kind: 'blocked', server, domain: 'remote.example' },
    /^Your server blocks remote\.example /,
    ['View original'],
  ],
  [
    'needs-login',
    { kind: 'needs-login', server },
    /no longer accepts Homeward/,
    ['Reconnect', 'View original'],
  ],
  [
    'rate-limited',
    { kind: 'rate-limited', server, until: UNTIL },
    new RegExp(`^Your server asked Homeward to wait Try again at ${clockTime(UNTIL)}\\.$`),
    ['Try again', 'View original'],
  ],
  [
    'failed',
    { kind: 'failed', server, reason: words('failure_timeoutHost', { host: 'home.example' }) },
    /^Couldn't open this on home\.example home\.example didn't answer within 5 seconds$/,
    ['Try again', 'View original'],
  ],
  ['no-server', { kind: 'no-server' }, /Set your Mastodon server/, ['Set your server', 'View original']],
  ['already-home', { kind: 'already-home' }, /^This is already on home\.example$/, ['View original']],
];

describe('OpeningPage: what each outcome says', () => {
  it.each(OUTCOMES)('%s', (_name, outcome, text, labels) => {
    show(outcome);
    expect(status()).toMatch(text);
    expect(buttons().map(accessibleName)).toEqual(labels);
    for (const b of buttons()) expect(b.type).toBe('button');
  });

  it.each(OUTCOMES)('%s: shows the original as text, not as a link', (_name, outcome) => {
    show(outcome);
    expect(root.querySelector('.original')?.textContent).toContain(ORIGINAL);
    expect(root.querySelector('a')).toBeNull();
  });

  it('with nowhere to open it, offers web clients and the address to copy, and says where to paste it', async () => {
    const writeText = vi.fn<(text: string) => Promise<void>>().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    show({ kind: 'choose-client', server });
    expect(status()).toMatch(/^Where should posts from other servers open\? home\.example has no web page/);
    expect(buttons().map(accessibleName)).toEqual([
      'Elk',
      'Phanpy',
      'Another web client…',
      'Copy the address',
      'View original',
    ]);
    click(button('Copy the address'));
    expect(writeText).toHaveBeenCalledWith(ORIGINAL);
    await act(() => Promise.resolve());
    expect(status()).toMatch(/Address copied\. Paste it into the search of home\.example\.$/);
  });

  it('is busy with a spinner only while it works', () => {
    show('resolving');
    expect(root.querySelector('.opening')?.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelector('.spinner')?.getAttribute('aria-hidden')).toBe('true');
    show({ kind: 'not-found', server });
    expect(root.querySelector('.opening')?.getAttribute('aria-busy')).toBe('false');
    expect(root.querySelector('.spinner')).toBeNull();
  });

  it('announces the outcome politely', () => {
    show('resolving');
    const region = root.querySelector('[role="status"]')!;
    expect(region.getAttribute('aria-live')).toBe('polite');
    show({ kind: 'not-found', server });
    expect(region.isConnected).toBe(true);
    expect(region.textContent).toContain("couldn't find");
  });

  it('says "your server" until the settings have been read', () => {
    show('resolving', null);
    expect(status()).toBe('Opening on your server…');
    expect(openingTitle(null)).toBe('Opening on your server…');
    expect(openingTitle(server)).toBe('Opening on home.example…');
  });

  it('names the server the background asked over the one in the settings', () => {
    show({ kind: 'not-found', server: 'other.example' }, server);
    expect(status()).toMatch(/^other\.example couldn't find/);
  });

  it('puts the keyboard on the next step once the lookup has ended', () => {
    show('resolving');
    expect(document.activeElement).not.toBe(button('View original'));
    show({
      kind: 'failed',
      server,
      reason: words('failure_downHost', { host: 'home.example', status: '502' }),
    });
    expect(document.activeElement).toBe(button('Try again'));
    show({ kind: 'already-home' });
    expect(document.activeElement).toBe(button('View original'));
  });
});

describe('OpeningPage: what each click does', () => {
  it.each(OUTCOMES)('%s: View original', (_name, outcome) => {
    show(outcome);
    click(button('View original'));
    expect(actions.viewOriginal).toHaveBeenCalledOnce();
  });

  it.each<[OpenOutcome, string, keyof OpeningActions]>([
    [{ kind: 'needs-login', server }, 'Reconnect', 'reconnect'],
    [{ kind: 'rate-limited', server, until: UNTIL }, 'Try again', 'retry'],
    [{ kind: 'failed', server, reason: words('failure_problem') }, 'Try again', 'retry'],
    [{ kind: 'no-server' }, 'Set your server', 'openSettings'],
  ])('%j: %s → %s', (outcome, label, action) => {
    show(outcome);
    click(button(label));
    expect(actions[action]).toHaveBeenCalledOnce();
    for (const other of Object.keys(actions) as (keyof OpeningActions)[])
      if (other !== action) expect(actions[other]).not.toHaveBeenCalled();
  });
});

describe('UnopenablePage', () => {
  it('says the link cannot be opened and offers nothing to view', () => {
    act(() => {
      render(<UnopenablePage />, root);
    });
    expect(status()).toMatch(/^This link can't be opened/);
    expect(buttons()).toEqual([]);
    expect(root.querySelector('a')).toBeNull();
  });
});

describe('other accounts', () => {
  const others: OtherAccount[] = [{ position: 2, handle: '@maya@wd.example' }];

  it('offers to open with another connected account while it works and when it cannot', () => {
    show('resolving', server, others);
    expect(root.textContent).toContain('Or with another of your accounts:');
    show({ kind: 'not-found', server }, server, others);
    const open = [...root.querySelectorAll('button')].find(
      (b) => b.textContent === 'Open as @maya@wd.example',
    );
    act(() => open!.click());
    expect(actions.openAs).toHaveBeenCalledWith(2);
  });

  it('offers nothing with one account, or while leaving for home', () => {
    show({ kind: 'not-found', server });
    expect(root.textContent).not.toContain('another of your accounts');
    show({ kind: 'found', homeUrl: `https://${server}/@bob@remote.example` }, server, others);
    expect(root.textContent).not.toContain('another of your accounts');
  });
});
