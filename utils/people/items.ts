import { storage } from 'wxt/utils/storage';
import { EMPTY_QUEUE, type FollowQueue, type PeopleList } from './protocol';

/**
 * Where the lists and the follow queue are stored. Apart from the protocol, which the Threads and Instagram script
 * imports: that script stores nothing, and WXT's storage module would cost it about 3 KB (utils/storage/watch.ts).
 */

/** One item per list: `local:people:<id>`. */
export function peopleListItem(id: string) {
  return storage.defineItem<PeopleList | null>(`local:people:${id}`, { fallback: null });
}

export const followQueueItem = /* @__PURE__ */ storage.defineItem<FollowQueue>('local:peopleFollowQueue', {
  fallback: EMPTY_QUEUE,
});
