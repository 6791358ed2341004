import { homeSoftware } from '@/utils/mastodon/home-software';
import { useState } from 'preact/hooks';
import { send, type ExtensionState } from '@/utils/settings/protocol';
import { displayHandle } from '@/utils/fediverse/server-input';

export function AccountPanel({ state, onChange }: { state: ExtensionState; onChange: () => Promise<void> }) {
  const [busy, setBusy] = useState<null | 'connect' | 'disconnect'>(null);
  const [failure, setFailure] = useState<string | null>(null);
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
      setFailure('Homeward did not answer. Close this window and try again.');
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
      <section class="account" aria-label="Account">
        <p class="note">
          This browser can't sign in to Mastodon from an extension. Homeward still works without an account:
          follow buttons open your server's own follow page, and links open on your server.
        </p>
      </section>
    );
  }

  return (
    <section class="account" aria-label="Account">
      {account.status === 'none' ? (
        <>
          <p class="note">Connect your account to follow people in one click.</p>
          <button class="primary" type="button" onClick={connect} disabled={busy !== null}>
            {busy === 'connect' ? 'Waiting for your server…' : 'Connect account'}
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
          {account.status === 'reconnect' && (
            <p class="warning">Your server no longer accepts Homeward's access. Reconnect to continue.</p>
          )}
          <div class="actions">
            {account.status === 'reconnect' && (
              <button class="primary" type="button" onClick={connect} disabled={busy !== null}>
                {busy === 'connect' ? 'Waiting for your server…' : 'Reconnect'}
              </button>
            )}
            <button type="button" onClick={disconnect} disabled={busy !== null}>
              Disconnect
            </button>
          </div>
        </>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </section>
  );
}
