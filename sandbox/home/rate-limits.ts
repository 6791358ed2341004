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

  constructor(private readonly now: () => number) {}

  reset(): void {
    this.counts.clear();
    this.floors.clear();
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

  setRemaining(family: Throttle['family'], remaining: number): void {
    const throttle = Object.values(THROTTLES).find((t) => t.family === family);
    if (!throttle) throw new Error(`unknown rate-limit family ${family}`);
    // Every throttle of the api family has a 5-minute window, so one window index serves them all.
    this.floors.set(family, { window: this.windowOf(throttle), remaining });
    for (const [id, entry] of this.counts) {
      const owner = Object.values(THROTTLES).find((t) => id.startsWith(`${t.name}:`));
      if (owner?.family === family && entry.window === this.windowOf(owner))
        entry.count = owner.limit - remaining;
    }
  }
}
