/**
 * Fixed-window counters like Rack::Attack's and Mastodon's RateLimiter (docs/home-server.md §7): windows are
 * aligned to epoch multiples of the period, and Reset is the end of the current window in `iso8601(6)`.
 */

export interface Throttle {
  name: string;
  /** Which admin family (`set-rate-limit`) this throttle belongs to. */
  family: 'api' | 'apps' | 'follows';
  limit: number;
  periodSeconds: number;
}

export const THROTTLES = {
  authenticatedApi: { name: 'throttle_authenticated_api', family: 'api', limit: 1500, periodSeconds: 300 },
  perTokenApi: { name: 'throttle_per_token_api', family: 'api', limit: 300, periodSeconds: 300 },
  unauthenticatedApi: { name: 'throttle_unauthenticated_api', family: 'api', limit: 300, periodSeconds: 300 },
  appRegistrations: {
    name: 'throttle_oauth_application_registrations/ip',
    family: 'apps',
    limit: 5,
    periodSeconds: 600,
  },
  follows: { name: 'follows', family: 'follows', limit: 400, periodSeconds: 86_400 },
} as const satisfies Record<string, Throttle>;

/**
 * GoToSocial's one limit for its client API, /oauth and /auth: 300 requests per 5 minutes per IP, counted by
 * ulule/limiter's memory store (docs/home-server.md §10.3).
 */
export const GOTOSOCIAL_THROTTLE: Throttle = {
  name: 'gotosocial_client_api',
  family: 'api',
  limit: 300,
  periodSeconds: 300,
};

export interface ThrottleState {
  throttle: Throttle;
  count: number;
  remaining: number;
  resetAt: number;
}

/** `Time#iso8601(6)` in UTC: 2025-06-01T12:35:00.000000Z. */
export function iso8601Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** GoToSocial's X-RateLimit-Reset: the window's end in whole seconds, as `2006-01-02T15:04:05.000Z` (§10.3). */
export function gotosocialHeaders(state: ThrottleState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.throttle.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': new Date(Math.floor(state.resetAt / 1000) * 1000).toISOString(),
  };
}

export function rateLimitHeaders(state: ThrottleState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(state.throttle.limit),
    'x-ratelimit-remaining': String(state.remaining),
    'x-ratelimit-reset': iso8601Micro(state.resetAt),
  };
}

export class RateLimiter {
  private counts = new Map<string, { window: number; count: number }>();
  /** Admin overrides: from now until the end of the current window, the family's counters start at `count`. */
  private floors = new Map<Throttle['family'], { window: number; remaining: number }>();
  /** Windows that start at a key's first request (ulule/limiter), and their admin overrides until a time. */
  private firstHits = new Map<string, { throttle: Throttle; expires: number; count: number }>();
  private firstHitFloors = new Map<Throttle['family'], { until: number; remaining: number }>();

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.counts.clear();
    this.floors.clear();
    this.firstHits.clear();
    this.firstHitFloors.clear();
  }

  private windowOf(throttle: Throttle): number {
    return Math.floor(this.now() / 1000 / throttle.periodSeconds);
  }

  private current(throttle: Throttle, key: string): { window: number; count: number } {
    const window = this.windowOf(throttle);
    const id = `${throttle.name}:${key}`;
    let entry = this.counts.get(id);
    if (!entry || entry.window !== window) {
      entry = { window, count: 0 };
      this.counts.set(id, entry);
    }
    const floor = this.floors.get(throttle.family);
    if (floor && floor.window === window)
      entry.count = Math.max(entry.count, throttle.limit - floor.remaining);
    return entry;
  }

  private stateOf(throttle: Throttle, count: number): ThrottleState {
    const window = this.windowOf(throttle);
    return {
      throttle,
      count,
      remaining: Math.max(0, throttle.limit - count),
      resetAt: (window + 1) * throttle.periodSeconds * 1000,
    };
  }

  /** Rack::Attack: count the request, then it is throttled when the count exceeds the limit. */
  hit(throttle: Throttle, key: string): ThrottleState & { exceeded: boolean } {
    const entry = this.current(throttle, key);
    entry.count += 1;
    return { ...this.stateOf(throttle, entry.count), exceeded: entry.count > throttle.limit };
  }

  /**
   * ulule/limiter's memory store, as GoToSocial uses it: a key's window starts at its first request and lasts the
   * period; over the limit is throttled, and Remaining stays at 0.
   */
  hitFromFirst(throttle: Throttle, key: string): ThrottleState & { exceeded: boolean } {
    const now = this.now();
    const id = `${throttle.name}:${key}`;
    let entry = this.firstHits.get(id);
    const floor = this.firstHitFloors.get(throttle.family);
    const floored = floor !== undefined && now < floor.until;
    if (!entry || now >= entry.expires) {
      // A key first seen while an admin's override holds is in the window the override describes.
      const expires = now + throttle.periodSeconds * 1000;
      entry = { throttle, expires: floored ? Math.min(expires, floor.until) : expires, count: 0 };
      this.firstHits.set(id, entry);
    }
    if (floored) entry.count = Math.max(entry.count, throttle.limit - floor.remaining);
    entry.count += 1;
    return {
      throttle,
      count: entry.count,
      remaining: Math.max(0, throttle.limit - entry.count),
      resetAt: entry.expires,
      exceeded: entry.count > throttle.limit,
    };
  }

  peek(throttle: Throttle, key: string): ThrottleState {
    return this.stateOf(throttle, this.current(throttle, key).count);
  }

  /** Mastodon's RateLimiter#record!: refuse when the count already reached the limit, else count. */
  record(throttle: Throttle, key: string): boolean {
    const entry = this.current(throttle, key);
    if (entry.count >= throttle.limit) return false;
    entry.count += 1;
    return true;
  }

  /**
   * From now until the current window ends, the family's counters stand at `limit - remaining`. `resetInMs` (windows
   * that start at a key's first request only, GoToSocial's) says when that window ends: the state of a client whose
   * window began `period - resetInMs` ago. Mastodon's windows end on the clock's multiples, which no admin moves.
   */
  setRemaining(family: Throttle['family'], remaining: number, resetInMs?: number): void {
    const throttle = Object.values(THROTTLES).find((t) => t.family === family);
    if (!throttle) throw new Error(`unknown rate-limit family ${family}`);
    // Every throttle of the api family has a 5-minute window, so one window index serves them all.
    this.floors.set(family, { window: this.windowOf(throttle), remaining });
    for (const [id, entry] of this.counts) {
      const owner = Object.values(THROTTLES).find((t) => id.startsWith(`${t.name}:`));
      if (owner?.family === family && entry.window === this.windowOf(owner))
        entry.count = owner.limit - remaining;
    }
    const until = this.now() + (resetInMs ?? throttle.periodSeconds * 1000);
    this.firstHitFloors.set(family, { until, remaining });
    for (const entry of this.firstHits.values()) {
      if (entry.throttle.family !== family) continue;
      entry.count = entry.throttle.limit - remaining;
      if (resetInMs !== undefined) entry.expires = until;
    }
  }
}
