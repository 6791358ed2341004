import { browser } from 'wxt/browser';
import { homeSoftware } from '@/utils/mastodon/home-software';
import { UNMETERED_PACE_MS } from '@/utils/mastodon/rate-budget';
import type { HomeServer, WebClient } from '@/utils/storage';

const CLIENT_NAMES = { elk: 'Elk', phanpy: 'Phanpy', custom: 'your web client' } as const;

/**
 * What Homeward can do with this home server's software, in one or two lines: a current Mastodon says only its
 * name; anything else says what differs (docs/home-software.md) and where to change it.
 */
export function ServerAbilities({ server, client }: { server: HomeServer; client: WebClient | null }) {
  const software = homeSoftware(server);
  const lines: preact.ComponentChildren[] = [];
  if (!software.api) {
    lines.push(
      `${software.name} isn't supported as a home server yet: Homeward can't connect to your account. Links open through ${server.host}'s own look-up page.`,
    );
  } else if (client) {
    lines.push(
      `Posts and profiles open in ${CLIENT_NAMES[client.kind]}${client.kind === 'custom' ? '' : ` (${client.host})`}.`,
    );
  } else if (software.webUi === 'none') {
    lines.push(
      <>
        {server.host} has no web page for posts from other servers: they open in a web client.{' '}
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          Choose a web client
        </button>
      </>,
    );
  }
  if (software.api && !software.rateLimitHeaders) {
    lines.push(
      `${software.name} doesn't say its rate limits: Bring my people follows one account every ${UNMETERED_PACE_MS / 1000} seconds.`,
    );
  }
  return (
    <section class="abilities" aria-label="What works with your server">
      <p class="note">
        {software.name}
        {server.version && ` ${server.version}`}
        {lines.length === 0 && ': follow buttons, Bring my people and Open it at home all work.'}
      </p>
      {lines.map((line, index) => (
        <p class="note" key={index}>
          {line}
        </p>
      ))}
    </section>
  );
}
