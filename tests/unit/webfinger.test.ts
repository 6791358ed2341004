import { describe, expect, it } from 'vitest';
import { words } from '@/utils/i18n';
import { classifyWebfinger, selfLinkOf } from '@/utils/fediverse/webfinger';

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
      { kind: 'unknown', reason: words('people_webfingerNoLink', { host: 'threads.net' }) },
    ],
    [200, undefined, { kind: 'unknown', reason: words('people_webfingerNoLink', { host: 'threads.net' }) }],
    [
      429,
      undefined,
      { kind: 'unknown', reason: words('people_webfingerStatus', { host: 'threads.net', status: '429' }) },
    ],
    [
      500,
      undefined,
      { kind: 'unknown', reason: words('people_webfingerStatus', { host: 'threads.net', status: '500' }) },
    ],
    [
      302,
      undefined,
      { kind: 'unknown', reason: words('people_webfingerStatus', { host: 'threads.net', status: '302' }) },
    ],
  ])('%i %j', (status, body, expected) => {
    expect(classifyWebfinger('threads.net', status, body)).toEqual(expected);
  });
});
