import { beforeEach, describe, expect, it, vi } from 'vitest';
import { oneAccount } from './one-account';
import { words } from '@/utils/i18n';
import { follow, followState, unfollow } from '@/utils/follow/service';
import { RATE_LIMIT_FALLBACK_MS } from '@/utils/mastodon/rate-budget';
import { WEBFINGER_FOUND_TTL_MS } from '@/utils/fediverse/webfinger-check';
import type { FollowState } from '@/utils/follow/protocol';
import { homeServerItem, webClientItem } from '@/utils/storage';
import type { InProcessFault } from '../../sandbox';
import { backgroundTest, HOME, START } from './background';

const bg = backgroundTest();
const { tokenCalls } = bg;

describe('before any home-server request', () => {
  it('asks to set a server when none is set, and tells Threads nothing', async () => {
    expect(await followState('juno.field@threads.net')).toEqual({ kind: 'no-server' });
    expect(bg.calls()).toEqual([]);
  });

  it('offers the server’s own remote-follow page when no account is connected', async () => {
    await bg.connect('none');
    expect(await followState('juno.field@threads.net')).toEqual({
      kind: 'needs-login',
      server: HOME,
      remoteFollow: true,
      canConnect: true,
      reason: 'no-account',
    });
    expect(bg.homeCalls()).toEqual([]);
  });

  it('offers no follow page where the server has none and no web client is chosen (GoToSocial)', async () => {
    await bg.connect('none');
    await homeServerItem.setValue({ ...(await homeServerItem.getValue())!, software: 'gotosocial' });
    expect(await followState('juno.field@threads.net')).toMatchObject({
      kind: 'needs-login',
      remoteFollow: false,
    });
    await webClientItem.setValue({ kind: 'elk', host: 'elk.zone' });
    expect(await followState('juno.field@threads.net')).toMatchObject({
      kind: 'needs-login',
      remoteFollow: true,
    });
  });

  it('asks to reconnect when the token is known to be dead', async () => {
    await bg.connect('reconnect');
    expect(await followState('juno.field@threads.net')).toMatchObject({
      kind: 'needs-login',
      reason: 'revoked',
    });
    expect(bg.homeCalls()).toEqual([]);
  });

  it('says not on the fediverse from WebFinger alone', async () => {
    await bg.connect();
    // nora.offgrid has not turned fediverse sharing on (sandbox/remote/threads-accounts.ts).
    expect(await followState('nora.offgrid@threads.net')).toEqual({ kind: 'not-federated' });
    expect(bg.homeCalls()).toEqual([]);
  });

  it('rejects what is not a Threads handle without any request', async () => {
    await bg.connect();
    for (const handle of ['bob@remote.example', '', 42, undefined, 'x'.repeat(40) + '@threads.net']) {
      expect(await followState(handle)).toEqual({
        kind: 'failed',
        reason: words('failure_notAnAccount'),
      });
    }
    expect(bg.calls()).toEqual([]);
  });
});

describe('with a connected account', () => {
  beforeEach(() => bg.connect());

  it('goes can-follow → requested (Mastodon’s optimistic answer) → following once Threads accepts → can-follow', async () => {
    const handle = 'juno.field@threads.net';
    expect(await followState(handle)).toEqual({ kind: 'can-follow', server: HOME });
    expect(await follow(handle)).toEqual({ kind: 'requested', server: HOME });
    expect(await followState(handle)).toEqual({ kind: 'requested', server: HOME });
    await bg.home('accept-follows');
    expect(await followState(handle)).toEqual({ kind: 'following', server: HOME });
    expect(await unfollow(handle)).toEqual({ kind: 'can-follow', server: HOME });
    expect(await followState(handle)).toEqual({ kind: 'can-follow', server: HOME });
  });

  it('stays requested for a locked account', async () => {
    // quiet.harbor approves followers by hand (manuallyApprovesFollowers).
    expect(await follow('quiet.harbor@threads.net')).toEqual({ kind: 'requested', server: HOME });
    expect(await followState('quiet.harbor@threads.net')).toEqual({ kind: 'requested', server: HOME });
    expect(await unfollow('quiet.harbor@threads.net')).toEqual({ kind: 'can-follow', server: HOME });
  });

  it('needs at most 2 requests for a cold follow and exactly 1 for a warm one', async () => {
    await follow('vesper.studio@threads.net');
    const cold = await bg.accountId('vesper.studio@threads.net');
    expect(tokenCalls()).toEqual(['GET /api/v2/search', `POST /api/v1/accounts/${cold}/follow`]);

    await followState('leo.longname@threads.net');
    const warm = await bg.accountId('leo.longname@threads.net');
    bg.clearCalls();
    await follow('leo.longname@threads.net');
    expect(tokenCalls()).toEqual([`POST /api/v1/accounts/${warm}/follow`]);
  });

  it('needs no search on a second visit', async () => {
    await followState('juno.field@threads.net');
    expect(tokenCalls()).toEqual(['GET /api/v2/search', 'GET /api/v1/accounts/relationships']);
    bg.clearCalls();
    await followState('juno.field@threads.net');
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    expect(bg.webfingerCalls()).toEqual([]);
  });

  it('asks relationships once for several buttons at once', async () => {
    const users = ['mika.sails', 'oren.bakes', 'tala.draws', 'bruno.runs', 'lia.codes'];
    await Promise.all(users.map((user) => followState(`${user}@threads.net`)));
    const ids = await Promise.all(users.map((user) => bg.accountId(`${user}@threads.net`)));
    bg.clearCalls();
    const states = await Promise.all(users.map((user) => followState(`${user}@threads.net`)));
    expect(states.every((s) => s.kind === 'can-follow')).toBe(true);
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    expect(new Set(ids).size).toBe(5);
    expect(bg.homeCalls()[0]?.url.searchParams.getAll('id[]').sort()).toEqual(ids.sort());
  });

  it('resolves again when the server forgot a cached account', async () => {
    await followState('juno.field@threads.net');
    await bg.home('suspend-domain', { domain: 'threads.net' });
    bg.clearCalls();
    expect(await followState('juno.field@threads.net')).toEqual({ kind: 'blocked', server: HOME });
    expect(tokenCalls()).toEqual([
      'GET /api/v1/accounts/relationships',
      'GET /api/v2/search',
      'GET /api/v1/instance/domain_blocks',
    ]);
  });

  it('keeps a follow visible and withdrawable after the account stops sharing to the fediverse', async () => {
    const handle = 'juno.field@threads.net';
    await follow(handle);
    await bg.home('accept-follows');
    await bg.threads('juno.field', { fediverse: false });
    vi.setSystemTime(START + WEBFINGER_FOUND_TTL_MS);
    expect(await followState(handle)).toEqual({ kind: 'following', server: HOME });
    expect(await unfollow(handle)).toEqual({ kind: 'not-federated' });
    bg.clearCalls();
    expect(await followState(handle)).toEqual({ kind: 'not-federated' });
    expect(await follow(handle)).toEqual({ kind: 'not-federated' });
    // Both answers come from the cached relationship check and WebFinger: no follow is even attempted.
    expect(tokenCalls().filter((call) => call.startsWith('POST'))).toEqual([]);
  });

  it('never follows a fuzzy search match', async () => {
    // Without an exact match, Mastodon's AccountSearchService still lists non-exact matches among the accounts
    // it knows (search_results, for `user@domain` queries too). The sandbox plays exact matches only, so the
    // answer gets the similar account the server knows (juno.field, resolved just before) added here.
    await followState('juno.field@threads.net');
    const similar = await searchAnswer('juno.field@threads.net');
    expect(similar.accounts).toHaveLength(1);
    bg.unresolvable('vesper.studio');
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const res = await bg.world.fetch(input, init);
      if (new URL(res.url).pathname !== '/api/v2/search') return res;
      const body = (await res.json()) as { accounts: unknown[] };
      expect(body.accounts).toEqual([]);
      return Response.json({ ...body, accounts: similar.accounts }, { headers: res.headers });
    });
    expect(await followState('vesper.studio@threads.net')).toEqual({
      kind: 'failed',
      reason: words('failure_couldNotFind', { handle: '@vesper.studio@threads.net' }),
    });
    expect(tokenCalls().at(-1)).toBe('GET /api/v1/instance/domain_blocks');
  });
});

describe('an empty resolve', () => {
  beforeEach(() => bg.connect());

  it.each<[string, Record<string, unknown>, string | null]>([
    ['a published suspension', {}, 'threads.net'],
    ['an obfuscated suspension', { obfuscate: true }, 'thr****.*et'],
    ['an unpublished list', {}, null],
  ])('is blocked with %s', async (_name, options, listed) => {
    await bg.home('suspend-domain', { domain: 'threads.net', ...options });
    if (listed === null) await bg.home('domain-blocks-visibility', { value: 'disabled' });
    expect(await followState('juno.field@threads.net')).toEqual({ kind: 'blocked', server: HOME });
    expect(bg.homeCalls().at(-1)?.url.pathname).toBe('/api/v1/instance/domain_blocks');
    // With the token: servers may show the list to signed-in users only.
    expect(bg.homeCalls().at(-1)?.authorization).toBe(`Bearer ${bg.token}`);
    // What the extension read: the list as published (the digest is always threads.net's), or none at all.
    const list = (await domainBlockList()) as { domain: string }[] | null;
    expect(list?.map((b) => b.domain) ?? null).toEqual(listed === null ? null : [listed]);
  });

  it.each([
    ['a silenced threads.net', 'silence-domain', 'threads.net'],
    ['other domains only', 'suspend-domain', 'spam.example'],
  ])('is a failure with %s, since the list would say', async (_name, op, domain) => {
    bg.unresolvable('juno.field');
    await bg.home(op, { domain });
    expect(await followState('juno.field@threads.net')).toEqual({
      kind: 'failed',
      reason: words('failure_couldNotFind', { handle: '@juno.field@threads.net' }),
    });
  });

  it('reads the domain blocks once an hour', async () => {
    bg.unresolvable('juno.field');
    bg.unresolvable('vesper.studio');
    await followState('juno.field@threads.net');
    await followState('vesper.studio@threads.net');
    const blockCalls = () =>
      bg.homeCalls().filter((c) => c.url.pathname === '/api/v1/instance/domain_blocks');
    expect(blockCalls()).toHaveLength(1);
    vi.setSystemTime(START + 60 * 60 * 1000);
    await followState('juno.field@threads.net');
    expect(blockCalls()).toHaveLength(2);
  });

  it('is blocked when the domain blocks cannot be read, and asks for them again next time', async () => {
    bg.unresolvable('juno.field');
    bg.fail({ host: HOME, pathPrefix: '/api/v1/instance/domain_blocks', status: 502 });
    expect(await followState('juno.field@threads.net')).toEqual({ kind: 'blocked', server: HOME });
    bg.heal();
    expect(await followState('juno.field@threads.net')).toMatchObject({ kind: 'failed' });
  });

  it('is blocked when the follow click itself finds nothing', async () => {
    await bg.home('suspend-domain', { domain: 'threads.net' });
    expect(await follow('juno.field@threads.net')).toEqual({ kind: 'blocked', server: HOME });
  });
});

describe('failures become states', () => {
  beforeEach(() => bg.connect());
  const handle = 'juno.field@threads.net';

  it('401 marks the account for reconnecting', async () => {
    // The token was revoked on the server: every request with it is a 401.
    await bg.home('revoke-tokens');
    expect(await followState(handle)).toEqual({
      kind: 'needs-login',
      server: HOME,
      remoteFollow: true,
      canConnect: true,
      reason: 'revoked',
    });
    expect((await oneAccount.getValue())?.status).toBe('reconnect');
  });

  it('429 waits until X-RateLimit-Reset, without asking the server again', async () => {
    // No follows left today (400 a day, docs/home-server.md §7): the follow's 429 carries the follows family's
    // headers, whose one-day window ends at the next UTC midnight.
    await bg.home('set-rate-limit', { family: 'follows', remaining: 0 });
    await followState(handle);
    const until = Date.UTC(2025, 5, 2, 0, 0, 0);
    expect(await follow(handle)).toEqual({ kind: 'rate-limited', until });
    const answered = bg.calls().at(-1);
    expect([answered?.url.pathname, answered?.status]).toEqual([
      `/api/v1/accounts/${await bg.accountId(handle)}/follow`,
      429,
    ]);
    bg.clearCalls();
    expect(await followState(handle)).toEqual({ kind: 'rate-limited', until });
    expect(await follow(handle)).toEqual({ kind: 'rate-limited', until });
    expect(bg.homeCalls()).toEqual([]);
    vi.setSystemTime(until);
    expect(await followState(handle)).toEqual({ kind: 'can-follow', server: HOME });
  });

  it('429 without a readable reset waits 5 minutes', async () => {
    bg.fail({ host: HOME, pathPrefix: '/api/v2/search', status: 429 });
    expect(await followState(handle)).toEqual({
      kind: 'rate-limited',
      until: START + RATE_LIMIT_FALLBACK_MS,
    });
  });

  it.each<[string, Omit<InProcessFault, 'host'>, FollowState]>([
    ['a timeout', { timeout: true }, { kind: 'failed', reason: words('failure_timeoutYours') }],
    ['a refused connection', { refuse: true }, { kind: 'failed', reason: words('failure_unreachableYours') }],
    ['nginx’s 502 page', { status: 502 }, { kind: 'failed', reason: words('failure_unreachableYours') }],
    [
      'a 500 from Mastodon',
      { status: 500 },
      { kind: 'failed', reason: words('failure_downYours', { status: '500' }) },
    ],
    ['a 403', { status: 403 }, { kind: 'failed', reason: words('failure_refusedYours', { status: '403' }) }],
  ])('%s is Try again with a reason', async (_name, fault, expected) => {
    bg.fail({ host: HOME, pathPrefix: '/api/', ...fault });
    expect(await followState(handle)).toEqual(expected);
    expect(await follow(handle)).toEqual(expected);
    bg.heal();
    expect(await followState(handle)).toEqual({ kind: 'can-follow', server: HOME });
  });

  it('fails a whole relationships batch together, and recovers', async () => {
    const other = 'vesper.studio@threads.net';
    await Promise.all([followState(handle), followState(other)]);
    bg.fail({ host: HOME, pathPrefix: '/api/v1/accounts/relationships', status: 503 });
    bg.clearCalls();
    const states = await Promise.all([followState(handle), followState(other)]);
    expect(states.map((s) => s.kind)).toEqual(['failed', 'failed']);
    expect(tokenCalls()).toEqual(['GET /api/v1/accounts/relationships']);
    expect(bg.calls().at(-1)?.status).toBe(503);
    bg.heal();
    const again = await Promise.all([followState(handle), followState(other)]);
    expect(again.map((s) => s.kind)).toEqual(['can-follow', 'can-follow']);
  });
});

/** The home server's own answer to the search the follow button makes, with the person's token. */
async function searchAnswer(acct: string): Promise<{ accounts: unknown[] }> {
  const res = await bg.world.fetch(
    `https://${HOME}/api/v2/search?q=${encodeURIComponent(`@${acct}`)}&type=accounts&resolve=true&limit=1`,
    { headers: { authorization: `Bearer ${bg.token}` } },
  );
  return (await res.json()) as { accounts: unknown[] };
}

/** The public domain-block list as the home server shows it now; null when it is not shown. */
async function domainBlockList(): Promise<unknown> {
  const res = await bg.world.fetch(`https://${HOME}/api/v1/instance/domain_blocks`);
  return res.status === 404 ? null : res.json();
}
