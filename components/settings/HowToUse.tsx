import { useEffect, useState } from 'preact/hooks';
import { t, tParts } from '@/utils/i18n';
import { browser } from 'wxt/browser';

/** The shortcut wxt.config.ts suggests; the browser may have another one set (its shortcuts page). */
export const DEFAULT_SHORTCUT = 'Alt+Shift+H';

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

const strong = (parts: unknown[]) => <strong>{parts}</strong>;
const kbd = (parts: unknown[]) => <kbd>{parts}</kbd>;

/** The right-click menu's item, as the background names it (utils/open-at-home/sync.ts). */
export function openOnLabel(server: string | undefined): string {
  return server ? t('menu_openOn', { server }) : t('menu_openOnYours');
}

/** Where each job is found: the popup's "How to use" and the welcome page's last step. */
export function HowToUseList({ server }: { server?: string | undefined }) {
  const shortcut = useShortcut();
  return (
    <ol class="how-to-use">
      <li>{tParts('howto_follow', { strong, label: t('site_follow') })}</li>
      <li>
        {shortcut
          ? tParts('howto_openWithShortcut', { strong, kbd, label: openOnLabel(server), shortcut })
          : tParts('howto_open', { strong, label: openOnLabel(server) })}
      </li>
      <li>{tParts('howto_people', { strong, label: t('site_scanFind') })}</li>
      <li>{t('howto_toolbar')}</li>
    </ol>
  );
}

/** The popup's short help, folded so it costs the popup one line. */
export function HowToUse({ server }: { server?: string | undefined }) {
  return (
    <details class="how-to">
      <summary>{t('howto_title')}</summary>
      <HowToUseList server={server} />
    </details>
  );
}
