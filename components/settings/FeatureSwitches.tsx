import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ALL_SITES } from '@/utils/capabilities';
import { send } from '@/utils/settings/protocol';
import type { Features } from '@/utils/storage';

const LABELS: Record<keyof Features, string> = {
  followButtons: 'Follow buttons on Threads and Instagram',
  openAtHome: 'Open fediverse links on my server',
};

/** Why the browser is about to ask for every site: shown under the switch, before the person turns it on. */
export const ALL_SITES_REASON =
  'To send a link home before the other server’s page loads, your browser will ask to let Homeward read the sites you visit; it only looks for fediverse posts and profiles, and sends their addresses to your server alone.';

/**
 * Each switch saves through the background; the page follows through its storage watch. "Open fediverse links"
 * is on only with the all-sites permission, asked for in the click itself (browsers prompt only for a gesture)
 * and given back when the switch goes off.
 */
export function FeatureSwitches({
  features,
  allSites,
  only,
  legend = 'What Homeward does',
}: {
  features: Features;
  allSites: boolean;
  /** One switch alone (the welcome page's last step); both by default. */
  only?: keyof Features;
  legend?: string;
}) {
  const [denied, setDenied] = useState(false);
  const shown: Features = { ...features, openAtHome: features.openAtHome && allSites };

  const change = (key: keyof Features, on: boolean) => {
    if (key !== 'openAtHome') {
      void send('setFeatures', { [key]: on });
      return;
    }
    setDenied(false);
    if (!on) {
      void send('setFeatures', { openAtHome: false });
      void browser.permissions.remove(ALL_SITES).catch(() => false);
      return;
    }
    const asked = browser.permissions.request(ALL_SITES);
    // Saved at once: Chromium may close the popup while its prompt shows, and the grant still counts then.
    void send('setFeatures', { openAtHome: true });
    void asked.then(
      (granted) => {
        if (granted) return;
        setDenied(true);
        void send('setFeatures', { openAtHome: false });
      },
      () => setDenied(true),
    );
  };

  return (
    <fieldset class="switches">
      <legend>{legend}</legend>
      {(only ? [only] : (Object.keys(LABELS) as Array<keyof Features>)).map((key) => (
        <div class="switch-row" key={key}>
          <label class="switch">
            <span>{LABELS[key]}</span>
            <input
              type="checkbox"
              role="switch"
              checked={shown[key]}
              aria-describedby={key === 'openAtHome' && !shown.openAtHome ? 'all-sites-reason' : undefined}
              onChange={(e) => change(key, e.currentTarget.checked)}
            />
          </label>
          {key === 'openAtHome' && !shown.openAtHome && (
            <p class="note" id="all-sites-reason">
              {denied
                ? 'Without that permission links open as they are. Right-click a link, or use the Homeward button, to open it on your server.'
                : ALL_SITES_REASON}
            </p>
          )}
        </div>
      ))}
    </fieldset>
  );
}
