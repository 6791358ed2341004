import { expect, it } from 'vitest';
import { HOME } from '../../sandbox/hosts';
import { siteCopy, type SiteLanguage } from '../../sandbox/remote/web/site-copy';
import type { E2E } from './harness/fixture';
import { e2eSuite } from './harness/fixture';
import {
  FOLLOW,
  FOLLOW_SITES,
  profileUrl,
  settledLabel,
  waitForFollowState,
  withAccount,
} from '../../sandbox/harness/follow-button';
import type { Tab } from '../../sandbox/harness/session';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * Where the follow button lands on real-looking profile headers (issue 14): beside the site's own follow control
 * on every header variant and in every sandbox language, never in the highlights, none on one's own profile, on
 * logged-out pages, in a 390 px window, and the floating fallback out of the way of the site's dialogs. Placement
 * needs no home server: the button is the same element in every state.
 */

const HANDLE = 'juno.field@threads.net';

/** What the page shows around the host: measured in the page, with the site's follow control found by its label. */
interface Placement {
  host: { left: number; right: number; top: number; bottom: number } | null;
  control: { left: number; right: number; top: number; bottom: number } | null;
  floating: boolean;
  covered: boolean;
  visible: boolean;
  /** The host sits inside the story highlights, a list or a link. */
  inTray: boolean;
  /** Other controls of the header the host's box overlaps. */
  overlaps: number;
  viewport: number;
  scrollWidth: number;
  /** What the page shows at the host's centre belongs to the host. */
  onTop: boolean;
}

async function placement(tab: Tab, followLabel: string): Promise<Placement> {
  // Source text, so that the label can be passed in (evaluate serializes a function without arguments).
  return tab.evaluateSource<Placement>(`(() => {
    const label = ${JSON.stringify(followLabel)};
    const box = (r) => r && { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    const host = document.querySelector('homeward-follow');
    const controls = [...document.querySelectorAll('header button, header [role="button"], [role="main"] [role="button"]')];
    const control = controls.find((c) => c.textContent.trim() === label) || null;
    const hr = host && host.getBoundingClientRect();
    let overlaps = 0;
    if (hr) for (const c of controls) {
      const r = c.getBoundingClientRect();
      if (r.width && r.left < hr.right - 1 && r.right > hr.left + 1 && r.top < hr.bottom - 1 && r.bottom > hr.top + 1) overlaps++;
    }
    const hit = hr && hr.width ? document.elementFromPoint(hr.left + hr.width / 2, hr.top + hr.height / 2) : null;
    return {
      host: box(hr),
      control: box(control && control.getBoundingClientRect()),
      floating: !!host && host.hasAttribute('data-floating'),
      covered: !!host && host.hasAttribute('data-covered'),
      visible: !!hr && hr.width > 0 && getComputedStyle(host).display !== 'none',
      inTray: !!host && !!host.closest('[role="menu"], li, ul, a'),
      overlaps,
      viewport: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      onTop: hit === host,
    };
  })()`);
}

/** Beside the control: on its line, after it, inside the window, over nothing. */
function expectBeside(at: Placement): void {
  expect(at.host, 'the host').not.toBeNull();
  expect(at.control, "the site's follow control").not.toBeNull();
  const host = at.host!;
  const control = at.control!;
  expect(at.floating).toBe(false);
  expect(at.inTray).toBe(false);
  const middle = (r: { top: number; bottom: number }) => (r.top + r.bottom) / 2;
  expect(Math.abs(middle(host) - middle(control))).toBeLessThan((control.bottom - control.top) / 2);
  expect(host.left).toBeGreaterThanOrEqual(control.right - 1);
  expect(host.right).toBeLessThanOrEqual(at.viewport + 1);
  expect(at.overlaps).toBe(0);
  expect(at.scrollWidth).toBeLessThanOrEqual(at.viewport);
}

async function placed(e2e: E2E, url: string, label: string): Promise<Placement> {
  const tab = await e2e.session.openPage(url);
  await settledLabel(tab, HANDLE);
  return waitUntil('the button beside the follow control', async () => {
    const at = await placement(tab, label);
    return at.host && at.control ? at : undefined;
  });
}

const withLanguage = (url: string, language: SiteLanguage) =>
  language === 'en' ? url : `${url}${url.includes('?') ? '&' : '?'}hl=${language}`;

/** Instagram's headers: the classic one and the 2025 one with and without highlights, bio links and Message. */
const INSTAGRAM_HEADERS: { name: string; patch: Record<string, unknown> }[] = [
  { name: 'classic', patch: {} },
  {
    name: '2025, 5 highlights, 3 bio links, Follow alone',
    patch: { headerVariant: '2025', highlights: 5, bioLinks: 3, followOnly: true },
  },
  {
    name: '2025, 1 highlight, 1 bio link, Follow and Message',
    patch: { headerVariant: '2025', highlights: 1, bioLinks: 1 },
  },
  { name: '2025, no highlights', patch: { headerVariant: '2025', highlights: 0 } },
];

const LANGUAGES: readonly SiteLanguage[] = ['en', 'de', 'ja', 'pt'];

e2eSuite('follow button: its place on the sites', (e2e) => {
  it.each(LANGUAGES)('sits beside Threads’ own Follow, in %s', async (language) => {
    const at = await placed(
      e2e,
      withLanguage(profileUrl('threads', 'juno.field'), language),
      siteCopy(language).follow,
    );
    expectBeside(at);
  });

  it.each(
    INSTAGRAM_HEADERS.flatMap((header) =>
      LANGUAGES.map((language) => [header.name, language, header.patch] as const),
    ),
  )('sits beside Instagram’s own Follow: %s header, in %s', async (_name, language, patch) => {
    await e2e.sandbox.admin.hostOp('threads.net', 'set-account', { username: 'juno.field', ...patch });
    const url = withLanguage(profileUrl('instagram', 'juno.field'), language);
    expectBeside(await placed(e2e, url, siteCopy(language).follow));
  });

  it.each(FOLLOW_SITES)('shows no button on one’s own profile, on %s', async (site) => {
    await e2e.sandbox.admin.hostOp('threads.net', 'set-visitor', { username: 'juno.field' });
    await e2e.sandbox.admin.hostOp('threads.net', 'set-account', {
      username: 'juno.field',
      headerVariant: '2025',
    });
    const tab = await e2e.session.openPage(profileUrl(site, 'juno.field'));
    await tab.waitForText(siteCopy('en').editProfile);
    // Past the grace after which an unrecognised header gets the floating button.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await tab.evaluate(() => document.querySelectorAll('homeward-follow').length)).toBe(0);
    // Another profile in the same tab still gets its button.
    await tab.goto(profileUrl(site, 'quiet.harbor'));
    await settledLabel(tab, 'quiet.harbor@threads.net');
  });

  it.each(FOLLOW_SITES)(
    'works for a logged-out visitor and stays under the login dialog, on %s',
    async (site) => {
      await withAccount(e2e);
      await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
      await e2e.sandbox.admin.hostOp('threads.net', 'set-visitor', { loggedIn: false });
      const tab = await e2e.session.openPage(profileUrl(site, 'juno.field'));
      await waitForFollowState(tab, HANDLE, FOLLOW.follow);
      expectBeside(await placement(tab, 'Follow'));
      await tab.click('button', FOLLOW.follow);
      await waitForFollowState(tab, HANDLE, FOLLOW.following);

      // The site's own Follow opens its login dialog, which covers Homeward's button like the rest of the page.
      await tab.evaluate(() => {
        const site = [...document.querySelectorAll('button, [role="button"]')].find(
          (control) => control.textContent?.trim() === 'Follow',
        ) as HTMLElement | undefined;
        site?.click();
      });
      await tab.waitForRole('dialog');
      const covered = await placement(tab, 'Follow');
      expect(covered.onTop).toBe(false);
      await tab.press('Escape');
      await waitUntil('the login dialog to close', async () =>
        (await tab.count('dialog')) === 0 ? true : undefined,
      );
      expect((await placement(tab, 'Follow')).onTop).toBe(true);
    },
  );

  it.each(FOLLOW_SITES)('fits a 390 px window beside the follow control, on %s', async (site) => {
    await e2e.sandbox.admin.hostOp('threads.net', 'set-account', {
      username: 'juno.field',
      headerVariant: '2025',
      highlights: 5,
      bioLinks: 3,
    });
    const tab = await e2e.session.openPage('about:blank');
    await tab.setViewport(390, 844);
    await tab.goto(profileUrl(site, 'juno.field'));
    await settledLabel(tab, HANDLE);
    const at = await placement(tab, 'Follow');
    expect(at.viewport).toBeLessThanOrEqual(390);
    expect(at.floating).toBe(false);
    expect(at.inTray).toBe(false);
    expect(at.host!.left).toBeGreaterThanOrEqual(0);
    expect(at.host!.right).toBeLessThanOrEqual(at.viewport + 1);
    expect(at.overlaps).toBe(0);
    expect(at.scrollWidth).toBeLessThanOrEqual(at.viewport);
  });

  it('puts no script in Threads pages while the buttons are off, and reaches open pages when they are back on', async () => {
    const SWITCH = 'Follow buttons on Threads and Instagram';
    const popup = await e2e.session.openPopup();
    await popup.click('switch', SWITCH);
    await waitUntil('the switch to go off', async () =>
      (await popup.isChecked('switch', SWITCH)) ? undefined : true,
    );
    const tab = await e2e.session.openPage(profileUrl('threads', 'juno.field'));
    // Past the grace after which even an unrecognised header would get the floating button.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(await tab.evaluate(() => document.querySelectorAll('homeward-follow').length)).toBe(0);
    // Not merely idle: the browser has no Homeward script registered for the sites.
    const registered = await popup.evaluate(async () => {
      interface Api {
        scripting: { getRegisteredContentScripts(): Promise<{ id: string }[]> };
      }
      const api = ((globalThis as { browser?: Api }).browser ?? (globalThis as { chrome?: Api }).chrome)!;
      return (await api.scripting.getRegisteredContentScripts()).map((script) => script.id);
    });
    expect(registered).not.toContain('homeward-profile');
    // Back on: the page already open gets its button without a reload.
    await popup.click('switch', SWITCH);
    await settledLabel(tab, HANDLE);
    await popup.close();
  });

  it('floats when the header is not recognised, steps aside under a dialog and follows the window', async () => {
    const tab = await e2e.session.openPage(profileUrl('threads', 'remix.header'));
    await settledLabel(tab, 'remix.header@threads.net');
    const floating = await placement(tab, 'Follow');
    expect(floating.floating).toBe(true);
    expect(floating.visible).toBe(true);

    // The followers dialog (a click on the followers count) hides it; closing the dialog brings it back.
    await tab.evaluate(() =>
      (document.querySelector('[data-sandbox-dialog-trigger]') as HTMLElement).click(),
    );
    await tab.waitForRole('dialog');
    await waitUntil('the floating button to step aside', async () => {
      const at = await placement(tab, 'Follow');
      return at.covered && !at.visible ? true : undefined;
    });
    await tab.press('Escape');
    await waitUntil('the floating button to come back', async () => {
      const at = await placement(tab, 'Follow');
      return !at.covered && at.visible ? true : undefined;
    });

    // A narrower window moves it with the profile's column, inside the window.
    await tab.setViewport(600, 800);
    await waitUntil('the floating button to follow the window', async () => {
      const at = await placement(tab, 'Follow');
      return at.host && at.host.right <= at.viewport && at.host.left !== floating.host!.left
        ? true
        : undefined;
    });
  });
});
