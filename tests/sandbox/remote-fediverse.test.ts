import { describe, expect, it } from 'vitest';
import { NOT_MASTODON, REMOTE } from '../../sandbox/hosts';
import { LEMMY_ORIGIN, SERVER_TABLES } from '../../sandbox/remote';
import { AP_ACCEPT, BROWSER, SIGNED_AP, apAlternate, remoteWorld } from './remote-harness';

const world = remoteWorld();

const SOFTWARE_BY_HOST: Record<string, string> = {
  [REMOTE.mastodon]: 'mastodon',
  [REMOTE.misskey]: 'misskey',
  [REMOTE.akkoma]: 'akkoma',
  [REMOTE.gotosocial]: 'gotosocial',
  [REMOTE.pixelfed]: 'pixelfed',
  [REMOTE.lemmy]: 'lemmy',
  [LEMMY_ORIGIN]: 'lemmy',
  [REMOTE.peertube]: 'peertube',
  [REMOTE.friendica]: 'friendica',
};

interface Jrd {
  subject: string;
  aliases: string[];
  links: { rel: string; type?: string; href?: string; template?: string }[];
}

const actors = SERVER_TABLES.flatMap((server) =>
  server.actors.map((actor) => ({ host: server.host, username: actor.username })),
);
const posts = SERVER_TABLES.flatMap((server) =>
  server.posts.map((post) => ({ host: server.host, id: post.id, author: post.author })),
);

describe('every remote server', () => {
  it('covers every REMOTE host', () => {
    expect(SERVER_TABLES.map((s) => s.host)).toEqual(expect.arrayContaining(Object.values(REMOTE)));
  });

  it.each(SERVER_TABLES.map((s) => s.host))('%s: NodeInfo names its software', async (host) => {
    const index = await world.get(`https://${host}/.well-known/nodeinfo`);
    expect(index.status).toBe(200);
    const links = index.json<{ links: { rel: string; href: string }[] }>().links;
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      const version = /schema\/(2\.[01])$/.exec(link.rel)?.[1];
      expect(version).toBeDefined();
      const doc = (await world.get(link.href)).json<{ version: string; software: { name: string } }>();
      expect(doc.version).toBe(version);
      expect(doc.software.name).toBe(SOFTWARE_BY_HOST[host]);
    }
  });

  it.each(actors)('$username@$host: WebFinger → actor → HTML page agree', async ({ host, username }) => {
    const wf = await world.get(`https://${host}/.well-known/webfinger?resource=acct:${username}@${host}`);
    expect(wf.status).toBe(200);
    expect(wf.headers['content-type']).toMatch(/^application\/jrd\+json/);
    const jrd = wf.json<Jrd>();
    expect(jrd.subject).toBe(`acct:${username}@${host}`);
    const self = jrd.links.find((l) => l.rel === 'self')?.href;
    const profilePage = jrd.links.find((l) => l.rel === 'http://webfinger.net/rel/profile-page')?.href;
    expect(self).toMatch(new RegExp(`^https://${host}/`));

    const actorReply = await world.get(self ?? '', SIGNED_AP);
    expect(actorReply.status).toBe(200);
    expect(actorReply.headers['content-type']).toMatch(/^application\/activity\+json/);
    const actor = actorReply.json();
    expect(actor).toMatchObject({ id: self, preferredUsername: username, url: profilePage });
    expect(['Person', 'Group']).toContain(actor['type']);
    for (const key of ['inbox', 'outbox', 'followers', 'following', 'name', 'summary'])
      expect(actor[key]).toBeTruthy();

    const page = await world.get(profilePage ?? '', BROWSER);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(apAlternate(page.document())).toBe(self);
  });

  it.each(posts)('$host post $id: HTML alternate → object → author agree', async ({ host, id, author }) => {
    const server = SERVER_TABLES.find((s) => s.host === host);
    const post = server?.posts.find((p) => p.id === id);
    const authorRow = server?.actors.find((a) => a.username === author);
    if (!server || !post || !authorRow) throw new Error('table mismatch');
    const htmlUrl = `https://${host}${server.shapes.postUrl(post, authorRow)}`;
    const page = await world.get(htmlUrl, BROWSER);
    expect(page.status).toBe(200);
    const objectId = apAlternate(page.document());
    expect(objectId).toBe(`https://${host}${server.shapes.postId(post)}`);

    const object = (await world.get(objectId ?? '', SIGNED_AP)).json();
    expect(object).toMatchObject({
      id: objectId,
      url: htmlUrl,
      attributedTo: `https://${host}${server.shapes.actorId(authorRow)}`,
    });
    expect(object['content']).toBeTruthy();
    expect(object['published']).toBe(post.published);
    expect(object['to']).toContain('https://www.w3.org/ns/activitystreams#Public');
  });

  it.each(SERVER_TABLES.map((s) => s.host))('%s: WebFinger errors', async (host) => {
    expect(
      (await world.get(`https://${host}/.well-known/webfinger?resource=acct:nobody@${host}`)).status,
    ).toBe(404);
    expect(
      (await world.get(`https://${host}/.well-known/webfinger?resource=acct:bob@elsewhere.example`)).status,
    ).toBe(404);
    const missing = await world.get(`https://${host}/.well-known/webfinger`);
    expect(missing.status).toBe(400);
    expect(missing.text).toBe('');
  });
});

describe('remote.example (Mastodon 4.5)', () => {
  it('redirects a browser from /users/bob to /@bob with 301', async () => {
    const reply = await world.get('https://remote.example/users/bob', BROWSER);
    expect(reply.status).toBe(301);
    expect(reply.headers['location']).toBe('https://remote.example/@bob');
  });

  it('serves the profile shell with the Mastodon markers and Link header', async () => {
    const reply = await world.get('https://remote.example/@bob', BROWSER);
    const doc = reply.document();
    expect(doc.querySelector('div#mastodon.app-holder[data-props]')).not.toBeNull();
    expect(
      JSON.parse(doc.querySelector('script#initial-state[type="application/json"]')?.textContent ?? '{}'),
    ).toMatchObject({
      meta: { domain: 'remote.example', access_token: null },
    });
    expect(doc.querySelector('meta[property="profile:username"]')?.getAttribute('content')).toBe(
      'bob@remote.example',
    );
    expect(doc.querySelector('meta[property="og:title"]')?.getAttribute('content')).toBe(
      'Bob Okafor (@bob@remote.example)',
    );
    expect(doc.querySelector('meta[name="applicationServerKey"]')).not.toBeNull();
    expect(doc.querySelector('meta[name="csrf-token"]')).toBeNull();
    expect(reply.headers['link']).toContain(
      '<https://remote.example/users/bob>; rel="alternate"; type="application/activity+json"',
    );
  });

  it('serves ActivityPub at /@bob/<id> too, and a status page for browsers', async () => {
    const json = (await world.get('https://remote.example/@bob/113456789012345678', AP_ACCEPT)).json();
    expect(json['id']).toBe('https://remote.example/users/bob/statuses/113456789012345678');
    const page = await world.get('https://remote.example/users/bob/statuses/113456789012345678', BROWSER);
    expect(page.status).toBe(301);
    expect(page.headers['location']).toBe('https://remote.example/@bob/113456789012345678');
  });

  it('marks the locked account', async () => {
    const lena = (await world.get('https://remote.example/users/lena', AP_ACCEPT)).json();
    expect(lena['manuallyApprovesFollowers']).toBe(true);
    const bob = (await world.get('https://remote.example/users/bob', AP_ACCEPT)).json();
    expect(bob['manuallyApprovesFollowers']).toBe(false);
  });

  it("points a remote author's status, shown under a local id, at the origin object", async () => {
    const page = await world.get('https://remote.example/@carol@akkoma.example/113500000000000001', BROWSER);
    expect(page.status).toBe(200);
    const canonical = apAlternate(page.document());
    expect(canonical).toMatch(/^https:\/\/akkoma\.example\/objects\//);
    const object = (await world.get(canonical ?? '', AP_ACCEPT)).json();
    expect(object['attributedTo']).toBe('https://akkoma.example/users/carol');
    // The local URL is the web app, not ActivityPub.
    const asAp = await world.get(
      'https://remote.example/@carol@akkoma.example/113500000000000001',
      AP_ACCEPT,
    );
    expect(asAp.headers['content-type']).toMatch(/^text\/html/);
  });

  it('publishes the subscribe template in WebFinger', async () => {
    const jrd = (
      await world.get('https://remote.example/.well-known/webfinger?resource=acct:bob@remote.example')
    ).json<Jrd>();
    expect(jrd.aliases).toEqual(['https://remote.example/@bob', 'https://remote.example/users/bob']);
    expect(jrd.links).toContainEqual({
      rel: 'http://ostatus.org/schema/1.0/subscribe',
      template: 'https://remote.example/authorize_interaction?uri={uri}',
    });
  });

  it('resolves WebFinger by profile URL and ignores username case', async () => {
    for (const resource of [
      'https://remote.example/@bob',
      'https://remote.example/users/bob',
      'acct:BOB@remote.example',
      'bob@remote.example',
    ]) {
      const reply = await world.get(
        `https://remote.example/.well-known/webfinger?resource=${encodeURIComponent(resource)}`,
      );
      expect(reply.json<Jrd>().subject, resource).toBe('acct:bob@remote.example');
    }
  });
});

describe('software-specific shapes', () => {
  it('Misskey keys actors by internal id and redirects browsers to /@alice', async () => {
    const jrd = (
      await world.get('https://misskey.example/.well-known/webfinger?resource=acct:alice@misskey.example')
    ).json<Jrd>();
    expect(jrd.links.find((l) => l.rel === 'self')?.href).toBe('https://misskey.example/users/9zk2ab3cd4');
    const reply = await world.get('https://misskey.example/users/9zk2ab3cd4', BROWSER);
    expect(reply.status).toBe(302);
    expect(reply.headers['location']).toBe('https://misskey.example/@alice');
  });

  it('Akkoma sends a browser from /objects/<uuid> to /notice/<id>', async () => {
    const reply = await world.get(
      'https://akkoma.example/objects/c0ffee00-1a2b-4c3d-8e9f-0123456789ab',
      BROWSER,
    );
    expect(reply.status).toBe(302);
    expect(reply.headers['location']).toBe('https://akkoma.example/notice/AqK9f3b2ZxYp1qA8pE');
  });

  it('GoToSocial refuses unsigned ActivityPub fetches', async () => {
    expect((await world.get('https://gts.example/users/dave', AP_ACCEPT)).status).toBe(401);
    expect((await world.get('https://gts.example/users/dave', SIGNED_AP)).status).toBe(200);
    expect((await world.get('https://gts.example/@dave', BROWSER)).status).toBe(200);
  });

  it("Pixelfed's web-app URL is HTML only", async () => {
    const reply = await world.get('https://pixelfed.example/i/web/post/789012345678901234', AP_ACCEPT);
    expect(reply.headers['content-type']).toMatch(/^text\/html/);
    expect(apAlternate(reply.document())).toBe('https://pixelfed.example/p/erin/789012345678901234');
  });

  it('Lemmy: a community is a Group and a comment answers its post', async () => {
    const group = (await world.get('https://lemmy.example/c/cats', AP_ACCEPT)).json();
    expect(group['type']).toBe('Group');
    const comment = (await world.get('https://lemmy.example/comment/314', AP_ACCEPT)).json();
    expect(comment).toMatchObject({
      type: 'Note',
      inReplyTo: 'https://lemmy.example/post/42',
      audience: 'https://lemmy.example/c/cats',
    });
    const post = (await world.get('https://lemmy.example/post/42', AP_ACCEPT)).json();
    expect(post).toMatchObject({ type: 'Page', name: 'My cat learned to open doors' });
  });

  it('Lemmy: a federated post has a local id, and its canonical id lives on the origin', async () => {
    const page = await world.get('https://lemmy.example/post/77', BROWSER);
    expect(apAlternate(page.document())).toBe(`https://${LEMMY_ORIGIN}/post/12`);
    const ap = await world.get('https://lemmy.example/post/77', AP_ACCEPT);
    expect(ap.status).toBe(302);
    expect(ap.headers['location']).toBe(`https://${LEMMY_ORIGIN}/post/12`);
    const origin = (await world.get(`https://${LEMMY_ORIGIN}/post/12`, AP_ACCEPT)).json();
    expect(origin['attributedTo']).toBe(`https://${LEMMY_ORIGIN}/u/gus`);
  });

  it('PeerTube: channel, account pages and the watch URLs', async () => {
    const channel = (
      await world.get('https://peertube.example/video-channels/grace_channel', AP_ACCEPT)
    ).json();
    expect(channel).toMatchObject({ type: 'Group', url: 'https://peertube.example/c/grace_channel' });
    const wf = (
      await world.get(
        'https://peertube.example/.well-known/webfinger?resource=acct:grace_channel@peertube.example',
      )
    ).json<Jrd>();
    expect(wf.links.find((l) => l.rel === 'self')?.href).toBe(
      'https://peertube.example/video-channels/grace_channel',
    );
    const watch = await world.get(
      'https://peertube.example/videos/watch/7d2e4b1a-5c3f-4e8d-9a6b-1f0e2d3c4b5a',
      BROWSER,
    );
    expect(watch.status).toBe(302);
    expect(watch.headers['location']).toBe('https://peertube.example/w/fKxG7pQ9mN2vR8sT1wYzAb');
    const video = (
      await world.get('https://peertube.example/videos/watch/7d2e4b1a-5c3f-4e8d-9a6b-1f0e2d3c4b5a', AP_ACCEPT)
    ).json();
    expect(video).toMatchObject({ type: 'Video', name: 'Building a dovetail box' });
    expect((await world.get('https://peertube.example/.well-known/nodeinfo')).text).toContain(
      '/nodeinfo/2.0.json',
    );
  });

  it('Friendica negotiates /profile/heidi', async () => {
    expect((await world.get('https://friendica.example/profile/heidi', AP_ACCEPT)).json()['type']).toBe(
      'Person',
    );
    expect(
      (await world.get('https://friendica.example/profile/heidi', BROWSER)).headers['content-type'],
    ).toMatch(/^text\/html/);
    expect(
      (await world.get('https://friendica.example/display/a3f9c2d1-1665-7b2e-3c4d-5e6f70819abc', BROWSER))
        .status,
    ).toBe(200);
  });

  it('accepts ActivityPub deliveries and forgets them on reset', async () => {
    const follow = {
      type: 'Follow',
      actor: 'https://home.example/users/maya',
      object: 'https://remote.example/users/lena',
    };
    const posted = await world.request(
      'POST',
      'https://remote.example/users/lena/inbox',
      SIGNED_AP,
      JSON.stringify(follow),
    );
    expect(posted.status).toBe(202);
    const mastodon = world.moduleFor(REMOTE.mastodon);
    expect(await mastodon.admin?.('inbox', {})).toEqual({
      delivered: [{ path: '/users/lena/inbox', activity: follow }],
    });
    mastodon.reset();
    expect(await mastodon.admin?.('inbox', {})).toEqual({ delivered: [] });
  });
});

describe('plain.example (not a fediverse server)', () => {
  it.each([
    '/.well-known/nodeinfo',
    '/.well-known/webfinger?resource=acct:bob@plain.example',
    '/api/v2/instance',
    '/api/v1/instance',
    '/nodeinfo/2.0',
  ])('%s is a 404', async (path) => {
    expect((await world.get(`https://${NOT_MASTODON}${path}`)).status).toBe(404);
  });

  it('has an ordinary home page without fediverse markers', async () => {
    const reply = await world.get(`https://${NOT_MASTODON}/`, BROWSER);
    expect(reply.status).toBe(200);
    const doc = reply.document();
    expect(doc.querySelector('h1')?.textContent).toBe('Plain Example Bakery');
    expect(apAlternate(doc)).toBeUndefined();
    expect(doc.querySelector('#mastodon')).toBeNull();
  });
});
