import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, Session } from './session';

/** What a browser needs from the sandbox to reach its host names (the Sandbox object has both). */
export interface SandboxNetwork {
  chromiumArgs(): string[];
  firefoxPrefs(): Record<string, unknown>;
}

export interface LaunchOptions {
  headed?: boolean;
  extensionDir?: string;
  /** Leave the welcome page the install opens (tests/e2e/welcome.e2e.ts). */
  keepWelcome?: boolean;
  /**
   * The browser's interface language (docs/i18n.md): Chromium's --lang (with its LANGUAGE environment, which Linux
   * builds read), Firefox's intl.locale.requested. Both need the language's pack installed (chromium-l10n,
   * firefox-esr-l10n-<lang>: .ci/run).
   */
  locale?: string;
}

export function launchSession(
  name: BrowserName,
  network: SandboxNetwork,
  options: LaunchOptions = {},
): Promise<Session> {
  return name === 'chromium'
    ? launchChromium({ args: network.chromiumArgs(), ...options })
    : launchFirefox({
        ...options,
        prefs: {
          ...network.firefoxPrefs(),
          ...(options.locale ? { 'intl.locale.requested': options.locale } : {}),
        },
      });
}
