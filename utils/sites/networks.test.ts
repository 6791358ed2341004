import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOST_PERMISSIONS, NETWORKS, SITES, matchesPattern, networkHandle } from '.';
import { threadsNetwork } from './threads/network';

describe('networkHandle', () => {
  it.each([
    ['juno.field@threads.net', 'juno.field@threads.net'],
    ['@Juno_Field@Threads.net', 'juno_field@threads.net'],
    [' zuck@threads.net ', 'zuck@threads.net'],
    [`${'a'.repeat(30)}@threads.net`, `${'a'.repeat(30)}@threads.net`],
    ['juno@threads.com', null],
    ['juno@mastodon.social', null],
    ['juno', null],
    ['a@b@threads.net', null],
    ['jü@threads.net', null],
    ['...@threads.net', null],
    [`${'a'.repeat(31)}@threads.net`, null],
  ])('%s → %s', (text, handle) => {
    const target = networkHandle(text);
    expect(target?.handle ?? null).toBe(handle);
    if (target) expect(target.network).toBe(threadsNetwork);
  });

  it('only ever gives a user a URL can carry unescaped, on a network Homeward knows', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...NETWORKS.map((n) => n.handleDomain)), (text, domain) => {
        const target = networkHandle(`${text}@${domain}`);
        return (
          target === null ||
          (/^[a-z0-9._-]{1,253}$/.test(target.user) && target.handle === `${target.user}@${domain}`)
        );
      }),
    );
  });
});

describe('HOST_PERMISSIONS', () => {
  it('covers every site page and every WebFinger URL, and nothing broader than their domains', () => {
    const covered = (url: string) =>
      HOST_PERMISSIONS.some((pattern) => matchesPattern(pattern, new URL(url)));
    for (const site of SITES) {
      for (const pattern of site.matches) expect(covered(pattern.replace('*', 'x'))).toBe(true);
      expect(covered(site.network.webfingerUrl('juno.field'))).toBe(true);
    }
    expect(HOST_PERMISSIONS).toEqual([
      'https://*.threads.com/*',
      'https://*.threads.net/*',
      'https://*.instagram.com/*',
      'https://*.bsky.app/*',
      'https://*.bsky.brid.gy/*',
    ]);
    expect(covered('https://mastodon.social/')).toBe(false);
  });
});
