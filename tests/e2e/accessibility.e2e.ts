import { expect, it } from 'vitest';
import { HOME, HOME_USER, REMOTE } from '../../sandbox/hosts';
import { linkTargets } from '../../sandbox/remote';
import { FOLLOWING_OWNER_ACCOUNT } from '../../sandbox/remote/threads-generated';
import { FOLLOWING_OWNER } from '../../sandbox/remote/threads-following';
import { turnOnOpenAtHome } from '../../sandbox/harness/open-at-home';
import { expectAccessible, expectAccessibleIn } from './harness/axe';
import { e2eSuite, type E2E } from './harness/fixture';
import { LABELS, connectAccount, setHomeServer, signInAndAuthorize } from '../../sandbox/harness/flows';
import {
  FOLLOW,
  FOLLOW_HOST_TAG,
  profileUrl,
  settledLabel,
  waitForFollowState,
  withAccount,
} from '../../sandbox/harness/follow-button';
import { HOMEWARD_HOSTS, SCAN_HOST_TAG, type Tab } from '../../sandbox/harness/session';
import { waitUntil } from '../../sandbox/harness/wait';
import { waitForChecks } from '../../sandbox/harness/people';

/**
 * Issue 13, "Accessibility, measured": axe-core finds nothing on any of Homeward's views, light and dark (the
 * extension's pages whole; on Threads and Instagram only Homeward's hosts, the page around them being sandbox
 * fixture), and the main flows work with the keyboard alone, with a visible focus at every stop.
 */

const FIND = 'Find them on the fediverse';
/**
 * A short Following list keeps the scans quick, yet has rows of every kind (threads-following.ts) and enough
 * accounts not on the fediverse (9) for that filtered list to scroll in the 800×700 window.
 */
const LIST_LENGTH = 40;

/** The People page a scan opened, once every row is checked (nothing is still moving for axe to catch). */
async function settledPeoplePage(e2e: E2E): Promise<Tab> {
  const people = await e2e.session.waitForNewTab((url) => url.includes('/people.html?list='), {
    timeoutMs: 30_000,
  });
  await waitForChecks(people, 30_000, { rows: true });
  return people;
}

/** The Following dialog of FOLLOWING_OWNER on Threads, reached as a person does (people.e2e.ts). */
async function openThreadsFollowing(tab: Tab): Promise<void> {
  await tab.goto(profileUrl('threads', FOLLOWING_OWNER));
  await tab.click('button', `${FOLLOWING_OWNER_ACCOUNT.followers} followers`);
  await tab.click('tab', 'Following');
  await tab.waitForRole('button', FIND, { timeoutMs: 15_000 });
}

/** What has the keyboard focus (inside open shadow roots too), and whether it shows. */
interface Focused {
  name: string;
  tag: string;
  /** A non-none outline of some width, or a box-shadow. */
  visible: boolean;
  style: string;
  inTable: boolean;
  checked: boolean;
  tabIndex: number;
  rowIndex: string | null;
}

/** The focused element, followed into shadow roots: Homeward's closed ones too (Tab.evaluateInShadow). */
async function focused(tab: Tab): Promise<Focused | null> {
  return tab.evaluateInShadow(HOMEWARD_HOSTS, (roots) => {
    let el: Element | null = document.activeElement;
    for (;;) {
      const at = el;
      const root = at?.shadowRoot ?? roots.find((candidate) => candidate.host === at);
      if (!root?.activeElement) break;
      el = root.activeElement;
    }
    if (!el || el === document.body || el === document.documentElement) return null;
    const style = getComputedStyle(el);
    const outline =
      style.outlineStyle !== 'none' &&
      parseFloat(style.outlineWidth) > 0 &&
      style.outlineColor !== 'rgba(0, 0, 0, 0)';
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const input = el as HTMLInputElement;
    // A control's name is its label's text without the control's own (a select's options are inside its label).
    const label =
      el.getAttribute('aria-label') ??
      (input.labels?.length
        ? (input.labels[0]!.textContent ?? '').replace(el.textContent ?? '', '')
        : el.textContent);
    return {
      name: (label ?? '').replace(/\s+/g, ' ').trim(),
      tag: el.tagName.toLowerCase(),
      visible: outline || shadow,
      style: `outline: ${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}; box-shadow: ${style.boxShadow}`,
      inTable: el.closest('[role="table"]') !== null,
      checked: input.checked === true,
      tabIndex: input.tabIndex,
      rowIndex: el.closest('[role="row"]')?.getAttribute('aria-rowindex') ?? null,
    };
  });
}

/** Presses `key` and expects the focus to land somewhere visible. */
async function pressAndSee(tab: Tab, key: string): Promise<Focused> {
  await tab.press(key);
  const now = await focused(tab);
  if (!now) throw new Error(`${key}: nothing has the focus`);
  expect.soft(now.visible, `focus ring on "${now.name}" (${now.tag}): ${now.style}`).toBe(true);
  return now;
}

/**
 * Tabs forward until the element named `name` (or, without a name, the first one inside the list) has the focus,
 * every stop on the way showing its focus. Past the page's last stop the focus goes to the browser's own UI
 * (Firefox's toolbar keeps it from then on), so reaching the end is a failure, not a wrap to the top.
 */
async function tabTo(tab: Tab, name: string | { inTable: true }, maxStops = 40): Promise<Focused> {
  const seen: string[] = [];
  for (let stop = 0; stop < maxStops; stop++) {
    await tab.press('Tab');
    const now = await focused(tab);
    seen.push(now ? `${now.tag} "${now.name}"` : '(the end of the page)');
    if (!now) break;
    expect.soft(now.visible, `focus ring on "${now.name}" (${now.tag}): ${now.style}`).toBe(true);
    if (typeof name === 'string' ? now.name === name : now.inTable) return now;
  }
  throw new Error(`Tab never reached ${JSON.stringify(name)}; stops: ${seen.join(', ')}`);
}

async function typeText(tab: Tab, text: string): Promise<void> {
  for (const char of text) await tab.press(char);
}

/** The People page's selected count, "N selected" (#people-selected, components/people/PeoplePage.tsx). */
async function selectedCount(tab: Tab): Promise<number> {
  return tab.evaluate(() => parseInt(document.getElementById('people-selected')?.textContent ?? '', 10));
}

e2eSuite('accessibility', (e2e) => {
  it('has no axe violations in light and dark: welcome, popup, options, follow button, Following panel, People page', async () => {
    const { session, sandbox } = e2e;

    // The extension's own pages, checked whole; they follow the scheme as it switches. Every page of the
    // extension belongs in this part, each checked the same way:
    // await expectAccessible(session, name, async () => ({ tab })).
    const welcome = await session.openPage(`${session.extensionOrigin}/welcome.html`);
    await welcome.waitForRole('textbox', LABELS.homeServer);
    await expectAccessible(session, 'welcome page, nothing set', async () => ({ tab: welcome }));
    const popup = await session.openPopup();
    await popup.inputValue(LABELS.homeServer);
    await expectAccessible(session, 'popup, no server', async () => ({ tab: popup }));
    await setHomeServer(popup, HOME);
    await popup.waitForRole('button', LABELS.connect);
    await expectAccessible(session, 'popup, server set', async () => ({ tab: popup }));
    await connectAccount(session, popup);
    await expectAccessible(session, 'popup, connected', async () => ({ tab: popup }));
    await welcome.waitForRole('heading', 'You’re all set');
    await expectAccessible(session, 'welcome page, all set', async () => ({ tab: welcome }));
    const changes = await session.openPage(`${session.extensionOrigin}/welcome.html?changes=1`);
    await changes.waitForRole('heading', 'What changed in Homeward');
    await expectAccessible(session, 'welcome page after an update', async () => ({ tab: changes }));

    const options = await session.openOptions();
    await options.waitForText(`@${HOME_USER.username}@${HOME}`);
    await expectAccessible(session, 'options page', async () => ({ tab: options }));

    // Homeward inside Threads and Instagram, only its hosts checked: each page is loaded in the scheme, since the
    // sites choose their theme while loading.
    const profile = await session.openPage('about:blank');
    await expectAccessible(session, 'follow button on Threads, Follow', async () => {
      await profile.goto(profileUrl('threads', 'juno.field'));
      await waitForFollowState(profile, 'juno.field@threads.net', FOLLOW.follow);
      return { tab: profile, include: [FOLLOW_HOST_TAG] };
    });
    await expectAccessible(
      session,
      'follow button on Instagram, Not on the fediverse, its note open',
      async () => {
        await profile.goto(profileUrl('instagram', 'nora.offgrid'));
        await waitForFollowState(profile, 'nora.offgrid@threads.net', FOLLOW.notFederated);
        await profile.click('button', FOLLOW.notFederated);
        await profile.waitForRole('note');
        return { tab: profile, include: [FOLLOW_HOST_TAG] };
      },
    );
    await sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    await expectAccessible(session, 'follow button on Instagram, Requested, its dialog open', async () => {
      await profile.goto(profileUrl('instagram', 'quiet.harbor'));
      if ((await settledLabel(profile, 'quiet.harbor@threads.net')) === FOLLOW.follow) {
        await profile.click('button', FOLLOW.follow);
      }
      await waitForFollowState(profile, 'quiet.harbor@threads.net', FOLLOW.requested);
      await profile.click('button', FOLLOW.requested);
      await profile.waitForRole('dialog');
      return { tab: profile, include: [FOLLOW_HOST_TAG] };
    });

    // The Following panel on both sites.
    await sandbox.admin.hostOp('threads.net', 'set-following', { count: LIST_LENGTH });
    await expectAccessible(session, 'Following panel on Threads', async () => {
      await openThreadsFollowing(profile);
      return { tab: profile, include: [SCAN_HOST_TAG] };
    });
    const instagramFollowing = `${profileUrl('instagram', FOLLOWING_OWNER)}following/`;
    await expectAccessible(session, 'Following panel on Instagram', async () => {
      await profile.goto(instagramFollowing);
      await profile.waitForRole('button', FIND, { timeoutMs: 15_000 });
      return { tab: profile, include: [SCAN_HOST_TAG] };
    });
    // One scan, in light: the panel once done, and the People page it opened.
    await session.setColorScheme('light');
    await profile.goto(instagramFollowing);
    await profile.click('button', FIND, { timeoutMs: 15_000 });
    const people = await settledPeoplePage(e2e);
    await waitUntil('the panel to say the list opened', async () =>
      (
        await profile.evaluateInShadow('homeward-people-scan', (roots) => roots[0]?.textContent ?? '')
      ).includes('The list opened in a new tab')
        ? true
        : undefined,
    );
    const done = { tab: profile, include: [SCAN_HOST_TAG] };
    await expectAccessibleIn('Following panel on Instagram, done', 'light', done);
    await expectAccessibleIn('People page', 'light', { tab: people });
    // Then dark without a second scan: the People page follows the system at once, and Instagram's page turns
    // dark the way the site's own appearance switch does it (its class on <html>), which the panel follows.
    await session.setColorScheme('dark');
    await profile.evaluate(() =>
      document.documentElement.classList.replace('__fb-light-mode', '__fb-dark-mode'),
    );
    await expectAccessibleIn('Following panel on Instagram, done', 'dark', done);
    await expectAccessibleIn('People page', 'dark', { tab: people });

    // The People page with no checkbox in view (only accounts not on the fediverse): the list still scrolls
    // from the keyboard.
    await people.evaluate(() => {
      const select = document.querySelector('select')!;
      select.value = 'not-fediverse';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitUntil('the filtered list', async () =>
      (await people.evaluate(() => document.querySelector('[role="table"] input[type="checkbox"]') === null))
        ? true
        : undefined,
    );
    await expectAccessibleIn('People page, Not on the fediverse only', 'dark', { tab: people });
    // Six views, each checked in light and dark, with a scan and a People page between: about 90 s alone, and it
    // once passed 150 s with another file's browser running beside it (two files at a time).
  }, 300_000);

  it('sets the server and connects from the popup with the keyboard alone, the focus always visible', async () => {
    const popup = await e2e.session.openPopup();
    await popup.inputValue(LABELS.homeServer);
    await tabTo(popup, LABELS.homeServer);
    await typeText(popup, HOME);
    await popup.press('Enter');
    // Saved, not only being checked (the status names the server while it checks too).
    await popup.waitForRole('button', LABELS.connect);

    await tabTo(popup, LABELS.connect);
    await popup.press('Enter');
    const auth = await e2e.session.waitForNewTab((url) => url.startsWith(`https://${HOME}/`), {
      timeoutMs: 15_000,
    });
    // The home server's sign-in and approve pages are the server's, not Homeward's.
    await signInAndAuthorize(auth);
    await popup.waitForText(`@${HOME_USER.username}@${HOME}`, { timeoutMs: 15_000 });

    // Space flips a switch, and flips it back.
    await tabTo(popup, LABELS.followSwitch);
    await popup.press(' ');
    await waitUntil('the switch to go off', async () =>
      (await popup.isChecked('switch', LABELS.followSwitch)) ? undefined : true,
    );
    await popup.press(' ');
    await waitUntil('the switch to go on', async () =>
      (await popup.isChecked('switch', LABELS.followSwitch)) ? true : undefined,
    );
    expect((await focused(popup))?.name).toBe(LABELS.followSwitch);
  });

  it('follows and closes the unfollow dialog with the keyboard on a Threads profile', async () => {
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    const tab = await e2e.session.openPage(profileUrl('threads', 'juno.field'));
    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.follow);

    await tabTo(tab, FOLLOW.follow);
    await tab.press('Enter');
    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.following);
    expect((await focused(tab))?.name, 'the focus stays on the button').toBe(FOLLOW.following);

    await tab.press('Enter');
    await tab.waitForRole('dialog');
    expect((await pressAndSee(tab, 'Tab')).name).toBe(FOLLOW.unfollow);
    expect((await pressAndSee(tab, 'Tab')).name).toBe(FOLLOW.cancel);
    // Escape closes the dialog and gives the focus back to the button that opened it.
    await tab.press('Escape');
    await waitUntil('the dialog to close', async () =>
      (await tab.count('dialog')) === 0 ? true : undefined,
    );
    const back = await focused(tab);
    expect(back?.name).toBe(FOLLOW.following);
    expect.soft(back?.visible, `focus ring on "${back?.name}": ${back?.style}`).toBe(true);

    // Cancel, with Enter, does the same.
    await tab.press('Enter');
    await tab.waitForRole('dialog');
    await tabTo(tab, FOLLOW.cancel, 3);
    await tab.press('Enter');
    await waitUntil('the dialog to close', async () =>
      (await tab.count('dialog')) === 0 ? true : undefined,
    );
    expect((await focused(tab))?.name).toBe(FOLLOW.following);
  });

  // The People list as one Tab stop (a roving tabindex over the rows' checkboxes): the row that has it takes
  // Tab, ArrowDown/ArrowUp move between rows, Space ticks, the next Tab leaves the list and Escape goes back to
  // Follow selected.
  it('makes the People list one Tab stop: arrows move between rows, Space ticks, Tab and Escape leave', async () => {
    await withAccount(e2e);
    await e2e.sandbox.admin.hostOp('threads.net', 'set-following', { count: LIST_LENGTH });
    const site = await e2e.session.openPage(`${profileUrl('instagram', FOLLOWING_OWNER)}following/`);
    await site.click('button', FIND, { timeoutMs: 15_000 });
    const people = await settledPeoplePage(e2e);

    const show = await tabTo(people, 'Show');
    expect(show.tag).toBe('select');
    const entered = await pressAndSee(people, 'Tab');
    expect(entered.inTable, `Tab after Show lands in the list, not on ${entered.tag} "${entered.name}"`).toBe(
      true,
    );
    expect(entered.tag).toBe('input');

    // One Tab stop: the row that has the focus is the only one Tab reaches.
    const tabStops = await people.evaluate(
      () =>
        [...document.querySelectorAll<HTMLInputElement>('[role="table"] input[type="checkbox"]')].filter(
          (input) => input.tabIndex >= 0,
        ).length,
    );
    expect(tabStops, 'checkboxes of the list in the Tab order').toBe(1);

    const down = await pressAndSee(people, 'ArrowDown');
    expect(down.inTable).toBe(true);
    expect(Number(down.rowIndex)).toBeGreaterThan(Number(entered.rowIndex));
    expect(down.tabIndex).toBe(0);
    const up = await pressAndSee(people, 'ArrowUp');
    expect(up.rowIndex).toBe(entered.rowIndex);
    const row = await pressAndSee(people, 'ArrowDown');
    expect(row.rowIndex).toBe(down.rowIndex);

    const before = await selectedCount(people);
    await people.press(' ');
    const toggled = await focused(people);
    expect(toggled?.rowIndex).toBe(row.rowIndex);
    expect(toggled?.checked).toBe(!row.checked);
    await waitUntil('the selected count to follow', async () =>
      (await selectedCount(people)) === before + (row.checked ? -1 : 1) ? true : undefined,
    );

    // One stop from either side: Shift+Tab goes back to Show, Tab comes back to the row last focused.
    expect((await pressAndSee(people, 'Shift+Tab')).name).toBe('Show');
    expect((await pressAndSee(people, 'Tab')).rowIndex).toBe(row.rowIndex);

    // Escape leaves the list for Follow selected; Tab leaves it for what follows it (the end of the page).
    expect((await pressAndSee(people, 'Escape')).name).toBe('Follow selected');
    expect((await tabTo(people, { inTable: true })).rowIndex).toBe(row.rowIndex);
    await people.press('Tab');
    expect((await focused(people))?.inTable ?? false, 'Tab leaves the list').toBe(false);
  });
});

/**
 * The Opening page needs a ticket from the background, which only a real opening gives (docs/security.md): the
 * post's page, with automatic redirects on, is sent there. Turning them on needs the all-sites permission, which
 * only the `granted` build has in Chromium.
 */
e2eSuite(
  'accessibility of the Opening page',
  (e2e) => {
    it('has no axe violations in light and dark on the Opening page, stopped on a failure', async () => {
      const { session, sandbox } = e2e;
      await withAccount(e2e);
      await turnOnOpenAtHome(session);
      // Its heading, the Try again button and the quieter View original.
      const post = linkTargets().find((t) => t.host === REMOTE.mastodon && t.kind === 'post')!;
      await sandbox.admin.fault({ host: HOME, pathPrefix: '/api/v2/search', refuse: true });
      const opening = await session.openPage(post.url);
      await opening.waitForText(`Couldn't open this on ${HOME}`, { role: 'status', timeoutMs: 10_000 });
      await expectAccessible(session, 'Opening page, failed', async () => ({ tab: opening }));
    });
  },
  undefined,
  { build: 'granted' },
);
