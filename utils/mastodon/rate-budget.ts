import { MastoHttpError } from 'masto';
import { storageCache } from '../storage/cache';

/**
 * What the home server still allows, read from its `X-RateLimit-*` headers (docs/home-server.md §7): every API
 * answer carries the throttle with the fewest requests left (300 per 5 minutes per token, usually), and a follow
 * answer carries the follows family instead (400 per 24 hours) once it has fewer left.
 *
 * One budget per connected account for every feature (its key: `budgetOf` in utils/mastodon/client.ts, the
 * account's server and id; the server's name for a call without a token): each call the gateway makes with the
 * token goes through `metered`,
 * so the follow button's and Open it at home's answers (and their 429s) count as much as the people queue's. Long
 * jobs (the People queue, list checks) ask before each request, so that they never run into a 429, and leave a few
 * requests for the person's own clicks; the clicks themselves stop only when the server has nothing left.
 */

export interface RateBudget {
  limit: number;
  remaining: number;
  /** Epoch ms: the end of the window. */
  reset: number;
}

/** Requests left for the person's own clicks (the follow button, Open it at home) while a long job runs. */
export const RESERVED_REQUESTS = 10;
/** The follows family's limit: a budget with this limit at 0 means "come back tomorrow". */
export const DAILY_FOLLOWS_LIMIT = 400;
/** When a 429 carries no readable X-RateLimit-Reset: Mastodon's API throttles use 5-minute windows (§7). */
export const RATE_LIMIT_FALLBACK_MS = 5 * 60 * 1000;
/**
 * A server that sends no rate-limit headers (Akkoma, Pleroma: docs/home-software.md) still has limits, among them
 * 10 follows per 10 seconds per user: long jobs leave this much between their follows there.
 */
export const UNMETERED_PACE_MS = 2000;
/** The longest a 429 keeps the server alone. */
export const MAX_STORED_WAIT_MS = 24 * 60 * 60 * 1000;
/** After a window ends, a little slack before the first request of the next one (clocks differ). */
const RESET_SLACK_MS = 1000;

/** `X-RateLimit-Reset` in epoch ms: ISO 8601 with microseconds, which Date.parse does not promise to read. */
export function parseReset(header: string | null): number | null {
  if (!header) return null;
  const reset = Date.parse(header.trim().replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(reset) ? null : reset;
}

export function budgetFrom(headers: Headers): RateBudget | null {
  const limitHeader = headers.get('x-ratelimit-limit');
  const remainingHeader = headers.get('x-ratelimit-remaining');
  if (limitHeader === null || remainingHeader === null) return null;
  const limit = Number(limitHeader);
  const remaining = Number(remainingHeader);
  const reset = parseReset(headers.get('x-ratelimit-reset'));
  if (!Number.isFinite(limit) || !Number.isFinite(remaining) || reset === null || limit <= 0) return null;
  return { limit, remaining, reset };
}

export type Wait = { until: number; reason: 'rate-limit' | 'daily-limit' };

/**
 * Per home server: the last budget seen, counted down locally for requests made since (answers that carry no
 * headers, and requests in flight, still use up the window).
 */
export class BudgetTracker {
  private budgets = new Map<string, RateBudget>();
  /** The follows family's own budget: it shows only on follow answers, and must outlive the API window. */
  private follows = new Map<string, RateBudget>();
  /** Servers whose last answer said nothing of its limits, and when a long job last asked each. */
  private unmetered = new Map<string, number>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** Notes an answer's headers. */
  note(host: string, headers: Headers): void {
    const found = budgetFrom(headers);
    // No window is longer than a day: a server clock far ahead must not hold a long job for longer.
    const budget = found && { ...found, reset: Math.min(found.reset, this.now() + MAX_STORED_WAIT_MS) };
    if (!budget) {
      if (!this.unmetered.has(host)) this.unmetered.set(host, -Infinity);
      return;
    }
    this.unmetered.delete(host);
    if (budget.limit === DAILY_FOLLOWS_LIMIT) this.follows.set(host, budget);
    else this.budgets.set(host, budget);
  }

  /** A request is about to go out: counts it, or says until when to wait first. */
  take(host: string, options: { follow?: boolean; reserve?: number } = {}): Wait | null {
    const now = this.now();
    if (options.follow) {
      const daily = this.follows.get(host);
      if (daily && daily.reset > now && daily.remaining <= 0)
        return { until: daily.reset + RESET_SLACK_MS, reason: 'daily-limit' };
    }
    const budget = this.budgets.get(host);
    if (!budget) return options.follow ? this.pace(host, now) : null;
    if (budget.reset + RESET_SLACK_MS <= now) {
      this.budgets.delete(host);
      return options.follow ? this.pace(host, now) : null;
    }
    if (budget.remaining <= (options.reserve ?? RESERVED_REQUESTS))
      return { until: budget.reset + RESET_SLACK_MS, reason: 'rate-limit' };
    budget.remaining--;
    if (options.follow) {
      const daily = this.follows.get(host);
      if (daily && daily.reset > now) daily.remaining--;
    }
    return null;
  }

  /**
   * Until when the server has nothing left for a request (a follow, with `follow`), without counting one: what a
   * click waits for. The reserve is the clicks' own, so it does not stop them.
   */
  spentUntil(host: string, options: { follow?: boolean } = {}): Wait | null {
    const now = this.now();
    const daily = options.follow ? this.follows.get(host) : undefined;
    if (daily && daily.reset > now && daily.remaining <= 0)
      return { until: daily.reset + RESET_SLACK_MS, reason: 'daily-limit' };
    const budget = this.budgets.get(host);
    if (budget && budget.reset + RESET_SLACK_MS > now && budget.remaining <= 0)
      return { until: budget.reset + RESET_SLACK_MS, reason: 'rate-limit' };
    return null;
  }

  /**
   * A server that says nothing of its limits gets one follow of a long job every UNMETERED_PACE_MS (reads go on:
   * Akkoma's read limits are far above what a list needs).
   */
  private pace(host: string, now: number): Wait | null {
    const last = this.unmetered.get(host);
    if (last === undefined) return null;
    if (now < last + UNMETERED_PACE_MS) return { until: last + UNMETERED_PACE_MS, reason: 'rate-limit' };
    this.unmetered.set(host, now);
    return null;
  }

  /** Budgets are per token: a new connection starts without any. */
  /** Forgets every budget, or `key`'s only. */
  clear(key?: string): void {
    for (const map of [this.budgets, this.follows, this.unmetered]) {
      if (key === undefined) map.clear();
      else map.delete(key);
    }
  }

  /** A 429 came anyway (another client on the same token): wait until its reset. */
  exhausted(host: string, reset: number | null, daily: boolean): Wait {
    // A reset further off than a day is no window's (the longest, the follows family's, is a day): a server's wrong
    // clock must not stop Homeward for longer.
    const end =
      reset !== null && reset > this.now()
        ? Math.min(reset, this.now() + MAX_STORED_WAIT_MS)
        : this.now() + RATE_LIMIT_FALLBACK_MS;
    const budget = { limit: daily ? DAILY_FOLLOWS_LIMIT : 300, remaining: 0, reset: end };
    if (daily) this.follows.set(host, budget);
    else this.budgets.set(host, budget);
    return { until: end + RESET_SLACK_MS, reason: daily ? 'daily-limit' : 'rate-limit' };
  }
}

/** The background's one budget, shared by every feature (utils/mastodon/ is the only code that feeds it). */
export const homeBudget = new BudgetTracker();

/** Epoch ms, keyed by home host: a 429's end outlives the background's restarts. */
const rateLimits = storageCache<number>('local:rateLimitedUntil', 20);

/**
 * Until when (epoch ms) the server asked for no more requests, or has none left for this one, if that is still
 * ahead: a click shows "rate-limited" instead of asking.
 */
export async function rateLimitedUntil(
  host: string,
  options: { follow?: boolean } = {},
): Promise<number | undefined> {
  const stored = await rateLimits.get(host);
  // The slack is the queue's; a click may try again at the reset itself.
  const spent = homeBudget.spentUntil(host, options);
  const budgetEnd =
    spent && spent.until - RESET_SLACK_MS > Date.now() ? spent.until - RESET_SLACK_MS : undefined;
  // Whichever ends later: a follow waits for both the API window and the day's follows.
  if (stored === undefined) return budgetEnd;
  return budgetEnd === undefined ? stored : Math.max(stored, budgetEnd);
}

/** After a 429 the gateway met: when it ends (five minutes on, should nothing say). */
export async function rateLimitEnd(host: string, options: { follow?: boolean } = {}): Promise<number> {
  return (await rateLimitedUntil(host, options)) ?? Date.now() + RATE_LIMIT_FALLBACK_MS;
}

/** The failed answer masto keeps as a MastoHttpError's cause. */
function failedResponse(error: unknown): Response | null {
  return error instanceof MastoHttpError && error.cause instanceof Response ? error.cause : null;
}

/**
 * Runs one request made with the token and feeds its answer's headers to the budget. A 429 ends the window (the
 * follows family's when its limit says so) and is kept in storage until its reset.
 */
export async function metered<T>(
  host: string,
  call: () => PromiseLike<{ data: T; headers: Headers }>,
): Promise<T> {
  try {
    const { data, headers } = await call();
    homeBudget.note(host, headers);
    return data;
  } catch (error) {
    const response = failedResponse(error);
    if (response) await noteAnswer(host, response.status, response.headers);
    throw error;
  }
}

/** The same for an answer Homeward reads without masto (`fetch`). */
export async function noteAnswer(host: string, status: number, headers: Headers): Promise<void> {
  if (status !== 429) {
    homeBudget.note(host, headers);
    return;
  }
  const daily = Number(headers.get('x-ratelimit-limit')) === DAILY_FOLLOWS_LIMIT;
  const { until } = homeBudget.exhausted(host, parseReset(headers.get('x-ratelimit-reset')), daily);
  // The follows family's limit stops follows only (the budget says so to `{ follow: true }`); reads, resolves and
  // Open it at home go on. Only the API window's end is kept across restarts.
  if (daily) return;
  // The slack is the queue's; a click may try again at the reset itself.
  const end = until - RESET_SLACK_MS;
  await rateLimits.set(host, end, end - Date.now());
}
