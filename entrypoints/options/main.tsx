import { render } from 'preact';
import { NeverRedirect } from '@/components/settings/NeverRedirect';
import { OptionsDetails } from '@/components/settings/OptionsDetails';
import { Settings } from '@/components/settings/Settings';
import '@/components/shared/extension-page.css';

render(
  <>
    <h1>Homeward settings</h1>
    <Settings webClient>
      <NeverRedirect />
      <OptionsDetails />
    </Settings>
  </>,
  document.getElementById('app')!,
);
