import { describe, expect, it } from 'vitest';
import { iso8601Micro } from '../../sandbox/home/rate-limits';
import { HomeHarness, userToken } from './home-harness';

describe('rate limits (§7)', () => {
  it('formats Reset as iso8601 with 6 fractional digits', () => {
    expect(iso8601Micro(Date.UTC(2025, 5, 1, 12, 35, 0))).toBe('2025-06-01T12:35:00.000000Z');
  });

  it('sends X-RateLimit-* on every API answer, windows aligned to epoch multiples of 5 minutes', async () => {
    const home = new HomeHarness();
    home.fedi.now = Date.UTC(2025, 5, 1, 12, 31, 7, 250);
    const first = await home.request('GET', '/api/v2/instance', { ip: '10.0.0.1' });
    expect(first.header('x-ratelimit-limit')).toBe('300');
    expect(first.header('x-ratelimit-remaining')).toBe('299');
    expect(first.header('x-ratelimit-reset')).toBe('2025-06-01T12:35:00.000000Z');
    const second = await home.request('GET', '/api/v1/nothing-here', { ip: '10.0.0.1' });
    expect(second.status).toBe(404);
    expect(second.header('x-ratelimit-remaining')).toBe('298');
    const otherIp = await home.request('GET', '/api/v2/instance', { ip: '10.0.0.2' });
    expect(otherIp.header('x-ratelimit-remaining')).toBe('299');
    home.fedi.now = Date.UTC(2025, 5, 1, 12, 35, 0);
    const nextWindow = await home.request('GET', '/api/v2/instance', { ip: '10.0.0.1' });
    expect(nextWindow.header('x-ratelimit-remaining')).toBe('299');
    expect(nextWindow.header('x-ratelimit-reset')).toBe('2025-06-01T12:40:00.000000Z');
    expect((await home.request('GET', '/.well-known/nodeinfo')).header('x-ratelimit-limit')).toBeUndefined();
  });

  it('answers 429 {"error":"Too many requests"} once the unauthenticated budget is spent', async () => {
    const home = new HomeHarness();
    home.admin('set-rate-limit', { family: 'api', remaining: 1 });
    const last = await home.request('GET', '/api/v2/instance');
    expect(last.status).toBe(200);
    expect(last.header('x-ratelimit-remaining')).toBe('0');
    const limited = await home.request('GET', '/api/v2/instance', {
      headers: { origin: 'https://x.example' },
    });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: 'Too many requests' });
    expect(limited.header('content-type')).toContain('application/json');
    expect(limited.header('x-ratelimit-limit')).toBe('300');
    expect(limited.header('x-ratelimit-remaining')).toBe('0');
    expect(limited.header('access-control-allow-origin')).toBe('*');
  });

  it('counts a token on its own 300 budget', async () => {
    const home = new HomeHarness();
    const { token } = await userToken(home);
    const reply = await home.request('GET', '/api/v1/accounts/verify_credentials', { token });
    expect(reply.header('x-ratelimit-limit')).toBe('300');
    expect(reply.header('x-ratelimit-remaining')).toBe('299');
  });

  it('allows 5 app registrations per 10 minutes per IP', async () => {
    const home = new HomeHarness();
    home.fedi.now = Date.UTC(2025, 5, 1, 12, 1, 0);
    for (let i = 0; i < 5; i++) await home.registerApp({}, '10.1.1.1');
    const sixth = await home.request('POST', '/api/v1/apps', {
      body: { client_name: 'x', redirect_uris: 'https://abc.chromiumapp.org/' },
      ip: '10.1.1.1',
    });
    expect(sixth.status).toBe(429);
    expect(sixth.header('x-ratelimit-limit')).toBe('5');
    expect(sixth.header('x-ratelimit-reset')).toBe('2025-06-01T12:10:00.000000Z');
    await expect(home.registerApp({}, '10.1.1.2')).resolves.toHaveProperty('client_id');
    home.fedi.now = Date.UTC(2025, 5, 1, 12, 10, 0);
    await expect(home.registerApp({}, '10.1.1.1')).resolves.toHaveProperty('client_id');
  });

  it('admin set-rate-limit for apps provokes the 429 at once', async () => {
    const home = new HomeHarness();
    home.admin('set-rate-limit', { family: 'apps', remaining: 0 });
    const reply = await home.request('POST', '/api/v1/apps', {
      body: { client_name: 'x', redirect_uris: 'https://abc.chromiumapp.org/' },
    });
    expect(reply.status).toBe(429);
  });

  it('reset() restores the budgets and forgets apps', async () => {
    const home = new HomeHarness();
    await home.registerApp();
    home.admin('set-rate-limit', { family: 'api', remaining: 0 });
    home.module('home.example').reset();
    expect((await home.request('GET', '/api/v2/instance')).status).toBe(200);
    expect(home.admin('state').apps).toEqual([]);
  });
});
