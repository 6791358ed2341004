import { browser } from 'wxt/browser';
import { words } from '../i18n';
import { currentWebClient } from '../mastodon/web-client';
import { MastoHttpError, type mastodon } from 'masto';
import type { FollowState } from './protocol';
import { classifyFailure, failureReason, YOUR_SERVER } from '../mastodon/failure';
import { followAccount, resolveAccount, unfollowAccount } from '../mastodon/follow';
import { homeServerItem, type HomeServer } from '../storage';
import { canConnect } from '../capabilities';
import { homeSoftware } from '../mastodon/home-software';
import { networkHandle, type NetworkHandle } from '../sites';
import { markUnauthorized } from '../mastodon/account';
import { homeSession, type HomeSession } from '../mastodon/session';
import { interactionPage } from '../mastodon/web-ui';
import { forgetAccountId, knownAccountId, rememberAccountId } from '../mastodon/account-ids';
import { relationshipWith } from './relationships';
import { webfinger } from '../fediverse/webfinger-check';
import { moderationOf } from '../mastodon/domain-moderation';
import { rateLimitedUntil, rateLimitEnd } from '../mastodon/rate-budget';

/**
 * The follow button's state machine, in the background: the only place that holds the token. Every answer is a
 * FollowState; nothing throws across the message boundary.
 *
 * Requests to the home server: the first state of a handle costs a search (resolve) and a batched relationships
 * look-up; the account id is then cached, so later visits cost the batched relationships look-up only, and the
 * follow click itself exactly one POST. A click without a known id costs search + POST.
 */

interface Session extends HomeSession {
  kind: 'session';
  server: HomeServer;
  target: NetworkHandle;
  /** `user@threads.net`: `target.handle`. */
  handle: string;
  /** The network's WebFinger said 404 (checked only where it matters: not for an unfollow). */
  notFederated: boolean;
}

async function needsLogin(
  server: HomeServer,
  handle: string,
  reason: 'no-account' | 'revoked',
): Promise<FollowState> {
  return {
    kind: 'needs-login',
    server: server.host,
    remoteFollow: interactionPage(server, await currentWebClient(), handle) !== null,
    reason,
    // A home without Mastodon's API (Misskey) cannot be connected to: its own follow page is the way.
    canConnect: canConnect() && homeSoftware(server).api,
  };
}

/**
 * Everything that can be answered without the home server, or the session to ask it with. `askNetwork` is false
 * for an unfollow: withdrawing a follow must work whatever the network says today.
 */
async function prepare(target: NetworkHandle, askNetwork: boolean): Promise<FollowState | Session> {
  const home = await homeSession();
  // Nothing to follow with yet: no reason to tell the network which profiles the person looks at.
  if (home.kind === 'no-server') return { kind: 'no-server' };
  const reachable = askNetwork ? await webfinger(target) : null;
  // An unknown WebFinger answer blocks nothing: the home server's resolve is the authority.
  const notFederated = reachable?.kind === 'not-found';
  if (home.kind === 'signed-out') {
    if (notFederated) return { kind: 'not-federated' };
    return needsLogin(home.server, target.handle, home.revoked ? 'revoked' : 'no-account');
  }
  const { session } = home;
  // Someone followed from here may turn fediverse sharing off later; that follow must stay visible (and
  // withdrawable), so an account whose id is cached still asks the home server. Any other is not worth a request.
  if (notFederated && !(await knownAccountId(session.host, target.handle))) return { kind: 'not-federated' };
  // The follow button is about following: the day's follows running out stops it too (not Open it at home).
  const until = await rateLimitedUntil(session.host, { follow: true });
  if (until !== undefined) return { kind: 'rate-limited', until };
  return { ...session, kind: 'session', server: home.server, target, handle: target.handle, notFederated };
}

async function resolveId(session: Session): Promise<string | null> {
  const account = await resolveAccount(session.host, session.token, session.handle);
  if (account) await rememberAccountId(session.host, session.handle, account.id);
  return account?.id ?? null;
}

/**
 * The home server found nothing. A suspended domain gives exactly that (200, empty: docs/home-server.md §4), and
 * so does a failed resolve; the domain blocks tell them apart where the server shows them.
 */
async function notFound(session: Session): Promise<FollowState> {
  const moderation = await moderationOf(session.host, session.token, session.target.network.handleDomain);
  if (moderation?.listed && !moderation.suspends) {
    return { kind: 'failed', reason: words('failure_couldNotFind', { handle: `@${session.handle}` }) };
  }
  return { kind: 'blocked', server: session.host };
}

function stateOf(relationship: mastodon.v1.Relationship, host: string): FollowState {
  if (relationship.following) return { kind: 'following', server: host };
  if (relationship.requested) return { kind: 'requested', server: host };
  return { kind: 'can-follow', server: host };
}

async function currentState(session: Session): Promise<FollowState> {
  const cached = await knownAccountId(session.host, session.handle);
  if (session.notFederated) {
    // Only a follow made earlier is worth showing; anything else is simply not on the fediverse.
    const relationship = cached ? await relationshipWith(session.host, session.token, cached) : null;
    const state = relationship && stateOf(relationship, session.host);
    return state && state.kind !== 'can-follow' ? state : { kind: 'not-federated' };
  }
  if (cached) {
    const relationship = await relationshipWith(session.host, session.token, cached);
    if (relationship) return stateOf(relationship, session.host);
    // Left out: the account was suspended (or deleted) on the server since. Ask again from scratch.
    await forgetAccountId(session.host, session.handle);
  }
  const id = await resolveId(session);
  if (!id) return notFound(session);
  const relationship = await relationshipWith(session.host, session.token, id);
  // Just resolved, so not suspended; left out only if it vanished in between.
  return relationship ? stateOf(relationship, session.host) : { kind: 'can-follow', server: session.host };
}

/**
 * Runs `act` on the account's id, resolving it when it is not cached; a cached id the server no longer knows
 * (404) is dropped and resolved once more.
 */
async function withAccountId(
  session: Session,
  act: (id: string) => Promise<FollowState>,
): Promise<FollowState> {
  const cached = await knownAccountId(session.host, session.handle);
  if (cached) {
    try {
      return await act(cached);
    } catch (error) {
      if (!(error instanceof MastoHttpError && error.statusCode === 404)) throw error;
      await forgetAccountId(session.host, session.handle);
    }
  }
  const id = await resolveId(session);
  return id ? act(id) : notFound(session);
}

/**
 * After a follow. Every threads.net account is remote, and for an unlocked remote account Mastodon forces the
 * answer to `following: true` while it only stores a follow request until the remote Accept arrives
 * (docs/home-server.md §5). So a fresh follow is honestly `requested`; the next `follow:state` reads
 * relationships and says `following` once Threads has accepted. Verifying here would cost a second request per
 * click, which the one-request warm follow does not allow.
 */
function stateAfterFollow(relationship: mastodon.v1.Relationship, host: string): FollowState {
  if (relationship.following || relationship.requested) return { kind: 'requested', server: host };
  return { kind: 'failed', reason: words('failure_notRecorded') };
}

/** The state a failure leaves the button in; the gateway remembered a 429, so the server is left alone until then. */
async function stateForError(error: unknown, session: Session): Promise<FollowState> {
  const { host } = session;
  const failure = classifyFailure(error);
  if (failure.kind === 'unauthorized') {
    await markUnauthorized(session.token);
    return needsLogin(session.server, session.handle, 'revoked');
  }
  if (failure.kind === 'rate-limited')
    return {
      kind: 'rate-limited',
      until: await rateLimitEnd(host, { follow: true }),
    };
  // Named "your server", without the server's own message: page scripts can read the button (docs/security.md).
  return { kind: 'failed', reason: failureReason(failure, YOUR_SERVER) };
}

type Step = (session: Session) => Promise<FollowState>;

async function run(handle: unknown, step: Step, askNetwork = true): Promise<FollowState> {
  const target = typeof handle === 'string' ? networkHandle(handle) : null;
  if (!target) return { kind: 'failed', reason: words('failure_notAnAccount') };
  const prepared = await prepare(target, askNetwork);
  if (prepared.kind !== 'session') return prepared;
  try {
    return await step(prepared);
  } catch (error) {
    return stateForError(error, prepared);
  }
}

/**
 * The button must say "Try again" within 5 s of the page asking, however the time splits between WebFinger and
 * the home server's answers (each request alone may take up to 5 s): the state gives up at this deadline.
 */
export const STATE_DEADLINE_MS = 4500;

export function followState(handle: unknown): Promise<FollowState> {
  return run(handle, async (session) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<FollowState>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: 'failed', reason: words('failure_timeoutYours') }),
        STATE_DEADLINE_MS,
      );
    });
    try {
      return await Promise.race([currentState(session), deadline]);
    } finally {
      clearTimeout(timer);
    }
  });
}

export function follow(handle: unknown): Promise<FollowState> {
  return run(handle, (session) =>
    session.notFederated
      ? Promise.resolve({ kind: 'not-federated' })
      : withAccountId(session, async (id) =>
          stateAfterFollow(await followAccount(session.host, session.token, id), session.host),
        ),
  );
}

export function unfollow(handle: unknown): Promise<FollowState> {
  return run(
    handle,
    (session) =>
      withAccountId(session, async (id) => {
        const state = stateOf(await unfollowAccount(session.host, session.token, id), session.host);
        // Unfollowed someone who has since left the fediverse: say that, rather than offer a follow that fails.
        if (state.kind !== 'can-follow') return state;
        const reachable = await webfinger(session.target);
        return reachable.kind === 'not-found' ? { kind: 'not-federated' } : state;
      }),
    false,
  );
}

export async function openRemoteFollow(handle: unknown): Promise<{ ok: true }> {
  const target = typeof handle === 'string' ? networkHandle(handle) : null;
  const server = await homeServerItem.getValue();
  if (!server) await browser.runtime.openOptionsPage();
  else if (target) {
    const page = interactionPage(server, await currentWebClient(), target.handle);
    // No such page on this server (GoToSocial) and no web client chosen: the settings are where one is chosen.
    if (page) await browser.tabs.create({ url: page });
    else await browser.runtime.openOptionsPage();
  }
  return { ok: true };
}

export async function openSettings(): Promise<{ ok: true }> {
  await browser.runtime.openOptionsPage();
  return { ok: true };
}
