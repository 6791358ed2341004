import { useEffect, useState } from 'preact/hooks';
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
    <section class="details" aria-label="Details">
      <h2>What Homeward may do</h2>
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
      <h2>Caches</h2>
      <p class="note">Homeward remembers app registrations and look-ups to save requests to your server.</p>
      <button
        type="button"
        onClick={async () => {
          await send('clearCaches', {});
          setCleared(true);
        }}
      >
        Clear caches
      </button>
      {cleared && <p role="status">Caches cleared.</p>}
      <p class="note">Version {browser.runtime.getManifest().version}</p>
    </section>
  );
}
