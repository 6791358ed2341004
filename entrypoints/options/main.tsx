import { render } from 'preact';
import { NeverRedirect } from '@/components/NeverRedirect';
import { OptionsDetails } from '@/components/OptionsDetails';
import { Settings } from '@/components/Settings';
import '@/components/settings.css';

render(
  <>
    <h1>Homeward settings</h1>
    <Settings>
      <NeverRedirect />
      <OptionsDetails />
    </Settings>
  </>,
  document.getElementById('app')!,
);
