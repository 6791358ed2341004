import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyWebfinger,
  selfLinkOf,
  threadsUsername,
  threadsWebfingerUrl,
} from '@/utils/fediverse/webfinger';

const jrd = {
  subject: 'acct:juno.field@threads.net',
  links: [
    {
      rel: 'http://webfinger.net/rel/profile-page',
      type: 'text/html',
      href: 'https://www.threads.net/@juno.field',
    },
    {
      rel: 'self',
      type: 'application/activity+json',
      href: 'https://www.threads.net/ap/users/17841400000000001/',
    },
  ],
};

describe('threadsUsername', () => {
  it.each([
    ['juno.field@threads.net', 'juno.field'],
    ['@Juno_Field@Threads.net', 'juno_field'],
    [' zuck@threads.net ', 'zuck'],
    ['juno@threads.com', null],
    ['juno@mastodon.social', null],
    ['juno', null],
    ['a@b@threads.net', null],
    ['jü@threads.net', null],
    [`${'a'.repeat(31)}@threads.net`, null],
    [`${'a'.repeat(30)}@threads.net`, 'a'.repeat(30)],
  ])('%s → %s', (handle, user) => {
    expect(threadsUsername(handle)).toBe(user);
  });

  it('only ever returns a name a URL can carry unescaped', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const user = threadsUsername(`${text}@threads.net`);
        return user === null || /^[a-z0-9._]{1,30}$/.test(user);
      }),
    );
  });
});

describe('threadsWebfingerUrl', () => {
  it('asks www.threads.net for the acct: resource on threads.net', () => {
    expect(threadsWebfingerUrl('juno.field')).toBe(
      'https://www.threads.net/.well-known/webfinger?resource=acct:juno.field@threads.net',
    );
    expect(new URL(threadsWebfingerUrl('juno.field')).searchParams.get('resource')).toBe(
      'acct:juno.field@threads.net',
    );
  });
});

describe('selfLinkOf', () => {
  it.each([
    ['the ActivityPub self link', jrd, 'https://www.threads.net/ap/users/17841400000000001/'],
    [
      'the ld+json spelling',
      {
        links: [
          {
            rel: 'self',
            type: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
            href: 'https://www.threads.net/ap/users/1/',
          },
        ],
      },
      'https://www.threads.net/ap/users/1/',
    ],
    ['no self link', { links: [jrd.links[0]] }, null],
    [
      'a self link of another type',
      { links: [{ rel: 'self', type: 'text/html', href: 'https://x/' }] },
      null,
    ],
    [
      'a non-https href',
      { links: [{ rel: 'self', type: 'application/activity+json', href: 'javascript:1' }] },
      null,
    ],
    ['links that are not a list', { links: 'self' }, null],
    ['null', null, null],
    ['a string', 'self', null],
  ])('%s', (_name, body, expected) => {
    expect(selfLinkOf(body)).toBe(expected);
  });
});

describe('classifyWebfinger', () => {
  it.each([
    [200, jrd, { kind: 'found', actor: 'https://www.threads.net/ap/users/17841400000000001/' }],
    [404, { success: false, error: 'Not found' }, { kind: 'not-found' }],
    [404, undefined, { kind: 'not-found' }],
    [
      200,
      { subject: 'acct:x@threads.net' },
      { kind: 'unknown', reason: 'threads.net sent no ActivityPub link' },
    ],
    [200, undefined, { kind: 'unknown', reason: 'threads.net sent no ActivityPub link' }],
    [429, undefined, { kind: 'unknown', reason: 'threads.net answered 429' }],
    [500, undefined, { kind: 'unknown', reason: 'threads.net answered 500' }],
    [302, undefined, { kind: 'unknown', reason: 'threads.net answered 302' }],
  ])('%i %j', (status, body, expected) => {
    expect(classifyWebfinger(status, body)).toEqual(expected);
  });
});
