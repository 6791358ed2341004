import { words } from '../i18n';
import { storageCache } from '../storage/cache';
import { accountCredentialsSecret } from '../storage/secrets';
import { clientFor } from '../mastodon/client';
import { metered } from '../mastodon/rate-budget';
import { canPost } from '../mastodon/oauth';
import { connect } from '../mastodon/account';
import type { NetworkHandle } from '../sites';
import type { FollowState } from './protocol';

/**
 * **Ask them to bridge** (Bluesky, through Bridgy Fed): one direct message from the person's account to the
 * network's bot, worded by the network (utils/sites/bluesky/network.ts), on the person's click after the button
 * showed it. Bridgy Fed reads it, asks the Bluesky account once, and answers the person by direct message on their
 * server (docs/fediverse-software.md, "Asking to bridge").
 *
 * Posting needs `write:statuses`, which the first sign-in does not ask for: the first request signs in again with
 * it. Mastodon keeps an `Idempotency-Key` for an hour per account, so a second Send for the same account (two
 * tabs, a retried request) posts nothing more; this browser also remembers whom it asked, for the button.
 */

const DAY = 24 * 60 * 60 * 1000;
/** Bridgy Fed messages an account once, ever: a month is long enough for the button to say so. */
const ASKED_TTL_MS = 30 * DAY;
const asked = storageCache<true>('local:bridgeRequests', 200);

export async function wasAsked(target: NetworkHandle): Promise<boolean> {
  return (await asked.get(target.handle)) === true;
}

/** What a signed-in session needs to send the request; the caller has checked the account is not bridged. */
export interface RequestSession {
  host: string;
  token: string;
  /** Which connected account (`accountKey`). */
  key: string;
}

/**
 * Sends the request. Resolves to the button's next state: `sent`, or the failure to show; throws what the home
 * server threw, for the follow service to word like any other failure.
 */
export async function sendBridgeRequest(
  session: RequestSession,
  target: NetworkHandle,
): Promise<FollowState> {
  const request = target.network.bridgeRequest;
  if (!request) return { kind: 'failed', reason: words('failure_notAnAccount') };
  let token = session.token;
  const credentials = (await accountCredentialsSecret.getValue())[session.key];
  if (!credentials || credentials.accessToken !== token || !canPost(credentials.scope)) {
    const result = await connect({ messages: true });
    // The sign-in's own wording names the server: never on the page (docs/security.md).
    if (!result.ok)
      return result.reason === 'cancelled'
        ? { kind: 'not-federated', request: 'available' }
        : {
            kind: 'failed',
            reason: words(result.reason === 'denied' ? 'site_bridgeNoPermission' : 'failure_problem'),
          };
    const renewed = (await accountCredentialsSecret.getValue())[session.key];
    if (!renewed || !canPost(renewed.scope))
      return { kind: 'failed', reason: words('site_bridgeNoPermission') };
    token = renewed.accessToken;
  }
  const client = clientFor(session.host, token);
  const status = await metered(session.key, () =>
    client.v1.statuses.create.$raw(
      { status: request.text(target.user), visibility: 'direct' },
      { requestInit: { headers: { 'Idempotency-Key': `homeward-bridge-request ${target.handle}` } } },
    ),
  );
  // A mention the server could not resolve stays text and reaches nobody, with no error (docs/home-server.md
  // §5.1): then the message went nowhere, and is taken back.
  if (!status.mentions.some((mention) => mention.acct.toLowerCase() === request.bot)) {
    await metered(session.key, () => client.v1.statuses.$select(status.id).remove.$raw()).catch(
      () => undefined,
    );
    return { kind: 'failed', reason: words('site_bridgeNotDelivered') };
  }
  await asked.set(target.handle, true, ASKED_TTL_MS);
  return { kind: 'not-federated', request: 'sent' };
}
