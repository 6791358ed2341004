import { describe, expect, it } from 'vitest';
import { THREADS_FEDERATION } from '../../sandbox/hosts';
import { THREADS_ACCOUNTS, findThreadsAccount, threadsActorId } from '../../sandbox/remote';
import { threadsPostsOf } from '../../sandbox/remote/threads-content';
import { AP_ACCEPT, BROWSER, SIGNED_AP, apAlternate, remoteWorld } from './remote-harness';

const world = remoteWorld();
const NOT_FOUND = { success: false, error: 'Not found' };

function account(predicate: (a: (typeof THREADS_ACCOUNTS)[number]) => boolean) {
  const found = THREADS_ACCOUNTS.find(predicate);
  if (!found) throw new Error('the account table lacks a required kind of account');
  return found;
}

const openAccount = account((a) => a.fediverse && !a.locked && !a.verified && !a.instagramPrivate);
const lockedAccount = account((a) => a.fediverse && a.locked);
const hiddenAccount = account((a) => !a.fediverse);

describe('the Threads account table', () => {
  it('has every kind of account the tests need, and enough plain ones', () => {
    expect(THREADS_ACCOUNTS.some((a) => a.verified && a.fediverse)).toBe(true);
    expect(THREADS_ACCOUNTS.some((a) => a.displayName.length > 60)).toBe(true);
    expect(THREADS_ACCOUNTS.some((a) => a.instagramPrivate)).toBe(true);
    expect(
      THREADS_ACCOUNTS.filter((a) => a.fediverse && !a.locked && !a.verified).length,
    ).toBeGreaterThanOrEqual(11);
  });

  it('uses unique numeric ids and valid Instagram usernames', () => {
    expect(new Set(THREADS_ACCOUNTS.map((a) => a.id)).size).toBe(THREADS_ACCOUNTS.length);
    expect(new Set(THREADS_ACCOUNTS.map((a) => a.username)).size).toBe(THREADS_ACCOUNTS.length);
    for (const a of THREADS_ACCOUNTS) {
      expect(a.id).toMatch(/^\d{6,20}$/);
      expect(a.username).toMatch(/^[a-z0-9._]{1,30}$/);
    }
  });

  it('finds accounts case-insensitively', () => {
    expect(findThreadsAccount(openAccount.username.toUpperCase())).toBe(openAccount);
    expect(findThreadsAccount('no.such.user')).toBeUndefined();
  });
});

describe.each(THREADS_FEDERATION)('WebFinger on %s', (host) => {
  const webfinger = (resource: string) =>
    world.get(`https://${host}/.well-known/webfinger?resource=${encodeURIComponent(resource)}`);

  it('answers an opted-in account with the self and profile-page links', async () => {
    const reply = await webfinger(`acct:${openAccount.username}@threads.net`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/jrd\+json/);
    expect(reply.json()).toEqual({
      subject: `acct:${openAccount.username}@threads.net`,
      aliases: [
        `https://www.threads.net/@${openAccount.username}`,
        `https://www.threads.net/ap/users/${openAccount.id}/`,
      ],
      links: [
        {
          rel: 'self',
          type: 'application/activity+json',
          href: `https://www.threads.net/ap/users/${openAccount.id}/`,
        },
        {
          rel: 'http://webfinger.net/rel/profile-page',
          type: 'text/html',
          href: `https://www.threads.net/@${openAccount.username}`,
        },
      ],
    });
  });

  it.each([
    ['a not-opted-in account', `acct:${hiddenAccount.username}@threads.net`],
    ['an unknown account', 'acct:no.such.user@threads.net'],
    ['a resource without acct:', `${openAccount.username}@threads.net`],
    ['another domain', `acct:${openAccount.username}@threads.com`],
  ])('gives 404 {"success":false,…} for %s', async (_, resource) => {
    const reply = await webfinger(resource);
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.json()).toEqual(NOT_FOUND);
  });

  it('gives the same 404 without a resource', async () => {
    const reply = await world.get(`https://${host}/.well-known/webfinger`);
    expect([reply.status, reply.json()]).toEqual([404, NOT_FOUND]);
  });

  it('ignores the case of the username and answers in lower case', async () => {
    const reply = await webfinger(`acct:${openAccount.username.toUpperCase()}@THREADS.NET`);
    expect(reply.json()['subject']).toBe(`acct:${openAccount.username}@threads.net`);
  });
});

describe('Threads ActivityPub', () => {
  const actorUrl = threadsActorId(openAccount);

  it('requires a signature for the actor', async () => {
    expect((await world.get(actorUrl, AP_ACCEPT)).status).toBe(401);
    const reply = await world.get(actorUrl, SIGNED_AP);
    expect(reply.status).toBe(200);
    expect(reply.json()).toMatchObject({
      id: actorUrl,
      type: 'Person',
      preferredUsername: openAccount.username,
      name: openAccount.displayName,
      url: `https://www.threads.net/@${openAccount.username}`,
      manuallyApprovesFollowers: false,
    });
  });

  it('marks the locked account', async () => {
    expect(
      (await world.get(threadsActorId(lockedAccount), SIGNED_AP)).json()['manuallyApprovesFollowers'],
    ).toBe(true);
  });

  it('has no actor for an account that has not opted in', async () => {
    const reply = await world.get(threadsActorId(hiddenAccount), SIGNED_AP);
    expect([reply.status, reply.json()]).toEqual([404, NOT_FOUND]);
  });

  it('serves a post object signed only, matching the web page alternate', async () => {
    const [post] = threadsPostsOf(openAccount);
    if (!post) throw new Error('no post');
    const page = await world.get(
      `https://www.threads.com/@${openAccount.username}/post/${post.code}`,
      BROWSER,
    );
    const objectId = apAlternate(page.document());
    expect(objectId).toBe(`https://www.threads.net/ap/users/${openAccount.id}/post/${post.id}/`);
    expect((await world.get(objectId ?? '', AP_ACCEPT)).status).toBe(401);
    const object = (await world.get(objectId ?? '', SIGNED_AP)).json();
    expect(object).toMatchObject({
      id: objectId,
      type: 'Note',
      attributedTo: actorUrl,
      url: `https://www.threads.net/@${openAccount.username}/post/${post.code}`,
    });
  });

  it('has no alternate on the post page of an account that has not opted in', async () => {
    const [post] = threadsPostsOf(hiddenAccount);
    const page = await world.get(
      `https://www.threads.com/@${hiddenAccount.username}/post/${post?.code ?? ''}`,
      BROWSER,
    );
    expect(page.status).toBe(200);
    expect(apAlternate(page.document())).toBeUndefined();
  });
});

describe('redirects between Threads and Instagram hosts', () => {
  it.each([
    ['https://www.threads.net/@juno.field', 'https://www.threads.com/@juno.field'],
    ['https://threads.net/@juno.field/post/abc', 'https://www.threads.com/@juno.field/post/abc'],
    ['https://www.threads.net/', 'https://www.threads.com/'],
    ['https://threads.com/@juno.field?theme=dark', 'https://www.threads.com/@juno.field?theme=dark'],
    ['https://instagram.com/juno.field/', 'https://www.instagram.com/juno.field/'],
  ])('%s → 301 %s', async (from, to) => {
    const reply = await world.get(from, BROWSER);
    expect(reply.status).toBe(301);
    expect(reply.headers['location']).toBe(to);
  });
});

describe('admin: set-account', () => {
  it('turns fediverse sharing off until reset, on the federation side and the web page', async () => {
    const federation = world.moduleFor('threads.net');
    const wf = `https://www.threads.net/.well-known/webfinger?resource=acct:${openAccount.username}@threads.net`;
    const profile = `https://www.threads.com/@${openAccount.username}`;
    expect(apAlternate((await world.get(profile, BROWSER)).document())).toBe(threadsActorId(openAccount));

    await federation.admin?.('set-account', { username: openAccount.username, fediverse: false });
    expect((await world.get(wf)).status).toBe(404);
    const doc = (await world.get(profile, BROWSER)).document();
    expect(apAlternate(doc)).toBeUndefined();
    expect(doc.querySelector('svg[aria-label="Fediverse"]')).toBeNull();

    federation.reset();
    expect((await world.get(wf)).status).toBe(200);
  });

  it('records deliveries to Threads inboxes', async () => {
    const federation = world.moduleFor('threads.net');
    const follow = {
      type: 'Follow',
      actor: 'https://home.example/users/maya',
      object: threadsActorId(openAccount),
    };
    const reply = await world.request(
      'POST',
      `${threadsActorId(openAccount)}inbox/`,
      SIGNED_AP,
      JSON.stringify(follow),
    );
    expect(reply.status).toBe(202);
    expect(await federation.admin?.('inbox', {})).toEqual({
      delivered: [{ path: `/ap/users/${openAccount.id}/inbox/`, activity: follow }],
    });
    federation.reset();
  });
});
