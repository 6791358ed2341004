/**
 * The home server's Activity Intents (utils/mastodon/home-intents.ts) against the in-process sandbox, and where the
 * pages that open without a token lead with them (utils/mastodon/web-ui.ts `interactionPage`).
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  homeIntents,
  INTENTS_RETRY_ALARM,
  INTENTS_TTL_MS,
  refreshIntents,
} from '@/utils/mastodon/home-intents';
import { interactionPage } from '@/utils/mastodon/web-ui';
import { homeServerItem } from '@/utils/storage';
import { backgroundTest, HOME, START } from './background';
import { HOME_SERVER } from './account-fixtures';

const bg = backgroundTest();
const fingers = () => bg.calls().filter((c) => c.url.pathname === '/.well-known/webfinger');
const POST = 'https://remote.example/@bob/113456789012345678';

async function onMastodon46(): Promise<void> {
  await bg.home('software', { profile: 'mastodon-4.6' });
  await homeServerItem.setValue({ ...HOME_SERVER, version: '4.6.0' });
}

describe('the home server’s intents', () => {
  it('asks the home server alone, for the connected account, without cookies, and again after a day', async () => {
    await onMastodon46();
    await bg.connect();
    expect(await refreshIntents()).toBe(true);
    expect(fingers().map((c) => [c.host, c.url.searchParams.get('resource')])).toEqual([
      [HOME, 'acct:maya@home.example'],
    ]);
    expect(fingers()[0]!.headers.cookie).toBeUndefined();
    const intents = await homeIntents((await homeServerItem.getValue())!);
    expect(intents.intents).toEqual({
      Create: `https://${HOME}/share?text={content}`,
      Object: `https://${HOME}/authorize_interaction?uri={object}`,
    });
    expect(await refreshIntents()).toBe(false);
    vi.setSystemTime(START + INTENTS_TTL_MS + 1);
    expect(await refreshIntents()).toBe(true);
    expect(fingers()).toHaveLength(2);
  });

  it('asks for the server itself without an account, and for the handle typed into Home server', async () => {
    await onMastodon46();
    await refreshIntents();
    await homeServerItem.setValue({ ...HOME_SERVER, version: '4.6.0', handle: 'maya@home.example' });
    await refreshIntents();
    expect(fingers().map((c) => c.url.searchParams.get('resource'))).toEqual([
      `https://${HOME}`,
      'acct:maya@home.example',
    ]);
  });

  it('never asks on the way to a page: none stored means the software’s own pages meanwhile', async () => {
    await onMastodon46();
    const server = (await homeServerItem.getValue())!;
    expect(await homeIntents(server)).toEqual({ intents: {}, ownHosts: [] });
    expect(fingers()).toEqual([]);
    await refreshIntents();
    const intents = await homeIntents(server);
    expect(interactionPage(server, null, POST, intents)).toBe(
      `https://${HOME}/authorize_interaction?uri=${encodeURIComponent(POST)}`,
    );
    expect(interactionPage(server, null, 'juno.field@threads.net', intents)).toBe(
      `https://${HOME}/authorize_interaction?uri=juno.field%40threads.net`,
    );
  });

  it('takes the Follow intent for a profile, and skips a template on another host', async () => {
    await onMastodon46();
    await bg.home('set-webfinger-links', {
      subscribe: null,
      intents: [
        { type: 'Follow', template: '/intents/follow?o={object}&done={on-success}' },
        { type: 'Object', template: 'https://evil.example/open?o={object}' },
      ],
    });
    await refreshIntents();
    const server = (await homeServerItem.getValue())!;
    const intents = await homeIntents(server);
    expect(interactionPage(server, null, 'juno.field@threads.net', intents)).toBe(
      `https://${HOME}/intents/follow?o=juno.field%40threads.net&done=`,
    );
    // Object leads elsewhere and there is no subscribe link: Mastodon's own page, from the software table.
    expect(interactionPage(server, null, POST, intents)).toBe(
      `https://${HOME}/authorize_interaction?uri=${encodeURIComponent(POST)}`,
    );
  });

  it('follows the answer where the software table has nothing (GoToSocial publishing an Object intent)', async () => {
    await bg.home('software', { profile: 'gotosocial' });
    await homeServerItem.setValue({ ...HOME_SERVER, software: 'gotosocial', version: '0.20.0' });
    const server = (await homeServerItem.getValue())!;
    await refreshIntents();
    expect(interactionPage(server, null, POST, await homeIntents(server))).toBeNull();
    await bg.home('set-webfinger-links', { intents: [{ type: 'Object', template: '/look?u={object}' }] });
    await refreshIntents(true);
    expect(interactionPage(server, null, POST, await homeIntents(server))).toBe(
      `https://${HOME}/look?u=${encodeURIComponent(POST)}`,
    );
  });

  it('keeps what was known when the server fails, and asks again in five minutes', async () => {
    await onMastodon46();
    await refreshIntents();
    const server = (await homeServerItem.getValue())!;
    vi.setSystemTime(START + INTENTS_TTL_MS + 1);
    bg.fail({ host: HOME, pathPrefix: '/.well-known/webfinger', status: 503 });
    expect(await refreshIntents()).toBe(false);
    expect((await homeIntents(server)).intents.Object).toBe(
      `https://${HOME}/authorize_interaction?uri={object}`,
    );
    const retry = await fakeBrowser.alarms.get(INTENTS_RETRY_ALARM);
    expect(retry?.scheduledTime).toBe(START + INTENTS_TTL_MS + 1 + 5 * 60_000);
  });
});
