import { browser } from 'wxt/browser';
import { followQueueItem, peopleListItem } from './items';
import { words, type Words } from '../i18n';
import type { mastodon } from 'masto';
import { classifyFailure, failureReason, serverNamed, type HomeFailure } from '../mastodon/failure';
import { type FollowOutcome, type FollowQueue } from './protocol';
import { markUnauthorized } from '../mastodon/account';
import { knownAccountId, rememberAccountId } from '../mastodon/account-ids';
import { fetchRelationships, followAccount, resolveAccount } from '../mastodon/follow';
import { homeBudget, RATE_LIMIT_FALLBACK_MS, type Wait } from '../mastodon/rate-budget';
import { updateList } from './lists';
import { currentSession, type Session } from './home';

/**
 * "Bring my people": the follow queue, persisted, paced by the home server's rate-limit headers, surviving
 * restarts, and reporting each account's outcome on its row.
 */

const ALARM = 'homeward-people-queue';

let queueWrites: Promise<unknown> = Promise.resolve();

/** Read-modify-write of the queue, one after another (the runner and the page's buttons both change it). */
function updateQueue(change: (queue: FollowQueue) => FollowQueue): Promise<FollowQueue> {
  const next = queueWrites.then(async () => {
    const queue = change(structuredClone(await followQueueItem.getValue()));
    await followQueueItem.setValue(queue);
    return queue;
  });
  queueWrites = next.catch(() => undefined);
  return next;
}

function setOutcome(listId: string | null, handle: string, outcome: FollowOutcome): Promise<unknown> {
  if (!listId) return Promise.resolve();
  return updateList(listId, (list) => {
    const row = list.rows.find((candidate) => candidate.handle === handle);
    if (row) row.follow = outcome;
  });
}

export async function enqueue(payload: unknown): Promise<FollowQueue> {
  const { listId, handles } = (payload ?? {}) as { listId?: unknown; handles?: unknown };
  if (typeof listId !== 'string' || !Array.isArray(handles)) return followQueueItem.getValue();
  const list = await peopleListItem(listId).getValue();
  if (!list) return followQueueItem.getValue();
  const followable = new Set(
    list.rows
      .filter((row) => row.status.kind === 'found' && row.follow?.kind !== 'following')
      .map((row) => row.handle),
  );
  const wanted = [...new Set(handles.filter((h): h is string => typeof h === 'string' && followable.has(h)))];
  if (wanted.length === 0) return followQueueItem.getValue();
  const queue = await updateQueue((current) => {
    // A queue of another list that is still going keeps going; this list's accounts join the end.
    const queued = new Set(current.pending);
    const pending = [...current.pending, ...wanted.filter((handle) => !queued.has(handle))];
    const fresh = current.pending.length === 0;
    const listOf = { ...(fresh ? {} : current.listOf) };
    for (const handle of wanted) listOf[handle] = listId;
    return {
      listId: fresh ? listId : current.listId,
      pending,
      listOf,
      total: fresh ? wanted.length : current.total + pending.length - current.pending.length,
      done: fresh ? 0 : current.done,
      failed: fresh ? 0 : current.failed,
      status: current.status.kind === 'paused' ? current.status : { kind: 'running' },
    };
  });
  await updateList(listId, (current) => {
    const queued = new Set(wanted);
    for (const row of current.rows) if (queued.has(row.handle)) row.follow = { kind: 'queued' };
  });
  void runQueue();
  return queue;
}

export async function pauseQueue(): Promise<FollowQueue> {
  await browser.alarms.clear(ALARM);
  return updateQueue((queue) =>
    queue.pending.length > 0 ? { ...queue, status: { kind: 'paused' } } : queue,
  );
}

export async function resumeQueue(): Promise<FollowQueue> {
  const queue = await updateQueue((current) =>
    current.pending.length > 0 ? { ...current, status: { kind: 'running' } } : current,
  );
  void runQueue();
  return queue;
}

type Step =
  | { kind: 'outcome'; outcome: FollowOutcome }
  | { kind: 'wait'; wait: Wait }
  | { kind: 'stop'; message: Words };

function outcomeOf(relationship: mastodon.v1.Relationship): FollowOutcome {
  if (relationship.requested && !relationship.following) return { kind: 'requested' };
  if (relationship.following) return { kind: 'following' };
  return { kind: 'failed', reason: words('failure_notRecorded') };
}

function stepForError(
  failure: Exclude<HomeFailure, { kind: 'unauthorized' }>,
  session: Session,
  handle: string,
): Step {
  const server = serverNamed(session.host);
  if (failure.kind === 'rate-limited') {
    // The gateway has ended the window (the follows family's, when the 429 was theirs) at the 429's reset.
    const wait = homeBudget.spentUntil(session.key, { follow: true });
    return {
      kind: 'wait',
      wait: wait ?? { until: Date.now() + RATE_LIMIT_FALLBACK_MS, reason: 'rate-limit' },
    };
  }
  if (failure.kind === 'http') {
    if (failure.status >= 500)
      return {
        kind: 'stop',
        message: words('people_stoppedResume', { reason: failureReason(failure, server) }),
      };
    if (failure.status === 422)
      return {
        kind: 'stop',
        message: failure.message
          ? words('people_serverSaid', { host: session.host, message: failure.message })
          : words('people_refusedMore', { host: session.host }),
      };
    if (failure.status === 404)
      return {
        kind: 'outcome',
        outcome: {
          kind: 'failed',
          reason: words('people_couldNotFind', { host: session.host, handle: `@${handle}` }),
        },
      };
    if (failure.status === 403)
      return {
        kind: 'outcome',
        outcome: {
          kind: 'failed',
          reason: words('people_notAllowed', { host: session.host, handle: `@${handle}` }),
        },
      };
  }
  if (failure.kind === 'timeout' || failure.kind === 'unreachable')
    return {
      kind: 'stop',
      message: words('people_stoppedResume', { reason: failureReason(failure, server) }),
    };
  return { kind: 'outcome', outcome: { kind: 'failed', reason: failureReason(failure, server) } };
}

/**
 * Resolves (when the id is not known) and follows one account: one or two requests, each paced. The queue notes the
 * account before its follow is sent (`inFlight`); an account found noted when the queue starts again may have been
 * followed before the browser stopped the service worker, so its relationship is read first (`checkFirst`): some
 * servers send a second Follow for a request still pending (Akkoma, docs/home-server.md §10.3).
 */
async function followOne(session: Session, handle: string, checkFirst: boolean): Promise<Step> {
  try {
    let id = await knownAccountId(session.host, handle);
    if (id && checkFirst) {
      const wait = homeBudget.take(session.key, { reserve: session.reserve });
      if (wait) return { kind: 'wait', wait };
      const [relationship] = await fetchRelationships(session.host, session.token, [id]);
      if (relationship && (relationship.following || relationship.requested))
        return { kind: 'outcome', outcome: outcomeOf(relationship) };
    }
    if (!id) {
      const wait = homeBudget.take(session.key, { reserve: session.reserve });
      if (wait) return { kind: 'wait', wait };
      const account = await resolveAccount(session.host, session.token, handle);
      if (!account) {
        return {
          kind: 'outcome',
          outcome: {
            kind: 'failed',
            reason: words('people_couldNotFind', { host: session.host, handle: `@${handle}` }),
          },
        };
      }
      id = account.id;
      await rememberAccountId(session.host, handle, id);
    }
    const wait = homeBudget.take(session.key, { follow: true, reserve: session.reserve });
    if (wait) return { kind: 'wait', wait };
    await updateQueue((current) => ({ ...current, inFlight: handle }));
    return { kind: 'outcome', outcome: outcomeOf(await followAccount(session.host, session.token, id)) };
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'unauthorized') {
      await markUnauthorized(session.token);
      return {
        kind: 'stop',
        message: words('people_signedOut'),
      };
    }
    return stepForError(failure, session, handle);
  }
}

let running = false;

/** Waits no longer than this are waited in place, without an alarm or a "waiting" status. */
const SHORT_WAIT_MS = 5000;

/** Follows the queue's accounts one at a time until it is empty, paused, stopped or has to wait. */
export async function runQueue(): Promise<void> {
  if (running) return;
  running = true;
  let first = true;
  try {
    for (;;) {
      const queue = await followQueueItem.getValue();
      const status = queue.status;
      if (queue.pending.length === 0) {
        if (status.kind !== 'idle')
          await updateQueue((current) => ({ ...current, status: { kind: 'idle' } }));
        return;
      }
      if (status.kind === 'paused' || status.kind === 'stopped') return;
      if (status.kind === 'waiting' && status.until > Date.now()) {
        await browser.alarms.create(ALARM, { when: status.until });
        return;
      }
      const session = await currentSession();
      if (!session) {
        await updateQueue((current) => ({
          ...current,
          status: {
            kind: 'stopped',
            message: words('people_connectFirst'),
          },
        }));
        return;
      }
      const handle = queue.pending[0]!;
      const step = await followOne(session, handle, first && queue.inFlight === handle);
      if (step.kind !== 'wait') first = false;
      if (step.kind === 'wait' && step.wait.until - Date.now() <= SHORT_WAIT_MS) {
        // A server that says nothing of its limits is paced (utils/mastodon/rate-budget.ts): a pause of a
        // second or two is waited here, since the browser may not fire an alarm sooner than 30 seconds.
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, step.wait.until - Date.now())));
        continue;
      }
      if (step.kind === 'wait') {
        // A pause the person pressed meanwhile stays a pause: Resume then waits for the window itself.
        const next = await updateQueue((current) =>
          current.status.kind === 'paused'
            ? current
            : { ...current, status: { kind: 'waiting', ...step.wait } },
        );
        if (next.status.kind === 'waiting') await browser.alarms.create(ALARM, { when: step.wait.until });
        return;
      }
      if (step.kind === 'stop') {
        await updateQueue((current) => ({ ...current, status: { kind: 'stopped', message: step.message } }));
        return;
      }
      await setOutcome(queue.listOf[handle] ?? queue.listId, handle, step.outcome);
      // The outcome is written: the account is no longer in flight.
      await updateQueue(({ inFlight: _written, ...current }) => {
        const pending = current.pending.filter((other) => other !== handle);
        const listOf = { ...current.listOf };
        delete listOf[handle];
        const failed = current.failed + (step.outcome.kind === 'failed' ? 1 : 0);
        const done = current.done + (step.outcome.kind === 'failed' ? 0 : 1);
        const keep = current.status.kind === 'paused' ? current.status : ({ kind: 'running' } as const);
        return {
          ...current,
          pending,
          listOf,
          done,
          failed,
          status: pending.length === 0 ? { kind: 'idle' } : keep,
        };
      });
    }
  } catch (error) {
    console.warn('Homeward: the follow queue stopped', error);
    await updateQueue((current) => ({
      ...current,
      status: { kind: 'stopped', message: words('people_problemResume') },
    }));
  } finally {
    running = false;
  }
}

/** Called when the background starts (a browser restart included) and when the queue's alarm rings. */
export function listenForPeopleQueue(): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void runQueue();
  });
  void (async () => {
    const queue = await followQueueItem.getValue();
    if (queue.pending.length > 0 && (queue.status.kind === 'running' || queue.status.kind === 'waiting'))
      await runQueue();
  })();
}
