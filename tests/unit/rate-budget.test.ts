import { homeSoftware } from '@/utils/mastodon/home-software';
import { describe, expect, it } from 'vitest';
import {
  BudgetTracker,
  budgetFrom,
  DAILY_FOLLOWS_LIMIT,
  parseReset,
  RESERVED_REQUESTS,
} from '@/utils/mastodon/rate-budget';

const HOST = 'home.example';
const NOW = Date.UTC(2025, 5, 1, 12, 1, 0);
/** The end of NOW's 5-minute window, as Rack::Attack aligns it (docs/home-server.md §7). */
const RESET = Date.UTC(2025, 5, 1, 12, 5, 0);
/** The end of NOW's 24-hour follows window. */
const DAILY_RESET = Date.UTC(2025, 5, 2, 0, 0, 0);
const SLACK = 1000;

/** `Time#iso8601(6)` in UTC, as Mastodon sends X-RateLimit-Reset. */
function iso6(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function headers(limit: number | string, remaining: number | string, reset: number | string): Headers {
  return new Headers({
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': typeof reset === 'number' ? iso6(reset) : reset,
  });
}

/** A tracker on a clock the test moves. */
function tracker() {
  const clock = { now: NOW };
  return { clock, budgets: new BudgetTracker(() => clock.now) };
}

/** Takes until the tracker says to wait: how many were allowed, and the wait. */
function drain(budgets: BudgetTracker, options: { follow?: boolean } = {}) {
  let taken = 0;
  for (;;) {
    const wait = budgets.take(HOST, options);
    if (wait) return { taken, wait };
    taken++;
    if (taken > 10_000) throw new Error('the budget never ran out');
  }
}

describe('parseReset', () => {
  it.each([
    [
      'microseconds, as Mastodon sends them',
      '2025-06-01T12:35:00.123456Z',
      Date.UTC(2025, 5, 1, 12, 35, 0, 123),
    ],
    ['zero microseconds', '2025-06-01T12:35:00.000000Z', Date.UTC(2025, 5, 1, 12, 35, 0)],
    ['milliseconds', '2025-06-01T12:35:00.250Z', Date.UTC(2025, 5, 1, 12, 35, 0, 250)],
    ['no fraction', '2025-06-01T12:35:00Z', Date.UTC(2025, 5, 1, 12, 35, 0)],
    ['surrounding spaces', '  2025-06-01T12:35:00.000000Z ', Date.UTC(2025, 5, 1, 12, 35, 0)],
    ['an offset', '2025-06-01T14:35:00.999999+02:00', Date.UTC(2025, 5, 1, 12, 35, 0, 999)],
  ])('reads %s', (_name, header, expected) => {
    expect(parseReset(header)).toBe(expected);
  });

  it.each([
    ['null', null],
    ['empty', ''],
    ['garbage', 'soon'],
    ['a date that does not exist', '2025-13-45T99:00:00.000000Z'],
  ])('gives null for %s', (_name, header) => {
    expect(parseReset(header)).toBeNull();
  });
});

describe('budgetFrom', () => {
  it('reads the three headers', () => {
    expect(budgetFrom(headers(300, 287, '2025-06-01T12:05:00.000000Z'))).toEqual({
      limit: 300,
      remaining: 287,
      reset: RESET,
    });
  });

  it('reads a budget with nothing left', () => {
    expect(budgetFrom(headers(300, 0, RESET))).toEqual({ limit: 300, remaining: 0, reset: RESET });
  });

  it('gives null for an answer without rate-limit headers', () => {
    expect(budgetFrom(new Headers({ 'content-type': 'application/json' }))).toBeNull();
  });

  it.each(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset'])(
    'gives null when %s is missing',
    (missing) => {
      const partial = headers(300, 287, RESET);
      partial.delete(missing);
      expect(budgetFrom(partial)).toBeNull();
    },
  );

  it.each([
    ['a word for the limit', headers('many', 287, RESET)],
    ['a word for the remaining', headers(300, 'some', RESET)],
    ['a word for the reset', headers(300, 287, 'later')],
    ['a zero limit', headers(0, 0, RESET)],
    ['a negative limit', headers(-300, 0, RESET)],
    ['an infinite remaining', headers(300, 'Infinity', RESET)],
  ])('gives null for %s', (_name, garbage) => {
    expect(budgetFrom(garbage)).toBeNull();
  });
});

describe('BudgetTracker.take', () => {
  it('lets everything through while no budget is known', () => {
    const { budgets } = tracker();
    for (let i = 0; i < 1000; i++) expect(budgets.take(HOST)).toBeNull();
  });

  it('counts down and leaves RESERVED_REQUESTS for the person, then waits until the reset and a slack', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, 25, RESET));
    const { taken, wait } = drain(budgets);
    expect(taken).toBe(25 - RESERVED_REQUESTS);
    expect(wait).toEqual({ until: RESET + SLACK, reason: 'rate-limit' });
    // Waiting counts nothing: it keeps saying the same.
    expect(budgets.take(HOST)).toEqual({ until: RESET + SLACK, reason: 'rate-limit' });
  });

  it("leaves a software's own reserve when asked: GoToSocial's limit covers its sign-in pages too", () => {
    const { budgets } = tracker();
    const reserve = homeSoftware({ software: 'gotosocial', version: '0.19.1' }).jobReserve;
    expect(reserve).toBeGreaterThan(RESERVED_REQUESTS);
    budgets.note(HOST, headers(300, 60, RESET));
    let taken = 0;
    while (!budgets.take(HOST, { reserve })) taken++;
    expect(taken).toBe(60 - reserve);
    expect(homeSoftware({ software: 'mastodon', version: '4.5.0' }).jobReserve).toBe(RESERVED_REQUESTS);
  });

  it('waits at once when the server says the reserve is all that is left', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, RESERVED_REQUESTS, RESET));
    expect(budgets.take(HOST)).toEqual({ until: RESET + SLACK, reason: 'rate-limit' });
  });

  it('lets the last request above the reserve through', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, RESERVED_REQUESTS + 1, RESET));
    expect(budgets.take(HOST)).toBeNull();
    expect(budgets.take(HOST)).not.toBeNull();
  });

  it('takes the latest answer’s count over its own', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, 100, RESET));
    budgets.take(HOST);
    // Another client used the token meanwhile.
    budgets.note(HOST, headers(300, RESERVED_REQUESTS + 2, RESET));
    expect(drain(budgets).taken).toBe(2);
  });

  it('keeps each server’s budget apart', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, RESERVED_REQUESTS, RESET));
    expect(budgets.take('other.example')).toBeNull();
    expect(budgets.take(HOST)).not.toBeNull();
  });

  it('ignores an answer without headers', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, 50, RESET));
    budgets.note(HOST, new Headers());
    expect(drain(budgets).taken).toBe(50 - RESERVED_REQUESTS);
  });

  it('forgets a budget once its window and the slack are over', () => {
    const { clock, budgets } = tracker();
    budgets.note(HOST, headers(300, RESERVED_REQUESTS, RESET));
    clock.now = RESET;
    // The server's clock may be behind: the window is not over for us until the slack has passed.
    expect(budgets.take(HOST)).toEqual({ until: RESET + SLACK, reason: 'rate-limit' });
    clock.now = RESET + SLACK - 1;
    expect(budgets.take(HOST)).not.toBeNull();
    clock.now = RESET + SLACK;
    expect(budgets.take(HOST)).toBeNull();
    // Nothing known about the new window: it lets requests through until an answer tells.
    for (let i = 0; i < 100; i++) expect(budgets.take(HOST)).toBeNull();
  });
});

describe('the follows family', () => {
  it('is kept apart from the API budget', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, 200, RESET));
    budgets.note(HOST, headers(DAILY_FOLLOWS_LIMIT, 0, DAILY_RESET));
    // A search still goes: the API window has room.
    expect(budgets.take(HOST)).toBeNull();
    // A follow waits for the daily window, not the 5-minute one.
    expect(budgets.take(HOST, { follow: true })).toEqual({
      until: DAILY_RESET + SLACK,
      reason: 'daily-limit',
    });
  });

  it('lets follows through while the daily budget lasts, counting them down', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, 200, RESET));
    budgets.note(HOST, headers(DAILY_FOLLOWS_LIMIT, 3, DAILY_RESET));
    const { taken, wait } = drain(budgets, { follow: true });
    expect(taken).toBe(3);
    expect(wait).toEqual({ until: DAILY_RESET + SLACK, reason: 'daily-limit' });
    // Only the follows counted against the daily budget; the other requests did not.
    expect(budgets.take(HOST)).toBeNull();
  });

  it('does not count other requests against the daily budget', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, 200, RESET));
    budgets.note(HOST, headers(DAILY_FOLLOWS_LIMIT, 2, DAILY_RESET));
    for (let i = 0; i < 50; i++) expect(budgets.take(HOST)).toBeNull();
    expect(drain(budgets, { follow: true }).taken).toBe(2);
  });

  it('still needs room in the API window for a follow', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, RESERVED_REQUESTS, RESET));
    budgets.note(HOST, headers(DAILY_FOLLOWS_LIMIT, 300, DAILY_RESET));
    expect(budgets.take(HOST, { follow: true })).toEqual({ until: RESET + SLACK, reason: 'rate-limit' });
  });

  it('ends with its window', () => {
    const { clock, budgets } = tracker();
    budgets.note(HOST, headers(DAILY_FOLLOWS_LIMIT, 0, DAILY_RESET));
    clock.now = DAILY_RESET + 1;
    expect(budgets.take(HOST, { follow: true })).toBeNull();
  });
});

describe('BudgetTracker.exhausted', () => {
  it('waits until the 429’s reset, and counts the window as spent', () => {
    const { budgets } = tracker();
    expect(budgets.exhausted(HOST, RESET, false)).toEqual({ until: RESET + SLACK, reason: 'rate-limit' });
    expect(budgets.take(HOST, { follow: true })?.reason).toBe('rate-limit');
    expect(budgets.take(HOST)?.reason).toBe('rate-limit');
  });

  // The queue shows exhausted()'s `until` and sets its alarm then: at that time take() must let requests go.
  it('lets requests go at the until it gave', () => {
    const { clock, budgets } = tracker();
    const { until } = budgets.exhausted(HOST, RESET, false);
    expect(budgets.take(HOST)).toEqual({ until, reason: 'rate-limit' });
    clock.now = until;
    expect(budgets.take(HOST)).toBeNull();
  });

  it('waits five minutes when the 429 has no reset', () => {
    const { budgets } = tracker();
    expect(budgets.exhausted(HOST, null, false)).toEqual({
      until: NOW + 5 * 60_000 + SLACK,
      reason: 'rate-limit',
    });
  });

  it('waits five minutes when the reset is already past', () => {
    const { budgets } = tracker();
    expect(budgets.exhausted(HOST, NOW - 1, false).until).toBe(NOW + 5 * 60_000 + SLACK);
  });

  it('waits for the daily window after a follows 429, for follows only', () => {
    const { budgets } = tracker();
    budgets.note(HOST, headers(300, 200, RESET));
    expect(budgets.exhausted(HOST, DAILY_RESET, true)).toEqual({
      until: DAILY_RESET + SLACK,
      reason: 'daily-limit',
    });
    expect(budgets.take(HOST, { follow: true })?.reason).toBe('daily-limit');
    expect(budgets.take(HOST)).toBeNull();
  });

  it('waits five minutes after a follows 429 without a reset', () => {
    const { budgets } = tracker();
    expect(budgets.exhausted(HOST, null, true)).toEqual({
      until: NOW + 5 * 60_000 + SLACK,
      reason: 'daily-limit',
    });
  });
});
