/**
 * The cross-matrix (github-url-detection style): every example URL matches its own site's detector and no
 * other; negatives match nothing. Then property tests with junk URLs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_MATCHES, SITES, matchesPattern, siteForUrl } from '.';
import { INSTAGRAM_RESERVED, instagramExamples } from './instagram/profile';
import { threadsExamples } from './threads/profile';
import { blueskyExamples } from './bluesky/profile';
import { isBlueskyHandle } from './bluesky/network';
import { isUsername, namesUser } from './username';

type Examples = { profiles: readonly (readonly [string, string])[]; others: readonly string[] };

/** One line per site, as in the registry. */
const EXAMPLES: Record<string, Examples> = {
  threads: threadsExamples,
  instagram: instagramExamples,
  bluesky: blueskyExamples,
};

const detectAll = (url: string) =>
  SITES.map((site) => [site.id, site.detectProfile(new URL(url))] as const).filter(([, match]) => match);

describe('site registry', () => {
  it('has examples for every site, and ids are unique', () => {
    expect(SITES.map((s) => s.id).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  it('has a Following list for each site', () => {
    expect(SITES.filter((site) => site.followingList).map((site) => site.id)).toEqual([
      'threads',
      'instagram',
      'bluesky',
    ]);
  });

  it('unites the match patterns for the content script', () => {
    expect(ALL_MATCHES).toEqual([
      'https://threads.com/*',
      'https://www.threads.com/*',
      'https://threads.net/*',
      'https://www.threads.net/*',
      'https://instagram.com/*',
      'https://www.instagram.com/*',
      'https://bsky.app/*',
    ]);
  });
});

describe.each(SITES.map((site) => [site.id, site] as const))('%s examples', (id, site) => {
  const examples = EXAMPLES[id] as Examples;

  it.each(examples.profiles.map(([url, username]) => [url, username]))(
    '%s is the profile of %s, on this site only',
    (url, username) => {
      expect(detectAll(url)).toEqual([
        [id, { username, handle: `${username.toLowerCase()}@${site.network.handleDomain}` }],
      ]);
      expect(siteForUrl(new URL(url))).toBe(site);
    },
  );

  it.each(examples.others)('%s is no profile on any site', (url) => {
    expect(detectAll(url)).toEqual([]);
  });
});

describe('siteForUrl', () => {
  it.each([
    ['https://www.threads.com/search', 'threads'],
    ['https://threads.net/', 'threads'],
    ['https://www.instagram.com/explore/', 'instagram'],
    ['https://bsky.app/search', 'bluesky'],
    ['https://bsky.app.evil.example/profile/a.bsky.social', null],
    ['https://www.threads.com.evil.example/@juno', null],
    ['http://www.instagram.com/juno/', null],
    ['https://mastodon.social/@juno', null],
  ])('%s runs the %s script', (url, id) => {
    expect(siteForUrl(new URL(url))?.id ?? null).toBe(id);
  });
});

describe('matchesPattern', () => {
  it.each([
    ['https://www.threads.com/*', 'https://www.threads.com/@a?x=1', true],
    ['https://www.threads.com/*', 'https://threads.com/@a', false],
    ['*://*.example.org/a/*', 'http://example.org/a/b', true],
    ['*://*.example.org/a/*', 'https://deep.sub.example.org/a/', true],
    ['*://*.example.org/a/*', 'https://badexample.org/a/', false],
    ['*://*.example.org/a/*', 'ftp://example.org/a/', false],
    ['https://*/p.html', 'https://x.test/p.html', true],
    ['https://*/p.html', 'https://x.test/pxhtml', false],
  ])('%s on %s: %s', (pattern, url, expected) => {
    expect(matchesPattern(pattern, new URL(url))).toBe(expected);
  });

  it('rejects what is not a match pattern', () => {
    expect(() => matchesPattern('www.threads.com/*', new URL('https://www.threads.com/'))).toThrow();
  });
});

describe('usernames', () => {
  it.each(['a', '_', 'juno.field', 'J_u.n0', 'a'.repeat(30)])('%s is a username', (name) => {
    expect(isUsername(name)).toBe(true);
  });

  it.each(['', '.', '..', '...', 'a'.repeat(31), 'ju-no', 'ju no', '@juno', 'jüno', 'juno/'])(
    '%j is not a username',
    (name) => {
      expect(isUsername(name)).toBe(false);
    },
  );

  it.each([
    ["juno.field's profile picture", 'juno.field', true],
    ['juno.fieldのプロフィール写真', 'juno.field', true],
    ['Profilbild von Juno.Field', 'juno.field', true],
    ["juno.field's profile picture", 'juno', false],
    ["xjuno.field's profile picture", 'juno.field', false],
    ["juno.field2's profile picture", 'juno.field', false],
  ])('%j names %s: %s', (text, username, expected) => {
    expect(namesUser(text, username)).toBe(expected);
  });
});

describe('detectors on any URL', () => {
  const HOSTS = [
    'www.threads.com',
    'threads.net',
    'www.instagram.com',
    'instagram.com',
    'bsky.app',
    'example.org',
  ];
  const segment = fc.oneof(
    fc.constantFrom('@juno', 'juno.field', '@', 'p', 'reels', 'tagged', 'replies', 'post', '..', '.', ''),
    fc.constantFrom('profile', 'a.bsky.social', 'follows', 'did:plc:x', 'me'),
    fc.stringMatching(/^@?[A-Za-z0-9._-]{0,34}$/),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
  );
  const junkUrl = fc
    .tuple(
      fc.constantFrom('https', 'http'),
      fc.constantFrom(...HOSTS),
      fc.array(segment, { maxLength: 4 }),
      fc.boolean(),
      fc.string({ maxLength: 8 }),
    )
    .map(
      ([scheme, host, segments, slash, tail]) =>
        `${scheme}://${host}/${segments.join('/')}${slash ? '/' : ''}${tail}`,
    );

  it('never throw, give valid usernames and their handle, and match on one site at most', () => {
    fc.assert(
      fc.property(fc.oneof(junkUrl, fc.webUrl({ withQueryParameters: true, withFragments: true })), (raw) => {
        const url = new URL(raw);
        const matches = SITES.flatMap((site) => {
          const match = site.detectProfile(url);
          return match ? [{ site, match }] : [];
        });
        expect(matches.length).toBeLessThanOrEqual(1);
        for (const { site, match } of matches) {
          expect(match.handle).toBe(`${match.username.toLowerCase()}@${site.network.handleDomain}`);
          expect(site.network.isUser(match.username.toLowerCase())).toBe(true);
          if (site.id === 'bluesky') expect(isBlueskyHandle(match.username.toLowerCase())).toBe(true);
          else {
            expect(isUsername(match.username)).toBe(true);
            expect(INSTAGRAM_RESERVED.has(match.username.toLowerCase())).toBe(false);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  const username = fc
    .stringMatching(/^[A-Za-z0-9._]{1,30}$/)
    .filter((name) => isUsername(name) && !INSTAGRAM_RESERVED.has(name.toLowerCase()));

  it('find every valid username on its profile and tabs', () => {
    fc.assert(
      fc.property(
        username,
        fc.constantFrom('', '/replies', '/reposts', '/media'),
        fc.constantFrom('', '/reels/', '/tagged/'),
        (name, threadsTab, instagramTab) => {
          const onThreads = siteForUrl(new URL(`https://www.threads.com/@${name}${threadsTab}`));
          expect(
            onThreads?.detectProfile(new URL(`https://www.threads.com/@${name}${threadsTab}`))?.username,
          ).toBe(name);
          const url = new URL(`https://www.instagram.com/${name}${instagramTab || '/'}`);
          expect(siteForUrl(url)?.detectProfile(url)?.username).toBe(name);
        },
      ),
    );
  });
});
