import { render } from 'preact';
import { t } from '@/utils/i18n';
import { loadCatalogue } from '@/utils/i18n/load';
import { WelcomePage } from '@/components/settings/WelcomePage';
import '@/components/shared/extension-page.css';
import '@/components/settings/welcome.css';
import { changesParameter } from '@/utils/settings/first-run';

const since = changesParameter(location.search);
void loadCatalogue().then(() => {
  document.title = since === null ? t('welcome_title') : t('welcome_changesTitle');
  render(<WelcomePage since={since} />, document.getElementById('app')!);
});
