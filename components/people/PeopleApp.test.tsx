// @vitest-environment happy-dom
import { render } from 'preact';
import { oneAccount } from '../../tests/unit/one-account';
import { followQueueItem, peopleListItem } from '@/utils/people/items';
import { words } from '@/utils/i18n';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FollowQueue, type PeopleList, type PeopleMessage } from '@/utils/people/protocol';
import { homeServerItem, type AccountRecord, type HomeServer } from '@/utils/storage';
import { listIdFrom, PeopleApp } from './PeopleApp';
import { peopleList, person } from '../../tests/doubles/people-lists';

const SERVER: HomeServer = {
  host: 'home.example',
  localDomain: 'home.example',
  title: 'Home',
  software: 'mastodon',
  version: '4.4.0',
};
const ACCOUNT: AccountRecord = {
  host: 'home.example',
  status: 'connected',
  account: {
    id: '1',
    username: 'me',
    handle: 'me@home.example',
    displayName: 'Me',
    avatar: 'https://home.example/a.png',
    url: 'https://home.example/@me',
  },
};

let root: HTMLElement;
let received: PeopleMessage[];
let answer: (message: PeopleMessage) => unknown;

beforeEach(() => {
  fakeBrowser.reset();
  received = [];
  answer = () => ({ ok: true });
  fakeBrowser.runtime.onMessage.addListener((message: unknown) => {
    received.push(message as PeopleMessage);
    return Promise.resolve(answer(message as PeopleMessage));
  });
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

function open(listId: string | null): void {
  act(() => render(<PeopleApp listId={listId} />, root));
}

function text(): string {
  return (root.textContent ?? '').replace(/\s+/g, ' ');
}

function button(name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

async function store(list: PeopleList): Promise<void> {
  await peopleListItem(list.id).setValue(list);
}

describe('listIdFrom', () => {
  it.each([
    ['?list=abc-123', 'abc-123'],
    ['?list=', null],
    ['', null],
    ['?other=1', null],
    ['?list=a%20b&x=1', 'a b'],
  ])('%j → %j', (search, id) => {
    expect(listIdFrom(search)).toBe(id);
  });
});

describe('PeopleApp', () => {
  it('says the list is gone when no list has this id, or there is no id', async () => {
    open('nope');
    await vi.waitFor(() => expect(text()).toContain('This list is gone. Scan the following list again.'));
    expect(root.querySelector('h1')?.textContent).toBe('Bring my people');
    open(null);
    expect(text()).toContain('This list is gone.');
    expect(received).toEqual([]);
  });

  it('reads the list, and asks once for the checks while rows are checking or unknown', async () => {
    await store(
      peopleList([
        person('ada', { kind: 'checking' }),
        person('bo', { kind: 'unknown', reason: words('people_webfingerNoAnswer', { host: 'threads.net' }) }),
      ]),
    );
    open('list-1');
    await vi.waitFor(() => expect(text()).toContain('People @juno.field follows on Threads'));
    await vi.waitFor(() =>
      expect(received).toEqual([{ type: 'people:check', payload: { listId: 'list-1' } }]),
    );
    await store(peopleList([person('ada', { kind: 'found' }), person('bo', { kind: 'checking' })]));
    await vi.waitFor(() => expect(text()).toContain('Checking 1 of 2…'));
    expect(received).toHaveLength(1);
  });

  it('asks for no check when every row is checked', async () => {
    await store(peopleList([person('ada', { kind: 'found' })]));
    open('list-1');
    await vi.waitFor(() => expect(text()).toContain('On the fediverse'));
    await act(() => Promise.resolve());
    expect(received).toEqual([]);
  });

  it('follows as the background writes the list, without reloading', async () => {
    await store(peopleList([person('ada', { kind: 'checking' })]));
    open('list-1');
    await vi.waitFor(() => expect(text()).toContain('Checking…'));
    await store(peopleList([person('ada', { kind: 'found' }, { kind: 'following' })]));
    await vi.waitFor(() => expect(text()).toContain('Followed'));
  });

  it('without an account, Follow selected is off and the link opens the settings', async () => {
    const openOptionsPage = vi.fn(() => Promise.resolve());
    fakeBrowser.runtime.openOptionsPage = openOptionsPage;
    await store(peopleList([person('ada', { kind: 'found' })]));
    open('list-1');
    await vi.waitFor(() => expect(text()).toContain("Homeward's settings"));
    expect(button('Follow selected').disabled).toBe(true);
    act(() => root.querySelector<HTMLAnchorElement>('#people-connect a')!.click());
    expect(openOptionsPage).toHaveBeenCalledOnce();
  });

  it('an account on another server than the one set counts as none', async () => {
    await homeServerItem.setValue({ ...SERVER, host: 'elsewhere.example' });
    await oneAccount.setValue(ACCOUNT);
    await store(peopleList([person('ada', { kind: 'found' })]));
    open('list-1');
    await vi.waitFor(() => expect(text()).toContain('On the fediverse'));
    expect(button('Follow selected').disabled).toBe(true);
  });

  it('with an account, sends the selected handles, and shows the queue as the background writes it', async () => {
    await homeServerItem.setValue(SERVER);
    await oneAccount.setValue(ACCOUNT);
    await store(peopleList([person('ada', { kind: 'found' }), person('bo', { kind: 'found' })]));
    const running: FollowQueue = {
      listId: 'list-1',
      pending: ['ada@threads.net', 'bo@threads.net'],
      listOf: { 'ada@threads.net': 'list-1', 'bo@threads.net': 'list-1' },
      total: 2,
      done: 0,
      failed: 0,
      status: { kind: 'running' },
    };
    answer = () => running;
    open('list-1');
    await vi.waitFor(() => expect(button('Follow selected').disabled).toBe(false));
    act(() => button('Follow selected').click());
    await vi.waitFor(() =>
      expect(received).toContainEqual({
        type: 'people:follow',
        payload: { listId: 'list-1', handles: ['ada@threads.net', 'bo@threads.net'] },
      }),
    );
    await followQueueItem.setValue(running);
    await vi.waitFor(() => expect(text()).toContain('Followed 0 of 2'));
    act(() => button('Pause').click());
    await vi.waitFor(() => expect(received).toContainEqual({ type: 'people:pause', payload: {} }));
    await followQueueItem.setValue({ ...running, status: { kind: 'paused' } });
    await vi.waitFor(() => expect(text()).toContain('Paused. Resume to go on.'));
    act(() => button('Resume').click());
    await vi.waitFor(() => expect(received).toContainEqual({ type: 'people:resume', payload: {} }));
  });

  it('says so when the background does not answer', async () => {
    await homeServerItem.setValue(SERVER);
    await oneAccount.setValue(ACCOUNT);
    await store(peopleList([person('ada', { kind: 'found' })]));
    answer = () => Promise.reject(new Error('gone'));
    open('list-1');
    await vi.waitFor(() => expect(button('Follow selected').disabled).toBe(false));
    act(() => button('Follow selected').click());
    await vi.waitFor(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toBe(
        'Homeward did not answer. Reload this page and try again.',
      ),
    );
  });
});
