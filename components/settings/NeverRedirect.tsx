import { useEffect, useState } from 'preact/hooks';
import { activeLocale, t } from '@/utils/i18n';
import { parseHostList } from '@/utils/settings/host-list';
import { send } from '@/utils/settings/protocol';
import { neverRedirectItem } from '@/utils/storage';

/** Host names in a sentence, joined the language's way. */
function list(hosts: string[]): string {
  return new Intl.ListFormat(activeLocale(), { style: 'short', type: 'unit' }).format(hosts);
}

/** The per-site escape from automatic redirects: links to these sites always open as they are. */
export function NeverRedirect() {
  const [text, setText] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void neverRedirectItem.getValue().then((hosts) => setText(hosts.join('\n')));
  }, []);
  if (text === null) return null;
  const save = async (event: Event) => {
    event.preventDefault();
    const { hosts, rejected } = parseHostList(text);
    const saved = await send('setNeverRedirect', { hosts });
    setText(saved.hosts.join('\n'));
    setMessage(
      rejected.length > 0
        ? t('settings_neverSavedRejected', { hosts: list(rejected) })
        : saved.hosts.length === 0
          ? t('settings_neverSavedNone')
          : t('settings_neverSaved', { hosts: list(saved.hosts) }),
    );
  };
  return (
    <form class="never-redirect" onSubmit={(event) => void save(event)}>
      <h2>
        <label for="never-redirect">{t('settings_neverTitle')}</label>
      </h2>
      <p class="note" id="never-redirect-help">
        {t('settings_neverHelp')}
      </p>
      <textarea
        id="never-redirect"
        rows={4}
        spellcheck={false}
        aria-describedby="never-redirect-help"
        placeholder="mastodon.example"
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <button type="submit">{t('settings_neverSave')}</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
