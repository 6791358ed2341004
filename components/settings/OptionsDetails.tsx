import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { send } from '@/utils/settings/protocol';
import { describePermissions } from './permission-text';

/** What the options page adds to the popup: what Homeward may access, its caches, its version. */
export function OptionsDetails() {
  const [permissions, setPermissions] = useState<string[]>([]);
  const [cleared, setCleared] = useState(false);
  useEffect(() => {
    void browser.permissions
      .getAll()
      .then((all) => setPermissions([...(all.permissions ?? []), ...(all.origins ?? [])]));
  }, []);
  return (
    <section class="details" aria-label={t('settings_details')}>
      <h2>{t('settings_permissions')}</h2>
      <ul class="permissions">
        {describePermissions(permissions).map(({ text, name }) => (
          <li key={name}>
            {text}
            {text !== name && (
              <>
                {' '}
                <code class="note">{name}</code>
              </>
            )}
          </li>
        ))}
      </ul>
      <h2>{t('settings_caches')}</h2>
      <p class="note">{t('settings_cachesHelp')}</p>
      <button
        type="button"
        onClick={async () => {
          await send('clearCaches', {});
          setCleared(true);
        }}
      >
        {t('settings_clearCaches')}
      </button>
      {cleared && <p role="status">{t('settings_cachesCleared')}</p>}
      <p class="note">{t('settings_version', { version: browser.runtime.getManifest().version })}</p>
    </section>
  );
}
