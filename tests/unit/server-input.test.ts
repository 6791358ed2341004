import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLabel, hostToUnicode } from '@/utils/fediverse/punycode';
import {
  displayHandle,
  displayHost,
  httpsUrlHost,
  normaliseHost,
  parseServerInput,
  type InputProblem,
} from '@/utils/fediverse/server-input';

describe('parseServerInput: accepted forms', () => {
  it.each([
    ['mastodon.social', 'mastodon.social'],
    ['  mastodon.social  ', 'mastodon.social'],
    ['https://mastodon.social/', 'mastodon.social'],
    ['https://mastodon.social', 'mastodon.social'],
    ['HTTPS://Mastodon.Social', 'mastodon.social'],
    ['MASTODON.SOCIAL', 'mastodon.social'],
    ['mastodon.social.', 'mastodon.social'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['https://BÜCHER.example/', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['social.wd.example', 'social.wd.example'],
  ])('%j → host %s', (input, host) => {
    expect(parseServerInput(input)).toEqual({ ok: true, value: { kind: 'host', host } });
  });

  it.each([
    ['@me@mastodon.social', 'me', 'mastodon.social'],
    ['me@mastodon.social', 'me', 'mastodon.social'],
    ['@Me@Mastodon.Social', 'me', 'mastodon.social'],
    ['@maya@wd.example', 'maya', 'wd.example'],
    ['@first.last@bücher.example', 'first.last', 'xn--bcher-kva.example'],
  ])('%j → handle %s at %s', (input, username, domain) => {
    expect(parseServerInput(input)).toEqual({ ok: true, value: { kind: 'handle', username, domain } });
  });
});

describe('parseServerInput: rejected forms, each with its reason', () => {
  it.each<[string, InputProblem]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['home example', 'spaces'],
    ['mastodon.social /about', 'spaces'],
    ['mastodon.social/about', 'path'],
    ['https://mastodon.social/@me', 'path'],
    ['mastodon.social?x=1', 'query'],
    ['mastodon.social/?x=1', 'query'],
    ['mastodon.social#top', 'query'],
    ['http://mastodon.social', 'insecure'],
    ['http://mastodon.social/', 'insecure'],
    ['ftp://mastodon.social', 'invalid'],
    ['mastodon', 'invalid'],
    ['localhost', 'invalid'],
    ['127.0.0.1', 'invalid'],
    ['mastodon.social:8443', 'invalid'],
    ['user:pass@mastodon.social', 'invalid'],
    ['@@mastodon.social', 'invalid'],
    ['@me@', 'invalid'],
    ['me@mastodon', 'invalid'],
    ['-bad-.example', 'invalid'],
    ['exa_mple.com', 'invalid'],
    ['mastodon.social:443', 'invalid'],
    ['@mastodon.social', 'invalid'],
    ['mastodon%2esocial', 'invalid'],
    ['mastodon.so-', 'invalid'],
    ['0x7f.1', 'invalid'],
    ['[::1]', 'invalid'],
    ['@me@127.0.0.1', 'invalid'],
    ['@me@[::1]', 'invalid'],
  ])('%j → %s', (input, problem) => {
    expect(parseServerInput(input)).toEqual({ ok: false, problem });
  });
});

describe('normaliseHost: the one gate for hosts, typed or named by a server', () => {
  it.each([
    ['mastodon.social', 'mastodon.social'],
    ['Mastodon.Social.', 'mastodon.social'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['mastodon.xn--p1ai', 'mastodon.xn--p1ai'],
    ['social.wd.example', 'social.wd.example'],
  ])('%j → %s', (raw, host) => {
    expect(normaliseHost(raw)).toBe(host);
  });

  it.each([
    'Not A Domain/..',
    '127.0.0.1',
    '127.1',
    '2130706433',
    '[::1]',
    'localhost',
    'home.example:8443',
    'me@home.example',
    '@home.example',
    'home.example/',
    'home.example?',
    'home\\.example',
    'mast\nodon.social',
    'mastodon.social\u0000',
    'mastodon%2esocial',
    'home..example',
    'home.example..',
    '-home.example',
    'home.example-',
    '',
  ])('%j → null', (raw) => {
    expect(normaliseHost(raw)).toBeNull();
  });
});

describe('httpsUrlHost', () => {
  it.each([
    ['https://social.wd.example/users/maya', 'social.wd.example'],
    ['https://Sozial.Bücher.example/@me', 'sozial.xn--bcher-kva.example'],
    ['https://home.example:443/', 'home.example'],
    ['https://127.0.0.1/users/me', null],
    ['https://[::1]/users/me', null],
    ['https://home.example:8443/users/me', null],
    ['https://me:pw@home.example/', null],
    ['http://home.example/', null],
    ['javascript:alert(1)', null],
    ['not a url', null],
  ])('%j → %j', (href, host) => {
    expect(httpsUrlHost(href)).toBe(host);
  });
});

describe('parseServerInput: properties', () => {
  it('never throws, and an accepted host is lower-case ASCII without scheme, path or port', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (input) => {
        const result = parseServerInput(input);
        if (result.ok && result.value.kind === 'host') {
          expect(result.value.host).toMatch(/^[a-z0-9.-]+$/);
        }
        if (result.ok && result.value.kind === 'handle') {
          expect(result.value.domain).toMatch(/^[a-z0-9.-]+$/);
          expect(result.value.username).not.toContain('@');
        }
      }),
    );
  });

  it('is idempotent: an accepted host parses to itself', () => {
    fc.assert(
      fc.property(fc.domain(), (domain) => {
        const first = parseServerInput(domain);
        if (!first.ok || first.value.kind !== 'host') return;
        expect(parseServerInput(first.value.host)).toEqual(first);
        expect(parseServerInput(`https://${first.value.host}/`)).toEqual(first);
      }),
    );
  });

  it('accepts every generated domain in any letter case, with or without https:// and a trailing slash', () => {
    fc.assert(
      fc.property(fc.domain(), fc.boolean(), fc.boolean(), (domain, upper, wrapped) => {
        // fast-check domains may end in a numeric-looking TLD or contain labels our stricter rule refuses.
        fc.pre(/\.[a-z][a-z0-9-]*[a-z0-9]$/.test(domain) && !/^[0-9.]+$/.test(domain));
        const cased = upper ? domain.toUpperCase() : domain;
        const result = parseServerInput(wrapped ? `https://${cased}/` : cased);
        expect(result).toEqual({ ok: true, value: { kind: 'host', host: domain.toLowerCase() } });
      }),
    );
  });

  it('refuses any input with inner white space', () => {
    fc.assert(
      fc.property(fc.domain(), fc.constantFrom(' ', '\t', '\u00a0'), fc.nat(), (domain, space, at) => {
        const i = 1 + (at % Math.max(domain.length - 1, 1));
        expect(parseServerInput(domain.slice(0, i) + space + domain.slice(i))).toEqual({
          ok: false,
          problem: 'spaces',
        });
      }),
    );
  });
});

describe('punycode display', () => {
  it.each([
    ['xn--bcher-kva.example', 'bücher.example'],
    ['xn--mnchen-3ya.social', 'münchen.social'],
    ['mastodon.xn--p1ai', 'mastodon.рф'],
    ['xn--wgv71a119e.jp', '日本語.jp'],
    ['plain.example', 'plain.example'],
    ['xn--!!!.example', 'xn--!!!.example'],
  ])('%s → %s', (ascii, unicode) => {
    expect(hostToUnicode(ascii)).toBe(unicode);
  });

  it('round-trips every IDN the URL parser encodes', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcäöüßéñøåçžłرمн日本語'), minLength: 1, maxLength: 12 }),
        (label) => {
          let ascii: string;
          try {
            ascii = new URL(`https://${label}.example/`).hostname;
          } catch {
            return;
          }
          // Decoding then encoding again must give the very same ASCII host.
          expect(new URL(`https://${displayHost(ascii)}/`).hostname).toBe(ascii);
        },
      ),
    );
  });

  it('shows handles with the domain in Unicode', () => {
    expect(displayHandle('maya@xn--bcher-kva.example')).toBe('maya@bücher.example');
    expect(displayHandle('maya@home.example')).toBe('maya@home.example');
  });

  it('rejects malformed labels instead of inventing characters', () => {
    expect(decodeLabel('9999999999')).toBeNull();
  });
});
