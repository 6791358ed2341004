import { browser } from 'wxt/browser';
import { words } from '../i18n';
import { currentWebClient } from '../mastodon/web-client';
import { MastoHttpError, type mastodon } from 'masto';
import type { AccountFollowState, FollowState } from './protocol';
import { classifyFailure, failureReason, YOUR_SERVER } from '../mastodon/failure';
import { followAccount, resolveAccount, unfollowAccount } from '../mastodon/follow';
import { homeServerItem, readAccounts, type HomeServer } from '../storage';
import { canConnect } from '../capabilities';
import { homeSoftware } from '../mastodon/home-software';
import { networkHandle, siteForUrl, type NetworkHandle } from '../sites';
import { markUnauthorized } from '../mastodon/account';
import {
  accountSessions,
  homeSession,
  serverOf,
  type AccountSession,
  type HomeSession,
} from '../mastodon/session';
import { interactionPage } from '../mastodon/web-ui';
import { homeIntents } from '../mastodon/home-intents';
import { forgetAccountId, knownAccountId, rememberAccountId } from '../mastodon/account-ids';
import { relationshipWith } from './relationships';
import { webfinger } from '../fediverse/webfinger-check';
import { moderationOf } from '../mastodon/domain-moderation';
import { rateLimitedUntil, rateLimitEnd } from '../mastodon/rate-budget';
import { sendBridgeRequest, wasAsked } from './bridge-request';
import { creatorHandle } from './author';

/**
 * The follow button's state machine, in the background: the only place that holds the token. Every answer is a
 * FollowState; nothing throws across the message boundary.
 *
 * Requests to the home server: the first state of a handle costs a search (resolve) and a batched relationships
 * look-up; the account id is then cached, so later visits cost the batched relationships look-up only, and the
 * follow click itself exactly one POST. A click without a known id costs search + POST.
 */

/**
 * Whom a follow is for: an account of one of the sites' networks (`juno@threads.net`, checked with the network's
 * WebFinger first), or any fediverse account (an article's author, `user@domain`), which only the home server's
 * resolve can tell about.
 */
type Target = NetworkHandle | { network: null; user: string; handle: string };

/**
 * Any fediverse account, `user@domain` as author.ts reads one (optional leading @, lower case): one of the sites'
 * networks when its domain is theirs; null for anything else.
 */
function anyAccount(text: string): Target | null {
  const handle = creatorHandle(text);
  if (!handle) return null;
  return networkHandle(handle) ?? { network: null, user: handle.slice(0, handle.lastIndexOf('@')), handle };
}

const domainOf = (target: Target): string => target.network?.handleDomain ?? target.handle.split('@')[1]!;

interface Session extends HomeSession {
  kind: 'session';
  server: HomeServer;
  target: Target;
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
    remoteFollow:
      interactionPage(server, await currentWebClient(), handle, await homeIntents(server)) !== null,
    reason,
    // A home without Mastodon's API (Misskey) cannot be connected to: its own follow page is the way.
    canConnect: canConnect() && homeSoftware(server).api,
  };
}

/**
 * Not on the fediverse; where the network takes requests to join, whether the person can send one (signed in) or
 * did already.
 */
async function notFederatedState(target: Target, signedIn: boolean): Promise<FollowState> {
  if (!target.network?.bridgeRequest || !signedIn) return { kind: 'not-federated' };
  return { kind: 'not-federated', request: (await wasAsked(target as NetworkHandle)) ? 'sent' : 'available' };
}

/**
 * Everything that can be answered without the home server, or the session to ask it with. `askNetwork` is false
 * for an unfollow: withdrawing a follow must work whatever the network says today.
 */
/**
 * What a follow is made with: the default account, or (the button's menu) the account at `position` (1-based) in
 * the person's list: a number rather than the account's key, which names its server, so that nothing of the
 * person's accounts passes through the page's process.
 */
interface RunOptions {
  askNetwork?: boolean;
  /** Any fediverse account may be the target (the popup's Follow the author), not only the sites' networks'. */
  anyone?: boolean;
  account?: number;
  /** That account's session, when the caller has read it already (`accountStates`). */
  known?: AccountSession;
  /** False: no look-up of an account not cached yet (`currentState`). */
  resolve?: boolean;
}

async function prepare(
  target: Target,
  askNetwork: boolean,
  position?: number,
  known?: AccountSession,
): Promise<FollowState | Session> {
  const home = await homeSession();
  // Nothing to follow with yet: no reason to tell the network which profiles the person looks at.
  if (home.kind === 'no-server') return { kind: 'no-server' };
  let chosen: { session: HomeSession; server: HomeServer } | null = null;
  if (position !== undefined) {
    // The menu's list already read every account's session: not again for each.
    const account = known ?? (await accountSessions())[position - 1];
    if (!account?.session) return { kind: 'failed', reason: words('site_accountUnavailable') };
    const { session } = account;
    chosen = { session, server: session.host === home.server.host ? home.server : serverOf(account.record) };
  }
  const reachable = askNetwork && target.network ? await webfinger(target as NetworkHandle) : null;
  // An unknown WebFinger answer blocks nothing: the home server's resolve is the authority.
  const notFederated = reachable?.kind === 'not-found';
  if (!chosen && home.kind === 'signed-out') {
    if (notFederated) return { kind: 'not-federated' };
    return needsLogin(home.server, target.handle, home.revoked ? 'revoked' : 'no-account');
  }
  chosen ??= home.kind === 'signed-in' ? { session: home.session, server: home.server } : null;
  if (!chosen) return { kind: 'no-server' };
  const { session, server } = chosen;
  // Someone followed from here may turn fediverse sharing off later; that follow must stay visible (and
  // withdrawable), so an account whose id is cached still asks the home server. Any other is not worth a request.
  if (notFederated && !(await knownAccountId(session.host, target.handle)))
    return notFederatedState(target, true);
  // The follow button is about following: the day's follows running out stops it too (not Open it at home).
  const until = await rateLimitedUntil(session.key, { follow: true });
  if (until !== undefined) return { kind: 'rate-limited', until };
  return { ...session, kind: 'session', server, target, handle: target.handle, notFederated };
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
  const moderation = await moderationOf(session.host, session.token, domainOf(session.target));
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

/**
 * `resolve` false: an account the home server has not looked up for this browser yet is not looked up now (the
 * popup's author, whom a page names: resolving would have the home server fetch whatever server the page chose,
 * telling it where the person lives, before they asked for anything). It shows as followable; the follow resolves.
 */
async function currentState(session: Session, resolve = true): Promise<FollowState> {
  const cached = await knownAccountId(session.host, session.handle);
  if (session.notFederated) {
    // Only a follow made earlier is worth showing; anything else is simply not on the fediverse.
    const relationship = cached ? await relationshipWith(session.host, session.token, cached) : null;
    const state = relationship && stateOf(relationship, session.host);
    return state && state.kind !== 'can-follow' ? state : notFederatedState(session.target, true);
  }
  if (cached) {
    const relationship = await relationshipWith(session.host, session.token, cached);
    if (relationship) return stateOf(relationship, session.host);
    // Left out: the account was suspended (or deleted) on the server since. Ask again from scratch.
    await forgetAccountId(session.host, session.handle);
  }
  if (!resolve) return { kind: 'can-follow', server: session.host };
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
  const failure = classifyFailure(error);
  if (failure.kind === 'unauthorized') {
    await markUnauthorized(session.token);
    return needsLogin(session.server, session.handle, 'revoked');
  }
  if (failure.kind === 'rate-limited')
    return {
      kind: 'rate-limited',
      until: await rateLimitEnd(session.key, { follow: true }),
    };
  // Named "your server", without the server's own message: page scripts can read the button (docs/security.md).
  return { kind: 'failed', reason: failureReason(failure, YOUR_SERVER) };
}

type Step = (session: Session) => Promise<FollowState>;

async function run(
  handle: unknown,
  step: Step,
  { askNetwork = true, anyone = false, account, known }: RunOptions = {},
): Promise<FollowState> {
  const target = typeof handle !== 'string' ? null : anyone ? anyAccount(handle) : networkHandle(handle);
  if (!target) return { kind: 'failed', reason: words('failure_notAnAccount') };
  const prepared = await prepare(target, askNetwork, account, known);
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

/**
 * `options.anyone`: the handle may be any fediverse account (the popup's **Follow the author**), not only one of the
 * sites' networks, which are all the page's follow button may ask about; `options.account`: another connected
 * account than the default (the button's menu).
 */
export function followState(handle: unknown, options: RunOptions = {}): Promise<FollowState> {
  return run(
    handle,
    async (session) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<FollowState>((resolve) => {
        timer = setTimeout(
          () => resolve({ kind: 'failed', reason: words('failure_timeoutYours') }),
          STATE_DEADLINE_MS,
        );
      });
      try {
        return withOthers(
          await Promise.race([currentState(session, options.resolve !== false), deadline]),
          options,
        );
      } finally {
        clearTimeout(timer);
      }
    },
    options,
  );
}

export function follow(handle: unknown, options: RunOptions = {}): Promise<FollowState> {
  return run(
    handle,
    async (session) =>
      withOthers(
        session.notFederated
          ? await notFederatedState(session.target, true)
          : await withAccountId(session, async (id) =>
              stateAfterFollow(await followAccount(session.host, session.token, id), session.host),
            ),
        options,
      ),
    options,
  );
}

export function unfollow(handle: unknown, options: RunOptions = {}): Promise<FollowState> {
  return run(
    handle,
    (session) =>
      withAccountId(session, async (id) => {
        const state = stateOf(await unfollowAccount(session.host, session.token, id), session.host);
        // Unfollowed someone who has since left the fediverse: say that, rather than offer a follow that fails.
        if (state.kind !== 'can-follow') return withOthers(state, options);
        if (!session.target.network) return withOthers(state, options);
        const reachable = await webfinger(session.target as NetworkHandle);
        return reachable.kind === 'not-found'
          ? notFederatedState(session.target, true)
          : withOthers(state, options);
      }),
    { ...options, askNetwork: false },
  );
}

/**
 * The default account's state says how many other accounts are connected, so that the button offers its menu
 * (a count only: which accounts they are stays out of the page).
 */
async function withOthers(state: FollowState, options: RunOptions): Promise<FollowState> {
  if (options.account !== undefined || options.anyone) return state;
  if (state.kind !== 'can-follow' && state.kind !== 'following' && state.kind !== 'requested') return state;
  // The records only, not their secrets: this runs for every profile the person opens.
  const others = (await readAccounts()).filter((record) => record.status === 'connected').length - 1;
  return others > 0 ? { ...state, others } : state;
}

/** A state without the server it names: the menu's answers go to the page's process (protocol note). */
function withoutServer(state: FollowState): FollowState {
  return 'server' in state ? { ...state, server: '' } : state;
}

/** Each connected account's state for `handle`, in the person's order, for the button's menu. */
export async function accountStates(handle: unknown): Promise<{ accounts: AccountFollowState[] }> {
  const accounts = await accountSessions();
  const home = await homeSession();
  const defaultKey = home.kind === 'signed-in' ? home.session.key : null;
  const states = await Promise.all(
    accounts.map(async (account, index): Promise<AccountFollowState> => ({
      position: index + 1,
      isDefault: account.key === defaultKey,
      state: account.session
        ? withoutServer(await followState(handle, { account: index + 1, known: account }))
        : { kind: 'failed', reason: words('site_accountReconnect') },
    })),
  );
  return { accounts: states };
}

/**
 * **Ask them to bridge**, from the profile page of the account asked about (`page`, the sender's tab): a message
 * sent in the person's name must name the account on the page they clicked on, whatever a page's process says.
 * Asked only while the network still says the account is not on the fediverse.
 */
export function askToBridge(handle: unknown, page: URL): Promise<FollowState> {
  const target = typeof handle === 'string' ? networkHandle(handle) : null;
  if (!target?.network.bridgeRequest || siteForUrl(page)?.detectProfile(page)?.handle !== target.handle)
    return Promise.resolve({ kind: 'failed', reason: words('failure_notAnAccount') });
  return (async (): Promise<FollowState> => {
    const home = await homeSession();
    if (home.kind === 'no-server') return { kind: 'no-server' };
    if (home.kind === 'signed-out')
      return needsLogin(home.server, target.handle, home.revoked ? 'revoked' : 'no-account');
    // Bridged meanwhile (or WebFinger could not tell): nothing to ask, the button shows what it can do now.
    if ((await webfinger(target)).kind !== 'not-found') return followState(target.handle);
    if (await wasAsked(target)) return { kind: 'not-federated', request: 'sent' };
    const until = await rateLimitedUntil(home.session.key);
    if (until !== undefined) return { kind: 'rate-limited', until };
    const session: Session = {
      ...home.session,
      kind: 'session',
      server: home.server,
      target,
      handle: target.handle,
      notFederated: true,
    };
    try {
      return await sendBridgeRequest(session, target);
    } catch (error) {
      return stateForError(error, session);
    }
  })();
}

export async function openRemoteFollow(handle: unknown): Promise<{ ok: true }> {
  const target = typeof handle === 'string' ? networkHandle(handle) : null;
  const server = await homeServerItem.getValue();
  if (!server) await browser.runtime.openOptionsPage();
  else if (target) {
    const page = interactionPage(server, await currentWebClient(), target.handle, await homeIntents(server));
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
