import { render } from 'preact';
import { WelcomePage } from '@/components/settings/WelcomePage';
import '@/components/shared/extension-page.css';
import '@/components/settings/welcome.css';
import { changesParameter } from '@/utils/settings/first-run';

const since = changesParameter(location.search);
if (since !== null) document.title = 'What changed in Homeward';
render(<WelcomePage since={since} />, document.getElementById('app')!);
