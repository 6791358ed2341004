import { render, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t } from '@/utils/i18n';
import { loadCatalogue } from '@/utils/i18n/load';
import { browser } from 'wxt/browser';
import { Settings } from '@/components/settings/Settings';
import '@/components/shared/extension-page.css';
import { markOnce, SCRIPT_START_MARK } from '@/utils/marks';

markOnce(SCRIPT_START_MARK);

/**
 * **Follow the author** (components/follow/AuthorFollow.tsx), loaded after the popup's first paint: the rest of the
 * popup never waits for it, nor for reading the page.
 */
function LaterAuthor() {
  const [Author, setAuthor] = useState<ComponentType | null>(null);
  useEffect(() => {
    void import('@/components/follow/AuthorFollow').then((module) => setAuthor(() => module.AuthorFollow));
  }, []);
  return Author ? <Author /> : null;
}

function Popup() {
  return (
    <>
      <h1>
        <img src={browser.runtime.getURL('/icons/32.png')} alt="" /> {t('extName')}
      </h1>
      <p class="tagline">{t('settings_whatItDoes')}</p>
      <LaterAuthor />
      <Settings openHere howTo />
      <p class="note">
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          {t('popup_moreSettings')}
        </a>
      </p>
    </>
  );
}

void loadCatalogue().then(() => render(<Popup />, document.getElementById('app')!));
