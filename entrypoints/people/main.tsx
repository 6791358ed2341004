import { render } from 'preact';
import { t } from '@/utils/i18n';
import { loadCatalogue } from '@/utils/i18n/load';
import { listIdFrom, PeopleApp } from '@/components/people/PeopleApp';
import '@/components/shared/extension-page.css';
import '@/components/people/people.css';

void loadCatalogue().then(() => {
  document.title = t('people_title');
  render(<PeopleApp listId={listIdFrom(location.search)} />, document.getElementById('app')!);
});
