/** Page markers on small pages parsed by linkedom, as a content script would see them. */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { isActivityType, pageMarkers, type MarkerDocument } from './markers';

/** A content script passes the real Document: it must fit MarkerDocument (checked by tsc). */
const fromDocument = (document: Document): MarkerDocument => document;

function doc(head: string, body = ''): MarkerDocument {
  return parseHTML(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`).document;
}

const MASTODON_STATUS_HEAD = `
  <meta charset="utf-8">
  <title>Bob Okafor: "The tomatoes are finally red!" - Remote Example</title>
  <meta content="Remote Example" property="og:site_name">
  <meta content="article" property="og:type">
  <meta content="bob@remote.example" property="profile:username">
  <link rel="alternate" type="application/json+oembed" href="https://remote.example/api/oembed?format=json&url=https%3A%2F%2Fremote.example%2F%40bob%2F113456789012345678">
  <link rel="alternate" type="application/activity+json" href="https://remote.example/users/bob/statuses/113456789012345678">
  <script id="initial-state" type="application/json">{"meta":{}}</script>`;

const THREADS_POST_HEAD = `
  <meta property="og:site_name" content="Threads">
  <link rel="alternate" type="application/activity+json" href="https://www.threads.net/ap/users/1789/post/1790/">`;

describe('pageMarkers', () => {
  it('reads a Mastodon status page', () => {
    const page = doc(MASTODON_STATUS_HEAD, '<div id="mastodon" data-props="{}"></div>');
    expect(pageMarkers(page, 'https://remote.example/@bob/113456789012345678')).toEqual({
      isFediverse: true,
      activityId: 'https://remote.example/users/bob/statuses/113456789012345678',
      mastodonApp: true,
      username: 'bob@remote.example',
    });
  });

  it('knows the Mastodon app by its mount point alone', () => {
    const page = fromDocument(
      parseHTML('<html><head><title>Mastodon</title></head><body><div id="mastodon"></div></body></html>')
        .document as unknown as Document,
    );
    expect(pageMarkers(page, 'https://remote.example/@bob')).toEqual({
      isFediverse: true,
      activityId: null,
      mastodonApp: true,
      username: null,
    });
  });

  it('reads the ActivityPub id of a Threads post on threads.com', () => {
    const page = doc(THREADS_POST_HEAD);
    expect(pageMarkers(page, 'https://www.threads.com/@juno.field/post/DAbc123xyz')).toEqual({
      isFediverse: true,
      activityId: 'https://www.threads.net/ap/users/1789/post/1790/',
      mastodonApp: false,
      username: null,
    });
  });

  it('finds nothing on a plain page, even with an OpenGraph username', () => {
    const page = doc(
      `<title>A blog</title><meta property="profile:username" content="@writer">
       <link rel="alternate" type="application/rss+xml" href="/feed.xml">`,
      '<p id="content">Hello</p>',
    );
    expect(pageMarkers(page, 'https://plain.example/post')).toEqual({
      isFediverse: false,
      activityId: null,
      mastodonApp: false,
      username: 'writer',
    });
  });

  it('accepts the ld+json spelling with the ActivityStreams profile', () => {
    const page = doc(
      `<link rel="alternate" type='application/ld+json; profile="https://www.w3.org/ns/activitystreams"' href="https://akkoma.example/objects/c0ffee00-1a2b-4c3d-8e9f-0123456789ab">`,
    );
    expect(pageMarkers(page, 'https://akkoma.example/notice/AqK9f3b2ZxYp1qA8pE').activityId).toBe(
      'https://akkoma.example/objects/c0ffee00-1a2b-4c3d-8e9f-0123456789ab',
    );
  });

  it('resolves a relative href against the page URL', () => {
    const page = doc('<link rel="alternate" type="application/activity+json" href="/post/12">');
    expect(pageMarkers(page, 'https://lemmy2.example/post/12').activityId).toBe(
      'https://lemmy2.example/post/12',
    );
  });

  it('reads rel as a token list, in any case', () => {
    const page = doc(
      '<link rel="nofollow Alternate" type="Application/Activity+JSON" href="https://a.example/x">',
    );
    expect(pageMarkers(page, 'https://a.example/').activityId).toBe('https://a.example/x');
  });

  it.each([
    ['an http href', 'http://remote.example/users/bob/statuses/1'],
    ['an http href made relative to an http page', '//remote.example/users/bob'],
    ['a javascript href', 'javascript:alert(1)'],
    ['an empty href', ''],
    ['a malformed href', 'https://exa mple.com:99999/'],
    ['userinfo', 'https://bob:secret@remote.example/users/bob'],
    ['a data URL', 'data:application/activity+json,{}'],
    ['an over-long href', `https://remote.example/${'x'.repeat(3000)}`],
  ])('refuses %s', (_name, href) => {
    const page = doc(`<link rel="alternate" type="application/activity+json" href="${href}">`);
    expect(pageMarkers(page, 'http://remote.example/@bob')).toMatchObject({
      isFediverse: false,
      activityId: null,
    });
  });

  it('skips a bad alternate and takes the next good one', () => {
    const page = doc(`
      <link rel="alternate" type="application/activity+json" href="http://remote.example/a">
      <link rel="alternate" type="application/ld+json" href="https://remote.example/not-activitystreams">
      <link rel="stylesheet" type="application/activity+json" href="https://remote.example/not-alternate">
      <link rel="alternate" type="application/activity+json" href="https://remote.example/b">`);
    expect(pageMarkers(page, 'https://remote.example/').activityId).toBe('https://remote.example/b');
  });

  it('does not resolve against a page URL that is no URL', () => {
    const page = doc('<link rel="alternate" type="application/activity+json" href="/users/bob">');
    expect(pageMarkers(page, 'not a url').activityId).toBeNull();
  });

  it.each([
    ['', null],
    ['   ', null],
    ['two words', null],
    ['@', null],
    ['@alice@misskey.example', 'alice@misskey.example'],
  ])('reads the username %j as %j', (content, username) => {
    const page = doc(`<meta property="profile:username" content="${content}">`);
    expect(pageMarkers(page, 'https://misskey.example/@alice').username).toBe(username);
  });
});

describe('isActivityType', () => {
  it.each([
    ['application/activity+json', true],
    ['application/activity+json; charset=utf-8', true],
    ['application/ld+json; profile="https://www.w3.org/ns/activitystreams"', true],
    ['application/ld+json;profile="https://example.com/other https://www.w3.org/ns/activitystreams"', true],
    ['application/ld+json', false],
    ['application/ld+json; profile="https://schema.org"', false],
    ['application/json', false],
    ['text/html', false],
    ['', false],
  ])('%j → %s', (type, expected) => {
    expect(isActivityType(type)).toBe(expected);
  });
});
