import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { browser } from 'wxt/browser';
import { send } from '@/utils/settings/protocol';
import type { HomeServer } from '@/utils/storage';

/**
 * The toolbar path of "Open it at home": when the tab behind the popup shows a fediverse post or profile, one
 * button sends it to the home server. Opening the popup grants activeTab, so the tab's address is readable.
 * The detectors load after the popup is interactive: the rest of the popup never waits for them.
 */
export function OpenHere({ server }: { server: HomeServer | null }) {
  const [tab, setTab] = useState<{ id: number; url: string } | null>(null);
  useEffect(() => {
    void browser.tabs
      .query({ active: true, currentWindow: true })
      .then(async ([active]) => {
        if (active?.id === undefined || !active.url) return;
        const { detectFediverseLink } = await import('@/utils/fediverse/links');
        if (detectFediverseLink(active.url)) setTab({ id: active.id, url: active.url });
      })
      .catch(() => undefined);
  }, []);
  if (!server || !tab) return null;
  let host: string;
  try {
    host = new URL(tab.url).hostname;
  } catch {
    return null;
  }
  if (host === server.host || host === server.localDomain) return null;
  return (
    <p class="open-here">
      <button
        type="button"
        class="primary"
        onClick={() => void send('openTabAtHome', { tabId: tab.id }).finally(() => window.close())}
      >
        {t('menu_openOn', { server: server.host })}
      </button>
    </p>
  );
}
