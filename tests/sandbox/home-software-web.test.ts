/**
 * The home server's remote-interaction page and web pages when it plays other home software
 * (docs/home-server.md §10.4). Each test checks something Mastodon 4.5 answers otherwise (§6).
 */
import { describe, expect, it } from 'vitest';
import type { SoftwareId } from '../../sandbox/home/software';
import { Browser, homeAs, type HomeHarness } from './home-harness';

const NOTE = 'https://remote.example/users/bob/statuses/7';
const BOB = 'https://remote.example/users/bob';

function remoteWorld(profile: SoftwareId): { home: HomeHarness; browser: Browser } {
  const home = homeAs(profile);
  home.fedi.actor({ username: 'bob', domain: 'remote.example', name: 'Bob Remote' });
  home.fedi.note({ id: NOTE, attributedTo: BOB, content: '<p>Seven</p>' });
  return { home, browser: new Browser(home) };
}

const idOf = (home: HomeHarness, key: 'accounts' | 'statuses', uri: string): string =>
  home.admin('state')[key].find((item: { uri: string }) => item.uri === uri).id;

describe('mastodon-3.5: the web app under /web (§10.4)', () => {
  it('the interaction page shows a follow page for an account, and sends a post to /web/@…/:id', async () => {
    const { home, browser } = remoteWorld('mastodon-3.5');
    await browser.signIn();
    const account = await browser.get('/authorize_interaction?uri=bob%40remote.example');
    expect(account.status).toBe(200);
    expect(account.text).toContain('Follow @bob@remote.example');
    expect(account.text).toContain('href="https://home.example/web/@bob@remote.example"');
    const post = await browser.get(`/authorize_interaction?uri=${encodeURIComponent(NOTE)}`);
    expect(post.header('location')).toBe(
      `https://home.example/web/@bob@remote.example/${idOf(home, 'statuses', NOTE)}`,
    );
  });

  it('/web/@user@domain/:id needs a session; /@user@domain is no page', async () => {
    const { home, browser } = remoteWorld('mastodon-3.5');
    await browser.signIn();
    await browser.get(`/authorize_interaction?uri=${encodeURIComponent(NOTE)}`);
    const path = `/web/@bob@remote.example/${idOf(home, 'statuses', NOTE)}`;
    const stranger = new Browser(home);
    expect((await stranger.get(path)).header('location')).toBe('https://home.example/auth/sign_in');
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Seven');
    expect(page.text).toContain('id="mastodon"');
    expect((await browser.get('/web/@bob@remote.example')).text).toContain('Bob Remote');
    expect((await browser.get('/@bob@remote.example')).status).toBe(404);
    expect((await browser.get('/.well-known/proxy?uri=bob%40remote.example')).status).toBe(404);
  });
});

describe('gotosocial: no interaction page, no web pages for remote accounts (§10.4)', () => {
  it('/authorize_interaction, /authorize_follow and /intent are 404, even signed in', async () => {
    const { browser } = remoteWorld('gotosocial');
    await browser.signIn();
    expect((await browser.get('/authorize_interaction?uri=bob%40remote.example')).status).toBe(404);
    expect((await browser.get('/authorize_follow?uri=bob%40remote.example')).status).toBe(404);
    const intent = `/intent?uri=${encodeURIComponent('web+mastodon://follow?uri=acct:bob@remote.example')}`;
    expect((await browser.get(intent)).status).toBe(404);
  });

  it('/@user@domain of a known remote account is 404; local users keep their page', async () => {
    const { home, browser } = remoteWorld('gotosocial');
    const token = home.admin('grant-token', {
      username: 'maya',
      redirectUri: 'https://abc.chromiumapp.org/',
      scopes: 'read',
    }).accessToken;
    const search = await home.request('GET', '/api/v2/search?q=bob%40remote.example&resolve=true', { token });
    expect(search.json.accounts[0].acct).toBe('bob@remote.example');
    await browser.signIn();
    expect((await browser.get('/@bob@remote.example')).status).toBe(404);
    expect((await browser.get('/@ghost@nowhere.example')).status).toBe(404);
    expect((await browser.get('/@maya')).status).toBe(200);
  });
});

describe('akkoma: /ostatus_subscribe, /notice/:id and /users/:id (§10.4)', () => {
  it('a post: straight to /notice/:id, no session needed; the page is public', async () => {
    const { home, browser } = remoteWorld('akkoma');
    const reply = await browser.get(`/ostatus_subscribe?acct=${encodeURIComponent(NOTE)}`);
    expect(reply.status).toBe(302);
    const id = idOf(home, 'statuses', NOTE);
    expect(reply.header('location')).toBe(`https://home.example/notice/${id}`);
    const page = await browser.get(`/notice/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Seven');
    expect(page.text).not.toContain('id="mastodon"');
  });

  it('an account: sign in, then a follow page that links /users/:id', async () => {
    const { home, browser } = remoteWorld('akkoma');
    const path = '/ostatus_subscribe?acct=bob%40remote.example';
    expect((await browser.get(path)).header('location')).toBe('https://home.example/auth/sign_in');
    await browser.signIn();
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    const id = idOf(home, 'accounts', BOB);
    expect(page.text).toContain(`href="https://home.example/users/${id}"`);
    const profile = await new Browser(home).get(`/users/${id}`);
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('Bob Remote');
  });

  it("Mastodon's pages are the front end's blank page, with 200", async () => {
    const { browser } = remoteWorld('akkoma');
    await browser.signIn();
    await browser.get('/ostatus_subscribe?acct=bob%40remote.example');
    for (const path of ['/authorize_interaction?uri=bob%40remote.example', '/@bob@remote.example']) {
      const reply = await browser.get(path);
      expect(reply.status).toBe(200);
      expect(reply.header('location')).toBeUndefined();
      expect(reply.text).not.toContain('Bob Remote');
    }
  });

  it('/users/<username> is still the ActivityPub actor', async () => {
    const { home } = remoteWorld('akkoma');
    const actor = await home.request('GET', '/users/maya', {
      headers: { accept: 'application/activity+json' },
    });
    expect(actor.json).toMatchObject({ type: 'Person', preferredUsername: 'maya' });
  });
});

describe('sharkey: /authorize-follow and /authorize_interaction lead to /lookup (§10.4)', () => {
  it('both forward their query to /lookup', async () => {
    const { browser } = remoteWorld('sharkey');
    expect((await browser.get('/authorize-follow?acct=bob%40remote.example')).header('location')).toBe(
      'https://home.example/lookup?acct=bob%40remote.example',
    );
    expect(
      (await browser.get(`/authorize_interaction?uri=${encodeURIComponent(NOTE)}`)).header('location'),
    ).toBe(`https://home.example/lookup?uri=${encodeURIComponent(NOTE)}`);
  });

  it('/lookup signs in, then sends to /@user@domain or /notes/:id, public pages', async () => {
    const { home, browser } = remoteWorld('sharkey');
    const account = '/lookup?acct=bob%40remote.example';
    expect((await browser.get(account)).header('location')).toBe('https://home.example/auth/sign_in');
    await browser.signIn();
    expect((await browser.get(account)).header('location')).toBe('https://home.example/@bob@remote.example');
    const post = await browser.get(`/lookup?uri=${encodeURIComponent(NOTE)}`);
    const id = idOf(home, 'statuses', NOTE);
    expect(post.header('location')).toBe(`https://home.example/notes/${id}`);
    const stranger = new Browser(home);
    const note = await stranger.get(`/notes/${id}`);
    expect(note.status).toBe(200);
    expect(note.text).toContain('Seven');
    const profile = await stranger.get('/@bob@remote.example');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('Bob Remote');
  });
});
