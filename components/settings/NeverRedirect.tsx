import { useEffect, useState } from 'preact/hooks';
import { parseHostList } from '@/utils/settings/host-list';
import { send } from '@/utils/settings/protocol';
import { neverRedirectItem } from '@/utils/storage';

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
        ? `Saved. Not a site name, left out: ${rejected.join(', ')}`
        : `Saved: ${saved.hosts.length === 0 ? 'no sites' : saved.hosts.join(', ')}.`,
    );
  };
  return (
    <form class="never-redirect" onSubmit={(event) => void save(event)}>
      <h2>
        <label for="never-redirect">Never open at home</label>
      </h2>
      <p class="note" id="never-redirect-help">
        Links to these sites open as they are. One site per line; a site includes its subdomains. Alt-click a
        link to open the original once.
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
      <button type="submit">Save list</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
