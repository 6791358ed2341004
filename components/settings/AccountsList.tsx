import { useState } from 'preact/hooks';
import { say, t, words, type Words } from '@/utils/i18n';
import { send, type AccountEntry, type ExtensionState } from '@/utils/settings/protocol';
import { displayHandle, displayHost } from '@/utils/fediverse/server-input';

/**
 * **Accounts** (the options page): every connected account, on the home server or others. The default one is what
 * the follow button, Bring my people and Open it at home use; the follow button's menu offers the others by their
 * number here. Add, disconnect (revokes that account's token only), make default, move up and down.
 */
export function AccountsList({ state, onChange }: { state: ExtensionState; onChange: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Words | null>(null);
  const [server, setServer] = useState('');
  const { accounts } = state;
  if (!state.canConnect) return null;

  async function run(request: () => Promise<{ ok: boolean; message?: Words } | unknown>) {
    setBusy(true);
    setFailure(null);
    try {
      const result = (await request()) as { ok?: boolean; message?: Words; error?: unknown };
      if (result && result.ok === false) setFailure(result.message ?? words('settings_noAnswer'));
      else setServer('');
    } catch {
      setFailure(words('settings_noAnswer'));
    } finally {
      await onChange();
      setBusy(false);
    }
  }
  const move = (index: number, by: -1 | 1) => {
    const keys = accounts.map((entry) => entry.key);
    const [moved] = keys.splice(index, 1);
    keys.splice(index + by, 0, moved!);
    void run(() => send('orderAccounts', { keys }));
  };

  return (
    <section class="accounts" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('accounts_title')}</h2>
      {accounts.length === 0 ? (
        <p class="note">{t('accounts_none')}</p>
      ) : (
        <ol class="account-list">
          {accounts.map((entry, index) => (
            <AccountRow
              key={entry.key}
              entry={entry}
              number={index + 1}
              busy={busy}
              first={index === 0}
              last={index === accounts.length - 1}
              onMove={(by) => move(index, by)}
              onDefault={() => void run(() => send('makeDefault', { key: entry.key }))}
              onReconnect={() => void run(() => send('connect', { server: entry.host }))}
              onDisconnect={() => void run(() => send('disconnect', { key: entry.key }))}
            />
          ))}
        </ol>
      )}
      <form
        class="add-account"
        onSubmit={(event) => {
          event.preventDefault();
          void run(() => send('connect', server.trim() ? { server: server.trim() } : {}));
        }}
      >
        <label>
          {t('accounts_serverLabel')}
          <input
            type="text"
            value={server}
            placeholder={state.server ? displayHost(state.server.host) : 'mastodon.social'}
            onInput={(event) => setServer((event.target as HTMLInputElement).value)}
            autocomplete="off"
            spellcheck={false}
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('settings_waiting') : t('accounts_add')}
        </button>
      </form>
      <p class="note">{t('accounts_addHint')}</p>
      {failure && (
        <p role="alert" class="error">
          {say(failure)}
        </p>
      )}
    </section>
  );
}

function AccountRow({
  entry,
  number,
  busy,
  first,
  last,
  onMove,
  onDefault,
  onReconnect,
  onDisconnect,
}: {
  entry: AccountEntry;
  number: number;
  busy: boolean;
  first: boolean;
  last: boolean;
  onMove: (by: -1 | 1) => void;
  onDefault: () => void;
  onReconnect: () => void;
  onDisconnect: () => void;
}) {
  const handle = `@${displayHandle(entry.account.handle)}`;
  return (
    <li class={`card ${entry.status}`}>
      <img src={entry.account.avatar} alt="" width={32} height={32} />
      <div class="who">
        <strong>{entry.account.displayName}</strong>
        <span class="handle">{handle}</span>
        {/* Where a sign-in for it goes, whatever the record's handle says. */}
        <span class="number">{t('accounts_onServer', { server: displayHost(entry.host) })}</span>
        <span class="number">
          {t('accounts_number', { number })}
          {entry.isDefault && ` · ${t('accounts_default')}`}
        </span>
        {entry.status === 'reconnect' && <span class="warning">{t('settings_revoked')}</span>}
      </div>
      <div class="actions">
        {!entry.isDefault && (
          <button
            type="button"
            disabled={busy}
            onClick={onDefault}
            aria-label={t('accounts_makeDefaultOf', { handle })}
          >
            {t('accounts_makeDefault')}
          </button>
        )}
        {entry.status === 'reconnect' && (
          <button type="button" class="primary" disabled={busy} onClick={onReconnect}>
            {t('common_reconnect')}
          </button>
        )}
        {[
          { text: '↑', label: t('accounts_moveUp', { handle }), off: first, act: () => onMove(-1) },
          { text: '↓', label: t('accounts_moveDown', { handle }), off: last, act: () => onMove(1) },
          {
            text: t('settings_disconnect'),
            label: t('accounts_disconnectOf', { handle }),
            off: false,
            act: onDisconnect,
          },
        ].map((action) => (
          <button type="button" disabled={busy || action.off} onClick={action.act} aria-label={action.label}>
            {action.text}
          </button>
        ))}
      </div>
    </li>
  );
}
