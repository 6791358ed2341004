/**
 * "Open it at home" against the running sandbox: the home server resolves each remote post and profile, by web
 * URL and by ActivityPub id, through `GET /api/v2/search?resolve=true&limit=1`, and its web UI has the page the
 * extension opens. Then the failures the "Opening…" page must handle, and how the request log proves a request
 * was never made.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BRIDGY_FED, HOME, HOME_USER, REMOTE, startSandbox, type Sandbox } from '../../sandbox';
import {
  BRIDGED_ACCOUNTS,
  BRIDGED_POSTS,
  MISSING_POST_URL,
  SERVER_TABLES,
  THREADS_ACCOUNTS,
  bridgedActorId,
  bridgedPostId,
  bridgedPostUrl,
  bridgedProfileUrl,
  threadsActorId,
} from '../../sandbox/remote';
import { actorId, actorUrl, postId, postUrl } from '../../sandbox/remote/fediverse/activitypub';
import { threadsPostsOf } from '../../sandbox/remote/threads-content';
import { csrfOf, type Json } from './home-harness';
import { SandboxClient, type HttpsReply } from './https-client';

let sandbox: Sandbox;

const newClient = () => new SandboxClient(() => sandbox);

let token = '';
const browser = newClient();

/** What the extension calls: masto's `v2.search.list({ q, resolve: true, limit: 1 })`. */
function search(q: string, bearer = token): Promise<HttpsReply> {
  const query = new URLSearchParams({ q, resolve: 'true', limit: '1' });
  return newClient().request('GET', `https://${HOME}/api/v2/search?${query}`, {
    headers: { authorization: `Bearer ${bearer}` },
  });
}

/** The home web UI URL the extension opens for a resolved status or account. */
const statusPage = (status: Json): string => `https://${HOME}/@${status.account.acct}/${status.id}`;
const accountPage = (account: Json): string => `https://${HOME}/@${account.acct}`;

async function expectStatusPage(status: Json): Promise<void> {
  const page = await browser.request('GET', statusPage(status));
  expect(page.status).toBe(200);
  expect(page.text).toContain(`data-status-id="${status.id}"`);
}

async function expectAccountPage(account: Json): Promise<void> {
  const page = await browser.request('GET', accountPage(account));
  expect(page.status).toBe(200);
  expect(page.text).toContain(`data-account-id="${account.id}"`);
}

/** Requests the home server made to `host` (optionally under `pathPrefix`) since log entry `since`. */
async function serverRequests(host: string, since: number, pathPrefix = '/'): Promise<string[]> {
  return (await sandbox.admin.log(since))
    .filter((e) => e.client === `server:${HOME}` && e.host === host && e.path.startsWith(pathPrefix))
    .map((e) => `${e.method} ${e.path}`);
}

async function lastSeq(): Promise<number> {
  return (await sandbox.admin.log()).at(-1)?.seq ?? 0;
}

beforeAll(async () => {
  sandbox = await startSandbox();
}, 30_000);
afterAll(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  await sandbox.admin.reset();
  ({ accessToken: token } = await sandbox.admin.hostOp<{ accessToken: string }>(HOME, 'grant-token', {
    username: HOME_USER.username,
    redirectUri: 'https://abc.chromiumapp.org/',
    scopes: 'read write follow',
  }));
  const form = await browser.request('GET', `https://${HOME}/auth/sign_in`);
  const signedIn = await browser.request('POST', `https://${HOME}/auth/sign_in`, {
    form: {
      authenticity_token: csrfOf(form.text),
      'user[email]': HOME_USER.email,
      'user[password]': HOME_USER.password,
    },
  });
  expect(signedIn.status).toBe(302);
});

const posts = SERVER_TABLES.flatMap((server) =>
  server.posts.map((post) => ({
    label: `${server.host} post ${post.id}`,
    webUrl: postUrl(server, post),
    apId: postId(server, post),
    aliases: server.shapes.postHtmlAliases?.(post, { username: post.author, name: '', summary: '' }) ?? [],
  })),
);
const profiles = SERVER_TABLES.flatMap((server) =>
  server.actors.map((actor) => ({
    label: `${server.host} profile ${actor.username}`,
    webUrl: actorUrl(server, actor),
    apId: actorId(server, actor),
    acct: `${actor.username}@${server.host}`,
  })),
);

describe('the home server resolves every remote post and profile', { timeout: 30_000 }, () => {
  it.each(posts)('$label: web URL and AP id give the same status, shown at /@acct/<id>', async (post) => {
    const ids = new Set<string>();
    for (const q of [
      post.webUrl,
      post.apId,
      ...post.aliases.map((path) => new URL(path, post.webUrl).href),
    ]) {
      const reply = await search(q);
      expect(reply.status, q).toBe(200);
      expect(reply.json.statuses, q).toHaveLength(1);
      expect(reply.json.statuses[0].uri, q).toBe(post.apId);
      ids.add(reply.json.statuses[0].id);
    }
    expect(ids.size).toBe(1);
    const reply = await search(post.apId);
    await expectStatusPage(reply.json.statuses[0]);
  });

  it.each(profiles)('$label: web URL and AP id give the same account, shown at /@acct', async (profile) => {
    const found: Json[] = [];
    for (const q of [profile.webUrl, profile.apId]) {
      const reply = await search(q);
      expect(reply.status, q).toBe(200);
      expect(reply.json.accounts, q).toHaveLength(1);
      expect(reply.json.accounts[0], q).toMatchObject({ uri: profile.apId, acct: profile.acct });
      found.push(reply.json.accounts[0]);
    }
    expect(found[0].id).toBe(found[1].id);
    await expectAccountPage(found[0]);
  });

  it.each(SERVER_TABLES.flatMap((s) => (s.copies ?? []).map((copy) => ({ server: s, copy }))))(
    '$server.host copy $copy.localId: the origin AP id resolves to the origin object',
    async ({ server, copy }) => {
      const reply = await search(copy.apId);
      expect(reply.json.statuses).toHaveLength(1);
      expect(reply.json.statuses[0]).toMatchObject({ uri: copy.apId, url: copy.originUrl });
      expect(reply.json.statuses[0].account.acct).toBe(copy.author.acct);
      await expectStatusPage(reply.json.statuses[0]);
      if (server.shapes.copyActivityJson === 'redirect-to-origin') {
        // Lemmy redirects an ActivityPub fetch of its local copy to the origin, so the local URL works too.
        const local = await search(`https://${server.host}${server.shapes.copyUrl?.(copy) ?? ''}`);
        expect(local.json.statuses[0]?.id).toBe(reply.json.statuses[0].id);
      }
    },
  );
});

describe('Threads', { timeout: 30_000 }, () => {
  const account = THREADS_ACCOUNTS.find((a) => a.fediverse && !a.locked);
  const [post] = account ? threadsPostsOf(account) : [];
  if (!account || !post) throw new Error('no federated Threads post');
  const webUrl = `https://www.threads.com/@${account.username}/post/${post.code}`;
  const apId = `${threadsActorId(account)}post/${post.id}/`;

  it('resolves the post AP id to a status without touching www.threads.com', async () => {
    const since = await lastSeq();
    const reply = await search(apId);
    expect(reply.json.statuses).toHaveLength(1);
    expect(reply.json.statuses[0]).toMatchObject({ uri: apId });
    expect(reply.json.statuses[0].account.acct).toBe(`${account.username}@threads.net`);
    await expectStatusPage(reply.json.statuses[0]);
    expect(await serverRequests('www.threads.net', since)).toContain(`GET ${new URL(apId).pathname}`);
    expect(await serverRequests('www.threads.com', since)).toEqual([]);
  });

  it('does not resolve the www.threads.com post URL, even once the post is known', async () => {
    for (const round of ['unknown', 'known']) {
      const since = await lastSeq();
      const reply = await search(webUrl);
      expect(reply.status, round).toBe(200);
      expect(reply.json, round).toEqual({ accounts: [], statuses: [], hashtags: [] });
      // It did ask: the login wall, not a missing fetch, is why nothing comes back.
      expect(await serverRequests('www.threads.com', since), round).toContain(
        `GET ${new URL(webUrl).pathname}`,
      );
      await search(apId);
    }
  });
});

describe('Bridgy Fed', { timeout: 30_000 }, () => {
  const account = BRIDGED_ACCOUNTS[0];
  const post = BRIDGED_POSTS[0];
  if (!account || !post) throw new Error('no bridged account or post');
  const acct = `${account.handle}@${BRIDGY_FED}`;

  it.each([bridgedActorId(account), bridgedProfileUrl(account), `@${acct}`])(
    'resolves the bridged account from %s',
    async (q) => {
      const reply = await search(q);
      expect(reply.json.accounts).toHaveLength(1);
      expect(reply.json.accounts[0]).toMatchObject({ acct, uri: bridgedActorId(account) });
      await expectAccountPage(reply.json.accounts[0]);
    },
  );

  it.each([bridgedPostId(post), bridgedPostUrl(post)])('resolves the bridged post from %s', async (q) => {
    const reply = await search(q);
    expect(reply.json.statuses).toHaveLength(1);
    expect(reply.json.statuses[0]).toMatchObject({ uri: bridgedPostId(post), url: bridgedPostUrl(post) });
    expect(reply.json.statuses[0].account.acct).toBe(acct);
    await expectStatusPage(reply.json.statuses[0]);
  });
});

describe('failures the "Opening…" page meets', { timeout: 30_000 }, () => {
  const bob = SERVER_TABLES.find((s) => s.host === REMOTE.mastodon);
  const bobPost = bob?.posts[0];
  if (!bob || !bobPost) throw new Error('no remote.example post');
  const EMPTY = { accounts: [], statuses: [], hashtags: [] };

  it('a post the home server cannot find: 200 with empty lists', async () => {
    const since = await lastSeq();
    const reply = await search(MISSING_POST_URL);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual(EMPTY);
    expect(await serverRequests(REMOTE.mastodon, since)).toContain(
      `GET ${new URL(MISSING_POST_URL).pathname}`,
    );
  });

  it('a suspended domain: empty results for its URLs and AP ids, and no request reaches it', async () => {
    await sandbox.admin.hostOp(HOME, 'suspend-domain', { domain: REMOTE.mastodon });
    const since = await lastSeq();
    for (const q of [postUrl(bob, bobPost), postId(bob, bobPost), `https://${REMOTE.mastodon}/@bob`]) {
      const reply = await search(q);
      expect(reply.status, q).toBe(200);
      expect(reply.json, q).toEqual(EMPTY);
    }
    expect(await serverRequests(REMOTE.mastodon, since)).toEqual([]);
    await sandbox.admin.hostOp(HOME, 'unsuspend-domain', { domain: REMOTE.mastodon });
    expect((await search(postId(bob, bobPost))).json.statuses).toHaveLength(1);
  });

  it('401: a revoked token (admin revoke-tokens)', async () => {
    await sandbox.admin.hostOp(HOME, 'revoke-tokens', { token });
    const revoked = await search(postId(bob, bobPost));
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual({ error: 'The access token was revoked' });
  });

  it('429 from the real limiter (admin set-rate-limit); 429 and 401 status faults on /api/v2/search', async () => {
    await sandbox.admin.hostOp(HOME, 'set-rate-limit', { family: 'api', remaining: 0 });
    const limited = await search(postId(bob, bobPost));
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({ error: 'Too many requests' });
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-reset']).toMatch(/^\d{4}-\d\d-\d\dT/);

    await sandbox.admin.reset();
    await sandbox.admin.fault({ host: HOME, pathPrefix: '/api/v2/search', status: 429 });
    const faulted = await search(postId(bob, bobPost), 'any-token');
    expect(faulted.status).toBe(429);
    expect(faulted.json).toEqual({ error: 'sandbox fault' });
    await sandbox.admin.fault({ host: HOME, pathPrefix: '/api/v2/search', status: 401 });
    expect((await search(postId(bob, bobPost), 'any-token')).status).toBe(401);
  });

  it('a search that never answers (hang fault) is logged with status null while in flight', async () => {
    await sandbox.admin.fault({ host: HOME, pathPrefix: '/api/v2/search', hang: true });
    const since = await lastSeq();
    const query = new URLSearchParams({ q: postId(bob, bobPost), resolve: 'true', limit: '1' });
    await expect(
      newClient().request('GET', `https://${HOME}/api/v2/search?${query}`, {
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: 300,
      }),
    ).rejects.toThrow('client timeout');
    const entry = (await sandbox.admin.log(since)).find(
      (e) => e.host === HOME && e.path.startsWith('/api/v2/search'),
    );
    expect(entry?.status === null || entry?.status === 0).toBe(true);
    expect(await serverRequests(REMOTE.mastodon, since)).toEqual([]);
  });
});
