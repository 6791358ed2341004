import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { KNOWN_HOST_TTL_MS, rememberBareProfileHost, rememberHost } from '@/utils/open-at-home/known-hosts';
import {
  allowOriginal,
  isAllowed,
  ORIGINAL_ALLOWED_MS,
  redirectRules,
  redirectsActive,
  syncRedirectRules,
} from '@/utils/open-at-home/redirect-rules';
import { OBJECT_PATH_RE2 } from '@/utils/fediverse/links/object-path';
import { featuresItem, homeServerItem, neverRedirectItem } from '@/utils/storage';
import { fakeNavigationApis, type FakeNavigationApis } from './navigation-fakes';

const START = Date.UTC(2025, 5, 1, 12, 0, 0);
const OPENING = 'chrome-extension://test-extension-id/opening.html';
const POST = 'https://remote.example/@bob/113456789012345678';
let apis: FakeNavigationApis;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START);
  apis = fakeNavigationApis();
  apis.install();
});

afterEach(() => {
  vi.useRealTimers();
});

async function setHome(host = 'home.example', localDomain = host): Promise<void> {
  await homeServerItem.setValue({ host, localDomain, title: 'Home', software: 'mastodon', version: '4.5.0' });
}

/** Every condition met: the switch, a server, the permission, and a few known hosts. */
async function turnOn(): Promise<void> {
  await featuresItem.setValue({ followButtons: true, openAtHome: true });
  await setHome();
  apis.grantAllSites();
  for (const host of ['remote.example', 'lemmy.example']) await rememberHost(host);
}

const requestDomains = () => apis.dynamicRules()[0]?.condition.requestDomains;

describe('redirectsActive and syncRedirectRules', () => {
  it('install the rules only when the switch, the server and the permission all say so', async () => {
    await rememberHost('remote.example');
    const conditions = [
      () => featuresItem.setValue({ followButtons: true, openAtHome: true }),
      () => setHome(),
      () => Promise.resolve(apis.grantAllSites()),
    ];
    for (const meet of conditions) {
      expect(await redirectsActive()).toBe(false);
      await syncRedirectRules();
      expect(apis.dynamicRules()).toEqual([]);
      await meet();
    }
    expect(await redirectsActive()).toBe(true);
    await syncRedirectRules();
    expect(apis.dynamicRules()).toHaveLength(OBJECT_PATH_RE2.length);
  });

  it.each([
    ['the switch goes off', () => featuresItem.setValue({ followButtons: true, openAtHome: false })],
    ['the server is removed', () => homeServerItem.setValue(null)],
    ['the permission is withdrawn', () => Promise.resolve(apis.grantAllSites(false))],
  ])('removes every rule when %s', async (_name, turnOff) => {
    await turnOn();
    await syncRedirectRules();
    expect(apis.dynamicRules().length).toBeGreaterThan(0);
    await turnOff();
    await syncRedirectRules();
    expect(apis.dynamicRules()).toEqual([]);
  });

  it('installs nothing while no host is known', async () => {
    await featuresItem.setValue({ followButtons: true, openAtHome: true });
    await setHome();
    apis.grantAllSites();
    await syncRedirectRules();
    expect(apis.dynamicRules()).toEqual([]);
  });

  it('covers the known hosts, not the home server under either of its names', async () => {
    await turnOn();
    await setHome('social.wd.example', 'wd.example');
    await rememberHost('social.wd.example');
    await rememberHost('wd.example');
    await syncRedirectRules();
    expect([...(requestDomains() ?? [])].sort()).toEqual(['lemmy.example', 'remote.example']);
  });

  it('forgets a host a day after it was last seen', async () => {
    await turnOn();
    vi.setSystemTime(START + KNOWN_HOST_TTL_MS - 1);
    await rememberHost('fresh.example');
    vi.setSystemTime(START + KNOWN_HOST_TTL_MS);
    await syncRedirectRules();
    expect(requestDomains()).toEqual(['fresh.example']);
  });

  it('leaves out the never-redirect sites and their subdomains', async () => {
    await turnOn();
    for (const host of ['never.example', 'sub.never.example', 'notnever.example']) await rememberHost(host);
    await neverRedirectItem.setValue(['never.example']);
    await syncRedirectRules();
    expect([...(requestDomains() ?? [])].sort()).toEqual([
      'lemmy.example',
      'notnever.example',
      'remote.example',
    ]);
  });

  it('redirects a known host but not its never-listed subdomain (requestDomains covers subdomains)', async () => {
    await turnOn();
    await neverRedirectItem.setValue(['sub.remote.example']);
    await syncRedirectRules();
    expect(requestDomains()).toContain('remote.example');
    expect(apis.navigate(POST)).not.toBeNull();
    expect(apis.navigate('https://sub.remote.example/@bob/1')).toBeNull();
  });

  it('never redirects the home server when it is a subdomain of a known host', async () => {
    await turnOn();
    await rememberHost('example');
    await syncRedirectRules();
    expect(apis.navigate('https://home.example/@maya/1')).toBeNull();
  });

  it('sends bare /<username> pages home only on hosts known to keep profiles there', async () => {
    await turnOn();
    await rememberHost('pixelfed.example');
    await rememberBareProfileHost('pixelfed.example');
    await syncRedirectRules();
    expect(apis.navigate('https://pixelfed.example/erin')).toBe(`${OPENING}#https://pixelfed.example/erin`);
    expect(apis.navigate('https://remote.example/erin')).toBeNull();
    expect(apis.navigate('https://pixelfed.example/erin/followers')).toBeNull();
    expect(new Set(apis.dynamicRules().map((rule) => rule.id)).size).toBe(OBJECT_PATH_RE2.length + 1);
  });

  it('replaces the rules on every sync, without id clashes', async () => {
    await turnOn();
    await syncRedirectRules();
    await rememberHost('new.example');
    await Promise.all([syncRedirectRules(), syncRedirectRules(), syncRedirectRules()]);
    const ids = apis.dynamicRules().map((rule) => rule.id);
    expect(new Set(ids).size).toBe(OBJECT_PATH_RE2.length);
    expect(requestDomains()).toContain('new.example');
  });
});

describe('redirectRules', () => {
  const rules = redirectRules(
    ['remote.example', 'lemmy.example'],
    ['home.example', 'wd.example'],
    ['never.example'],
    OPENING,
  );

  it('has one rule per path family, main frames only, away from the home server', () => {
    expect(rules.map((rule) => rule.condition.regexFilter)).toEqual(OBJECT_PATH_RE2);
    for (const rule of rules) {
      expect(rule.action).toEqual({ type: 'redirect', redirect: { regexSubstitution: `${OPENING}#\\0` } });
      expect(rule.condition.resourceTypes).toEqual(['main_frame']);
      expect(rule.condition.requestDomains).toEqual(['remote.example', 'lemmy.example']);
      expect(rule.condition.excludedInitiatorDomains).toEqual(['home.example', 'wd.example']);
      expect(rule.condition.excludedRequestDomains).toEqual(['home.example', 'wd.example', 'never.example']);
    }
  });

  it('sends a post on a known host to the Opening page with the whole URL after #', async () => {
    await turnOn();
    await syncRedirectRules();
    expect(apis.navigate(POST)).toBe(`${OPENING}#${POST}`);
    expect(apis.navigate(`${POST}?lang=en`)).toBe(`${OPENING}#${POST}?lang=en`);
    expect(apis.navigate('https://lemmy.example/post/42')).toBe(`${OPENING}#https://lemmy.example/post/42`);
    expect(apis.navigate('https://remote.example/@bob')).toBe(`${OPENING}#https://remote.example/@bob`);
  });

  it.each([
    ['a page that is no post or profile', 'https://remote.example/about'],
    ['a copy of a remote object', 'https://remote.example/@carol@akkoma.example/113500000000000001'],
    ['an unknown host', 'https://unknown.example/@bob/113456789012345678'],
    ['the home server', 'https://home.example/@maya/1'],
  ])('lets %s load', async (_name, url) => {
    await turnOn();
    await syncRedirectRules();
    expect(apis.navigate(url)).toBeNull();
  });

  it('lets links from the home server (its "open original page") load', async () => {
    await turnOn();
    await syncRedirectRules();
    expect(apis.navigate(POST, { initiator: 'home.example' })).toBeNull();
    expect(apis.navigate(POST, { initiator: 'elsewhere.example' })).not.toBeNull();
  });
});

describe('allowOriginal and isAllowed', () => {
  it('let that tab load that URL for a minute, fragment or not', async () => {
    await allowOriginal(7, `${POST}#reply`);
    expect(await isAllowed(7, POST)).toBe(true);
    expect(await isAllowed(7, `${POST}#other`)).toBe(true);
    vi.setSystemTime(START + ORIGINAL_ALLOWED_MS - 1);
    expect(await isAllowed(7, POST)).toBe(true);
    vi.setSystemTime(START + ORIGINAL_ALLOWED_MS);
    expect(await isAllowed(7, POST)).toBe(false);
  });

  it('do not let another tab or another URL through', async () => {
    await allowOriginal(7, POST);
    expect(await isAllowed(8, POST)).toBe(false);
    expect(await isAllowed(7, `${POST}1`)).toBe(false);
    expect(await isAllowed(7, 'https://remote.example/@bob')).toBe(false);
  });

  it('take a URL literally: its dots and question marks are no wildcards', async () => {
    await allowOriginal(7, 'https://remote.example/@bob/1?a=b');
    expect(await isAllowed(7, 'https://remote.example/@bob/1?a=b')).toBe(true);
    expect(await isAllowed(7, 'https://remoteXexample/@bob/1?a=b')).toBe(false);
    expect(await isAllowed(7, 'https://remote.example/@bob/1a=b')).toBe(false);
  });

  it('make the browser load the original in that tab only, over the redirect rule', async () => {
    await turnOn();
    await syncRedirectRules();
    await allowOriginal(7, POST);
    expect(apis.navigate(POST, { tabId: 7 })).toBeNull();
    expect(apis.navigate(POST, { tabId: 8 })).toBe(`${OPENING}#${POST}`);
  });

  it('never reuse a session rule id, concurrently or after expiry', async () => {
    await Promise.all([allowOriginal(1, POST), allowOriginal(2, POST), allowOriginal(3, POST)]);
    vi.setSystemTime(START + ORIGINAL_ALLOWED_MS / 2);
    await allowOriginal(4, POST);
    vi.setSystemTime(START + ORIGINAL_ALLOWED_MS + 1);
    await allowOriginal(5, POST);
    await allowOriginal(6, POST);
    const ids = apis.sessionRules().map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    // The fake refuses clashing ids, so every call above went through; the expired exemptions are gone.
    expect(apis.sessionRules().map((rule) => rule.condition.tabIds)).toEqual([[4], [5], [6]]);
    for (const tab of [4, 5, 6]) expect(await isAllowed(tab, POST)).toBe(true);
    for (const tab of [1, 2, 3]) expect(await isAllowed(tab, POST)).toBe(false);
  });

  it('keep their ids clear of the redirect rules', async () => {
    await turnOn();
    await syncRedirectRules();
    await allowOriginal(7, POST);
    const dynamicIds = apis.dynamicRules().map((rule) => rule.id);
    for (const rule of apis.sessionRules()) expect(dynamicIds).not.toContain(rule.id);
  });
});
