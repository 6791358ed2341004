import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HomeIntents } from '../fediverse/intents';
import type { HomeServer } from '../storage';
import { canShare, MAX_QUOTE, shareContent, sharePage } from './share';

const SERVER: HomeServer = {
  host: 'home.example',
  localDomain: 'home.example',
  title: 'Home',
  software: 'mastodon',
  version: '4.5.0',
};
const NONE: HomeIntents = { intents: {}, ownHosts: [] };
const CREATE: HomeIntents = {
  intents: { Create: 'https://home.example/share?text={content}&reply={inReplyTo}' },
  ownHosts: [],
};

describe('shareContent', () => {
  it('shares a page as its title and address', () => {
    expect(shareContent({ title: 'A  good\nread', url: 'https://news.example/a' })).toBe(
      'A good read\nhttps://news.example/a',
    );
    expect(shareContent({ title: 'https://news.example/a', url: 'https://news.example/a' })).toBe(
      'https://news.example/a',
    );
  });

  it('quotes a selection before the page', () => {
    expect(shareContent({ title: 'T', url: 'https://news.example/a', selection: ' Said  this. ' })).toBe(
      '“Said this.”\n\nT\nhttps://news.example/a',
    );
    const long = shareContent({ url: 'https://a.example/', selection: 'x'.repeat(1000) });
    expect(long.startsWith(`“${'x'.repeat(MAX_QUOTE - 1)}…”`)).toBe(true);
  });

  it('shares a link as its text (where the browser gives it) and address', () => {
    expect(shareContent({ linkUrl: 'https://b.example/p', linkText: 'Read this' })).toBe(
      'Read this\nhttps://b.example/p',
    );
    expect(shareContent({ linkUrl: 'https://b.example/p', url: 'https://a.example/' })).toBe(
      'https://b.example/p',
    );
  });

  it('shares no credentials and no other scheme', () => {
    expect(shareContent({ url: 'https://me:secret@a.example/x#token=abc' })).toBe('https://a.example/x');
    expect(shareContent({ url: 'javascript:alert(1)', title: '' })).toBe('');
    expect(shareContent({ linkUrl: 'file:///etc/passwd' })).toBe('');
  });
});

describe('sharePage', () => {
  it('opens the Create intent, the text percent-encoded and the rest empty', () => {
    expect(sharePage(SERVER, CREATE, 'Hi & bye\nhttps://a.example/?q=1')).toBe(
      'https://home.example/share?text=Hi%20%26%20bye%0Ahttps%3A%2F%2Fa.example%2F%3Fq%3D1&reply=',
    );
  });

  it('falls back on the software’s own share page, and has none where it has none', () => {
    expect(sharePage(SERVER, NONE, 'x y')).toBe('https://home.example/share?text=x%20y');
    expect(sharePage({ ...SERVER, software: 'sharkey' }, NONE, 'x')).toBe(
      'https://home.example/share?text=x',
    );
    expect(sharePage({ ...SERVER, software: 'friendica' }, NONE, 'x')).toBe(
      'https://home.example/compose?body=x',
    );
    for (const software of ['gotosocial', 'akkoma', 'pleroma', 'hollo']) {
      expect(sharePage({ ...SERVER, software }, NONE, 'x')).toBeNull();
      expect(canShare({ ...SERVER, software }, NONE)).toBe(false);
    }
    expect(canShare({ ...SERVER, software: 'gotosocial' }, CREATE)).toBe(true);
    expect(canShare(null, CREATE)).toBe(false);
  });

  it('never leaves the home server, whatever the shared text', () => {
    const elsewhere: HomeIntents = {
      intents: { Create: 'https://evil.example/s?t={content}' },
      ownHosts: [],
    };
    expect(sharePage({ ...SERVER, software: 'gotosocial' }, elsewhere, 'x')).toBeNull();
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(NONE, CREATE), (text, intents) => {
        const url = new URL(sharePage(SERVER, intents, text)!);
        expect(url.origin).toBe('https://home.example');
        expect(url.searchParams.get('text')).toBe(text);
      }),
    );
  });
});
