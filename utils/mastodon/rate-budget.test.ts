/**
 * One budget for every feature: what the person's own clicks spend and meet (through the gateway's calls) is what
 * the people queue paces by, and the other way round.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { forgetClient, nameBudget } from './client';
import { fetchRelationships, followAccount, resolveAccount } from './follow';
import {
  BudgetTracker,
  homeBudget,
  MAX_STORED_WAIT_MS,
  noteAnswer,
  rateLimitedUntil,
  RESERVED_REQUESTS,
  UNMETERED_PACE_MS,
} from './rate-budget';

const HOST = 'home.example';
const TOKEN = 'the-access-token';
const NOW = Date.UTC(2025, 5, 1, 12, 1, 0);
const RESET = Date.UTC(2025, 5, 1, 12, 5, 0);
const DAILY_RESET = Date.UTC(2025, 5, 2, 0, 0, 0);
const SLACK = 1000;

const RELATIONSHIP = { id: '7', following: true, requested: false };

function answer(status: number, body: unknown, limit: number, remaining: number, reset: number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(remaining),
      // Time#iso8601(6), as Mastodon sends it (docs/home-server.md §7).
      'x-ratelimit-reset': new Date(reset).toISOString().replace(/Z$/, '000Z'),
    },
  });
}

function serve(response: () => Response) {
  const fetch = vi.fn(async () => response());
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the one rate budget', () => {
  it('counts a click’s answer against the queue’s reserve', async () => {
    serve(() => answer(200, [RELATIONSHIP], 300, RESERVED_REQUESTS + 1, RESET));
    expect(homeBudget.take(HOST)).toBeNull();
    await fetchRelationships(HOST, TOKEN, ['7']);
    // One left above the reserve, as the click's answer said: the queue takes it, then waits for the window.
    expect(homeBudget.take(HOST)).toBeNull();
    expect(homeBudget.take(HOST)).toEqual({ until: RESET + SLACK, reason: 'rate-limit' });
    // The reserve is the clicks' own: they still go.
    expect(await rateLimitedUntil(HOST)).toBeUndefined();
  });

  it('stops clicks once the server has nothing left, until its reset', async () => {
    serve(() => answer(200, { accounts: [], statuses: [], hashtags: [] }, 300, 0, RESET));
    expect(await resolveAccount(HOST, TOKEN, 'juno@threads.net')).toBeNull();
    expect(await rateLimitedUntil(HOST)).toBe(RESET);
    vi.setSystemTime(RESET);
    expect(await rateLimitedUntil(HOST)).toBeUndefined();
  });

  it('makes the queue wait after a 429 a click met, and keeps clicks away until its reset', async () => {
    serve(() => answer(429, { error: 'Too many requests' }, 300, 0, RESET));
    await expect(followAccount(HOST, TOKEN, '7')).rejects.toMatchObject({ statusCode: 429 });
    expect(homeBudget.take(HOST)).toEqual({ until: RESET + SLACK, reason: 'rate-limit' });
    expect(await rateLimitedUntil(HOST)).toBe(RESET);
  });

  it('reads a 429 of the follows family as the daily limit, for follows only', async () => {
    serve(() => answer(429, { error: 'Too many requests' }, 400, 0, DAILY_RESET));
    await expect(followAccount(HOST, TOKEN, '7')).rejects.toMatchObject({ statusCode: 429 });
    expect(homeBudget.take(HOST, { follow: true })).toEqual({
      until: DAILY_RESET + SLACK,
      reason: 'daily-limit',
    });
    expect(homeBudget.take(HOST)).toBeNull();
    // A follow click waits for the daily window; reads, resolves and Open it at home go on.
    expect(await rateLimitedUntil(HOST, { follow: true })).toBe(DAILY_RESET);
    expect(await rateLimitedUntil(HOST)).toBeUndefined();
  });

  it('keeps one budget per connected account: the server counts per token and per account', async () => {
    nameBudget(TOKEN, `${HOST} 1`);
    nameBudget('another-token', `${HOST} 2`);
    serve(() => answer(200, [RELATIONSHIP], 300, 0, RESET));
    await fetchRelationships(HOST, TOKEN, ['7']);
    expect(homeBudget.take(`${HOST} 1`)).not.toBeNull();
    // The other account on the same server has spent nothing.
    expect(homeBudget.take(`${HOST} 2`)).toBeNull();
    // A new token for the same account (a reconnect) starts afresh: the server counts per token.
    await fetchRelationships(HOST, TOKEN, ['7']);
    expect(homeBudget.take(`${HOST} 1`)).not.toBeNull();
    nameBudget('a-new-token', `${HOST} 1`);
    expect(homeBudget.take(`${HOST} 1`)).toBeNull();
    nameBudget(TOKEN, `${HOST} 1`);
    await fetchRelationships(HOST, TOKEN, ['7']);
    // Its token forgotten (a disconnect), the account's budget goes with it.
    forgetClient(TOKEN);
    expect(homeBudget.take(`${HOST} 1`)).toBeNull();
  });
});

describe('a server that says nothing of its limits', () => {
  const silent = () => new Headers({ 'content-type': 'application/json' });

  it("paces a long job's follows, and only its follows", () => {
    const budget = new BudgetTracker(() => Date.now());
    budget.note(HOST, silent());
    expect(budget.take(HOST, { follow: true })).toBeNull();
    expect(budget.take(HOST, { follow: true })).toEqual({
      until: NOW + UNMETERED_PACE_MS,
      reason: 'rate-limit',
    });
    // Reads are not paced, and a click never waits for the pace.
    expect(budget.take(HOST)).toBeNull();
    expect(budget.spentUntil(HOST, { follow: true })).toBeNull();
    vi.setSystemTime(NOW + UNMETERED_PACE_MS);
    expect(budget.take(HOST, { follow: true })).toBeNull();
  });

  it('stops pacing once the server sends its limits, and never paces one that always did', () => {
    const budget = new BudgetTracker(() => Date.now());
    expect(budget.take(HOST, { follow: true })).toBeNull();
    expect(budget.take(HOST, { follow: true })).toBeNull();
    budget.note(HOST, silent());
    budget.take(HOST, { follow: true });
    budget.note(HOST, answer(200, {}, 300, 200, RESET).headers);
    expect(budget.take(HOST, { follow: true })).toBeNull();
    expect(budget.take(HOST, { follow: true })).toBeNull();
  });
});

describe('a stored 429', () => {
  it('keeps the server alone for a day at most, whatever its reset says', async () => {
    const farOff = NOW + 3 * MAX_STORED_WAIT_MS;
    await noteAnswer(HOST, 429, answer(429, {}, 300, 0, farOff).headers);
    const until = await rateLimitedUntil(HOST);
    expect(until).toBeDefined();
    expect(until!).toBeLessThanOrEqual(NOW + MAX_STORED_WAIT_MS);
  });
});

describe('a budget whose reset is far off', () => {
  it('holds a long job for a day at most', () => {
    const budget = new BudgetTracker(() => Date.now());
    budget.note(HOST, answer(200, {}, 300, 0, NOW + 3 * MAX_STORED_WAIT_MS).headers);
    const wait = budget.take(HOST);
    expect(wait?.until).toBeLessThanOrEqual(NOW + MAX_STORED_WAIT_MS + SLACK);
  });
});
