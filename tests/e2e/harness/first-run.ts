import { currentAgreement } from '../../../utils/first-run';
import type { Session } from './session';
import { waitUntil } from './wait';

/**
 * What extension storage holds once Homeward is installed and has shown its welcome page: the agreement it
 * recorded (utils/background/first-run.ts). resetState leaves this, so that a restart in a test (which reinstalls
 * the extension: onInstalled "install") is the restart of an installed extension, as for a person, and opens no
 * welcome page in the middle of a scenario.
 */
export const INSTALLED_LOCAL_STORAGE: Readonly<Record<string, unknown>> = { agreement: currentAgreement() };

export const isWelcomePage = (url: string): boolean => url.endsWith('/welcome.html');

/**
 * A fresh profile's install opens the welcome page; scenarios, the demo and the bench start from the state after
 * it, so it is closed here (tests/e2e/welcome.e2e.ts keeps it: `keepWelcome`).
 */
export async function closeWelcomePage(session: Session): Promise<void> {
  // Among every tab, not only new ones: the install may open it before the harness lists the tabs it starts with.
  const welcome = await waitUntil(
    'the welcome page',
    async () => {
      for (const tab of await session.tabs()) {
        if (isWelcomePage(await tab.url().catch(() => ''))) return tab;
      }
      return undefined;
    },
    // Firefox, installing while another browser runs the other file, once took longer than 15 s to open it.
    30_000,
  );
  await welcome.close();
}
