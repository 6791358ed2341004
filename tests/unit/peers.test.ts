/**
 * The home server's peers (utils/open-at-home/peers.ts) against the in-process sandbox, and what the redirect rules
 * and the Opening page make of them.
 */
import type { Browser } from 'wxt/browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { refreshPeers, peerHosts, PEERS_RETRY_MS, PEERS_TTL_MS } from '@/utils/open-at-home/peers';
import { resolveForPage } from '@/utils/open-at-home/opening';
import { syncOpenAtHome } from '@/utils/open-at-home/sync';
import { rememberHost } from '@/utils/open-at-home/known-hosts';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { featuresItem, homeServerItem } from '@/utils/storage';
import { MISSING_POST_URL } from '../../sandbox/remote';
import { backgroundTest, HOME, START } from './background';
import { fakeNavigationApis, type FakeNavigationApis } from './navigation-fakes';

const bg = backgroundTest();
const POST = 'https://remote.example/@bob/113456789012345678';
const TAB = { id: 7 } as Browser.tabs.Tab;
const peerCalls = () => bg.calls().filter((c) => c.url.pathname === '/api/v1/instance/peers');
let apis: FakeNavigationApis;

beforeEach(async () => {
  apis = fakeNavigationApis();
  apis.install();
  apis.grantAllSites();
});

async function redirectsOn(): Promise<void> {
  await featuresItem.setValue({ followButtons: true, openAtHome: true });
  await syncOpenAtHome();
}

describe('asking the home server for its peers', () => {
  it('asks the home server alone, keeps what it lists, and asks again after a day', async () => {
    await bg.home('set-peers', { domains: ['remote.example', 'gts.example'] });
    await bg.connect();
    expect(await refreshPeers()).toBe(true);
    expect(await peerHosts(HOME)).toEqual(['threads.net', 'remote.example', 'gts.example']);
    expect(bg.calls().map((c) => c.host)).toEqual([HOME]);
    expect(await refreshPeers()).toBe(false);
    expect(peerCalls()).toHaveLength(1);
    vi.setSystemTime(START + PEERS_TTL_MS + 1);
    await refreshPeers();
    expect(peerCalls()).toHaveLength(2);
  });

  it('keeps another server’s list for nothing', async () => {
    await bg.home('set-peers', { domains: ['remote.example'] });
    await bg.connect();
    await refreshPeers();
    expect(await peerHosts('social.wd.example')).toEqual([]);
  });

  it('has none where the admin turned the list off (404), and says so for a day', async () => {
    await bg.home('set-peers', { enabled: false });
    await bg.connect();
    await refreshPeers();
    expect(await peerHosts(HOME)).toEqual([]);
    await refreshPeers();
    expect(peerCalls()).toHaveLength(1);
  });

  it('asks GoToSocial again with the account’s token, which it wants', async () => {
    await bg.home('software', { profile: 'gotosocial' });
    await bg.home('set-peers', { domains: ['remote.example'] });
    await bg.connect();
    await homeServerItem.setValue({ ...(await homeServerItem.getValue())!, software: 'gotosocial' });
    await refreshPeers();
    expect(peerCalls().map((c) => c.headers.authorization === undefined)).toEqual([true, false]);
    expect(await peerHosts(HOME)).toContain('remote.example');
  });

  it('keeps what it knew when the server is down', async () => {
    await bg.home('set-peers', { domains: ['remote.example'] });
    await bg.connect();
    await refreshPeers();
    bg.fail({ host: HOME, pathPrefix: '/api/v1/instance/peers', answer: { status: 503, body: {} } });
    expect(await refreshPeers(true)).toBe(false);
    expect(await peerHosts(HOME)).toContain('remote.example');
  });
  it('asks a server whose answer failed again only after PEERS_RETRY_MS, one request at a time', async () => {
    await bg.connect();
    bg.fail({ host: HOME, pathPrefix: '/api/v1/instance/peers', answer: { status: 503, body: {} } });
    expect(await Promise.all([refreshPeers(), refreshPeers()])).toEqual([false, false]);
    expect(peerCalls()).toHaveLength(1);
    vi.setSystemTime(START + PEERS_RETRY_MS - 1);
    await syncOpenAtHome();
    await refreshPeers();
    expect(peerCalls()).toHaveLength(1);
    // Forced, it asks at once; the wait over, so does an ordinary refresh.
    await refreshPeers(true);
    expect(peerCalls()).toHaveLength(2);
    bg.heal();
    await bg.home('set-peers', { domains: ['remote.example'] });
    vi.setSystemTime(START + 2 * PEERS_RETRY_MS);
    expect(await refreshPeers()).toBe(true);
    expect(peerCalls()).toHaveLength(3);
  });
});

describe('what the peers change', () => {
  it('are asked for only while links are sent home automatically', async () => {
    await bg.connect();
    await syncOpenAtHome();
    expect(peerCalls()).toEqual([]);
    await redirectsOn();
    expect(peerCalls()).toHaveLength(1);
  });

  it('send a first visit to a peer host home before its page loads; Threads, which the server lists, stays out', async () => {
    await bg.home('set-peers', { domains: ['remote.example'] });
    await bg.connect();
    await redirectsOn();
    expect(await peerHosts(HOME)).toContain('threads.net');
    expect(apis.navigate(POST)).toContain('/opening.html');
    const domains = apis.dynamicRules().flatMap((rule) => rule.condition.requestDomains ?? []);
    expect(domains).toContain('remote.example');
    expect(domains).not.toContain('threads.net');
  });

  it('leave the rules alone when nothing they are made of changed: every update pays for every name', async () => {
    await bg.home('set-peers', { count: 20_000 });
    await bg.connect();
    await redirectsOn();
    const updates = () => apis.log.filter((entry) => entry === 'updateDynamicRules').length;
    const before = updates();
    await syncOpenAtHome();
    await syncOpenAtHome();
    expect(updates()).toBe(before);
    // Four rules carry the hosts, not one per path family.
    expect(apis.dynamicRules()).toHaveLength(4);
    // The server's 20,000 but threads.net, which never goes home.
    expect(apis.dynamicRules()[0]?.condition.requestDomains).toHaveLength(19_999);
  });

  it('keep their own rules: a host learned from a page re-sends the learned hosts’ rules alone', async () => {
    await bg.home('set-peers', { count: 20_000 });
    await bg.connect();
    await redirectsOn();
    const sent: Parameters<typeof fakeBrowser.declarativeNetRequest.updateDynamicRules>[0][] = [];
    const update = fakeBrowser.declarativeNetRequest.updateDynamicRules;
    vi.spyOn(fakeBrowser.declarativeNetRequest, 'updateDynamicRules').mockImplementation((options) => {
      sent.push(options);
      return update(options);
    });
    await rememberHost('new.example');
    await syncOpenAtHome();
    expect(sent).toHaveLength(1);
    const names = sent[0]!.addRules!.flatMap((rule) => rule.condition.requestDomains ?? []);
    expect(new Set(names)).toEqual(new Set(['new.example']));
    expect(sent[0]!.removeRuleIds!.every((id) => id > 20)).toBe(true);
    // Both sets are in the browser: a peer's post and the new host's go to the Opening page.
    const peer = apis.dynamicRules().find((rule) => rule.id === 1)?.condition.requestDomains?.[0];
    expect(peer).toBeDefined();
    expect(apis.navigate(`https://${peer}/@ann/1`)).toContain('/opening.html');
    expect(apis.navigate('https://new.example/@ann/1')).toContain('/opening.html');
  });

  it('open as it is an address on a peer host that the home server cannot find', async () => {
    await bg.home('set-peers', { domains: ['remote.example'] });
    await bg.connect();
    await redirectsOn();
    expect(await resolveForPage({ url: MISSING_POST_URL }, { tab: TAB, frameId: 0 })).toEqual({
      kind: 'load-original',
    });
  });
});
