import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/utils/i18n';
import { homeIntents } from '@/utils/mastodon/home-intents';
import { send } from '@/utils/settings/protocol';
import { canShare } from '@/utils/share/share';
import type { HomeServer } from '@/utils/storage';

/**
 * The toolbar path of "Share on your server": a new post at home with the title and address of the tab behind the
 * popup (opening the popup grants activeTab). Shown only for a web page, and where sharing can work for this home
 * (utils/share/share.ts).
 */
export function ShareHere({ server }: { server: HomeServer | null }) {
  const [tabId, setTabId] = useState<number | null>(null);
  const [shareable, setShareable] = useState(false);
  useEffect(() => {
    if (!server) return;
    void Promise.all([browser.tabs.query({ active: true, currentWindow: true }), homeIntents(server)])
      .then(([[active], intents]) => {
        if (active?.id === undefined || !active.url || !/^https?:\/\//.test(active.url)) return;
        setTabId(active.id);
        setShareable(canShare(server, intents));
      })
      .catch(() => undefined);
  }, [server]);
  if (!server || tabId === null || !shareable) return null;
  return (
    <p class="share-here">
      <button
        type="button"
        class="outline"
        onClick={() => void send('shareTab', { tabId }).finally(() => window.close())}
      >
        {t('menu_shareOn', { server: server.host })}
      </button>
    </p>
  );
}
