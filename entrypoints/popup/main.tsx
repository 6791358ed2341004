import { render } from 'preact';
import { t } from '@/utils/i18n';
import { loadCatalogue } from '@/utils/i18n/load';
import { browser } from 'wxt/browser';
import { Settings } from '@/components/settings/Settings';
import '@/components/shared/extension-page.css';
import { markOnce, SCRIPT_START_MARK } from '@/utils/marks';

markOnce(SCRIPT_START_MARK);

function Popup() {
  return (
    <>
      <h1>
        <img src={browser.runtime.getURL('/icons/32.png')} alt="" /> {t('extName')}
      </h1>
      <p class="tagline">{t('settings_whatItDoes')}</p>
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
