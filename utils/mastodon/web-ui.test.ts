import { describe, expect, it } from 'vitest';
import type { HomeServer, WebClient } from '../storage';
import { interactionPage, objectPage, serverPage, type HomeObject } from './web-ui';

const server = (software: string, version = ''): HomeServer => ({
  host: 'home.example',
  localDomain: 'home.example',
  title: 'Home',
  software,
  version,
});
const MASTODON = server('mastodon', '4.5.0');
const POST: HomeObject = { kind: 'status', acct: 'bob@remote.example', id: '110' };
const PROFILE: HomeObject = { kind: 'account', acct: 'bob@remote.example', id: '42' };
const ELK: WebClient = { kind: 'elk', host: 'elk.zone' };
const PHANPY: WebClient = { kind: 'phanpy', host: 'phanpy.social' };

describe("the server's own page", () => {
  it.each([
    [MASTODON, POST, 'https://home.example/@bob@remote.example/110'],
    [MASTODON, PROFILE, 'https://home.example/@bob@remote.example'],
    [MASTODON, { kind: 'status', acct: 'maya', id: '7' }, 'https://home.example/@maya/7'],
    // Glitch-soc and Hometown report themselves as Mastodon, with their name in the version.
    [server('mastodon', '4.3.1+glitch'), POST, 'https://home.example/@bob@remote.example/110'],
    [server('mastodon', '3.5.19'), POST, 'https://home.example/web/@bob@remote.example/110'],
    [server('mastodon', '3.5.19'), PROFILE, 'https://home.example/web/@bob@remote.example'],
    [server('mastodon', '3.4.6'), POST, 'https://home.example/web/statuses/110'],
    [server('mastodon', '3.4.6'), PROFILE, 'https://home.example/web/accounts/42'],
    [server('akkoma', '3.16.0'), POST, 'https://home.example/notice/110'],
    [server('akkoma', '3.16.0'), PROFILE, 'https://home.example/users/42'],
    [server('pleroma', '2.7.0'), PROFILE, 'https://home.example/users/$42'],
    [server('sharkey', '2025.4.3'), POST, 'https://home.example/notes/110'],
    [server('sharkey', '2025.4.3'), PROFILE, 'https://home.example/@bob@remote.example'],
    // Nothing said about the software: a current Mastodon, the safe path.
    [server('unknown'), POST, 'https://home.example/@bob@remote.example/110'],
    // Mastodon gives a remote IDN domain in Unicode; the path carries it percent-encoded.
    [
      MASTODON,
      { kind: 'account', acct: 'ana@bücher.example', id: '1' },
      'https://home.example/@ana@b%C3%BCcher.example',
    ],
  ] as const)('%o: %o → %s', (home, object, expected) => {
    expect(serverPage(home, object)).toBe(expected);
  });

  it('is null where the web shows only local users (GoToSocial, Hollo) or goes by its own ids (Friendica)', () => {
    expect(serverPage(server('friendica', '2024.12'), POST)).toBeNull();
    expect(serverPage(server('gotosocial', '0.20.0'), POST)).toBeNull();
    expect(serverPage(server('hollo', '0.6.0'), PROFILE)).toBeNull();
  });
});

describe('a web client', () => {
  it.each([
    [ELK, POST, 'https://elk.zone/home.example/@bob@remote.example/110'],
    [ELK, PROFILE, 'https://elk.zone/home.example/@bob@remote.example'],
    [
      { kind: 'elk', host: 'elk.my.example' },
      POST,
      'https://elk.my.example/home.example/@bob@remote.example/110',
    ],
    [PHANPY, POST, 'https://phanpy.social/#/home.example/s/110'],
    [PHANPY, PROFILE, 'https://phanpy.social/#/home.example/a/42'],
    [
      {
        kind: 'custom',
        post: 'https://c.example/{server}/p/{id}',
        profile: 'https://c.example/{server}/u/{acct}',
      },
      PROFILE,
      'https://c.example/home.example/u/bob@remote.example',
    ],
  ] as const)('%o: %o → %s', (client, object, expected) => {
    expect(objectPage(server('gotosocial'), client, object)).toBe(expected);
  });

  it("wins over the server's own web UI once chosen", () => {
    expect(objectPage(MASTODON, PHANPY, POST)).toBe('https://phanpy.social/#/home.example/s/110');
    expect(objectPage(MASTODON, null, POST)).toBe('https://home.example/@bob@remote.example/110');
  });

  it('never makes anything but an https address of a custom pattern', () => {
    const custom: WebClient = { kind: 'custom', post: 'javascript:{id}', profile: 'http://c.example/{acct}' };
    expect(objectPage(MASTODON, custom, POST)).toBeNull();
    expect(objectPage(MASTODON, custom, PROFILE)).toBeNull();
  });
});

describe('the page that opens an address without a token', () => {
  const URL_ = 'https://remote.example/@bob/110';
  it.each([
    [MASTODON, null, `https://home.example/authorize_interaction?uri=${encodeURIComponent(URL_)}`],
    [server('akkoma'), null, `https://home.example/ostatus_subscribe?acct=${encodeURIComponent(URL_)}`],
    [server('sharkey'), null, `https://home.example/lookup?uri=${encodeURIComponent(URL_)}`],
    [server('friendica'), null, `https://home.example/authorize_interaction?uri=${encodeURIComponent(URL_)}`],
    [server('misskey', '2025.1.0'), null, `https://home.example/lookup?uri=${encodeURIComponent(URL_)}`],
    [server('gotosocial'), ELK, `https://elk.zone/${URL_}`],
    [server('gotosocial'), PHANPY, `https://phanpy.social/#/${URL_}`],
    [server('gotosocial'), null, null],
  ] as const)('%o with %o → %s', (home, client, expected) => {
    expect(interactionPage(home, client, URL_)).toBe(expected);
  });

  it("keeps a remote server's id from stepping out of the address it is (no `..`, no fragment)", () => {
    const hostile = 'https://evil.example/a/../../../../attacker.example/@x#frag';
    expect(interactionPage(server('gotosocial'), ELK, hostile)).toBe(
      'https://elk.zone/https://evil.example/attacker.example/@x',
    );
    expect(interactionPage(server('gotosocial'), PHANPY, hostile)).toBe(
      'https://phanpy.social/#/https://evil.example/attacker.example/@x',
    );
  });

  it('takes a handle too', () => {
    expect(interactionPage(MASTODON, null, 'juno@threads.net')).toBe(
      'https://home.example/authorize_interaction?uri=juno%40threads.net',
    );
    expect(interactionPage(server('sharkey'), null, 'juno@threads.net')).toBe(
      'https://home.example/@juno@threads.net',
    );
    expect(interactionPage(server('gotosocial'), ELK, 'juno@threads.net')).toBe(
      'https://elk.zone/home.example/@juno@threads.net',
    );
  });
});
