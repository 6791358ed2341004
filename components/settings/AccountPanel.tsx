import { homeSoftware } from '@/utils/mastodon/home-software';
import { say, t, words, type Words } from '@/utils/i18n';
import { useState } from 'preact/hooks';
import { send, type ExtensionState } from '@/utils/settings/protocol';
import { displayHandle } from '@/utils/fediverse/server-input';

export function AccountPanel({ state, onChange }: { state: ExtensionState; onChange: () => Promise<void> }) {
  const [busy, setBusy] = useState<null | 'connect' | 'disconnect'>(null);
  const [failure, setFailure] = useState<Words | null>(null);
  const { server, account } = state;
  if (!server) return null;
  // A sign-in that failed while this popup was closed is reported by the background through storage.
  const error = failure ?? (busy ? null : state.connectError);

  async function run(action: 'connect' | 'disconnect') {
    setBusy(action);
    setFailure(null);
    try {
      const result = await send(action, {});
      if (!result.ok) setFailure(result.message);
    } catch {
      setFailure(words('settings_noAnswer'));
    } finally {
      await onChange();
      setBusy(null);
    }
  }
  const connect = () => void run('connect');
  const disconnect = () => void run('disconnect');

  // A home without Mastodon's API (Misskey): ServerAbilities says what works; there is nothing to connect.
  if (!homeSoftware(server).api) return null;
  if (!state.canConnect) {
    return (
      <section class="account" aria-label={t('settings_account')}>
        <p class="note">{t('settings_cannotSignIn')}</p>
      </section>
    );
  }

  return (
    <section class="account" aria-label={t('settings_account')}>
      {account.status === 'none' ? (
        <>
          <p class="note">{t('settings_connectHint')}</p>
          <button class="primary" type="button" onClick={connect} disabled={busy !== null}>
            {busy === 'connect' ? t('settings_waiting') : t('site_connectAccount')}
          </button>
        </>
      ) : (
        <>
          <div class={`card ${account.status}`}>
            <img src={account.account.avatar} alt="" width={40} height={40} />
            <div class="who">
              <strong>{account.account.displayName}</strong>
              <span class="handle">@{displayHandle(account.account.handle)}</span>
            </div>
          </div>
          {account.status === 'reconnect' && <p class="warning">{t('settings_revoked')}</p>}
          <div class="actions">
            {account.status === 'reconnect' && (
              <button class="primary" type="button" onClick={connect} disabled={busy !== null}>
                {busy === 'connect' ? t('settings_waiting') : t('common_reconnect')}
              </button>
            )}
            <button type="button" onClick={disconnect} disabled={busy !== null}>
              {t('settings_disconnect')}
            </button>
          </div>
        </>
      )}
      {error && (
        <p role="alert" class="error">
          {say(error)}
        </p>
      )}
    </section>
  );
}
