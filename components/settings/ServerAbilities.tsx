import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { homeSoftware, UNKNOWN_SOFTWARE } from '@/utils/mastodon/home-software';
import { UNMETERED_PACE_MS } from '@/utils/mastodon/rate-budget';
import type { HomeServer, WebClient } from '@/utils/storage';

/** The software's name and version: names are their own in every language. */
function softwareName(name: string, version: string): string {
  const shown = softwareLabel(name);
  return version ? `${shown} ${version}` : shown;
}

export function softwareLabel(name: string): string {
  return name === UNKNOWN_SOFTWARE ? t('abilities_unknownSoftware') : name;
}

/**
 * What Homeward can do with this home server's software, in one or two lines: a current Mastodon says only its
 * name; anything else says what differs (docs/home-software.md) and where to change it.
 */
export function ServerAbilities({ server, client }: { server: HomeServer; client: WebClient | null }) {
  const software = homeSoftware(server);
  const lines: preact.ComponentChildren[] = [];
  if (!software.api) {
    lines.push(t('abilities_unsupported', { software: softwareLabel(software.name), server: server.host }));
  } else if (client) {
    lines.push(
      client.kind === 'custom'
        ? t('abilities_openInCustom')
        : t('abilities_openIn', { client: client.kind === 'elk' ? 'Elk' : 'Phanpy', host: client.host }),
    );
  } else if (software.webUi === 'none') {
    lines.push(
      <>
        {t('abilities_noWebUi', { server: server.host })}{' '}
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t('abilities_chooseClient')}
        </button>
      </>,
    );
  }
  if (software.api && !software.rateLimitHeaders) {
    lines.push(
      t('abilities_noRateLimits', {
        software: softwareLabel(software.name),
        seconds: UNMETERED_PACE_MS / 1000,
      }),
    );
  }
  return (
    <section class="abilities" aria-label={t('abilities_title')}>
      <p class="note">
        {lines.length === 0
          ? t('abilities_allWork', { software: softwareName(software.name, server.version) })
          : softwareName(software.name, server.version)}
      </p>
      {lines.map((line, index) => (
        <p class="note" key={index}>
          {line}
        </p>
      ))}
    </section>
  );
}
