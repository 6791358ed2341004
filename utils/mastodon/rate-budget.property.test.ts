/**
 * `X-RateLimit-*` headers come from the home server: any value must give a budget or null, never an exception or
 * a NaN that would make a queue wait forever or not at all. Mastodon's own format reads back to the millisecond.
 */
import fc from 'fast-check';
import { MastoHttpError } from 'masto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BudgetTracker,
  budgetFrom,
  DAILY_FOLLOWS_LIMIT,
  metered,
  parseReset,
  RATE_LIMIT_FALLBACK_MS,
  MAX_STORED_WAIT_MS,
  rateLimitedUntil,
  RESERVED_REQUESTS,
} from './rate-budget';

const FROM = Date.UTC(2000, 0, 1);
const TO = Date.UTC(2100, 0, 1);
const instant = fc.integer({ min: FROM, max: TO });

/** What a header may carry (RFC 9110 field values: visible ASCII, spaces and tabs inside). */
const headerValue = fc.oneof(
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 40,
  }),
  fc.integer().map(String),
  fc.double().map(String),
  instant.map((ms) => new Date(ms).toISOString()),
  fc.constantFrom('', ' ', 'NaN', 'Infinity', '-1', '0', '1e309', '0x10', '2025-13-45T99:99:99Z'),
);

/** Any bytes a header can carry once decoded (Headers values are ByteStrings: one character per byte). */
const latin1 = fc.string({
  unit: fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)),
  maxLength: 60,
});

/** `Time#iso8601(6)`, as Mastodon sends X-RateLimit-Reset, with any microsecond digits. */
function iso6(ms: number, micro: number): string {
  return new Date(ms).toISOString().replace(/Z$/, `${String(micro).padStart(3, '0')}Z`);
}

describe('property: parseReset', () => {
  it('never throws, and is null or a finite whole number of milliseconds', () => {
    fc.assert(
      fc.property(fc.option(fc.oneof(headerValue, latin1)), (header) => {
        const reset = parseReset(header);
        if (reset !== null) expect(Number.isInteger(reset)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads Mastodon’s microseconds back to the millisecond (cut, not rounded), with spaces around', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('', ' ', '  '),
        (ms, micro, pad) => {
          expect(parseReset(`${pad}${iso6(ms, micro)}${pad}`)).toBe(ms);
        },
      ),
    );
  });

  it('reads an offset as the same instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -14, max: 14 }), (ms, hours) => {
        const local = new Date(ms + hours * 3_600_000).toISOString().replace(/Z$/, '');
        const sign = hours < 0 ? '-' : '+';
        const offset = `${sign}${String(Math.abs(hours)).padStart(2, '0')}:00`;
        expect(parseReset(`${local}${offset}`)).toBe(ms);
      }),
    );
  });
});

describe('property: a 429 the gateway met (metered)', () => {
  const NOW = Date.UTC(2025, 5, 1, 12, 1, 0);
  let servers = 0;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the header of a 429 masto threw as parseReset does, and leaves the server alone until then', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (header) => {
        const host = `home${servers++}.example`;
        const response = new Response(null, { status: 429, headers: { 'x-ratelimit-reset': header } });
        const error = new MastoHttpError(
          { statusCode: 429, message: 'Too many requests' },
          { cause: response },
        );
        await expect(metered(host, () => Promise.reject(error))).rejects.toBe(error);
        // Headers trim the value, and an empty one is as good as none.
        const reset = parseReset(header.trim() || null);
        // A day at most: no window is longer.
        const end =
          reset !== null && reset > NOW
            ? Math.min(reset, NOW + MAX_STORED_WAIT_MS)
            : NOW + RATE_LIMIT_FALLBACK_MS;
        expect(await rateLimitedUntil(host)).toBe(end);
      }),
      { numRuns: 300 },
    );
  });

  it('reads nothing from anything that is not a masto error, and passes it on', async () => {
    await fc.assert(
      fc.asyncProperty(fc.anything(), async (thing) => {
        const host = `home${servers++}.example`;
        await expect(metered(host, () => Promise.reject(thing))).rejects.toBe(thing);
        expect(await rateLimitedUntil(host)).toBeUndefined();
      }),
    );
  });
});

describe('property: budgetFrom', () => {
  it('never throws, and a budget it returns has finite numbers and a positive limit', () => {
    fc.assert(
      fc.property(
        fc.option(headerValue),
        fc.option(headerValue),
        fc.option(headerValue),
        (limit, remaining, reset) => {
          const headers = new Headers();
          if (limit !== null) headers.set('x-ratelimit-limit', limit);
          if (remaining !== null) headers.set('x-ratelimit-remaining', remaining);
          if (reset !== null) headers.set('x-ratelimit-reset', reset);
          const budget = budgetFrom(headers);
          if (budget === null) return;
          expect(budget.limit).toBeGreaterThan(0);
          expect(Number.isFinite(budget.limit)).toBe(true);
          expect(Number.isFinite(budget.remaining)).toBe(true);
          expect(Number.isInteger(budget.reset)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads Mastodon’s headers back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.nat(10_000), instant, (limit, remaining, reset) => {
        const headers = new Headers({
          'x-ratelimit-limit': String(limit),
          'x-ratelimit-remaining': String(remaining),
          'x-ratelimit-reset': iso6(reset, 0),
        });
        expect(budgetFrom(headers)).toEqual({ limit, remaining, reset });
      }),
    );
  });
});

describe('property: BudgetTracker', () => {
  it('lets exactly the requests the server allows through, less the reserve, then waits until the reset', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.integer({ min: -5, max: 500 }), (limit, remaining) => {
        // A limit of 400 is the follows family's, which only follows count against.
        fc.pre(limit !== DAILY_FOLLOWS_LIMIT);
        const now = Date.UTC(2025, 5, 1, 12, 1);
        const reset = now + 60_000;
        const budgets = new BudgetTracker(() => now);
        budgets.note(
          'home.example',
          new Headers({
            'x-ratelimit-limit': String(limit),
            'x-ratelimit-remaining': String(remaining),
            'x-ratelimit-reset': new Date(reset).toISOString(),
          }),
        );
        let taken = 0;
        while (budgets.take('home.example') === null && taken <= 1000) taken++;
        expect(taken).toBe(Math.max(0, remaining - RESERVED_REQUESTS));
        expect(budgets.take('home.example')?.until).toBeGreaterThan(reset);
      }),
    );
  });
});
