import { render } from 'preact';
import { OptionsDetails } from '@/components/OptionsDetails';
import { Settings } from '@/components/Settings';
import '@/components/settings.css';

render(
  <>
    <h1>Homeward settings</h1>
    <Settings>
      <OptionsDetails />
    </Settings>
  </>,
  document.getElementById('app')!,
);
