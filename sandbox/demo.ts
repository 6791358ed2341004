/**
 * `npm run demo [-- --browser firefox] [-- --locale de]`: the sandbox fediverse plus a browser (Chromium by
 * default) with the built extension, configured through the real popup (home server, sign-in and approve pages),
 * then a Threads profile. `--locale` starts the browser in one of Homeward's languages (utils/i18n/locales.ts),
 * and the Threads page in it too. Builds nothing: the npm script builds first.
 *
 * With a display the browser is shown and stays open until Ctrl-C; without one (Linux without DISPLAY or
 * WAYLAND_DISPLAY) it runs headless, saves screenshots to .output/demo/<browser>/ (git-ignored) and exits. The
 * pictures in docs/ come from `npm run screenshots` (sandbox/screenshots.ts) instead.
 */
import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { waitForFollowState } from './harness/follow-button';
import { labelsIn, wordsIn } from './harness/words';
import { isLocale, LOCALES, type Locale } from '../utils/i18n/locales';
import { connectAccount, setHomeServer } from './harness/flows';
import { launchSession } from './harness/launch';
import { BROWSERS, type BrowserName, type Session } from './harness/session';
import { describeBrowser, exitOnBrowserNotFound, findBrowser } from './core/find-browser';
import { HOME } from './hosts';
import { startSandbox } from './index';
import { THREADS_ACCOUNTS } from './remote/threads-accounts';

function optionsFromArgs(): { browserName: BrowserName; locale: Locale } {
  const { values } = parseArgs({
    options: { browser: { type: 'string', default: 'chromium' }, locale: { type: 'string', default: 'en' } },
  });
  const name = values.browser;
  if (!(BROWSERS as readonly string[]).includes(name)) {
    console.error(`--browser ${name}: choose one of ${BROWSERS.join(', ')}`);
    process.exit(2);
  }
  if (!isLocale(values.locale)) {
    console.error(`--locale ${values.locale}: choose one of ${LOCALES.join(', ')}`);
    process.exit(2);
  }
  return { browserName: name as BrowserName, locale: values.locale };
}

/**
 * Japanese, Korean and Chinese need a font with their scripts, which a fresh Debian lacks (the browsers then draw
 * boxes). One line says which package draws them; the demo goes on either way.
 */
function warnOfMissingFont(locale: Locale): void {
  const script = { ja: 'ja', ko: 'ko', 'zh-TW': 'zh-tw' }[locale as string];
  if (!script || process.platform !== 'linux') return;
  const fonts = spawnSync('fc-list', [`:lang=${script}`], { encoding: 'utf8' });
  if (fonts.status === 0 && fonts.stdout.trim() === '')
    console.log(
      `Homeward demo: no font for ${locale} on this machine: its words show as boxes until one is installed (sudo apt install fonts-noto-cjk).`,
    );
}

/** macOS and Windows always have a screen; on Linux a graphical session sets one of these. */
const hasDisplay = (): boolean =>
  process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY']);

async function configureAndTour(
  session: Session,
  screenshots: string | undefined,
  locale: Locale,
): Promise<string[]> {
  const labels = labelsIn(locale);
  const saved: string[] = [];
  const shoot = async (tab: { screenshot(path: string): Promise<void> }, name: string) => {
    if (!screenshots) return;
    const path = `${screenshots}${name}.png`;
    await tab.screenshot(path);
    saved.push(path);
  };

  const popup = await session.openPopup();
  await setHomeServer(popup, `http://${HOME}`, labels);
  await popup.waitForRole('alert');
  await shoot(popup, 'popup-validation-error');

  await setHomeServer(popup, HOME, labels);
  await popup.waitForText(HOME, { role: 'status' });
  await connectAccount(session, popup, labels);
  await shoot(popup, 'popup-connected');

  // The first account that opted in to fediverse sharing and can be followed without approval.
  const account = THREADS_ACCOUNTS.find((a) => a.fediverse && !a.locked);
  if (!account) throw new Error('sandbox/remote/threads-accounts.ts has no opted-in public account');
  const profile = await session.openPage(
    `https://www.threads.com/@${account.username}${locale === 'en' ? '' : `?hl=${locale}`}`,
  );
  await profile.waitForText(account.displayName);
  // The button's settled state (Follow on Mastodon), not its first "checking" spinner.
  await waitForFollowState(profile, `${account.username}@threads.net`, wordsIn(locale)('site_follow'));
  await shoot(profile, 'threads-profile');
  return saved;
}

async function main(): Promise<void> {
  const started = Date.now();
  const { browserName, locale } = optionsFromArgs();
  warnOfMissingFont(locale);
  const headed = hasDisplay();
  // Before the sandbox starts: a missing browser is one line, not a stack trace after a second of setup.
  console.log(`Homeward demo: ${describeBrowser(findBrowser(browserName))}`);
  const screenshots = headed
    ? undefined
    : fileURLToPath(
        new URL(`../.output/demo/${browserName}/${locale === 'en' ? '' : `${locale}/`}`, import.meta.url),
      );
  const sandbox = await startSandbox();
  let session: Session | undefined;
  const shutdown = async () => {
    await session?.close();
    await sandbox.close();
  };
  try {
    session = await launchSession(browserName, sandbox, { headed, ...(locale === 'en' ? {} : { locale }) });
    if (screenshots) await mkdir(screenshots, { recursive: true });
    const saved = await configureAndTour(session, screenshots, locale);
    if (screenshots) {
      console.log(
        `Homeward demo: ${saved.length} screenshots in ${screenshots} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      );
      for (const path of saved) console.log(`  ${path}`);
      await shutdown();
      return;
    }
  } catch (error) {
    if (session) {
      for (const line of session.consoleLines()) console.error(line);
    }
    await shutdown();
    throw error;
  }
  console.log(
    `Homeward demo running in ${browserName}: sandbox admin at ${sandbox.adminUrl}. Ctrl-C to quit.`,
  );
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await shutdown();
}

await main().catch(exitOnBrowserNotFound);
