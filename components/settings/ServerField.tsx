import { useEffect, useState } from 'preact/hooks';
import { say, t } from '@/utils/i18n';
import { serverProblemWords } from '@/utils/settings/server-problem';
import { send, type ServerProblem } from '@/utils/settings/protocol';
import { displayHost } from '@/utils/fediverse/server-input';
import type { HomeServer } from '@/utils/storage';

export function problemMessage(error: ServerProblem): string {
  return say(serverProblemWords(error));
}

type FieldState =
  { phase: 'idle' } | { phase: 'checking'; input: string } | { phase: 'error'; message: string };

export function ServerField({
  server,
  onSaved,
}: {
  server: HomeServer | null;
  onSaved: (server: HomeServer) => void;
}) {
  const [value, setValue] = useState(server ? displayHost(server.host) : '');
  const [field, setField] = useState<FieldState>({ phase: 'idle' });
  useEffect(() => setValue(server ? displayHost(server.host) : ''), [server?.host]);

  async function submit(event: Event) {
    event.preventDefault();
    setField({ phase: 'checking', input: value.trim() });
    const result = await send('setServer', { input: value });
    if (result.ok) {
      setField({ phase: 'idle' });
      setValue(displayHost(result.server.host));
      onSaved(result.server);
    } else {
      setField({ phase: 'error', message: problemMessage(result.error) });
    }
  }

  const invalid = field.phase === 'error';
  return (
    <form class="server-field" onSubmit={submit} noValidate>
      <label for="home-server">{t('server_label')}</label>
      <div class="row">
        <input
          id="home-server"
          type="text"
          inputMode="url"
          autocomplete="off"
          autocapitalize="off"
          spellcheck={false}
          placeholder="mastodon.social"
          value={value}
          aria-invalid={invalid}
          aria-describedby="home-server-state"
          onInput={(e) => setValue(e.currentTarget.value)}
        />
        <button type="submit" disabled={field.phase === 'checking'}>
          {t('server_save')}
        </button>
      </div>
      <div id="home-server-state">
        {field.phase === 'error' ? (
          <p role="alert" class="error">
            {field.message}
          </p>
        ) : (
          <p role="status" class={field.phase === 'checking' ? 'checking' : 'ok'}>
            {field.phase === 'checking' ? (
              <>
                <span class="spinner" aria-hidden="true" />{' '}
                {field.input ? t('server_checking', { host: field.input }) : t('server_checkingBare')}
              </>
            ) : server ? (
              <>
                <span aria-hidden="true">✓ </span>
                {server.title} · {displayHost(server.host)}
              </>
            ) : (
              t('server_hint')
            )}
          </p>
        )}
      </div>
    </form>
  );
}
