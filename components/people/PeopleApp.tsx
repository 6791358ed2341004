import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { followQueueItem, peopleListItem } from '@/utils/people/items';
import { t } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { EMPTY_QUEUE, sendPeople, type FollowQueue, type PeopleList } from '@/utils/people/protocol';
import { accountsItem, asAccounts, defaultAccount, homeServerItem, type HomeServer } from '@/utils/storage';
import { downloadText } from './download';
import { PeopleGone, PeoplePage, type PeopleActions } from './PeoplePage';

/** `?list=<id>` of the page's address; null when there is none. */
export function listIdFrom(search: string): string | null {
  return new URLSearchParams(search).get('list') || null;
}

interface Watchable<T> {
  getValue(): Promise<T>;
  watch(callback: (value: T) => void): () => void;
}

/** A stored value, kept current by the storage watch (the background writes; this page never polls). */
function useStored<T>(item: Watchable<T> | null): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    setValue(undefined);
    if (!item) return;
    let changed = false;
    const stop = item.watch((next) => {
      changed = true;
      setValue(next);
    });
    // A change seen by the watch is newer than what this read may return.
    void item.getValue().then((first) => {
      if (!changed) setValue(first);
    });
    return stop;
  }, [item]);
  return value;
}

/** As the popup decides (utils/settings/state.ts): an account counts when it is on the home server set now. */
/** Whether the default account (the first on the home server: utils/mastodon/session.ts) can follow. */
function canFollowWith(server: HomeServer | null | undefined, accounts: unknown): boolean {
  const record = defaultAccount(server, asAccounts(accounts));
  return record?.status === 'connected';
}

const NO_ANSWER = (): string => t('people_noAnswer');

/** The People page: reads the list and the queue from storage and sends the person's requests to the background. */
export function PeopleApp({ listId }: { listId: string | null }) {
  const listItem = useMemo(() => (listId ? peopleListItem(listId) : null), [listId]);
  const list: PeopleList | null | undefined = useStored(listItem);
  const queue: FollowQueue = useStored(followQueueItem) ?? EMPTY_QUEUE;
  const server = useStored(homeServerItem);
  const accounts = useStored(accountsItem);
  const [error, setError] = useState<string | null>(null);

  // Once per page: the background is idempotent, and goes on with the checks by itself after that.
  const checkAsked = useRef(false);
  useEffect(() => {
    if (!list || checkAsked.current) return;
    checkAsked.current = true;
    // Unfinished: rows not checked yet, or the look-up of whom the account follows (a background that stopped).
    const unfinished =
      !list.checked || list.rows.some((row) => ['checking', 'unknown'].includes(row.status.kind));
    if (unfinished) void sendPeople('people:check', { listId: list.id }).catch(() => setError(NO_ANSWER()));
  }, [list]);

  const actions = useMemo<PeopleActions>(() => {
    const run = (request: () => Promise<unknown>) => {
      setError(null);
      return request().catch(() => setError(NO_ANSWER()));
    };
    const id = listId ?? '';
    return {
      follow: (handles) => run(() => sendPeople('people:follow', { listId: id, handles })),
      pause: () => void run(() => sendPeople('people:pause', {})),
      resume: () => void run(() => sendPeople('people:resume', {})),
      check: () => void run(() => sendPeople('people:check', { listId: id })),
      openSettings: () => void browser.runtime.openOptionsPage(),
      download: downloadText,
    };
  }, [listId]);

  if (list === undefined && listItem) return <p class="loading" aria-busy="true" />;
  if (!list) return <PeopleGone />;
  return (
    <PeoplePage
      list={list}
      queue={queue}
      canFollow={canFollowWith(server, accounts)}
      actions={actions}
      error={error}
    />
  );
}
