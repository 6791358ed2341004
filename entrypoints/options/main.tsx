import { render } from 'preact';
import { t } from '@/utils/i18n';
import { loadCatalogue } from '@/utils/i18n/load';
import { LanguageChoice } from '@/components/settings/LanguageChoice';
import { NeverRedirect } from '@/components/settings/NeverRedirect';
import { OptionsDetails } from '@/components/settings/OptionsDetails';
import { Settings } from '@/components/settings/Settings';
import { WebApSwitch } from '@/components/settings/WebApSwitch';
import '@/components/shared/extension-page.css';

void loadCatalogue().then(() => {
  document.title = t('options_title');
  render(
    <>
      <h1>{t('options_title')}</h1>
      <Settings webClient accounts>
        <LanguageChoice />
        <WebApSwitch />
        <NeverRedirect />
        <OptionsDetails />
      </Settings>
    </>,
    document.getElementById('app')!,
  );
});
