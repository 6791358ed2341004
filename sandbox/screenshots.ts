/**
 * `npm run screenshots`: the pictures the project publishes, taken from the built extension in Chromium against
 * the sandbox fediverse, through the same flows as the e2e tests.
 *
 * - docs/screenshots/: the README's pictures, cropped to what they show (the popup; a Threads profile's header
 *   with the follow button), in English and, for the README's Languages section, in German.
 * - docs/store/screenshots/<locale>/: the store listing's screenshots, exactly 1280×800, for every locale in
 *   LOCALES: the popup over a profile, the follow button on Threads and on Instagram, the Opening page, and Bring
 *   my people with its follow queue running.
 *
 * Builds nothing: the npm script builds first. Overwrites the PNGs in place; committing them is a person's call.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, ChromiumTab } from './harness/chromium';
import { GRANTED_EXTENSION_DIRS } from './harness/extension-build';
import { FOLLOW, profileUrl, settledLabel, waitForFollowState, withAccount } from './harness/follow-button';
import { turnOnOpenAtHome } from './harness/open-at-home';
import { connectAccount, setHomeServer } from './harness/flows';
import type { Session, Tab } from './harness/session';
import { waitUntil } from './harness/wait';
import { labelsIn, wordsIn } from './harness/words';
import { describeBrowser, exitOnBrowserNotFound, findBrowser } from './core/find-browser';
import { HOME, REMOTE } from './hosts';
import { startSandbox, type Sandbox } from './index';
import { linkTargets } from './remote';
import { FOLLOWING_OWNER } from './remote/threads-following';
import { THREADS_ACCOUNTS } from './remote/threads-accounts';

/** The store listing's languages: each gets its own folder of screenshots, taken with the browser in it. */
const LOCALES = ['en'] as const;
type Locale = (typeof LOCALES)[number];

/** The README's pictures come from this locale. */
const README_LOCALE: Locale = 'en';

/** Chrome Web Store screenshots are 1280×800 (or 640×400); one size for every store keeps one set. */
const STORE_SIZE = { width: 1280, height: 800 };

const README_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const storeDir = (locale: Locale) =>
  fileURLToPath(new URL(`../docs/store/screenshots/${locale}/`, import.meta.url));

/** Playwright's page behind a harness tab: crops, viewport sizes and compositing need it. */
function pageOf(tab: Tab): Page {
  if (!(tab instanceof ChromiumTab)) throw new Error('screenshots are taken in Chromium');
  return tab.page;
}

/** Profiles that opted in to the fediverse and take follows without approval, for the follow button shots. */
function publicAccount(skip = 0): (typeof THREADS_ACCOUNTS)[number] {
  const account = THREADS_ACCOUNTS.filter((a) => a.fediverse && !a.locked && !a.instagramPrivate)[skip];
  if (!account) throw new Error('sandbox/remote/threads-accounts.ts has too few opted-in public accounts');
  return account;
}

class Shots {
  readonly saved: string[] = [];

  async save(path: string, png: Buffer): Promise<void> {
    await writeFile(path, png);
    this.saved.push(path);
  }

  /** The popup page at its own size (its body is the popup's width, entrypoints/popup/index.html), saved if asked. */
  async popup(tab: Tab, path?: string): Promise<Buffer> {
    const png = await pageOf(tab).locator('body').screenshot();
    if (path) await this.save(path, png);
    return png;
  }

  /** A profile's header, from the name down to the row of Follow buttons, across the profile's column. */
  async profileHeader(tab: Tab, path: string): Promise<void> {
    const page = pageOf(tab);
    const clip = await page.evaluate(() => {
      const host = document.querySelector('homeward-follow');
      const name = document.querySelector('h1, header h2');
      if (!host || !name) throw new Error('no follow button or profile name on the page');
      // The profile's column: the nearest ancestor of the button that also holds the name.
      let column = host.parentElement;
      while (column && !column.contains(name)) column = column.parentElement;
      if (!column) throw new Error('the follow button and the profile name share no container');
      const outer = column.getBoundingClientRect();
      const top = name.getBoundingClientRect().top;
      // The row the button sits in, with the site's own Follow button.
      const bottom = (host.parentElement ?? host).getBoundingClientRect().bottom;
      const margin = 24;
      return {
        x: Math.max(0, outer.left - margin),
        y: Math.max(0, top - margin),
        width: outer.width + 2 * margin,
        height: bottom - top + 2 * margin,
      };
    });
    await this.save(path, await page.screenshot({ clip }));
  }

  /** The whole tab at the store's size. */
  async store(tab: Tab, path: string): Promise<void> {
    const page = pageOf(tab);
    await page.setViewportSize(STORE_SIZE);
    await this.save(path, await page.screenshot());
  }
}

/**
 * The popup where a person sees it: over the page they were on, hanging from the toolbar at the top right. The
 * toolbar popup itself cannot be captured by automation (sandbox/harness/session.ts), so this is its page
 * composed over a screenshot of the profile, in a page of its own.
 */
async function popupOverPage(session: Session, backdrop: Buffer, popup: Buffer): Promise<Tab> {
  const tab = await session.openPage('about:blank');
  const url = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
  const page = pageOf(tab);
  await page.setViewportSize(STORE_SIZE);
  await page.setContent(`<!doctype html>
    <body style="margin:0;width:${STORE_SIZE.width}px;height:${STORE_SIZE.height}px;overflow:hidden;position:relative">
      <img src="${url(backdrop)}" style="position:absolute;left:0;top:0">
      <img src="${url(popup)}" style="position:absolute;top:12px;right:24px;border-radius:8px;
        box-shadow:0 10px 32px rgba(0,0,0,.28),0 0 0 1px rgba(0,0,0,.1)">
    </body>`);
  await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
  return tab;
}

/** The popup: the home server saved, the account connected through the real sign-in and approve pages. */
async function connectedPopup(session: Session, shots: Shots, readme: boolean): Promise<Tab> {
  const popup = await session.openPopup();
  await setHomeServer(popup, `http://${HOME}`);
  await popup.waitForRole('alert');
  if (readme) await shots.popup(popup, `${README_DIR}popup-validation-error.png`);
  await setHomeServer(popup, HOME);
  await popup.waitForText(HOME, { role: 'status' });
  await connectAccount(session, popup);
  return popup;
}

async function threadsProfile(session: Session): Promise<{ tab: Tab; handle: string }> {
  const account = publicAccount();
  const tab = await session.openPage(profileUrl('threads', account.username));
  await pageOf(tab).setViewportSize(STORE_SIZE);
  await tab.waitForText(account.displayName);
  const handle = `${account.username}@threads.net`;
  // The button's settled state (Follow on Mastodon), not its first "checking" spinner.
  await settledLabel(tab, handle);
  return { tab, handle };
}

/** An Instagram profile after the button's follow went through: Following on Mastodon. */
async function instagramProfileFollowed(session: Session): Promise<Tab> {
  const account = publicAccount(1);
  const tab = await session.openPage(profileUrl('instagram', account.username));
  await pageOf(tab).setViewportSize(STORE_SIZE);
  const handle = `${account.username}@threads.net`;
  await waitForFollowState(tab, handle, FOLLOW.follow);
  await tab.click('button', FOLLOW.follow);
  // Threads accepts an open account's follow by itself, after the sandbox's accept delay.
  await waitForFollowState(tab, handle, FOLLOW.following, 30_000);
  return tab;
}

/**
 * "Opening on home.example…" for a Mastodon post. Only an opening Homeward started reaches that page
 * (docs/security.md, "The Opening page"), so this picture is taken in the build that has the all-sites permission at
 * install, with automatic redirects on: the post's page is sent there. The home server's search is held back so the
 * page is caught while it asks, before its 5 s limit.
 */
async function openingPage(sandbox: Sandbox, locale: Locale, path: string, shots: Shots): Promise<void> {
  const post = linkTargets().find((t) => t.host === REMOTE.mastodon && t.kind === 'post');
  if (!post) throw new Error('sandbox/remote has no Mastodon post to open');
  const session = await launchChromium({
    args: [...sandbox.chromiumArgs(), `--lang=${locale}`, '--hide-scrollbars'],
    extensionDir: GRANTED_EXTENSION_DIRS.chromium,
  });
  try {
    await withAccount({ session, sandbox });
    await turnOnOpenAtHome(session);
    await sandbox.admin.fault({ host: HOME, pathPrefix: '/api/v2/search', latencyMs: 20_000 });
    const tab = await session.openPage('about:blank');
    await pageOf(tab).setViewportSize(STORE_SIZE);
    await tab.goto(post.url);
    await tab.waitForText(`Opening on ${HOME}…`, { role: 'status' });
    await shots.store(tab, path);
  } finally {
    await sandbox.admin.clearFaults();
    await session.close();
  }
}

/**
 * Bring my people mid-queue: an Instagram Following list of 40 read and checked, Follow selected pressed, and the
 * home server slowed (as tests/e2e/people.e2e.ts does) so the progress bar is part-way when the picture is taken.
 */
async function peopleQueue(session: Session, sandbox: Sandbox): Promise<Tab> {
  await sandbox.admin.hostOp('threads.net', 'set-following', { count: 40 });
  await sandbox.admin.fault({ host: HOME, pathPrefix: '/api/v1/accounts/', latencyMs: 1_500 });
  const list = await session.openPage(`${profileUrl('instagram', FOLLOWING_OWNER)}following/`);
  await list.click('button', 'Find them on the fediverse', { timeoutMs: 15_000 });
  const people = await session.waitForNewTab((url) => url.includes('/people.html?list='), {
    timeoutMs: 90_000,
  });
  await pageOf(people).setViewportSize(STORE_SIZE);
  await waitUntil(
    'every account checked',
    async () =>
      (await people.count('button', 'Follow selected')) > 0 &&
      (await people.evaluate(() => !document.querySelector('[role="progressbar"][aria-label="Checking"]')))
        ? true
        : undefined,
    60_000,
  );
  await people.click('button', 'Follow selected');
  await waitUntil(
    'a few follows',
    async () => {
      const { follows } = await sandbox.admin.hostOp<{ follows: unknown[] }>(HOME, 'state');
      return follows.length >= 5 ? true : undefined;
    },
    60_000,
  );
  return people;
}

async function shootLocale(sandbox: Sandbox, locale: Locale, shots: Shots): Promise<void> {
  const readme = locale === README_LOCALE;
  const store = storeDir(locale);
  await mkdir(store, { recursive: true });
  await sandbox.admin.reset();
  await sandbox.admin.clearFaults();
  // Scrollbars are the machine's, not the product's: a person's browser draws its own.
  const session = await launchChromium({
    args: [...sandbox.chromiumArgs(), `--lang=${locale}`, '--hide-scrollbars'],
  });
  try {
    const popup = await connectedPopup(session, shots, readme);
    const popupPng = await shots.popup(popup, readme ? `${README_DIR}popup-connected.png` : undefined);

    const { tab: threads } = await threadsProfile(session);
    if (readme) await shots.profileHeader(threads, `${README_DIR}threads-profile.png`);
    await shots.store(threads, `${store}follow-threads.png`);
    const backdrop = await pageOf(threads).screenshot();
    await shots.store(await popupOverPage(session, backdrop, popupPng), `${store}popup.png`);

    await shots.store(await instagramProfileFollowed(session), `${store}follow-instagram.png`);
    await shots.store(await peopleQueue(session, sandbox), `${store}people.png`);
  } catch (error) {
    for (const line of session.consoleLines()) console.error(line);
    throw error;
  } finally {
    await session.close();
  }
  await sandbox.admin.clearFaults();
  await openingPage(sandbox, locale, `${store}opening.png`, shots);
}

/** The README's Languages pictures: the popup and a German Threads profile, with the browser in German. */
const README_LANGUAGE = 'de';

async function readmeInLanguage(sandbox: Sandbox, shots: Shots): Promise<void> {
  await sandbox.admin.reset();
  await sandbox.admin.clearFaults();
  const session = await launchChromium({
    args: [...sandbox.chromiumArgs(), '--hide-scrollbars'],
    locale: README_LANGUAGE,
  });
  const labels = labelsIn(README_LANGUAGE);
  try {
    const popup = await session.openPopup();
    await setHomeServer(popup, HOME, labels);
    await popup.waitForText(HOME, { role: 'status' });
    await connectAccount(session, popup, labels);
    await shots.popup(popup, `${README_DIR}popup-connected-${README_LANGUAGE}.png`);
    const account = publicAccount();
    const tab = await session.openPage(`${profileUrl('threads', account.username)}?hl=${README_LANGUAGE}`);
    await pageOf(tab).setViewportSize(STORE_SIZE);
    await waitForFollowState(tab, `${account.username}@threads.net`, wordsIn(README_LANGUAGE)('site_follow'));
    await shots.profileHeader(tab, `${README_DIR}threads-profile-${README_LANGUAGE}.png`);
  } catch (error) {
    for (const line of session.consoleLines()) console.error(line);
    throw error;
  } finally {
    await session.close();
  }
}

/** Reads back every store PNG's size from its header: a wrong size would be refused by the store. */
async function checkStoreSizes(paths: readonly string[]): Promise<void> {
  for (const path of paths.filter((p) => p.includes('/docs/store/'))) {
    const png = await readFile(path);
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    if (width !== STORE_SIZE.width || height !== STORE_SIZE.height) {
      throw new Error(`${path} is ${width}×${height}, not ${STORE_SIZE.width}×${STORE_SIZE.height}`);
    }
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`Homeward screenshots: ${describeBrowser(findBrowser('chromium'))}`);
  await mkdir(README_DIR, { recursive: true });
  const sandbox = await startSandbox();
  const shots = new Shots();
  try {
    for (const locale of LOCALES) await shootLocale(sandbox, locale, shots);
    await readmeInLanguage(sandbox, shots);
  } finally {
    await sandbox.close();
  }
  await checkStoreSizes(shots.saved);
  console.log(
    `Homeward screenshots: ${shots.saved.length} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const path of shots.saved) console.log(`  ${path}`);
}

await main().catch(exitOnBrowserNotFound);
