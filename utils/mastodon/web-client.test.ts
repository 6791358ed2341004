import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { webClientItem } from '../storage';
import { checkedWebClient, currentWebClient } from './web-client';
import { fillPattern, objectPage } from './web-ui';

describe('checkedWebClient', () => {
  it('keeps Elk and Phanpy on a host that passes the server gate, a self-hosted copy too', () => {
    expect(checkedWebClient({ kind: 'elk', host: ' Elk.My.Example ' })).toEqual({
      kind: 'elk',
      host: 'elk.my.example',
    });
    expect(checkedWebClient({ kind: 'phanpy', host: 'phanpy.social' })).toEqual({
      kind: 'phanpy',
      host: 'phanpy.social',
    });
    for (const host of ['elk.zone/evil', 'user@elk.zone', 'elk.zone:8443', '', 'javascript:x', 42])
      expect(checkedWebClient({ kind: 'elk', host })).toBeNull();
  });

  it('keeps a custom client whose patterns name the object inside an https origin they alone choose', () => {
    const client = {
      kind: 'custom',
      post: 'https://c.example/{server}/@{acct}/{id}',
      profile: 'https://{server}/u/{acct}',
    };
    expect(checkedWebClient(client)).toEqual(client);
    for (const post of [
      'http://c.example/{id}',
      'https://{acct}.c.example/{id}',
      'https://c.example{id}/',
      'https://user:pw@c.example/{id}',
      'https://c.example/nothing-named',
      `https://c.example/${'x'.repeat(300)}{id}`,
    ])
      expect(checkedWebClient({ ...client, post }), post).toBeNull();
  });

  it('refuses anything else, and reads storage through the same checks', async () => {
    for (const junk of [null, 'elk', { kind: 'other', host: 'x.example' }, { kind: 'custom' }])
      expect(checkedWebClient(junk)).toBeNull();
    fakeBrowser.reset();
    await fakeBrowser.storage.sync.set({ webClient: { kind: 'elk', host: 'https://attacker.example/x' } });
    expect(await currentWebClient()).toBeNull();
    await webClientItem.setValue({ kind: 'phanpy', host: 'phanpy.social' });
    expect(await currentWebClient()).toEqual({ kind: 'phanpy', host: 'phanpy.social' });
  });
});

describe('fillPattern', () => {
  it('fills in one pass: a value is never read as a placeholder or a replacement pattern', () => {
    expect(fillPattern('https://c.example/{acct}/{id}', { server: 's', acct: "a{id}$`$'$&", id: '7' })).toBe(
      "https://c.example/a{id}$`$'$&/7",
    );
  });

  it('keeps an odd acct inside the origin the pattern chose', () => {
    const server = {
      host: 'home.example',
      localDomain: 'home.example',
      title: '',
      software: 'mastodon',
      version: '4.5.0',
    };
    const page = objectPage(
      server,
      { kind: 'custom', post: 'https://c.example/p/{id}', profile: 'https://c.example/u/{acct}' },
      { kind: 'account', acct: 'x$`@y', id: '1' },
    );
    expect(new URL(page!).origin).toBe('https://c.example');
  });
});
