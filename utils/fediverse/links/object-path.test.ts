import { describe, expect, it } from 'vitest';
import { LINK_DETECTORS } from './index';
import fc from 'fast-check';
import { BARE_PROFILE_RE2, OBJECT_PATH_JS, OBJECT_PATH_RE2 } from './object-path';
import { originalAddress } from './original';

// RE2 is a subset of JavaScript's syntax for everything used here (no look-arounds, no backreferences).
const patterns = OBJECT_PATH_RE2.map((pattern) => new RegExp(pattern));
const objectPath = { test: (url: string) => patterns.some((pattern) => pattern.test(url)) };

const nonThreads = Object.entries(LINK_DETECTORS)
  .filter(([family]) => family !== 'threads')
  .map(([family, { examples }]) => [family, examples] as const);

describe('OBJECT_PATH_RE2 (the redirect rules)', () => {
  it.each(
    nonThreads.flatMap(([family, examples]) =>
      [...examples.post, ...examples.profile].filter(([, localId]) => !localId).map(([url]) => [family, url]),
    ),
  )('lets the browser send %s %s home before it loads', (_family, url) => {
    expect(objectPath.test(url.split('#')[0] ?? url)).toBe(true);
  });

  it.each([
    'https://remote.example/@carol@akkoma.example',
    'https://remote.example/@carol@akkoma.example/113500000000000001',
    'https://lemmy.example/u/gus@lemmy2.example',
    'https://lemmy.example/c/photos@lemmy2.example',
    'https://framatube.org/a/bob@remote.example',
    'https://remote.example/',
    'https://remote.example/about',
    'https://remote.example/explore',
    'https://remote.example/tags/gardening',
    'https://remote.example/settings/profile',
    'https://lemmy.example/post/abc',
  ])('leaves %s to load', (url) => {
    expect(objectPath.test(url)).toBe(false);
  });

  it.each(
    nonThreads.flatMap(([family, examples]) =>
      [...examples.post, ...examples.profile].map(([url]) => [family, url.split('#')[0] ?? url]),
    ),
  )('lets the original of %s %s load when asked (Alt-click)', (_family, url) => {
    expect(objectPath.test(originalAddress(url))).toBe(false);
    expect(new RegExp(BARE_PROFILE_RE2).test(originalAddress(url))).toBe(false);
  });

  it.each([
    ['https://remote.example/@bob/1', 'https://remote.example/@bob/1?'],
    ['https://remote.example/@bob/1?', 'https://remote.example/@bob/1?'],
    ['https://remote.example/@bob/1?lang=en', 'https://remote.example/@bob/1?lang=en&'],
    ['https://remote.example/@bob/1#reply', 'https://remote.example/@bob/1?#reply'],
    ['https://remote.example/@bob/1?a=b#c?d', 'https://remote.example/@bob/1?a=b&#c?d'],
  ])('asks for the original of %s as %s', (url, original) => {
    expect(originalAddress(url)).toBe(original);
  });

  it('keeps sending addresses with a real query home', () => {
    expect(objectPath.test('https://remote.example/@bob/1?lang=en')).toBe(true);
    expect(new RegExp(BARE_PROFILE_RE2).test('https://pixelfed.example/erin?tab=posts')).toBe(true);
  });

  it('stays within RE2’s limits: no look-arounds, no backreferences', () => {
    for (const pattern of [...OBJECT_PATH_RE2, BARE_PROFILE_RE2]) {
      expect(pattern).not.toMatch(/\(\?[=!<]|\\[1-9]/);
      // RE2 unrolls counted repetitions: a large count alone can pass Chromium's 2 KB limit for a rule.
      expect(pattern).not.toMatch(/\{\d*,?\d{2,}\}/);
      // The 2 KB itself is Chromium's to say (isRegexSupported, docs/dnr-limits.md): the open-at-home e2e tests fail
      // when it refuses a rule. This only keeps a group from growing unnoticed.
      expect(pattern.length).toBeLessThan(160);
    }
  });
});

describe('OBJECT_PATH_JS (the Alt-click page script)', () => {
  const js = new RegExp(OBJECT_PATH_JS);
  const urls = nonThreads.flatMap(([, examples]) =>
    [...examples.post, ...examples.profile].flatMap(([url]) => {
      const bare = url.split('#')[0] ?? url;
      return [bare, originalAddress(bare), `${bare}?lang=en`];
    }),
  );

  it('answers as the redirect rules do for every example, its original and its queried form', () => {
    for (const url of urls) expect([url, js.test(url)]).toEqual([url, objectPath.test(url)]);
  });

  it('answers as the redirect rules do for any https address', () => {
    const segment = fc.stringMatching(/^[a-z0-9@:._~?&=-]{0,12}$/);
    const address = fc
      .tuple(fc.constantFrom('remote.example', 'a.b'), fc.array(segment, { maxLength: 4 }))
      .map(([host, path]) => `https://${host}/${path.join('/')}`);
    fc.assert(fc.property(address, (url) => js.test(url) === objectPath.test(url)));
  });
});
