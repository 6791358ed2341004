import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './examples';
import { BARE_PROFILE_RE2, OBJECT_PATH_RE2 } from './object-path';

// RE2 is a subset of JavaScript's syntax for everything used here (no look-arounds, no backreferences).
const patterns = OBJECT_PATH_RE2.map((pattern) => new RegExp(pattern));
const objectPath = { test: (url: string) => patterns.some((pattern) => pattern.test(url)) };

const nonThreads = Object.entries(EXAMPLES).filter(([family]) => family !== 'threads');

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

  it('stays within RE2’s limits: no look-arounds, no backreferences', () => {
    for (const pattern of [...OBJECT_PATH_RE2, BARE_PROFILE_RE2]) {
      expect(pattern).not.toMatch(/\(\?[=!<]|\\[1-9]/);
      // RE2 unrolls counted repetitions: a large count alone can pass Chromium's 2 KB limit for a rule.
      expect(pattern).not.toMatch(/\{\d*,?\d{2,}\}/);
      expect(pattern.length).toBeLessThan(80);
    }
  });
});
