import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  homeUrlOf,
  MAX_TARGET_LENGTH,
  OPEN_CACHE_TTL_MS,
  OPEN_DEADLINE_MS,
  resolveTarget,
} from '@/utils/open-at-home/resolve';
import { remoteInteractionUrl } from '@/utils/mastodon/interaction';
import { isKnownHost } from '@/utils/open-at-home/known-hosts';
import { RATE_LIMIT_FALLBACK_MS } from '@/utils/mastodon/rate-budget';
import type { OpenOutcome } from '@/utils/open-at-home/protocol';
import { credentialsSecret } from '@/utils/storage/secrets';
import { accountItem, homeServerItem } from '@/utils/storage';
import { HOME, setUpHome, TOKEN } from './follow-fakes';
import { fakeHomeServers, type FakeHomeServers, type OpenFault } from './open-fakes';

const START = Date.UTC(2025, 5, 1, 12, 0, 0);
const OTHER_HOME = 'other-home.example';
const POST = 'https://remote.example/@bob/110000000000000001';
const PROFILE = 'https://remote.example/@bob';
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
let net: FakeHomeServers;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  net = fakeHomeServers();
  net.addServer(HOME);
  vi.stubGlobal('fetch', net.fetch);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Moves the person to another server, connected with the same token value. */
async function moveHome(host: string): Promise<void> {
  await homeServerItem.setValue({
    host,
    localDomain: host,
    title: host,
    software: 'mastodon',
    version: '4.5.0',
  });
  const account = await accountItem.getValue();
  const credentials = await credentialsSecret.getValue();
  if (account) await accountItem.setValue({ ...account, host });
  if (credentials) await credentialsSecret.setValue({ ...credentials, host });
}

const searches = () => net.calls.filter((c) => c.url.pathname === '/api/v2/search');

describe('homeUrlOf', () => {
  it.each([
    [{ kind: 'status', acct: 'bob@remote.example', id: '110' }, `https://${HOME}/@bob@remote.example/110`],
    [{ kind: 'status', acct: 'maya', id: '7' }, `https://${HOME}/@maya/7`],
    [{ kind: 'account', acct: 'bob@remote.example' }, `https://${HOME}/@bob@remote.example`],
    [{ kind: 'account', acct: 'maya' }, `https://${HOME}/@maya`],
    // Mastodon gives a remote IDN domain in Unicode; the path carries it percent-encoded.
    [{ kind: 'account', acct: 'ana@bücher.example' }, `https://${HOME}/@ana@b%C3%BCcher.example`],
  ] as const)('%j → %s', (resolved, expected) => {
    expect(homeUrlOf(HOME, resolved)).toBe(expected);
  });
});

describe('before any home-server request', () => {
  it('asks to set a server when none is set', async () => {
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'no-server' });
    expect(net.calls).toEqual([]);
  });

  it('has nothing to do for a URL on the home server', async () => {
    await setUpHome();
    expect(await resolveTarget({ url: `https://${HOME}/@maya/1` })).toEqual({ kind: 'already-home' });
    expect(net.calls).toEqual([]);
  });

  it('knows the handle domain of a server whose web UI lives elsewhere (WEB_DOMAIN)', async () => {
    await setUpHome();
    await homeServerItem.setValue({
      host: 'social.wd.example',
      localDomain: 'wd.example',
      title: 'WD',
      software: 'mastodon',
      version: '4.5.0',
    });
    for (const url of [
      'https://wd.example/@maya',
      'https://social.wd.example/@maya/1',
      'https://WD.example/x',
    ]) {
      expect(await resolveTarget({ url })).toEqual({ kind: 'already-home' });
    }
    expect(net.calls).toEqual([]);
  });

  it.each([
    ['no account is connected', 'none'],
    ['the token is known to be dead', 'reconnect'],
  ] as const)('opens the server’s remote-interaction page when %s', async (_name, account) => {
    await setUpHome(account);
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'remote-interaction',
      homeUrl: `https://${HOME}/authorize_interaction?uri=https%3A%2F%2Fremote.example%2F%40bob%2F110000000000000001`,
    });
    expect(net.calls).toEqual([]);
  });

  it('opens the remote-interaction page when the account belongs to a previous server', async () => {
    await setUpHome();
    await homeServerItem.setValue({
      host: OTHER_HOME,
      localDomain: OTHER_HOME,
      title: 'Other',
      software: 'mastodon',
      version: '4.5.0',
    });
    expect(await resolveTarget({ url: PROFILE })).toEqual({
      kind: 'remote-interaction',
      homeUrl: remoteInteractionUrl(OTHER_HOME, PROFILE),
    });
    expect(net.calls).toEqual([]);
  });

  it('hands the ActivityPub id to the remote-interaction page, encoded whole', async () => {
    await setUpHome('none');
    const activityId = 'https://lemmy.example/post/5?a=1&b=2#c d';
    const outcome = await resolveTarget({ url: 'https://copy.example/post/9', activityId });
    expect(outcome.kind).toBe('remote-interaction');
    const homeUrl = new URL((outcome as { homeUrl: string }).homeUrl);
    expect(homeUrl.origin + homeUrl.pathname).toBe(`https://${HOME}/authorize_interaction`);
    expect([...homeUrl.searchParams]).toEqual([['uri', activityId]]);
  });
});

describe('with a connected account', () => {
  beforeEach(() => setUpHome());

  it('finds a remote post and opens it at home', async () => {
    net.publish(HOME, POST, { status: { id: '1200', acct: 'bob@remote.example' } });
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example/1200`,
    });
    const [search, ...rest] = net.calls;
    expect(rest).toEqual([]);
    expect(search?.url.host).toBe(HOME);
    expect(Object.fromEntries(search?.url.searchParams ?? [])).toEqual({
      q: POST,
      resolve: 'true',
      limit: '1',
    });
    expect(search?.authorization).toBe(`Bearer ${TOKEN}`);
    expect(search?.credentials).toBe('omit');
  });

  it('finds a profile', async () => {
    net.publish(HOME, PROFILE, { account: { acct: 'bob@remote.example' } });
    expect(await resolveTarget({ url: PROFILE })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example`,
    });
  });

  it('opens a post by a local author under the bare username', async () => {
    net.publish(HOME, 'https://remote.example/boosted/1', { status: { id: '9', acct: 'maya' } });
    expect(await resolveTarget({ url: 'https://remote.example/boosted/1' })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@maya/9`,
    });
  });

  it('prefers the status when both a status and an account come back', async () => {
    net.publish(HOME, POST, {
      account: { acct: 'bob@remote.example' },
      status: { id: '77', acct: 'bob@remote.example' },
    });
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example/77`,
    });
  });

  it('resolves the ActivityPub id rather than the URL followed', async () => {
    const url = 'https://lemmy.copy.example/post/42';
    const activityId = 'https://lemmy.origin.example/post/7';
    net.publish(HOME, url, { status: { id: '1', acct: 'wrong@lemmy.copy.example' } });
    net.publish(HOME, activityId, { status: { id: '2', acct: 'alex@lemmy.origin.example' } });
    expect(await resolveTarget({ url, activityId })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@alex@lemmy.origin.example/2`,
    });
    expect(searches().map((c) => c.url.searchParams.get('q'))).toEqual([activityId]);
  });

  it('makes the host of a resolved URL a known fediverse host, and only then', async () => {
    net.publish(HOME, POST, { status: { id: '1', acct: 'bob@remote.example' } });
    expect(await isKnownHost('remote.example')).toBe(false);
    await resolveTarget({ url: 'https://nothing.example/@x/1' });
    expect(await isKnownHost('nothing.example')).toBe(false);
    await resolveTarget({ url: POST });
    expect(await isKnownHost('remote.example')).toBe(true);
  });

  it('learns nothing when the server reached the object elsewhere, or names no id', async () => {
    const moved = 'https://moved.example/@x/1';
    net.publish(HOME, moved, {
      status: { id: '2', acct: 'x@other.example', uri: 'https://other.example/x/1' },
    });
    expect(await resolveTarget({ url: moved })).toMatchObject({ kind: 'found' });
    expect(await isKnownHost('moved.example')).toBe(false);
    expect(await isKnownHost('other.example')).toBe(false);
    const profile = 'https://noid.example/@y';
    net.publish(HOME, profile, { account: { acct: 'y@noid.example', uri: 'not a url' } });
    expect(await resolveTarget({ url: profile })).toMatchObject({ kind: 'found' });
    expect(await isKnownHost('noid.example')).toBe(false);
  });
});

describe('the cache', () => {
  beforeEach(() => setUpHome());

  it('answers a repeat without any request, for a day', async () => {
    net.publish(HOME, POST, { status: { id: '1200', acct: 'bob@remote.example' } });
    const first = await resolveTarget({ url: POST });
    net.calls.length = 0;
    vi.setSystemTime(START + OPEN_CACHE_TTL_MS - 1);
    expect(await resolveTarget({ url: POST })).toEqual(first);
    expect(net.calls).toEqual([]);
    vi.setSystemTime(START + OPEN_CACHE_TTL_MS);
    expect(await resolveTarget({ url: POST })).toEqual(first);
    expect(searches()).toHaveLength(1);
  });

  it('is kept per server', async () => {
    net.publish(HOME, POST, { status: { id: '1200', acct: 'bob@remote.example' } });
    net.publish(OTHER_HOME, POST, { status: { id: '5', acct: 'bob@remote.example' } });
    await resolveTarget({ url: POST });
    await moveHome(OTHER_HOME);
    net.calls.length = 0;
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://${OTHER_HOME}/@bob@remote.example/5`,
    });
    expect(net.requests()).toEqual([`GET ${OTHER_HOME}/api/v2/search`]);
    await moveHome(HOME);
    net.calls.length = 0;
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example/1200`,
    });
    expect(net.calls).toEqual([]);
  });

  it('is keyed by the ActivityPub id when there is one', async () => {
    const activityId = 'https://origin.example/notes/1';
    net.publish(HOME, activityId, { status: { id: '3', acct: 'ann@origin.example' } });
    await resolveTarget({ url: 'https://copy-a.example/p/1', activityId });
    net.calls.length = 0;
    expect(await resolveTarget({ url: 'https://copy-b.example/p/2', activityId })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@ann@origin.example/3`,
    });
    expect(net.calls).toEqual([]);
  });

  it('answers the same address with or without the id its page gives, either way round', async () => {
    const activityId = 'https://remote.example/users/bob/statuses/1';
    net.publish(HOME, POST, { status: { id: '1200', acct: 'bob@remote.example' } });
    net.publish(HOME, activityId, { status: { id: '1200', acct: 'bob@remote.example' } });
    const found = { kind: 'found', homeUrl: `https://${HOME}/@bob@remote.example/1200` };
    // The browser's rules first (the address alone), then the page's markers (with its id).
    expect(await resolveTarget({ url: POST })).toEqual(found);
    net.calls.length = 0;
    expect(await resolveTarget({ url: POST, activityId })).toEqual(found);
    expect(net.calls).toEqual([]);
    // And the other way round, for another address.
    const other = 'https://remote.example/@bob/2';
    const otherId = 'https://remote.example/users/bob/statuses/2';
    net.publish(HOME, otherId, { status: { id: '1201', acct: 'bob@remote.example' } });
    await resolveTarget({ url: other, activityId: otherId });
    net.calls.length = 0;
    expect(await resolveTarget({ url: other })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example/1201`,
    });
    expect(net.calls).toEqual([]);
  });

  it('never keeps another host’s object as an address’s answer', async () => {
    const page = 'https://copy.example/@bob/7';
    const elsewhere = 'https://origin.example/notes/7';
    net.publish(HOME, elsewhere, { status: { id: '70', acct: 'ann@origin.example' } });
    net.publish(HOME, page, { status: { id: '71', acct: 'bob@copy.example' } });
    // The page named another server's object (a toolbar click may pass that on): its answer stays the id's.
    await resolveTarget({ url: page, activityId: elsewhere, explicit: true });
    net.calls.length = 0;
    expect(await resolveTarget({ url: page })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@copy.example/71`,
    });
    expect(searches()).toHaveLength(1);
  });

  it('keeps no answer for what was not found', async () => {
    net.setDomainBlocks(HOME, []);
    expect((await resolveTarget({ url: POST })).kind).toBe('not-found');
    net.publish(HOME, POST, { status: { id: '8', acct: 'bob@remote.example' } });
    expect((await resolveTarget({ url: POST })).kind).toBe('found');
    expect(searches()).toHaveLength(2);
  });
});

describe('an empty resolve', () => {
  beforeEach(() => setUpHome());

  it.each([
    [
      'a published suspension',
      [{ domain: 'remote.example', digest: sha('remote.example'), severity: 'suspend' }],
    ],
    [
      'an obfuscated suspension',
      [{ domain: 'rem*te.example', digest: sha('remote.example'), severity: 'suspend' }],
    ],
    ['a suspension of a parent domain', [{ domain: 'example', digest: sha('example'), severity: 'suspend' }]],
  ])('is blocked with %s', async (_name, blocks) => {
    net.setDomainBlocks(HOME, blocks);
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'blocked',
      server: HOME,
      domain: 'remote.example',
    });
    const last = net.calls.at(-1);
    expect(last?.url.pathname).toBe('/api/v1/instance/domain_blocks');
    expect(last?.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each([
    ['an unpublished list', null],
    ['a silenced domain', [{ domain: 'remote.example', digest: sha('remote.example'), severity: 'silence' }]],
    ['other domains only', [{ domain: 'spam.example', digest: sha('spam.example'), severity: 'suspend' }]],
  ])('is not found with %s', async (_name, blocks) => {
    net.setDomainBlocks(HOME, blocks);
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'not-found', server: HOME });
  });

  it('is not found when the domain blocks cannot be read', async () => {
    net.fail(HOME, /domain_blocks/, { status: 502, html: true });
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'not-found', server: HOME });
  });

  it('asks about the domain of the ActivityPub id, not of the copy', async () => {
    net.setDomainBlocks(HOME, [
      { domain: 'origin.example', digest: sha('origin.example'), severity: 'suspend' },
    ]);
    expect(
      await resolveTarget({ url: 'https://copy.example/p/1', activityId: 'https://origin.example/notes/1' }),
    ).toEqual({ kind: 'blocked', server: HOME, domain: 'origin.example' });
    expect(
      await resolveTarget({ url: 'https://origin.example/notes/2', activityId: 'https://copy.example/p/2' }),
    ).toEqual({ kind: 'not-found', server: HOME });
  });
});

describe('failures become outcomes', () => {
  beforeEach(() => setUpHome());

  it('401 marks the account for reconnecting, and later visits use the remote-interaction page', async () => {
    net.fail(HOME, /^\/api\/v2\/search$/, { status: 401 });
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'needs-login', server: HOME });
    expect((await accountItem.getValue())?.status).toBe('reconnect');
    net.calls.length = 0;
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'remote-interaction',
      homeUrl: remoteInteractionUrl(HOME, POST),
    });
    expect(net.calls).toEqual([]);
  });

  it('429 waits until X-RateLimit-Reset, without asking the server again', async () => {
    net.fail(HOME, /^\/api\/v2\/search$/, {
      status: 429,
      headers: { 'X-RateLimit-Reset': '2025-06-01T12:05:00.123456Z', 'X-RateLimit-Remaining': '0' },
    });
    const until = Date.UTC(2025, 5, 1, 12, 5, 0, 123);
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'rate-limited', server: HOME, until });
    net.heal();
    net.publish(HOME, POST, { status: { id: '1', acct: 'bob@remote.example' } });
    net.calls.length = 0;
    vi.setSystemTime(until - 1);
    expect(await resolveTarget({ url: PROFILE })).toEqual({ kind: 'rate-limited', server: HOME, until });
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'rate-limited', server: HOME, until });
    expect(net.calls).toEqual([]);
    vi.setSystemTime(until);
    expect(await resolveTarget({ url: POST })).toMatchObject({ kind: 'found' });
  });

  it('429 without a readable reset waits 5 minutes', async () => {
    net.fail(HOME, /^\/api\/v2\/search$/, { status: 429 });
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'rate-limited',
      server: HOME,
      until: START + RATE_LIMIT_FALLBACK_MS,
    });
  });

  it('still serves what is cached while rate-limited', async () => {
    net.publish(HOME, POST, { status: { id: '1', acct: 'bob@remote.example' } });
    const found = await resolveTarget({ url: POST });
    net.fail(HOME, /^\/api\/v2\/search$/, { status: 429 });
    expect((await resolveTarget({ url: PROFILE })).kind).toBe('rate-limited');
    expect(await resolveTarget({ url: POST })).toEqual(found);
  });

  it.each<[string, OpenFault, string]>([
    ['a timeout', { timeout: true }, `${HOME} didn't answer within 5 seconds`],
    ['a refused connection', { network: true }, `Couldn't reach ${HOME}, or it is down`],
    ['nginx’s 502 page', { status: 502, html: true }, `Couldn't reach ${HOME}, or it is down`],
    ['a 500 from Mastodon', { status: 500 }, `${HOME} is down (500)`],
    ['a 403', { status: 403 }, `${HOME} refused (403: Something happened)`],
    [
      'a list that is not a list',
      { body: { statuses: 'nope', accounts: [] } },
      `${HOME} sent an answer Homeward couldn't read`,
    ],
    [
      'an acct that would leave its path',
      { body: { statuses: [{ id: '1', account: { acct: '../../logout' } }], accounts: [] } },
      `${HOME} sent an answer Homeward couldn't read`,
    ],
    [
      'a status id that would leave its path',
      { body: { statuses: [{ id: '1/../../x', account: { acct: 'bob' } }], accounts: [] } },
      `${HOME} sent an answer Homeward couldn't read`,
    ],
  ])('%s is a failure naming the server', async (_name, fault, reason) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    net.fail(HOME, /^\/api\//, fault);
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'failed', server: HOME, reason });
    warn.mockRestore();
    net.heal();
    net.publish(HOME, POST, { status: { id: '1', acct: 'bob@remote.example' } });
    expect((await resolveTarget({ url: POST })).kind).toBe('found');
  });
});

describe('the 5 s deadline', () => {
  beforeEach(async () => {
    await setUpHome();
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(START);
  });

  /** Settles `promise` while moving fake time on by `ms`; undefined if it has not settled by then. */
  async function after<T>(ms: number, promise: Promise<T>): Promise<T | undefined> {
    let value: T | undefined;
    void promise.then((v) => (value = v));
    await vi.advanceTimersByTimeAsync(ms);
    return value;
  }

  const late: OpenOutcome = {
    kind: 'failed',
    server: HOME,
    reason: `${HOME} didn't answer within 5 seconds`,
  };

  it('covers the search and the domain blocks together', async () => {
    net.fail(HOME, /search/, { delay: 3000 });
    net.fail(HOME, /domain_blocks/, { delay: 3000 });
    const outcome = resolveTarget({ url: POST });
    expect(await after(OPEN_DEADLINE_MS - 1, outcome)).toBeUndefined();
    expect(await after(1, outcome)).toEqual(late);
    expect(net.calls.map((c) => c.url.pathname)).toEqual([
      '/api/v2/search',
      '/api/v1/instance/domain_blocks',
    ]);
  });

  it('gives up on a server that never answers', async () => {
    net.fail(HOME, /search/, { hang: true });
    expect(await after(OPEN_DEADLINE_MS, resolveTarget({ url: POST }))).toEqual(late);
  });

  it('lets a slow answer within the deadline through, and caches one that comes after it', async () => {
    net.publish(HOME, POST, { status: { id: '4', acct: 'bob@remote.example' } });
    net.fail(HOME, /search/, { delay: OPEN_DEADLINE_MS - 500 });
    const found = { kind: 'found', homeUrl: `https://${HOME}/@bob@remote.example/4` };
    expect(await after(OPEN_DEADLINE_MS - 500, resolveTarget({ url: POST }))).toEqual(found);
    net.heal();
    net.fail(HOME, /search/, { delay: OPEN_DEADLINE_MS + 1000 });
    const other = 'https://remote.example/@bob/2';
    net.publish(HOME, other, { status: { id: '5', acct: 'bob@remote.example' } });
    expect(await after(OPEN_DEADLINE_MS, resolveTarget({ url: other }))).toEqual(late);
    await vi.advanceTimersByTimeAsync(1000);
    net.calls.length = 0;
    await vi.waitFor(async () =>
      expect(await resolveTarget({ url: other })).toEqual({
        kind: 'found',
        homeUrl: `https://${HOME}/@bob@remote.example/5`,
      }),
    );
    expect(net.calls).toEqual([]);
  });

  it('still marks a dead token when its 401 arrives after the deadline', async () => {
    await credentialsSecret.setValue({ ...(await credentialsSecret.getValue())!, accessToken: 'dead-token' });
    net.fail(HOME, /search/, { delay: OPEN_DEADLINE_MS + 1000 });
    expect(await after(OPEN_DEADLINE_MS, resolveTarget({ url: POST }))).toEqual(late);
    expect((await accountItem.getValue())?.status).toBe('connected');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(async () => expect((await accountItem.getValue())?.status).toBe('reconnect'));
  });
});

describe('untrusted payloads', () => {
  beforeEach(() => setUpHome());
  const refused = { kind: 'failed', server: HOME, reason: 'Not a link Homeward can open' };

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a bare string', POST],
    ['a number', 42],
    ['an array', [POST]],
    ['no url', { activityId: POST }],
    ['a url that is not a string', { url: new URL(POST) }],
    ['a relative url', { url: '/@bob/1' }],
    ['plain http', { url: 'http://remote.example/@bob/1' }],
    ['a javascript: url', { url: 'javascript:alert(1)' }],
    ['a data: url', { url: 'data:text/html,hi' }],
    ['credentials in the url', { url: 'https://me:secret@remote.example/@bob/1' }],
    ['an over-long url', { url: `https://remote.example/${'a'.repeat(MAX_TARGET_LENGTH)}` }],
    ['an http activityId', { url: POST, activityId: 'http://remote.example/users/bob/statuses/1' }],
    ['an activityId that is not a string', { url: POST, activityId: 7 }],
    ['an unparsable activityId', { url: POST, activityId: 'https://' }],
  ])('refuses %s without any request', async (_name, payload) => {
    expect(await resolveTarget(payload)).toEqual(refused);
    expect(net.calls).toEqual([]);
  });

  it('accepts a url of exactly the maximum length', async () => {
    const url = `https://remote.example/${'a'.repeat(MAX_TARGET_LENGTH - 'https://remote.example/'.length)}`;
    expect(url).toHaveLength(MAX_TARGET_LENGTH);
    expect((await resolveTarget({ url })).kind).toBe('not-found');
  });

  it('refuses junk even with no server set, and never throws', async () => {
    await homeServerItem.removeValue();
    expect(await resolveTarget({ url: 'ftp://x' })).toEqual({ ...refused, server: '' });
  });

  it('answers any payload with an outcome', async () => {
    net.setDomainBlocks(HOME, []);
    const kinds = ['found', 'not-found', 'failed', 'already-home', 'blocked'];
    const junkUrl = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string(),
      fc.constantFrom(
        `https://${HOME}/@maya`,
        'https://',
        'https://a',
        `https://x.example/${'%'.repeat(3000)}`,
      ),
      fc.anything(),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ url: junkUrl, activityId: fc.option(junkUrl, { nil: undefined }) }),
        ),
        async (payload) => {
          const outcome = await resolveTarget(payload);
          expect(kinds).toContain(outcome.kind);
        },
      ),
      { numRuns: 150 },
    );
  });
});
