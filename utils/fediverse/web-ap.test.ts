import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webApToHttps } from './web-ap';

describe('webApToHttps', () => {
  it('reads a web+ap link as the https address it stands for, as given or encoded', () => {
    expect(webApToHttps('web+ap://remote.example/@bob/1?x=1#reply')).toBe(
      'https://remote.example/@bob/1?x=1',
    );
    expect(webApToHttps('WEB+AP://Remote.Example/users/bob')).toBe('https://remote.example/users/bob');
    expect(webApToHttps(encodeURIComponent('web+ap://remote.example/@bob'))).toBe(
      'https://remote.example/@bob',
    );
    expect(webApToHttps('web+ap://me:pw@remote.example/@bob')).toBe('https://remote.example/@bob');
    expect(webApToHttps('web+ap://bücher.example/@bob')).toBe('https://xn--bcher-kva.example/@bob');
  });

  it('refuses what is no web+ap link to a named host', () => {
    for (const value of [
      null,
      '',
      'https://remote.example/@bob',
      'web+mastodon://follow?uri=x',
      'web+ap:remote.example/@bob',
      'web+ap://',
      'web+ap://localhost/x',
      'web+ap://127.0.0.1/x',
      'web+ap://remote.example:8443/x',
      'web+ap://[::1]/x',
      `web+ap://remote.example/${'x'.repeat(5000)}`,
      'web%2Bap%3A%2F%2F%E0%A4%A',
    ])
      expect(webApToHttps(value)).toBeNull();
  });

  it('always gives https on the link’s own host, whatever follows it', () => {
    fc.assert(
      fc.property(fc.string(), (rest) => {
        const https = webApToHttps(`web+ap://remote.example/${rest}`);
        if (https === null) return;
        const url = new URL(https);
        expect([url.protocol, url.host, url.username, url.hash]).toEqual([
          'https:',
          'remote.example',
          '',
          '',
        ]);
      }),
    );
  });
});
