import fc from 'fast-check';
import { oneAccount } from './one-account';
import { say, words } from '@/utils/i18n';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  MAX_TARGET_LENGTH,
  OPEN_CACHE_TTL_MS,
  OPEN_DEADLINE_MS,
  resolveTarget,
} from '@/utils/open-at-home/resolve';
import { isKnownHost } from '@/utils/open-at-home/known-hosts';
import { RATE_LIMIT_FALLBACK_MS } from '@/utils/mastodon/rate-budget';
import type { OpenOutcome } from '@/utils/open-at-home/protocol';
import { accountCredentialsSecret } from '@/utils/storage/secrets';
import { credentialsOf } from '@/utils/mastodon/session';
import { accountKey, homeServerItem, webClientItem } from '@/utils/storage';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MISSING_POST_URL } from '../../sandbox/remote';
import { WEB_DOMAIN_LOCAL, WEB_DOMAIN_WEB, type InProcessFault } from '../../sandbox';
import { backgroundTest, HOME, START } from './background';
import { WEB_DOMAIN_SERVER } from './account-fixtures';

/** The home server's search answers `body`: what no Mastodon answers, a broken server's answer. */
function searchAnswers(body: object): void {
  bg.fail({ host: HOME, pathPrefix: '/api/v2/search', answer: { status: 200, body } });
}

const bg = backgroundTest();
const OTHER_HOME = 'other-home.example';
/** bob's post on remote.example (sandbox/remote/fediverse/servers.ts), and its ActivityPub id. */
const POST = 'https://remote.example/@bob/113456789012345678';
const POST_ID = 'https://remote.example/users/bob/statuses/113456789012345678';
const PROFILE = 'https://remote.example/@bob';
/** A post remote.example answers 404 for: the home server resolves nothing. */
const MISSING = MISSING_POST_URL;
/** lemmy.example's copy of gus's post, whose object lives on lemmy2.example (LEMMY_ORIGIN). */
const LEMMY_COPY = 'https://lemmy.example/post/77';
const LEMMY_ORIGIN_POST = 'https://lemmy2.example/post/12';

/** Where the home server opens bob's post, once it has resolved it (its id is the server's own). */
async function bobsPostAtHome(): Promise<string> {
  return `https://${HOME}/@bob@remote.example/${await bg.statusId(POST_ID)}`;
}

/** Moves the person to the sandbox's other Mastodon server (social.wd.example), connected there. */
async function moveHome(host: string): Promise<void> {
  await homeServerItem.setValue({
    host,
    localDomain: host === WEB_DOMAIN_WEB ? WEB_DOMAIN_LOCAL : host,
    title: host,
    software: 'mastodon',
    version: '4.5.0',
  });
  const account = await oneAccount.getValue();
  const credentials = account && (await credentialsOf(account));
  const accessToken = host === HOME ? bg.token : await bg.tokenOn(host);
  if (!account || !credentials) return;
  const moved = { ...account, host };
  await oneAccount.setValue(moved);
  await accountCredentialsSecret.setValue({ [accountKey(moved)]: { ...credentials, host, accessToken } });
}

const searches = () => bg.calls().filter((c) => c.url.pathname === '/api/v2/search');

describe('before any home-server request', () => {
  it('asks to set a server when none is set', async () => {
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'no-server' });
    expect(bg.calls()).toEqual([]);
  });

  it('has nothing to do for a URL on the home server', async () => {
    await bg.connect();
    expect(await resolveTarget({ url: `https://${HOME}/@maya/1` })).toEqual({ kind: 'already-home' });
    expect(bg.calls()).toEqual([]);
  });

  it('knows the handle domain of a server whose web UI lives elsewhere (WEB_DOMAIN)', async () => {
    await bg.connect();
    await homeServerItem.setValue(WEB_DOMAIN_SERVER);
    for (const url of [
      'https://wd.example/@maya',
      'https://social.wd.example/@maya/1',
      'https://WD.example/x',
    ]) {
      expect(await resolveTarget({ url })).toEqual({ kind: 'already-home' });
    }
    expect(bg.calls()).toEqual([]);
  });

  it.each([
    ['no account is connected', 'none'],
    ['the token is known to be dead', 'reconnect'],
  ] as const)('opens the server’s remote-interaction page when %s', async (_name, account) => {
    await bg.connect(account);
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'remote-interaction',
      homeUrl: `https://${HOME}/authorize_interaction?uri=https%3A%2F%2Fremote.example%2F%40bob%2F113456789012345678`,
    });
    expect(bg.calls()).toEqual([]);
  });

  it('opens the remote-interaction page when the account belongs to a previous server', async () => {
    await bg.connect();
    await homeServerItem.setValue({
      host: OTHER_HOME,
      localDomain: OTHER_HOME,
      title: 'Other',
      software: 'mastodon',
      version: '4.5.0',
    });
    expect(await resolveTarget({ url: PROFILE })).toEqual({
      kind: 'remote-interaction',
      homeUrl: `https://${OTHER_HOME}/authorize_interaction?uri=${encodeURIComponent(PROFILE)}`,
    });
    expect(bg.calls()).toEqual([]);
  });

  it('hands the ActivityPub id to the remote-interaction page, encoded whole', async () => {
    await bg.connect('none');
    const activityId = 'https://lemmy.example/post/5?a=1&b=2#c d';
    const outcome = await resolveTarget({ url: 'https://copy.example/post/9', activityId });
    expect(outcome.kind).toBe('remote-interaction');
    const homeUrl = new URL((outcome as { homeUrl: string }).homeUrl);
    expect(homeUrl.origin + homeUrl.pathname).toBe(`https://${HOME}/authorize_interaction`);
    expect([...homeUrl.searchParams]).toEqual([['uri', activityId]]);
  });
});

describe('with a connected account', () => {
  beforeEach(() => bg.connect());

  it('finds a remote post and opens it at home', async () => {
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: await bobsPostAtHome(),
    });
    const [search, ...rest] = bg.calls();
    expect(rest).toEqual([]);
    expect(search?.url.host).toBe(HOME);
    expect(Object.fromEntries(search?.url.searchParams ?? [])).toEqual({
      q: POST,
      resolve: 'true',
      limit: '1',
    });
    expect(search?.authorization).toBe(`Bearer ${bg.token}`);
    expect(search?.credentials).toBe('omit');
  });

  it('finds a profile', async () => {
    expect(await resolveTarget({ url: PROFILE })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example`,
    });
  });

  it('opens a post by a local author under the bare username', async () => {
    // A remote page showing maya's post names its home-server id (the page's ActivityPub markers).
    const state = (await bg.home('state')) as { statuses: { id: string; acct: string; uri: string }[] };
    const mine = state.statuses.find((s) => s.acct === 'maya');
    expect(await resolveTarget({ url: 'https://remote.example/boosted/1', activityId: mine?.uri })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@maya/${mine?.id}`,
    });
  });

  it('prefers the status when both a status and an account come back', async () => {
    // No Mastodon answers both for one URL: a broken server's answer.
    searchAnswers({
      accounts: [{ id: '5', username: 'bob', acct: 'bob@remote.example', url: PROFILE }],
      statuses: [{ id: '77', uri: POST_ID, url: POST, account: { id: '5', acct: 'bob@remote.example' } }],
      hashtags: [],
    });
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example/77`,
    });
  });

  it('resolves the ActivityPub id rather than the URL followed', async () => {
    // frank's post on lemmy.example, while the page names gus's post on lemmy2.example as its id.
    const url = 'https://lemmy.example/post/42';
    const activityId = LEMMY_ORIGIN_POST;
    expect(await resolveTarget({ url, activityId })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@gus@lemmy2.example/${await bg.statusId(activityId)}`,
    });
    expect(searches().map((c) => c.url.searchParams.get('q'))).toEqual([activityId]);
  });

  it('makes the host of a resolved URL a known fediverse host, and only then', async () => {
    expect(await isKnownHost('remote.example')).toBe(false);
    await resolveTarget({ url: 'https://nothing.example/@x/1' });
    expect(await isKnownHost('nothing.example')).toBe(false);
    await resolveTarget({ url: POST });
    expect(await isKnownHost('remote.example')).toBe(true);
  });

  it('learns nothing when the server reached the object elsewhere, or names no id', async () => {
    // lemmy.example redirects the home server's fetch of its copy to the origin on lemmy2.example.
    expect(await resolveTarget({ url: LEMMY_COPY })).toMatchObject({ kind: 'found' });
    expect(await isKnownHost('lemmy.example')).toBe(false);
    expect(await isKnownHost('lemmy2.example')).toBe(false);
    // An answer with an id that is no URL: a broken server's.
    const profile = 'https://noid.example/@y';
    searchAnswers({
      accounts: [{ id: '9', username: 'y', acct: 'y@noid.example', url: profile, uri: 'not a url' }],
      statuses: [],
      hashtags: [],
    });
    expect(await resolveTarget({ url: profile })).toMatchObject({ kind: 'found' });
    expect(await isKnownHost('noid.example')).toBe(false);
  });
});

describe('the cache', () => {
  beforeEach(() => bg.connect());

  it('answers a repeat without any request, for a day', async () => {
    const first = await resolveTarget({ url: POST });
    expect(first.kind).toBe('found');
    bg.clearCalls();
    vi.setSystemTime(START + OPEN_CACHE_TTL_MS - 1);
    expect(await resolveTarget({ url: POST })).toEqual(first);
    expect(bg.calls()).toEqual([]);
    vi.setSystemTime(START + OPEN_CACHE_TTL_MS);
    expect(await resolveTarget({ url: POST })).toEqual(first);
    expect(searches()).toHaveLength(1);
  });

  it('is kept per server', async () => {
    await resolveTarget({ url: POST });
    // The sandbox's other Mastodon server: social.wd.example, whose handles read @…@wd.example.
    await moveHome(WEB_DOMAIN_WEB);
    bg.clearCalls();
    const there = await resolveTarget({ url: POST });
    expect(there).toEqual({
      kind: 'found',
      homeUrl: `https://${WEB_DOMAIN_WEB}/@bob@remote.example/${await bg.statusId(POST_ID, WEB_DOMAIN_WEB)}`,
    });
    expect(there).not.toEqual({ kind: 'found', homeUrl: await bobsPostAtHome() });
    expect(bg.calls().map((c) => `${c.method} ${c.host}${c.url.pathname}`)).toEqual([
      `GET ${WEB_DOMAIN_WEB}/api/v2/search`,
    ]);
    await moveHome(HOME);
    bg.clearCalls();
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: await bobsPostAtHome(),
    });
    expect(bg.calls()).toEqual([]);
  });

  it('is keyed by the ActivityPub id when there is one', async () => {
    const activityId = LEMMY_ORIGIN_POST;
    await resolveTarget({ url: 'https://copy-a.example/p/1', activityId });
    bg.clearCalls();
    expect(await resolveTarget({ url: 'https://copy-b.example/p/2', activityId })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@gus@lemmy2.example/${await bg.statusId(activityId)}`,
    });
    expect(bg.calls()).toEqual([]);
  });

  it('answers the same address with or without the id its page gives, either way round', async () => {
    const activityId = POST_ID;
    // The browser's rules first (the address alone), then the page's markers (with its id).
    const found = await resolveTarget({ url: POST });
    expect(found).toEqual({ kind: 'found', homeUrl: await bobsPostAtHome() });
    bg.clearCalls();
    expect(await resolveTarget({ url: POST, activityId })).toEqual(found);
    expect(bg.calls()).toEqual([]);
    // And the other way round, for another address: lena's post on the same server.
    const other = 'https://remote.example/@lena/113456789012345999';
    const otherId = 'https://remote.example/users/lena/statuses/113456789012345999';
    await resolveTarget({ url: other, activityId: otherId });
    bg.clearCalls();
    expect(await resolveTarget({ url: other })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@lena@remote.example/${await bg.statusId(otherId)}`,
    });
    expect(bg.calls()).toEqual([]);
  });

  it('never keeps another host’s object as an address’s answer', async () => {
    const page = POST;
    const elsewhere = LEMMY_ORIGIN_POST;
    // The page named another server's object (a toolbar click may pass that on): its answer stays the id's.
    expect(await resolveTarget({ url: page, activityId: elsewhere, explicit: true })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@gus@lemmy2.example/${await bg.statusId(elsewhere)}`,
    });
    bg.clearCalls();
    expect(await resolveTarget({ url: page })).toEqual({
      kind: 'found',
      homeUrl: await bobsPostAtHome(),
    });
    expect(searches()).toHaveLength(1);
  });

  it('keeps no answer for what was not found', async () => {
    // remote.example is down for the home server's fetch: its resolve is empty, and the list blocks nothing.
    bg.fail({ host: 'remote.example', status: 503 });
    expect((await resolveTarget({ url: POST })).kind).toBe('not-found');
    bg.heal();
    expect((await resolveTarget({ url: POST })).kind).toBe('found');
    expect(searches()).toHaveLength(2);
  });
});

describe('home software and web clients', () => {
  const setSoftware = async (software: string, version: string) =>
    homeServerItem.setValue({ ...(await homeServerItem.getValue())!, software, version });
  /** The sandbox's home server plays `profile` (docs/home-server.md §10), and Homeward knows it as it would. */
  async function homeAs(profile: string, software: string, version: string): Promise<void> {
    await bg.home('software', { profile });
    await bg.connect();
    await setSoftware(software, version);
  }

  it("opens in Akkoma's own web UI, by the ids it gave", async () => {
    await homeAs('akkoma', 'akkoma', '3.16.0');
    const post = await resolveTarget({ url: POST });
    expect(post).toEqual({ kind: 'found', homeUrl: `https://${HOME}/notice/${await bg.statusId(POST_ID)}` });
    expect(await resolveTarget({ url: PROFILE })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/users/${await bg.accountId('bob@remote.example')}`,
    });
  });

  it('finds a post on Sharkey, whose v2 search never answers one, through its v1 search', async () => {
    await homeAs('sharkey', 'sharkey', '2025.5.2-dev');
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/notes/${await bg.statusId(POST_ID)}`,
    });
    expect(
      bg
        .calls()
        .filter((c) => c.url.pathname.endsWith('/search'))
        .map((c) => c.url.pathname),
    ).toEqual(['/api/v1/search']);
    expect(await resolveTarget({ url: PROFILE })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/@bob@remote.example`,
    });
  });

  it('asks v2 after all when a Sharkey without v1 search answers 404', async () => {
    await homeAs('mastodon-4.5', 'sharkey', '2024.9.1');
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://${HOME}/notes/${await bg.statusId(POST_ID)}`,
    });
  });

  it('asks which web client to use where the server has no page for it (GoToSocial), and then uses it', async () => {
    await homeAs('gotosocial', 'gotosocial', '0.20.0');
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'choose-client', server: HOME });
    await webClientItem.setValue({ kind: 'elk', host: 'elk.zone' });
    const id = await bg.statusId(POST_ID);
    // The object was kept: choosing a client costs no second search.
    const before = searches().length;
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://elk.zone/${HOME}/@bob@remote.example/${id}`,
    });
    expect(searches().length).toBe(before);
    await webClientItem.setValue({ kind: 'phanpy', host: 'phanpy.social' });
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'found',
      homeUrl: `https://phanpy.social/#/${HOME}/s/${id}`,
    });
  });

  it('asks for a web client when signed out on a server without any page for it', async () => {
    await bg.connect('none');
    await setSoftware('gotosocial', '0.20.0');
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'choose-client', server: HOME });
    await webClientItem.setValue({ kind: 'phanpy', host: 'phanpy.social' });
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'remote-interaction',
      homeUrl: `https://phanpy.social/#/${POST}`,
    });
    expect(bg.calls()).toEqual([]);
  });

  it('skips a page address an earlier build cached, and asks again', async () => {
    await bg.connect();
    await fakeBrowser.storage.local.set({
      openAtHome: {
        [`${HOME} ${POST}`]: {
          value: 'https://old.example/x',
          expires: START + 60 * 60 * 1000,
          stored: START,
        },
      },
    });
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'found', homeUrl: await bobsPostAtHome() });
    expect(searches()).toHaveLength(1);
  });
});

describe('an empty resolve', () => {
  beforeEach(() => bg.connect());

  it.each<[string, Record<string, unknown>, string]>([
    ['a published suspension', { domain: 'remote.example' }, 'remote.example'],
    ['an obfuscated suspension', { domain: 'remote.example', obfuscate: true }, 'remo**.****ple'],
    ['a suspension of a parent domain', { domain: 'example' }, 'example'],
  ])('is blocked with %s', async (_name, block, listed) => {
    await bg.home('suspend-domain', block);
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'blocked',
      server: HOME,
      domain: 'remote.example',
    });
    const last = bg.calls().at(-1);
    expect(last?.url.pathname).toBe('/api/v1/instance/domain_blocks');
    expect(last?.authorization).toBe(`Bearer ${bg.token}`);
    const list = (await (await bg.world.fetch(`https://${HOME}/api/v1/instance/domain_blocks`)).json()) as {
      domain: string;
    }[];
    expect(list.map((b) => b.domain)).toEqual([listed]);
  });

  it.each<[string, (() => Promise<unknown>) | null]>([
    ['an unpublished list', () => bg.home('domain-blocks-visibility', { value: 'disabled' })],
    ['a silenced domain', () => bg.home('silence-domain', { domain: 'remote.example' })],
    ['other domains only', () => bg.home('suspend-domain', { domain: 'spam.example' })],
  ])('is not found with %s', async (_name, setUp) => {
    await setUp?.();
    expect(await resolveTarget({ url: MISSING })).toEqual({ kind: 'not-found', server: HOME });
  });

  it('is not found when the domain blocks cannot be read', async () => {
    bg.fail({ host: HOME, pathPrefix: '/api/v1/instance/domain_blocks', status: 502 });
    expect(await resolveTarget({ url: MISSING })).toEqual({ kind: 'not-found', server: HOME });
  });

  it('asks about the domain of the ActivityPub id, not of the copy', async () => {
    await bg.home('suspend-domain', { domain: 'lemmy2.example' });
    expect(await resolveTarget({ url: LEMMY_COPY, activityId: LEMMY_ORIGIN_POST })).toEqual({
      kind: 'blocked',
      server: HOME,
      domain: 'lemmy2.example',
    });
    // A post lemmy.example does not have, reached from an address on the suspended lemmy2.example.
    expect(
      await resolveTarget({
        url: 'https://lemmy2.example/post/13',
        activityId: 'https://lemmy.example/post/999',
      }),
    ).toEqual({ kind: 'not-found', server: HOME });
  });
});

describe('failures become outcomes', () => {
  beforeEach(() => bg.connect());

  it('401 marks the account for reconnecting, and later visits use the remote-interaction page', async () => {
    await bg.home('revoke-tokens');
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'needs-login', server: HOME });
    expect((await oneAccount.getValue())?.status).toBe('reconnect');
    bg.clearCalls();
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'remote-interaction',
      homeUrl: `https://${HOME}/authorize_interaction?uri=${encodeURIComponent(POST)}`,
    });
    expect(bg.calls()).toEqual([]);
  });

  it('429 waits until X-RateLimit-Reset, without asking the server again', async () => {
    // No API requests left in this 5-minute window (docs/home-server.md §7): it ends at 12:05.
    await bg.home('set-rate-limit', { family: 'api', remaining: 0 });
    const until = Date.UTC(2025, 5, 1, 12, 5, 0);
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'rate-limited', server: HOME, until });
    expect(bg.calls().at(-1)?.status).toBe(429);
    bg.clearCalls();
    vi.setSystemTime(until - 1);
    expect(await resolveTarget({ url: PROFILE })).toEqual({ kind: 'rate-limited', server: HOME, until });
    expect(await resolveTarget({ url: POST })).toEqual({ kind: 'rate-limited', server: HOME, until });
    expect(bg.calls()).toEqual([]);
    vi.setSystemTime(until);
    expect(await resolveTarget({ url: POST })).toMatchObject({ kind: 'found' });
  });

  it('429 without a readable reset waits 5 minutes', async () => {
    bg.fail({ host: HOME, pathPrefix: '/api/v2/search', status: 429 });
    expect(await resolveTarget({ url: POST })).toEqual({
      kind: 'rate-limited',
      server: HOME,
      until: START + RATE_LIMIT_FALLBACK_MS,
    });
  });

  it('still serves what is cached while rate-limited', async () => {
    const found = await resolveTarget({ url: POST });
    expect(found.kind).toBe('found');
    bg.fail({ host: HOME, pathPrefix: '/api/v2/search', status: 429 });
    expect((await resolveTarget({ url: PROFILE })).kind).toBe('rate-limited');
    expect(await resolveTarget({ url: POST })).toEqual(found);
  });

  const broken = (body: unknown): Omit<InProcessFault, 'host'> => ({ answer: { status: 200, body } });
  it.each<[string, Omit<InProcessFault, 'host'>, string]>([
    ['a timeout', { timeout: true }, `${HOME} didn't answer within 5 seconds`],
    ['a refused connection', { refuse: true }, `Couldn't reach ${HOME}, or it is down`],
    ['nginx’s 502 page', { status: 502 }, `Couldn't reach ${HOME}, or it is down`],
    ['a 500 from Mastodon', { status: 500 }, `${HOME} is down (500)`],
    ['a 403', { status: 403 }, `${HOME} refused (403: sandbox fault)`],
    [
      'a list that is not a list',
      broken({ statuses: 'nope', accounts: [] }),
      `${HOME} sent an answer Homeward couldn't read`,
    ],
    [
      'an acct that would leave its path',
      broken({ statuses: [{ id: '1', account: { acct: '../../logout' } }], accounts: [] }),
      `${HOME} sent an answer Homeward couldn't read`,
    ],
    [
      'an acct that is a path step of its own',
      broken({ statuses: [], accounts: [{ id: '1', acct: '..@remote.example' }] }),
      `${HOME} sent an answer Homeward couldn't read`,
    ],
    [
      'a status id that would leave its path',
      broken({ statuses: [{ id: '1/../../x', account: { acct: 'bob' } }], accounts: [] }),
      `${HOME} sent an answer Homeward couldn't read`,
    ],
  ])('%s is a failure naming the server', async (_name, fault, reason) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    bg.fail({ host: HOME, pathPrefix: '/api/', ...fault });
    const outcome = await resolveTarget({ url: POST });
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && say(outcome.reason)).toBe(reason);
    expect(outcome).toMatchObject({ server: HOME });
    warn.mockRestore();
    bg.heal();
    expect((await resolveTarget({ url: POST })).kind).toBe('found');
  });
});

describe('the 5 s deadline', () => {
  beforeEach(async () => {
    await bg.connect();
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
    reason: words('failure_timeoutHost', { host: HOME }),
  };

  it('covers the search and the domain blocks together', async () => {
    bg.fail({ host: HOME, pathPrefix: '/api/v2/search', latencyMs: 3000 });
    bg.fail({ host: HOME, pathPrefix: '/api/v1/instance/domain_blocks', latencyMs: 3000 });
    const outcome = resolveTarget({ url: MISSING });
    expect(await after(OPEN_DEADLINE_MS - 1, outcome)).toBeUndefined();
    expect(await after(1, outcome)).toEqual(late);
    expect(bg.calls().map((c) => c.url.pathname)).toEqual([
      '/api/v2/search',
      '/api/v1/instance/domain_blocks',
    ]);
  });

  it('gives up on a server that never answers', async () => {
    bg.fail({ host: HOME, pathPrefix: '/api/v2/search', hang: true });
    expect(await after(OPEN_DEADLINE_MS, resolveTarget({ url: POST }))).toEqual(late);
  });

  it('lets a slow answer within the deadline through, and caches one that comes after it', async () => {
    bg.fail({ host: HOME, pathPrefix: '/api/v2/search', latencyMs: OPEN_DEADLINE_MS - 500 });
    const outcome = await after(OPEN_DEADLINE_MS - 500, resolveTarget({ url: POST }));
    expect(outcome).toEqual({ kind: 'found', homeUrl: await bobsPostAtHome() });
    bg.heal();
    bg.fail({ host: HOME, pathPrefix: '/api/v2/search', latencyMs: OPEN_DEADLINE_MS + 1000 });
    const other = 'https://remote.example/@lena/113456789012345999';
    expect(await after(OPEN_DEADLINE_MS, resolveTarget({ url: other }))).toEqual(late);
    await vi.advanceTimersByTimeAsync(1000);
    bg.clearCalls();
    const otherId = 'https://remote.example/users/lena/statuses/113456789012345999';
    await vi.waitFor(async () =>
      expect(await resolveTarget({ url: other })).toEqual({
        kind: 'found',
        homeUrl: `https://${HOME}/@lena@remote.example/${await bg.statusId(otherId)}`,
      }),
    );
    expect(bg.calls()).toEqual([]);
  });

  it('still marks a dead token when its 401 arrives after the deadline', async () => {
    const account = (await oneAccount.getValue())!;
    await accountCredentialsSecret.setValue({
      [accountKey(account)]: { ...(await credentialsOf(account))!, accessToken: 'dead-token' },
    });
    bg.fail({ host: HOME, pathPrefix: '/api/v2/search', latencyMs: OPEN_DEADLINE_MS + 1000 });
    expect(await after(OPEN_DEADLINE_MS, resolveTarget({ url: POST }))).toEqual(late);
    expect((await oneAccount.getValue())?.status).toBe('connected');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(async () => expect((await oneAccount.getValue())?.status).toBe('reconnect'));
  });
});

describe('untrusted payloads', () => {
  beforeEach(() => bg.connect());
  const refused = { kind: 'failed', server: HOME, reason: words('opening_notLink') };

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
    expect(bg.calls()).toEqual([]);
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
