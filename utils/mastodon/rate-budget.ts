/**
 * What the home server still allows, read from its `X-RateLimit-*` headers (docs/home-server.md §7): every API
 * answer carries the throttle with the fewest requests left (300 per 5 minutes per token, usually), and a follow
 * answer carries the follows family instead (400 per 24 hours) once it has fewer left. Long jobs (the People
 * queue, list checks) ask before each request, so that they never run into a 429, and leave a few requests for the
 * person's own clicks.
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

  constructor(private readonly now: () => number = Date.now) {}

  /** Notes an answer's headers. */
  note(host: string, headers: Headers): void {
    const budget = budgetFrom(headers);
    if (!budget) return;
    if (budget.limit === DAILY_FOLLOWS_LIMIT) this.follows.set(host, budget);
    else this.budgets.set(host, budget);
  }

  /** A request is about to go out: counts it, or says until when to wait first. */
  take(host: string, options: { follow?: boolean } = {}): Wait | null {
    const now = this.now();
    if (options.follow) {
      const daily = this.follows.get(host);
      if (daily && daily.reset > now && daily.remaining <= 0)
        return { until: daily.reset + RESET_SLACK_MS, reason: 'daily-limit' };
    }
    const budget = this.budgets.get(host);
    if (!budget) return null;
    if (budget.reset + RESET_SLACK_MS <= now) {
      this.budgets.delete(host);
      return null;
    }
    if (budget.remaining <= RESERVED_REQUESTS)
      return { until: budget.reset + RESET_SLACK_MS, reason: 'rate-limit' };
    budget.remaining--;
    if (options.follow) {
      const daily = this.follows.get(host);
      if (daily && daily.reset > now) daily.remaining--;
    }
    return null;
  }

  /** A 429 came anyway (another client on the same token): wait until its reset. */
  exhausted(host: string, reset: number | null, daily: boolean): Wait {
    const end = reset !== null && reset > this.now() ? reset : this.now() + 5 * 60_000;
    const budget = { limit: daily ? DAILY_FOLLOWS_LIMIT : 300, remaining: 0, reset: end };
    if (daily) this.follows.set(host, budget);
    else this.budgets.set(host, budget);
    return { until: end + RESET_SLACK_MS, reason: daily ? 'daily-limit' : 'rate-limit' };
  }
}
