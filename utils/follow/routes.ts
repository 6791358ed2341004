import { siteForUrl } from '../sites';
import { words } from '../i18n';
import { nothing, pageRoute, record, scriptRoute, withString, type Routes } from '../messaging/bus';
import type { AuthorRequests, FollowRequests, FollowState } from './protocol';
import { pageAuthor } from './author';
import {
  accountStates,
  askToBridge,
  follow,
  followState,
  openRemoteFollow,
  openSettings,
  unfollow,
} from './service';

/**
 * The follow button's messages. They come only from the Threads and Instagram script, on the sites it is made
 * for; payloads come from a web page's process, so the service trusts no field either. A failure reaches the page
 * as a state, never as a rejected promise.
 */

const onSites = (page: URL) => siteForUrl(page) !== null;
const handleField = withString('handle');
/** A handle and an account's position (1 to 100): the menu's requests. */
function handleAndAccount(payload: unknown): { handle: string; account: number } | null {
  const handle = handleField(payload)?.handle;
  const account = record(payload)?.account;
  return handle !== undefined &&
    typeof account === 'number' &&
    Number.isInteger(account) &&
    account >= 1 &&
    account <= 100
    ? { handle, account }
    : null;
}

const notAnAccount: FollowState = { kind: 'failed', reason: words('failure_notAnAccount') };
const failed: FollowState = { kind: 'failed', reason: words('failure_problem') };

export const followRoutes: Routes<FollowRequests> = {
  'follow:state': scriptRoute(onSites, {
    parse: handleField,
    handle: (request) => followState(request.handle),
    refused: notAnAccount,
    failed,
  }),
  'follow:follow': scriptRoute(onSites, {
    parse: handleField,
    handle: (request) => follow(request.handle),
    refused: notAnAccount,
    failed,
  }),
  'follow:unfollow': scriptRoute(onSites, {
    parse: handleField,
    handle: (request) => unfollow(request.handle),
    refused: notAnAccount,
    failed,
  }),
  'follow:accounts': scriptRoute(onSites, {
    parse: handleField,
    handle: (request) => accountStates(request.handle),
    refused: { accounts: [] },
    failed: { accounts: [] },
  }),
  'follow:follow-as': scriptRoute(onSites, {
    parse: handleAndAccount,
    handle: (request) => follow(request.handle, { account: request.account }),
    refused: notAnAccount,
    failed,
  }),
  'follow:unfollow-as': scriptRoute(onSites, {
    parse: handleAndAccount,
    handle: (request) => unfollow(request.handle, { account: request.account }),
    refused: notAnAccount,
    failed,
  }),
  'follow:ask-bridge': scriptRoute(onSites, {
    parse: handleField,
    handle: (request, origin) => askToBridge(request.handle, origin.page),
    refused: notAnAccount,
    failed,
  }),
  'follow:open-settings': scriptRoute(onSites, {
    parse: nothing,
    handle: () => openSettings(),
    refused: { ok: true },
  }),
  'follow:open-remote-follow': scriptRoute(onSites, {
    parse: handleField,
    handle: (request) => openRemoteFollow(request.handle),
    refused: { ok: true },
  }),
};

/** The popup's **Follow the author**: Homeward's own pages only; the handle is checked again as any account's. */
export const authorRoutes: Routes<AuthorRequests> = {
  'author:find': pageRoute({
    parse: (payload) => {
      const tabId = record(payload)?.tabId;
      return typeof tabId === 'number' && Number.isInteger(tabId) && tabId >= 0 ? { tabId } : null;
    },
    handle: ({ tabId }) => pageAuthor(tabId),
  }),
  'author:state': pageRoute({
    parse: handleField,
    // Shown when the popup opens, before any click: no look-up on the home server yet (service.ts).
    handle: (request) => followState(request.handle, { anyone: true, resolve: false }),
    refused: notAnAccount,
    failed,
  }),
  'author:follow': pageRoute({
    parse: handleField,
    handle: (request) => follow(request.handle, { anyone: true }),
    refused: notAnAccount,
    failed,
  }),
  'author:unfollow': pageRoute({
    parse: handleField,
    handle: (request) => unfollow(request.handle, { anyone: true }),
    refused: notAnAccount,
    failed,
  }),
};
