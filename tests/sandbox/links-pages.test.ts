/**
 * "Open it at home" fixtures, page side: what a content script sees on a remote post or profile page
 * (markers, the ActivityPub alternate), and plain.example's /links page that links to all of them.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { BRIDGY_FED, NOT_MASTODON, REMOTE } from '../../sandbox/hosts';
import {
  BRIDGED_ACCOUNTS,
  BRIDGED_POSTS,
  LEMMY_ORIGIN,
  LINKS_PAGE,
  MISSING_POST_URL,
  SERVER_TABLES,
  THREADS_ACCOUNTS,
  bridgedActorId,
  bridgedPostId,
  bridgedPostUrl,
  bridgedProfileUrl,
  linkTargets,
  threadsActorId,
} from '../../sandbox/remote';
import { actorId, actorUrl, postId, postUrl } from '../../sandbox/remote/fediverse/activitypub';
import { threadsPostsOf } from '../../sandbox/remote/threads-content';
import { AP_ACCEPT, BROWSER, SIGNED_AP, apAlternate, remoteWorld } from './remote-harness';

const world = remoteWorld();

const pages = SERVER_TABLES.flatMap((server) => [
  ...server.posts.map((post) => ({
    host: server.host,
    software: server.shapes.name,
    what: `post ${post.id}`,
    url: postUrl(server, post),
    apId: postId(server, post),
    username: `${post.author}@${server.host}`,
  })),
  ...server.actors.map((actor) => ({
    host: server.host,
    software: server.shapes.name,
    what: `profile ${actor.username}`,
    url: actorUrl(server, actor),
    apId: actorId(server, actor),
    username: `${actor.username}@${server.host}`,
  })),
]);

describe('remote post and profile pages carry what a content script looks for', () => {
  it('covers a post and a profile on every remote server', () => {
    for (const server of SERVER_TABLES) {
      expect(pages.filter((p) => p.host === server.host && p.what.startsWith('post')).length).toBeGreaterThan(
        0,
      );
      expect(
        pages.filter((p) => p.host === server.host && p.what.startsWith('profile')).length,
      ).toBeGreaterThan(0);
    }
    expect(new Set(pages.map((p) => p.host))).toEqual(new Set([...Object.values(REMOTE), LEMMY_ORIGIN]));
  });

  it.each(pages)('$host $what: HTML with the ActivityPub alternate to its id', async ({ url, apId }) => {
    const page = await world.get(url, BROWSER);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(apAlternate(page.document())).toBe(apId);
  });

  it.each(pages)('$host $what: Mastodon markers exactly on Mastodon', async ({ url, software, username }) => {
    const doc = (await world.get(url, BROWSER)).document();
    const mastodon = software === 'mastodon';
    expect(doc.querySelector('div#mastodon.app-holder') !== null).toBe(mastodon);
    expect(doc.querySelector('script#initial-state[type="application/json"]') !== null).toBe(mastodon);
    const profileUsername = doc.querySelector('meta[property="profile:username"]')?.getAttribute('content');
    expect(profileUsername).toBe(mastodon ? username : undefined);
  });

  it('Pixelfed /i/web/post/<id> is HTML only, with the alternate to the /p/ object', async () => {
    const server = SERVER_TABLES.find((s) => s.host === REMOTE.pixelfed);
    const post = server?.posts[0];
    if (!server || !post) throw new Error('no Pixelfed post');
    const webApp = `https://${REMOTE.pixelfed}/i/web/post/${post.id}`;
    const page = await world.get(webApp, BROWSER);
    expect(page.status).toBe(200);
    expect(apAlternate(page.document())).toBe(postId(server, post));
    // The web app route never negotiates: a server asking it for ActivityPub gets the page, alternate included.
    const asServer = await world.get(webApp, SIGNED_AP);
    expect(asServer.headers['content-type']).toMatch(/^text\/html/);
    expect(apAlternate(asServer.document())).toBe(postId(server, post));
  });

  it.each(SERVER_TABLES.flatMap((s) => (s.copies ?? []).map((copy) => ({ server: s, copy }))))(
    '$server.host copy $copy.localId: the alternate names the origin object, not the local URL',
    async ({ server, copy }) => {
      const local = `https://${server.host}${server.shapes.copyUrl?.(copy) ?? ''}`;
      const doc = (await world.get(local, BROWSER)).document();
      expect(apAlternate(doc)).toBe(copy.apId);
      expect(new URL(copy.apId).host).not.toBe(server.host);
      const origin = await world.get(copy.apId, SIGNED_AP);
      expect(origin.status).toBe(200);
      expect(origin.json()['id']).toBe(copy.apId);
    },
  );
});

describe('Threads post pages', () => {
  const federated = THREADS_ACCOUNTS.filter((a) => a.fediverse);
  const unfederated = THREADS_ACCOUNTS.filter((a) => !a.fediverse);

  it('has accounts on both sides of the opt-in', () => {
    expect(federated.length).toBeGreaterThan(0);
    expect(unfederated.length).toBeGreaterThan(0);
  });

  it.each(THREADS_ACCOUNTS.map((a) => ({ username: a.username, account: a })))(
    '@$username: an alternate to /ap/users/<id>/post/<id>/ only for opted-in accounts',
    async ({ account }) => {
      for (const post of threadsPostsOf(account)) {
        const page = await world.get(
          `https://www.threads.com/@${account.username}/post/${post.code}`,
          BROWSER,
        );
        expect(page.status).toBe(200);
        const alternate = apAlternate(page.document());
        if (!account.fediverse) {
          expect(alternate).toBeUndefined();
          continue;
        }
        expect(alternate).toBe(`https://www.threads.net/ap/users/${account.id}/post/${post.id}/`);
        expect(alternate?.startsWith(threadsActorId(account))).toBe(true);
        const object = await world.get(alternate ?? '', SIGNED_AP);
        expect(object.status).toBe(200);
        expect(object.json()).toMatchObject({
          id: alternate,
          type: 'Note',
          attributedTo: threadsActorId(account),
        });
      }
    },
  );

  it('an ActivityPub fetch of a www.threads.com page lands on the login wall, with no alternate', async () => {
    const [account] = federated;
    const [post] = account ? threadsPostsOf(account) : [];
    const url = `https://www.threads.com/@${account?.username}/post/${post?.code}`;
    const fetched = await world.get(url, SIGNED_AP);
    expect(fetched.status).toBe(302);
    const wall = await world.get(fetched.headers['location'] ?? '', SIGNED_AP);
    expect(wall.status).toBe(200);
    expect(wall.headers['content-type']).toMatch(/^text\/html/);
    expect(apAlternate(wall.document())).toBeUndefined();
  });
});

describe('Bridgy Fed (bsky.brid.gy)', () => {
  const account = BRIDGED_ACCOUNTS[0];
  const post = BRIDGED_POSTS[0];
  if (!account || !post) throw new Error('no bridged account or post');

  it('uses Bridgy Fed URL shapes', () => {
    expect(bridgedActorId(account)).toMatch(/^https:\/\/bsky\.brid\.gy\/ap\/did:plc:[a-z2-7]{24}$/);
    expect(bridgedPostId(post)).toBe(
      `https://bsky.brid.gy/convert/ap/at://${account.did}/app.bsky.feed.post/${post.rkey}`,
    );
    expect(bridgedProfileUrl(account)).toBe(
      `https://bsky.brid.gy/r/https://bsky.app/profile/${account.handle}`,
    );
  });

  it('WebFinger for <handle>@bsky.brid.gy points at the actor; unknown handles 404', async () => {
    const wf = await world.get(
      `https://${BRIDGY_FED}/.well-known/webfinger?resource=acct:${account.handle}@${BRIDGY_FED}`,
    );
    expect(wf.status).toBe(200);
    const jrd = wf.json<{ subject: string; links: { rel: string; href: string }[] }>();
    expect(jrd.subject).toBe(`acct:${account.handle}@${BRIDGY_FED}`);
    expect(jrd.links.find((l) => l.rel === 'self')?.href).toBe(bridgedActorId(account));
    const unknown = await world.get(
      `https://${BRIDGY_FED}/.well-known/webfinger?resource=acct:nobody.bsky.social@${BRIDGY_FED}`,
    );
    expect(unknown.status).toBe(404);
  });

  it('serves the actor and the post as ActivityPub at their ids and their web URLs', async () => {
    for (const url of [bridgedActorId(account), bridgedProfileUrl(account)]) {
      const actor = await world.get(url, AP_ACCEPT);
      expect(actor.json()).toMatchObject({
        id: bridgedActorId(account),
        type: 'Person',
        preferredUsername: account.handle,
        url: bridgedProfileUrl(account),
      });
    }
    for (const url of [bridgedPostId(post), bridgedPostUrl(post)]) {
      const note = await world.get(url, AP_ACCEPT);
      expect(note.json()).toMatchObject({
        id: bridgedPostId(post),
        type: 'Note',
        attributedTo: bridgedActorId(account),
      });
    }
  });

  it('browsers get HTML pages with the alternate; the ids redirect there', async () => {
    const profile = await world.get(bridgedProfileUrl(account), BROWSER);
    expect(apAlternate(profile.document())).toBe(bridgedActorId(account));
    const postPage = await world.get(bridgedPostUrl(post), BROWSER);
    expect(apAlternate(postPage.document())).toBe(bridgedPostId(post));
    const actorInBrowser = await world.get(bridgedActorId(account), BROWSER);
    expect(actorInBrowser.status).toBe(302);
    expect(actorInBrowser.headers['location']).toBe(bridgedProfileUrl(account));
  });
});

describe('plain.example/links', () => {
  it('links to a post and a profile of every server, Threads and Bridgy Fed, from the tables', async () => {
    const page = await world.get(LINKS_PAGE, BROWSER);
    expect(page.status).toBe(200);
    const anchors = [...page.document().querySelectorAll('ul.links a[href]')].map((a) => ({
      host: a.getAttribute('data-host'),
      kind: a.getAttribute('data-kind'),
      url: a.getAttribute('href'),
    }));
    expect(anchors).toEqual(linkTargets());
    const hosts = [...SERVER_TABLES.map((s) => s.host), 'www.threads.com', BRIDGY_FED];
    for (const host of hosts) {
      for (const kind of ['post', 'profile']) {
        const target = anchors.find((a) => a.host === host && a.kind === kind);
        expect(target, `${kind} on ${host}`).toBeDefined();
        expect(new URL(target?.url ?? '').host).toBe(host);
      }
    }
    expect(anchors.filter((a) => a.kind === 'copy').map((a) => a.host)).toEqual(
      expect.arrayContaining([REMOTE.lemmy]),
    );
    expect(anchors.find((a) => a.kind === 'missing')?.url).toBe(MISSING_POST_URL);
  });

  it('every link opens a page with an ActivityPub alternate, except the missing post', async () => {
    for (const target of linkTargets()) {
      const page = await world.get(target.url, BROWSER);
      if (target.kind === 'missing') {
        expect(page.status, target.url).toBe(404);
        continue;
      }
      expect(page.status, target.url).toBe(200);
      const alternate = apAlternate(parseHTML(page.text).document as unknown as Document);
      // The Threads profile page is the one place with no evidence of an alternate (docs/sites.md, evidence T14).
      if (target.host !== 'www.threads.com' || target.kind === 'post')
        expect(alternate, target.url).toBeTruthy();
    }
  });

  it('is a plain site: not a fediverse server', async () => {
    expect((await world.get(`https://${NOT_MASTODON}/.well-known/nodeinfo`)).status).toBe(404);
  });
});
