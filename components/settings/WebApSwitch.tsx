import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { send } from '@/utils/settings/protocol';
import { webApItem } from '@/utils/storage';

/** Whether this browser hands `web+ap://` links to Homeward (its manifest names a handler: Firefox). */
function handlesWebAp(): boolean {
  const manifest = browser.runtime.getManifest() as { protocol_handlers?: { protocol: string }[] };
  return (manifest.protocol_handlers ?? []).some((handler) => handler.protocol === 'web+ap');
}

/** The options page's switch for web+ap links, where the browser hands them to Homeward. */
export function WebApSwitch() {
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => {
    if (!handlesWebAp()) return;
    void webApItem.getValue().then(setOn);
    return webApItem.watch((value) => setOn(value));
  }, []);
  if (on === null) return null;
  return (
    <div class="switch-row web-ap">
      <label class="switch">
        <span>{t('settings_webAp')}</span>
        <input
          type="checkbox"
          role="switch"
          checked={on}
          aria-describedby="web-ap-note"
          onChange={(event) => void send('setWebAp', { on: event.currentTarget.checked })}
        />
      </label>
      <p class="note" id="web-ap-note">
        {t('settings_webApNote')}
      </p>
    </div>
  );
}
