import { siteForUrl } from '../sites';
import { words } from '../i18n';
import { nothing, scriptRoute, withString, type Routes } from '../messaging/bus';
import type { FollowRequests, FollowState } from './protocol';
import { follow, followState, openRemoteFollow, openSettings, unfollow } from './service';

/**
 * The follow button's messages. They come only from the Threads and Instagram script, on the sites it is made
 * for; payloads come from a web page's process, so the service trusts no field either. A failure reaches the page
 * as a state, never as a rejected promise.
 */

const onSites = (page: URL) => siteForUrl(page) !== null;
const handleField = withString('handle');
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
