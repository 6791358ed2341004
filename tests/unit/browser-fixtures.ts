import type { Browser } from 'wxt/browser';

/** A tab as the browser describes the sender of a message: tab 7, fourth in its window. */
export const A_TAB: Browser.tabs.Tab = {
  id: 7,
  index: 3,
  windowId: 1,
  highlighted: false,
  active: true,
  pinned: false,
  incognito: false,
  frozen: false,
  discarded: false,
  autoDiscardable: true,
  groupId: -1,
  selected: true,
};
