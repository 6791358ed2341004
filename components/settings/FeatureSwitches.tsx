import { useState } from 'preact/hooks';
import { t, type MessageKey } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { ALL_SITES } from '@/utils/capabilities';
import { send } from '@/utils/settings/protocol';
import type { Features } from '@/utils/storage';

const LABELS: Record<keyof Features, MessageKey> = {
  followButtons: 'settings_followButtons',
  openAtHome: 'settings_openAtHome',
};

/**
 * Each switch saves through the background; the page follows through its storage watch. "Open fediverse links"
 * is on only with the all-sites permission, asked for in the click itself (browsers prompt only for a gesture)
 * and given back when the switch goes off.
 */
export function FeatureSwitches({
  features,
  allSites,
  only,
  legend,
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
      <legend>{legend ?? t('settings_whatHomewardDoes')}</legend>
      {(only ? [only] : (Object.keys(LABELS) as Array<keyof Features>)).map((key) => (
        <div class="switch-row" key={key}>
          <label class="switch">
            <span>{t(LABELS[key])}</span>
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
              {denied ? t('settings_allSitesDenied') : t('settings_allSitesReason')}
            </p>
          )}
        </div>
      ))}
    </fieldset>
  );
}
