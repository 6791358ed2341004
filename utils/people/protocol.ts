import { typedSender, type MessageOf } from '../messaging/messages';
import type { Words } from '../i18n';

/**
 * "Bring my people": a Threads or Instagram following list, scanned in the page, checked and followed by the
 * background, shown on the extension's People page. Lists and the follow queue live in storage.local, so a
 * closed tab or a browser restart loses nothing; pages watch them instead of polling.
 */

/** One account as the site's list shows it. */
export interface ScannedPerson {
  /** The Threads / Instagram username (they are the same), lower case, no @. */
  username: string;
  /** May be empty: Instagram rows can have no name. */
  displayName: string;
}

export type PeopleSite = import('../sites').SiteId;

/**
 * Why a scan read less than the whole list:
 * - `stopped`: the person pressed Stop;
 * - `stalled`: the site kept its loading state on screen but sent nothing more;
 * - `short`: the list ended with fewer accounts than the count its page shows.
 */
export type PartialReason = 'stopped' | 'stalled' | 'short';
export const PARTIAL_REASONS: readonly PartialReason[] = ['stopped', 'stalled', 'short'];

/** What the content script hands over when a scan ends (finished or stopped). */
export interface PeopleScan {
  site: PeopleSite;
  /** Whose following list it is (the profile's username). */
  owner: string;
  people: ScannedPerson[];
  /** The scan read less than the whole list (`reason` says why). */
  stopped: boolean;
  reason?: PartialReason;
  /** How many accounts the page said the list has, where it showed an exact count. */
  expected?: number;
}

/** Where an account stands, as the People page shows it. */
export type PersonStatus =
  /** Not checked yet. */
  | { kind: 'checking' }
  /** The network's WebFinger says 404: **Not on the fediverse**. */
  | { kind: 'not-federated' }
  /** On the fediverse, not followed from the home account (or no account connected to know). */
  | { kind: 'found' }
  /** Already followed from Mastodon, or a follow request is pending. */
  | { kind: 'following' }
  | { kind: 'requested' }
  /** The check could not finish (network down, timeout): `reason` says why; a later check may succeed. */
  | { kind: 'unknown'; reason: Words };

/** What the queue did with an account it was asked to follow. */
export type FollowOutcome =
  | { kind: 'queued' }
  | { kind: 'following' }
  | { kind: 'requested' }
  /** Not followed: the home server could not find it, blocks its domain, or refused (`reason` is shown). */
  | { kind: 'failed'; reason: Words };

export interface PersonRow extends ScannedPerson {
  /** `user@threads.net`. */
  handle: string;
  status: PersonStatus;
  /** Set once the person asked to follow this account. */
  follow?: FollowOutcome;
}

export interface PeopleList {
  id: string;
  site: PeopleSite;
  owner: string;
  createdAt: number;
  /** In the site's order. */
  rows: PersonRow[];
  /** The scan read less than the whole list. */
  partial: boolean;
  /** Why, when it is partial; lists stored before it was known have none (Stop was the only reason then). */
  partialReason?: PartialReason;
  /** How many accounts the site's page said the list has, where it showed an exact count. */
  expected?: number;
  /** All rows have a status other than `checking`. */
  checked: boolean;
  /** Whether `following` / `requested` could be asked of a connected account; false: only WebFinger ran. */
  relationshipsKnown: boolean;
}

export type QueueStatus =
  /** Nothing to do. */
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'paused' }
  /** Waiting for the home server's rate limit window: resumes at `until` by itself. */
  | { kind: 'waiting'; until: number; reason: 'rate-limit' | 'daily-limit' }
  /** Cannot go on: no account, account revoked, the 7,500 follows limit. `message` is shown. */
  | { kind: 'stopped'; message: Words };

/** The follow queue, persisted: `pending` handles are followed in order, one at a time. */
export interface FollowQueue {
  /** The list the queue was filled from first (the People page shows the progress there). */
  listId: string | null;
  pending: string[];
  /** Which list each pending handle was queued from: its row gets the outcome. */
  listOf: Record<string, string>;
  /** Counts for the progress bar, since the queue was last filled from empty. */
  total: number;
  done: number;
  failed: number;
  status: QueueStatus;
  /** The account whose follow was being sent, until its outcome is written (utils/people/queue.ts). */
  inFlight?: string;
}

export const EMPTY_QUEUE: FollowQueue = {
  listId: null,
  pending: [],
  listOf: {},
  total: 0,
  done: 0,
  failed: 0,
  status: { kind: 'idle' },
};

export interface PeopleRequests {
  /** From the content script: stores the scan as a list, opens the People page for it, starts the checks. */
  'people:found': { request: PeopleScan; response: { listId: string } | { error: Words } };
  /** From the People page: (re)starts the checks of rows still `checking` or `unknown`. */
  'people:check': { request: { listId: string }; response: { ok: true } };
  /** Adds handles of the list to the follow queue and runs it. */
  'people:follow': { request: { listId: string; handles: string[] }; response: FollowQueue };
  'people:pause': { request: Record<string, never>; response: FollowQueue };
  'people:resume': { request: Record<string, never>; response: FollowQueue };
}

export type PeopleRequestType = keyof PeopleRequests;
export type PeopleMessage = MessageOf<PeopleRequests>;

export const sendPeople = typedSender<PeopleRequests>(['people:check']);

/** The People page's address for a list. */
export const PEOPLE_PAGE = '/people.html';
