import { useEffect, useState } from 'preact/hooks';
import { send, type ServerProblem } from '@/utils/settings/protocol';
import { displayHost, INPUT_MESSAGES } from '@/utils/fediverse/server-input';
import type { HomeServer } from '@/utils/storage';

export function problemMessage(error: ServerProblem): string {
  switch (error.kind) {
    case 'input':
      return INPUT_MESSAGES[error.problem];
    case 'unreachable':
      return `Couldn't reach ${displayHost(error.host)}. Check the address and your connection.`;
    case 'timeout':
      return `${displayHost(error.host)} didn't answer within 5 seconds. Try again later.`;
    case 'not-mastodon':
      return `${displayHost(error.host)} isn't a Mastodon-compatible server.`;
  }
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
      <label for="home-server">Home server</label>
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
          Save
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
                <span class="spinner" aria-hidden="true" /> Checking {field.input || 'server'}…
              </>
            ) : server ? (
              <>
                <span aria-hidden="true">✓ </span>
                {server.title} · {displayHost(server.host)}
              </>
            ) : (
              'Your account lives here, e.g. mastodon.social or @you@mastodon.social.'
            )}
          </p>
        )}
      </div>
    </form>
  );
}
