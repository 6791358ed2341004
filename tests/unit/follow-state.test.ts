import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { follow, followState, unfollow } from '@/utils/follow/service';
import { RATE_LIMIT_FALLBACK_MS } from '@/utils/mastodon/rate-budget';
import { WEBFINGER_FOUND_TTL_MS } from '@/utils/fediverse/webfinger-check';
import type { FollowState } from '@/utils/follow/protocol';
import { accountItem } from '@/utils/storage';
import { fakeNetwork, HOME, setUpHome, TOKEN, type FakeNetwork } from './follow-fakes';

const START = Date.UTC(2025, 5, 1, 12, 0, 0);
const remoteFollowUrl = (user: string) => `https://${HOME}/authorize_interaction?uri=${user}%40threads.net`;
let net: FakeNetwork;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  net = fakeNetwork();
  vi.stubGlobal('fetch', net.fetch);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** The home-server API requests made with the person's token, as `METHOD /path`. */
function tokenCalls(): string[] {
  return net
    .homeCalls()
    .filter((c) => c.authorization === `Bearer ${TOKEN}`)
    .map((c) => `${c.method} ${c.url.pathname}`);
}

describe('before any home-server request', () => {
  it('asks to set a server when none is set, and tells Threads nothing', async () => {
    net.addThreadsUser('juno.field');
    expect(await followState('juno.field@threads.net')).toEqual({ kind: 'no-server' });
    expect(net.calls).toEqual([]);
  });

  it('offers the server’s own remote-follow page when no account is connected', async () => {
    await setUpHome('none');
    net.addThreadsUser('juno.field');
    expect(await followState('juno.field@threads.net')).toEqual({
      kind: 'needs-login',
      server: HOME,
      remoteFollowUrl: remoteFollowUrl('juno.field'),
      canConnect: true,
      reason: 'no-account',
    });
    expect(net.homeCalls()).toEqual([]);
  });

  it('asks to reconnect when the token is known to be dead', async () => {
    await setUpHome('reconnect');
    net.addThreadsUser('juno.field');
    expect(await followState('juno.field@threads.net')).toMatchObject({
      kind: 'needs-login',
      reason: 'revoked',
    });
    expect(net.homeCalls()).toEqual([]);
  });

  it('says not on the fediverse from WebFinger alone', async () => {
    await setUpHome();
    net.addThreadsUser('private.person', { federated: false });
    expect(await followState('private.person@threads.net')).toEqual({ kind: 'not-federated' });
    expect(net.homeCalls()).toEqual([]);
  });

  it('rejects what is not a Threads handle without any request', async () => {
    await setUpHome();
    for (const handle of ['bob@remote.example', '', 42, undefined, 'x'.repeat(40) + '@threads.net']) {
      expect(await followState(handle)).toEqual({
        kind: 'failed',
        reason: 'Not an account Homeward can follow',
      });
    }
    expect(net.calls).toEqual([]);
  });
});

describe('with a connected account', () => {
  beforeEach(() => setUpHome());

  it('goes can-follow → requested (Mastodon’s optimistic answer) → following once Threads accepts → can-follow', async () => {
    net.addThreadsUser('juno.field');
    const handle = 'juno.field@threads.net';
    expect(await followState(handle)).toEqual({ kind: 'can-follow', server: HOME });
    expect(await follow(handle)).toEqual({ kind: 'requested', server: HOME });
    expect(await followState(handle)).toEqual({ kind: 'requested', server: HOME });
    net.acceptFollows();
    expect(await followState(handle)).toEqual({ kind: 'following', server: HOME });
    expect(await unfollow(handle)).toEqual({ kind: 'can-follow', server: HOME });
    expect(await followState(handle)).toEqual({ kind: 'can-follow', server: HOME });
  });

  it('stays requested for a locked account', async () => {
    net.addThreadsUser('locked.one', { locked: true });
    expect(await follow('locked.one@threads.net')).toEqual({ kind: 'requested', server: HOME });
    expect(await followState('locked.one@threads.net')).toEqual({ kind: 'requested', server: HOME });
    expect(await unfollow('locked.one@threads.net')).toEqual({ kind: 'can-follow', server: HOME });
  });

  it('needs at most 2 requests for a cold follow and exactly 1 for a warm one', async () => {
    net.addThreadsUser('cold.start');
    await follow('cold.start@threads.net');
    expect(tokenCalls()).toEqual(['GET /api/v2/search', 'POST /api/v1/accounts/100/follow']);

    net.addThreadsUser('warm.start');
    await followState('warm.start@threads.net');
    net.calls.length = 0;
    await follow('warm.start@threads.net');
    expect(tokenCalls()).toEqual(['POST /api/v1/accounts/101/follow']);
  });

  it('needs no search on a second visit', async () => {
    net.addThreadsUser('juno.field');
    await followState('juno.field@threads.net');
    expect(tokenCalls()).toEqual(['GET /api/v2/search', 'GET /api/v1/accounts/relationships']);
    net.calls.length = 0;
    await followState('juno.field@threads.net');
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    expect(net.webfingerCalls()).toEqual([]);
  });

  it('asks relationships once for several buttons at once', async () => {
    const users = ['ada', 'bo', 'cy', 'di', 'ed'];
    users.forEach((user) => net.addThreadsUser(user));
    await Promise.all(users.map((user) => followState(`${user}@threads.net`)));
    net.calls.length = 0;
    const states = await Promise.all(users.map((user) => followState(`${user}@threads.net`)));
    expect(states.every((s) => s.kind === 'can-follow')).toBe(true);
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    expect(net.homeCalls()[0]?.url.searchParams.getAll('id[]').sort()).toEqual([
      '100',
      '101',
      '102',
      '103',
      '104',
    ]);
  });

  it('resolves again when the server forgot a cached account', async () => {
    net.addThreadsUser('juno.field');
    await followState('juno.field@threads.net');
    net.suspendThreads();
    net.calls.length = 0;
    expect(await followState('juno.field@threads.net')).toEqual({ kind: 'blocked', server: HOME });
    expect(tokenCalls()).toEqual([
      'GET /api/v1/accounts/relationships',
      'GET /api/v2/search',
      'GET /api/v1/instance/domain_blocks',
    ]);
  });

  it('keeps a follow visible and withdrawable after the account stops sharing to the fediverse', async () => {
    const handle = 'gone.quiet@threads.net';
    net.addThreadsUser('gone.quiet');
    await follow(handle);
    net.acceptFollows();
    net.stopFederating('gone.quiet');
    vi.setSystemTime(START + WEBFINGER_FOUND_TTL_MS);
    expect(await followState(handle)).toEqual({ kind: 'following', server: HOME });
    expect(await unfollow(handle)).toEqual({ kind: 'not-federated' });
    net.calls.length = 0;
    expect(await followState(handle)).toEqual({ kind: 'not-federated' });
    expect(await follow(handle)).toEqual({ kind: 'not-federated' });
    // Both answers come from the cached relationship check and WebFinger: no follow is even attempted.
    expect(tokenCalls().filter((call) => call.startsWith('POST'))).toEqual([]);
  });

  it('never follows a fuzzy search match', async () => {
    net.addThreadsUser('juno', { resolvable: false });
    net.addThreadsUser('juno.field');
    net.searchFallsBackTo('juno.field@threads.net');
    net.setDomainBlocks([]);
    expect(await followState('juno@threads.net')).toEqual({
      kind: 'failed',
      reason: `Your server couldn't find @juno@threads.net`,
    });
  });
});

describe('an empty resolve', () => {
  beforeEach(() => setUpHome());
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  it.each([
    ['a published suspension', [{ domain: 'threads.net', digest: sha('threads.net'), severity: 'suspend' }]],
    [
      'an obfuscated suspension',
      [{ domain: 'thr*ads.net', digest: sha('threads.net'), severity: 'suspend' }],
    ],
    ['an unpublished list', null],
  ])('is blocked with %s', async (_name, blocks) => {
    net.addThreadsUser('juno.field');
    net.suspendThreads();
    net.setDomainBlocks(blocks);
    expect(await followState('juno.field@threads.net')).toEqual({ kind: 'blocked', server: HOME });
    expect(net.homeCalls().at(-1)?.url.pathname).toBe('/api/v1/instance/domain_blocks');
    // With the token: servers may show the list to signed-in users only.
    expect(net.homeCalls().at(-1)?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    ['a silenced threads.net', [{ domain: 'threads.net', digest: sha('threads.net'), severity: 'silence' }]],
    ['other domains only', [{ domain: 'spam.example', digest: sha('spam.example'), severity: 'suspend' }]],
  ])('is a failure with %s, since the list would say', async (_name, blocks) => {
    net.addThreadsUser('juno.field', { resolvable: false });
    net.setDomainBlocks(blocks);
    expect(await followState('juno.field@threads.net')).toEqual({
      kind: 'failed',
      reason: `Your server couldn't find @juno.field@threads.net`,
    });
  });

  it('reads the domain blocks once an hour', async () => {
    net.addThreadsUser('a', { resolvable: false });
    net.addThreadsUser('b', { resolvable: false });
    net.setDomainBlocks([]);
    await followState('a@threads.net');
    await followState('b@threads.net');
    const blockCalls = () =>
      net.homeCalls().filter((c) => c.url.pathname === '/api/v1/instance/domain_blocks');
    expect(blockCalls()).toHaveLength(1);
    vi.setSystemTime(START + 60 * 60 * 1000);
    await followState('a@threads.net');
    expect(blockCalls()).toHaveLength(2);
  });

  it('is blocked when the domain blocks cannot be read, and asks for them again next time', async () => {
    net.addThreadsUser('juno.field', { resolvable: false });
    net.fail(/domain_blocks/, { status: 502, html: true });
    expect(await followState('juno.field@threads.net')).toEqual({ kind: 'blocked', server: HOME });
    net.heal();
    net.setDomainBlocks([]);
    expect(await followState('juno.field@threads.net')).toMatchObject({ kind: 'failed' });
  });

  it('is blocked when the follow click itself finds nothing', async () => {
    net.addThreadsUser('juno.field');
    net.suspendThreads();
    expect(await follow('juno.field@threads.net')).toEqual({ kind: 'blocked', server: HOME });
  });
});

describe('failures become states', () => {
  beforeEach(async () => {
    await setUpHome();
    net.addThreadsUser('juno.field');
  });
  const handle = 'juno.field@threads.net';

  it('401 marks the account for reconnecting', async () => {
    net.fail(/^\/api\/v2\/search$/, { status: 401 });
    expect(await followState(handle)).toEqual({
      kind: 'needs-login',
      server: HOME,
      remoteFollowUrl: remoteFollowUrl('juno.field'),
      canConnect: true,
      reason: 'revoked',
    });
    expect((await accountItem.getValue())?.status).toBe('reconnect');
  });

  it('429 waits until X-RateLimit-Reset, without asking the server again', async () => {
    net.fail(/^\/api\/v1\/accounts\/\d+\/follow$/, {
      status: 429,
      headers: { 'X-RateLimit-Reset': '2025-06-01T12:05:00.123456Z', 'X-RateLimit-Remaining': '0' },
    });
    await followState(handle);
    const until = Date.UTC(2025, 5, 1, 12, 5, 0, 123);
    expect(await follow(handle)).toEqual({ kind: 'rate-limited', until });
    net.heal();
    net.calls.length = 0;
    expect(await followState(handle)).toEqual({ kind: 'rate-limited', until });
    expect(await follow(handle)).toEqual({ kind: 'rate-limited', until });
    expect(net.homeCalls()).toEqual([]);
    vi.setSystemTime(until);
    expect(await followState(handle)).toEqual({ kind: 'can-follow', server: HOME });
  });

  it('429 without a readable reset waits 5 minutes', async () => {
    net.fail(/^\/api\/v2\/search$/, { status: 429 });
    expect(await followState(handle)).toEqual({
      kind: 'rate-limited',
      until: START + RATE_LIMIT_FALLBACK_MS,
    });
  });

  it.each<[string, Parameters<FakeNetwork['fail']>[1], FollowState]>([
    [
      'a timeout',
      { timeout: true },
      { kind: 'failed', reason: "Your server didn't answer within 5 seconds" },
    ],
    [
      'a refused connection',
      { network: true },
      { kind: 'failed', reason: "Couldn't reach your server, or it is down" },
    ],
    [
      'nginx’s 502 page',
      { status: 502, html: true },
      { kind: 'failed', reason: "Couldn't reach your server, or it is down" },
    ],
    ['a 500 from Mastodon', { status: 500 }, { kind: 'failed', reason: 'Your server is down (500)' }],
    ['a 403', { status: 403 }, { kind: 'failed', reason: 'Your server refused (403)' }],
  ])('%s is Try again with a reason', async (_name, fault, expected) => {
    net.fail(/^\/api\//, fault);
    expect(await followState(handle)).toEqual(expected);
    expect(await follow(handle)).toEqual(expected);
    net.heal();
    expect(await followState(handle)).toEqual({ kind: 'can-follow', server: HOME });
  });

  it('fails a whole relationships batch together, and recovers', async () => {
    net.addThreadsUser('other');
    await Promise.all([followState(handle), followState('other@threads.net')]);
    net.fail(/relationships/, { status: 503, html: true });
    net.calls.length = 0;
    const states = await Promise.all([followState(handle), followState('other@threads.net')]);
    expect(states.map((s) => s.kind)).toEqual(['failed', 'failed']);
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    net.heal();
    const again = await Promise.all([followState(handle), followState('other@threads.net')]);
    expect(again.map((s) => s.kind)).toEqual(['can-follow', 'can-follow']);
  });
});
