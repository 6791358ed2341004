/**
 * `npm run demo`: the sandbox fediverse plus Chromium with the built extension, configured through the real popup
 * (home server, sign-in and approve pages), then a Threads profile. Builds nothing: the npm script builds first.
 *
 * With DISPLAY set the browser is shown and stays open until Ctrl-C; without it, screenshots go to
 * docs/screenshots/ and the process exits.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../tests/e2e/harness/chromium';
import { settledLabel } from '../tests/e2e/harness/follow-button';
import { connectAccount, setHomeServer } from '../tests/e2e/harness/flows';
import type { Session } from '../tests/e2e/harness/session';
import { HOME } from './hosts';
import { startSandbox } from './index';
import { THREADS_ACCOUNTS } from './remote/threads-accounts';

const SCREENSHOTS = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

async function configureAndTour(session: Session, headed: boolean): Promise<string[]> {
  const saved: string[] = [];
  const shoot = async (tab: { screenshot(path: string): Promise<void> }, name: string) => {
    if (headed) return;
    const path = `${SCREENSHOTS}${name}.png`;
    await tab.screenshot(path);
    saved.push(path);
  };

  const popup = await session.openPopup();
  await setHomeServer(popup, `http://${HOME}`);
  await popup.waitForRole('alert');
  await shoot(popup, 'popup-validation-error');

  await setHomeServer(popup, HOME);
  await popup.waitForText(HOME, { role: 'status' });
  await connectAccount(session, popup);
  await shoot(popup, 'popup-connected');

  // The first account that opted in to fediverse sharing and can be followed without approval.
  const account = THREADS_ACCOUNTS.find((a) => a.fediverse && !a.locked);
  if (!account) throw new Error('sandbox/remote/threads-accounts.ts has no opted-in public account');
  const profile = await session.openPage(`https://www.threads.com/@${account.username}`);
  await profile.waitForText(account.displayName);
  // The button's settled state (Follow on Mastodon), not its first "checking" spinner.
  await settledLabel(profile, `${account.username}@threads.net`);
  await shoot(profile, 'threads-profile');
  return saved;
}

async function main(): Promise<void> {
  const started = Date.now();
  const headed = Boolean(process.env['DISPLAY']);
  const sandbox = await startSandbox();
  let session: Session | undefined;
  const shutdown = async () => {
    await session?.close();
    await sandbox.close();
  };
  try {
    session = await launchChromium({ args: sandbox.chromiumArgs(), headed });
    if (!headed) await mkdir(SCREENSHOTS, { recursive: true });
    const saved = await configureAndTour(session, headed);
    if (!headed) {
      console.log(`Homeward demo: screenshots in ${((Date.now() - started) / 1000).toFixed(1)} s`);
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
  console.log(`Homeward demo running: sandbox admin at ${sandbox.adminUrl}. Ctrl-C to quit.`);
  await new Promise<void>((resolve) => process.once('SIGINT', resolve));
  await shutdown();
}

await main();
