import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/** The shortcut wxt.config.ts suggests; the browser may have another one set (its shortcuts page). */
export const DEFAULT_SHORTCUT = 'Alt+Shift+H';

/** What Homeward does, in one line: the popup's and the welcome page's first words. */
export const WHAT_IT_DOES =
  'Homeward follows people and opens fediverse links from your own account on your home server.';

/**
 * The shortcut as the person has it: they may have changed it or removed it. Where `commands.getAll` is
 * missing (Firefox for Android), the suggested one.
 */
export function useShortcut(): string | null {
  const [shortcut, setShortcut] = useState<string | null>(DEFAULT_SHORTCUT);
  useEffect(() => {
    if (!browser.commands?.getAll) return;
    void browser.commands
      .getAll()
      .then((commands) => {
        const command = commands.find((c) => c.name === 'open-at-home');
        if (command) setShortcut(command.shortcut || null);
      })
      .catch(() => undefined);
  }, []);
  return shortcut;
}

/** Where each job is found: the popup's "How to use" and the welcome page's last step. */
export function HowToUseList({ server }: { server?: string | undefined }) {
  const shortcut = useShortcut();
  return (
    <ol class="how-to-use">
      <li>
        On a Threads or Instagram profile, press <strong>Follow on Mastodon</strong> beside the site's own
        Follow button.
      </li>
      <li>
        Right-click a link or a page → <strong>Open on {server ?? 'your server'}</strong>
        {shortcut ? (
          <>
            , or press <kbd>{shortcut}</kbd> on a fediverse post or profile
          </>
        ) : null}
        .
      </li>
      <li>
        On a Following list, press <strong>Find them on the fediverse</strong> to follow everyone who is
        there.
      </li>
      <li>Click the Homeward button in the toolbar for these settings at any time.</li>
    </ol>
  );
}

/** The popup's short help, folded so it costs the popup one line. */
export function HowToUse({ server }: { server?: string | undefined }) {
  return (
    <details class="how-to">
      <summary>How to use</summary>
      <HowToUseList server={server} />
    </details>
  );
}
