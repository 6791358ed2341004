import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedIntentUrl, expandTemplate, intentPage, parseIntents, type HomeIntents } from './intents';

/** Mastodon 4.6's answer for an account (app/serializers/webfinger_serializer.rb; docs/intents.md). */
const MASTODON_46 = {
  subject: 'acct:ada@home.example',
  links: [
    { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: 'https://home.example/@ada' },
    { rel: 'self', type: 'application/activity+json', href: 'https://home.example/users/ada' },
    {
      rel: 'http://ostatus.org/schema/1.0/subscribe',
      template: 'https://home.example/authorize_interaction?uri={uri}',
    },
    { rel: 'https://w3id.org/fep/3b86/Create', template: 'https://home.example/share?text={content}' },
    {
      rel: 'https://w3id.org/fep/3b86/Object',
      template: 'https://home.example/authorize_interaction?uri={object}',
    },
  ],
};

const HOSTS = ['home.example'];

describe('parseIntents', () => {
  it('reads Mastodon 4.6: Create, Object and the OStatus link, and its own host', () => {
    expect(parseIntents(MASTODON_46)).toEqual({
      intents: {
        Create: 'https://home.example/share?text={content}',
        Object: 'https://home.example/authorize_interaction?uri={object}',
      },
      subscribe: 'https://home.example/authorize_interaction?uri={uri}',
      ownHosts: ['home.example'],
    });
  });

  it('takes href where the FEP first had it, rels in any case, and the first of each type', () => {
    const parsed = parseIntents({
      links: [
        {
          rel: 'https://w3id.org/fep/3b86/follow',
          href: 'https://wp.example/?intent=follow&object={object}',
        },
        { rel: 'https://w3id.org/fep/3b86/Follow', template: 'https://wp.example/second?o={object}' },
        { rel: 'https://w3id.org/fep/3b86/Like', template: 'https://wp.example/like?o={object}' },
      ],
    });
    expect(parsed.intents).toEqual({ Follow: 'https://wp.example/?intent=follow&object={object}' });
  });

  it('finds nothing in what is no answer', () => {
    for (const answer of [null, 'text', 42, {}, { links: 'x' }, { links: [null, 3, { rel: 5 }] }])
      expect(parseIntents(answer)).toEqual({ intents: {}, ownHosts: [] });
  });
});

describe('expandTemplate', () => {
  it('percent-encodes the value and empties unknown names, the FEP’s on-success included', () => {
    expect(
      expandTemplate('https://h.example/share?text={content}&ok={on-success}&x={nope}', {
        content: "It's a (test) & more!*",
      }),
    ).toBe('https://h.example/share?text=It%27s%20a%20%28test%29%20%26%20more%21%2A&ok=&x=');
  });

  it('treats operator expressions as unknown, honours a prefix and joins a list', () => {
    expect(expandTemplate('a{+object}b{?object}c', { object: 'x/y' })).toBe('abc');
    expect(expandTemplate('{object:3}', { object: 'héllo' })).toBe('h%C3%A9l');
    expect(expandTemplate('{object,uri,none}', { object: 'a b', uri: 'c' })).toBe('a%20b,c');
  });

  it('round-trips any value, and nothing but unreserved characters and escapes reaches the URL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (value) => {
        const expanded = expandTemplate('{v}', { v: value });
        expect(expanded).toMatch(/^(?:[A-Za-z0-9\-._~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(expanded)).toBe(value);
      }),
    );
  });

  it('never lets a value add a query parameter, a path or a fragment', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const url = new URL(expandTemplate('https://h.example/share?text={content}', { content: value }));
        expect(url.host).toBe('h.example');
        expect(url.pathname).toBe('/share');
        expect([...url.searchParams.keys()]).toEqual(['text']);
        expect(url.searchParams.get('text')).toBe(value);
        expect(url.hash).toBe('');
      }),
    );
  });

  it('reads a replacement pattern in a value as text', () => {
    expect(expandTemplate('{a}{b}', { a: '$&', b: '{a}' })).toBe('%24%26%7Ba%7D');
  });
});

describe('allowedIntentUrl', () => {
  it('takes https on the given hosts only', () => {
    expect(allowedIntentUrl('https://home.example/x?y=1', HOSTS)).toBe('https://home.example/x?y=1');
    for (const address of [
      'http://home.example/x',
      'https://evil.example/x',
      'https://home.example.evil.example/x',
      'https://user:pw@home.example/x',
      'https://home.example:8443/x',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(allowedIntentUrl(address, HOSTS)).toBeNull();
  });
});

describe('intentPage', () => {
  const post = 'https://remote.example/@bob/1';
  const parsed = parseIntents(MASTODON_46);

  it('opens a post and a profile through Object on Mastodon 4.6', () => {
    expect(intentPage(parsed, { kind: 'object', uri: post }, HOSTS)).toBe(
      `https://home.example/authorize_interaction?uri=${encodeURIComponent(post)}`,
    );
    // No Follow intent: the OStatus link comes next.
    expect(intentPage(parsed, { kind: 'account', uri: 'bob@remote.example' }, HOSTS)).toBe(
      'https://home.example/authorize_interaction?uri=bob%40remote.example',
    );
  });

  it('looks up the verb, then OStatus, then Object', () => {
    const all: HomeIntents = {
      intents: { Follow: 'https://home.example/f?o={object}', Object: 'https://home.example/o?o={object}' },
      subscribe: 'https://home.example/s?u={uri}',
      ownHosts: [],
    };
    const account = { kind: 'account', uri: 'a@b.example' } as const;
    expect(intentPage(all, account, HOSTS)).toBe('https://home.example/f?o=a%40b.example');
    expect(intentPage({ ...all, intents: { Object: all.intents.Object } }, account, HOSTS)).toBe(
      'https://home.example/s?u=a%40b.example',
    );
    expect(
      intentPage({ ...all, subscribe: undefined, intents: { Object: all.intents.Object } }, account, HOSTS),
    ).toBe('https://home.example/o?o=a%40b.example');
    expect(intentPage({ intents: {}, ownHosts: [] }, account, HOSTS)).toBeNull();
  });

  it('skips a template that leads to another host, and takes the next', () => {
    const intents: HomeIntents = {
      intents: { Object: 'https://evil.example/o?o={object}' },
      subscribe: 'https://home.example/s?u={uri}',
      ownHosts: ['evil.example'],
    };
    expect(intentPage(intents, { kind: 'object', uri: post }, HOSTS)).toBe(
      `https://home.example/s?u=${encodeURIComponent(post)}`,
    );
    expect(intentPage({ ...intents, subscribe: undefined }, { kind: 'object', uri: post }, HOSTS)).toBeNull();
  });

  it('lets a template lead under the web host the answer names for itself, not under the handle domain', () => {
    const under: HomeIntents = {
      intents: { Object: 'https://web.social.example.org/o?o={object}' },
      ownHosts: ['web.social.example.org'],
    };
    expect(intentPage(under, { kind: 'object', uri: post }, ['social.example.org', 'example.org'])).toBe(
      `https://web.social.example.org/o?o=${encodeURIComponent(post)}`,
    );
    // A server whose handles read @me@github.io cannot send people to another github.io site.
    const claimed: HomeIntents = {
      intents: { Object: 'https://someone-else.github.io/o?o={object}' },
      ownHosts: ['someone-else.github.io'],
    };
    expect(
      intentPage(claimed, { kind: 'object', uri: post }, ['social.example.org', 'github.io']),
    ).toBeNull();
  });

  it('shares through Create only', () => {
    expect(intentPage(parsed, { kind: 'create', content: 'Title https://a.example/' }, HOSTS)).toBe(
      'https://home.example/share?text=Title%20https%3A%2F%2Fa.example%2F',
    );
    expect(intentPage({ ...parsed, intents: {} }, { kind: 'create', content: 'x' }, HOSTS)).toBeNull();
  });
});
