/**
 * The cross-matrix (github-url-detection style): every example URL matches its own detector and no other, every
 * near miss matches nothing.
 */
import { describe, expect, it } from 'vitest';
import { detectFediverseLink, LINK_DETECTORS } from './index';
import type { LinkKind, SoftwareFamily } from './types';

const FAMILIES = Object.keys(LINK_DETECTORS) as SoftwareFamily[];

const MATCHES = FAMILIES.flatMap((software) =>
  (['post', 'profile'] as const satisfies readonly LinkKind[]).flatMap((kind) =>
    LINK_DETECTORS[software].examples[kind].map(([url, localId]) => ({ software, kind, url, localId })),
  ),
);
const NONE = FAMILIES.flatMap((software) =>
  LINK_DETECTORS[software].examples.none.map((url) => ({ software, url })),
);

/** The sandbox's servers (sandbox/hosts.ts REMOTE): each must appear in some example. */
const SANDBOX_HOSTS = [
  'remote.example',
  'misskey.example',
  'akkoma.example',
  'gts.example',
  'pixelfed.example',
  'lemmy.example',
  'peertube.example',
  'friendica.example',
];

function claimants(url: string): SoftwareFamily[] {
  return FAMILIES.filter((software) => LINK_DETECTORS[software].detect(new URL(url)) !== null);
}

describe('the registry', () => {
  it.each(FAMILIES)('%s has matching examples and near misses', (software) => {
    const { examples } = LINK_DETECTORS[software];
    expect(examples.post.length + examples.profile.length).toBeGreaterThan(0);
    expect(examples.none.length).toBeGreaterThan(0);
  });

  it.each(SANDBOX_HOSTS)('covers the sandbox host %s', (host) => {
    expect(MATCHES.some(({ url }) => new URL(url).hostname === host)).toBe(true);
  });

  it('has no URL twice', () => {
    const urls = [...MATCHES.map(({ url }) => url), ...NONE.map(({ url }) => url)];
    expect(new Set(urls).size).toBe(urls.length);
  });
});

describe('cross-matrix', () => {
  it.each(MATCHES)('$url is a $software $kind and nothing else', ({ software, kind, url, localId }) => {
    expect(claimants(url)).toEqual([software]);
    expect(LINK_DETECTORS[software].detect(new URL(url))).toMatchObject({ software, kind, localId });
    expect(detectFediverseLink(url)).toMatchObject({ software, kind, localId });
  });

  it.each(NONE)('$url ($software near miss) is nothing', ({ url }) => {
    expect(claimants(url)).toEqual([]);
    expect(detectFediverseLink(url)).toBeNull();
  });
});

describe('detectFediverseLink', () => {
  it.each([
    [
      'https://Remote.Example/@bob/113456789012345678/?x=1#top',
      'https://remote.example/@bob/113456789012345678',
    ],
    ['https://lemmy.world/post/42/', 'https://lemmy.world/post/42'],
    [
      'https://www.threads.com/@juno.field/post/DAbc123xyz?xmt=1',
      'https://www.threads.com/@juno.field/post/DAbc123xyz',
    ],
    ['https://mastodon.social:8443/@bob', 'https://mastodon.social:8443/@bob'],
    ['https://mastodon.social:443/@bob', 'https://mastodon.social/@bob'],
  ])('normalizes %s to %s', (input, url) => {
    expect(detectFediverseLink(input)?.url).toBe(url);
  });

  it('takes a URL object as well as a string', () => {
    expect(detectFediverseLink(new URL('https://misskey.example/notes/9zk3ef5gh6'))).toEqual({
      software: 'misskey',
      kind: 'post',
      url: 'https://misskey.example/notes/9zk3ef5gh6',
      localId: true,
      strength: 'generic',
    });
  });

  it.each([
    ['https://remote.example/@bob', 'generic'],
    ['https://remote.example/@bob/113456789012345678', 'distinctive'],
    ['https://remote.example/@carol@akkoma.example', 'distinctive'],
    ['https://www.threads.net/@juno.field/post/DAbc123xyz', 'host'],
    ['https://lemmy.world/u/frank', 'generic'],
    ['https://pixelfed.social/p/dansup/650000000000000000', 'distinctive'],
  ])('says how strong the shape of %s is (%s)', (url, strength) => {
    expect(detectFediverseLink(url)?.strength).toBe(strength);
  });

  it.each([
    '',
    ' ',
    'mastodon.social/@bob/113456789012345678',
    '@bob@mastodon.social',
    '//mastodon.social/@bob',
    'https://',
    'https://mastodon.social/@bob/113456789012345678'.padEnd(3000, '0'),
    `https://mastodon.social/@bob?${'q'.repeat(3000)}`,
  ])('returns null for junk input %#', (input) => {
    expect(detectFediverseLink(input)).toBeNull();
  });

  it('leaves a Threads profile alone although /@user is Mastodon’s shape', () => {
    expect(detectFediverseLink('https://www.threads.com/@juno.field')).toBeNull();
    expect(detectFediverseLink('https://threads.net/@juno.field')).toBeNull();
  });
});
