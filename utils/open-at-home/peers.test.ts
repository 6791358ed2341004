import { describe, expect, it } from 'vitest';
import { PEERS_MAX, peerDomains } from './peers';

describe('peerDomains: what a server lists, as Homeward may use it', () => {
  it('keeps host names, lower case and punycode, once each', () => {
    expect(peerDomains(['Remote.Example', 'remote.example', 'bücher.example', 'gts.example'])).toEqual([
      'remote.example',
      'xn--bcher-kva.example',
      'gts.example',
    ]);
  });

  it('drops what is no host: ports, paths, credentials, addresses with a scheme, single labels, non-strings', () => {
    expect(
      peerDomains([
        'remote.example:8443',
        'remote.example/path',
        'user@remote.example',
        'https://remote.example',
        'localhost',
        '',
        42,
        null,
        { domain: 'x.example' },
        'x'.repeat(300) + '.example',
      ]),
    ).toEqual([]);
  });

  it('is null for an answer that is no list', () => {
    expect(peerDomains({ peers: [] })).toBeNull();
    expect(peerDomains('remote.example')).toBeNull();
  });

  it(`keeps at most ${PEERS_MAX.toLocaleString('en')}`, () => {
    const many = Array.from({ length: PEERS_MAX + 10 }, (_, i) => `peer-${i}.example`);
    expect(peerDomains(many)).toHaveLength(PEERS_MAX);
  });
});
