import { useEffect, useState } from 'preact/hooks';
import { softwareLabel } from './ServerAbilities';
import { t } from '@/utils/i18n';
import { send } from '@/utils/settings/protocol';
import { homeSoftware } from '@/utils/mastodon/home-software';
import { ELK_HOST, PHANPY_HOST } from '@/utils/mastodon/web-ui';
import type { HomeServer, WebClient } from '@/utils/storage';

type Kind = 'server' | WebClient['kind'];

interface Draft {
  kind: Kind;
  elkHost: string;
  phanpyHost: string;
  post: string;
  profile: string;
}

function draftOf(client: WebClient | null): Draft {
  return {
    kind: client?.kind ?? 'server',
    elkHost: client?.kind === 'elk' ? client.host : ELK_HOST,
    phanpyHost: client?.kind === 'phanpy' ? client.host : PHANPY_HOST,
    post: client?.kind === 'custom' ? client.post : '',
    profile: client?.kind === 'custom' ? client.profile : '',
  };
}

function clientOf(draft: Draft): WebClient | null {
  switch (draft.kind) {
    case 'server':
      return null;
    case 'elk':
      return { kind: 'elk', host: draft.elkHost.trim() };
    case 'phanpy':
      return { kind: 'phanpy', host: draft.phanpyHost.trim() };
    case 'custom':
      return { kind: 'custom', post: draft.post.trim(), profile: draft.profile.trim() };
  }
}

/**
 * **Open at home in**: the server's own web UI (where it has one for other servers' posts) or a web client signed
 * in to the same account. Elk and Phanpy on their public hosts or a self-hosted copy; any other by its addresses.
 */
export function WebClientChoice({ server, client }: { server: HomeServer | null; client: WebClient | null }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(client));
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  useEffect(() => setDraft(draftOf(client)), [JSON.stringify(client)]);
  const software = server ? homeSoftware(server) : null;
  const serverHasNone = software?.webUi === 'none';
  const update = (change: Partial<Draft>) => setDraft({ ...draft, ...change });

  const save = async (event: Event) => {
    event.preventDefault();
    try {
      const saved = await send('setWebClient', { client: clientOf(draft) });
      setMessage({ error: false, text: saved.client ? t('client_saved') : t('client_savedServer') });
    } catch {
      setMessage({
        error: true,
        text:
          draft.kind === 'custom'
            ? t('client_badPatterns', { id: '{id}', acct: '{acct}' })
            : t('client_badHost'),
      });
    }
  };

  const option = (kind: Kind, label: string, disabled = false) => (
    <label class="choice">
      <input
        type="radio"
        name="web-client"
        value={kind}
        checked={draft.kind === kind}
        disabled={disabled}
        onChange={() => update({ kind })}
      />{' '}
      {label}
    </label>
  );

  // Where the person's Elk or Phanpy lives: the public site, or their own copy.
  const hostField = (name: string, field: 'elkHost' | 'phanpyHost') => (
    <input
      type="text"
      aria-label={t('client_hostLabel', { client: name })}
      spellcheck={false}
      value={draft[field]}
      onInput={(event) => update({ [field]: event.currentTarget.value })}
    />
  );

  const patternField = (label: string, field: 'post' | 'profile', example: string) => (
    <label>
      {label}
      <input
        type="text"
        spellcheck={false}
        placeholder={example}
        value={draft[field]}
        onInput={(event) => update({ [field]: event.currentTarget.value })}
      />
    </label>
  );

  return (
    <form class="web-client" onSubmit={(event) => void save(event)}>
      <fieldset>
        <legend>
          <h2>{t('client_title')}</h2>
        </legend>
        <p class="note" id="web-client-help">
          {t('client_help')}
          {serverHasNone &&
            ` ${t('client_serverHasNone', { server: server?.host ?? '', software: software ? softwareLabel(software.name) : '' })}`}
        </p>
        {option(
          'server',
          serverHasNone ? t('client_serverUiNone') : t('client_serverUi'),
          serverHasNone && draft.kind !== 'server',
        )}
        {option('elk', 'Elk')}
        {draft.kind === 'elk' && hostField('Elk', 'elkHost')}
        {option('phanpy', 'Phanpy')}
        {draft.kind === 'phanpy' && hostField('Phanpy', 'phanpyHost')}
        {option('custom', t('client_custom'))}
        {draft.kind === 'custom' && (
          <div class="patterns">
            {patternField(t('client_postAddress'), 'post', 'https://client.example/{server}/@{acct}/{id}')}
            {patternField(t('client_profileAddress'), 'profile', 'https://client.example/{server}/@{acct}')}
            <p class="note">{t('client_patternHelp', { server: '{server}', acct: '{acct}', id: '{id}' })}</p>
          </div>
        )}
      </fieldset>
      <button type="submit">{t('client_save')}</button>
      {message && (
        <p role={message.error ? 'alert' : 'status'} class={message.error ? 'error' : undefined}>
          {message.text}
        </p>
      )}
    </form>
  );
}
