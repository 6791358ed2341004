import { currentAgreement } from '../../utils/settings/first-run';
import type { Session } from './session';
import { waitUntil } from './wait';

/**
 * What extension storage holds once Homeward is installed and has shown its welcome page: the agreement it
 * recorded (utils/settings/install.ts). resetState leaves this, so that a restart in a test (which reinstalls
 * the extension: onInstalled "install") is the restart of an installed extension, as for a person, and opens no
 * welcome page in the middle of a scenario.
 */
export const INSTALLED_LOCAL_STORAGE: Readonly<Record<string, unknown>> = { agreement: currentAgreement() };

const WELCOME_PATH = '/welcome.html';

export const isWelcomePage = (url: string): boolean => url.endsWith(WELCOME_PATH);

/**
 * A fresh profile's install opens the welcome page; scenarios, the demo and the bench start from the state after
 * it, so it is closed here (tests/e2e/welcome.e2e.ts keeps it: `keepWelcome`). `closeInExtension`, where the
 * harness has one, asks the extension itself to close its page (extension-storage.ts `closeExtensionTab`) when the
 * driver lists no such tab.
 */
export async function closeWelcomePage(
  session: Session,
  closeInExtension?: (path: string) => Promise<boolean>,
): Promise<void> {
  await waitUntil(
    'the welcome page',
    async () => {
      // Among every tab, not only new ones: the install may open it before the harness lists its first tabs.
      for (const tab of await session.tabs()) {
        if (isWelcomePage(await tab.url().catch(() => ''))) return tab.close().then(() => true);
      }
      return (await closeInExtension?.(WELCOME_PATH)) || undefined;
    },
    // Firefox, installing while another browser runs the other file, once took longer than 15 s to open it.
    30_000,
  ).catch(async (error: Error) => {
    // Whether the install ran at all (it records the agreement before it opens the page) tells the two apart.
    const local = await session.extensionStorage('local').catch(() => ({}));
    const urls = await Promise.all((await session.tabs()).map((tab) => tab.url().catch(() => '?')));
    throw new Error(
      `${error.message}; agreement stored: ${'agreement' in local}; open tabs: ${JSON.stringify(urls)}`,
    );
  });
}
