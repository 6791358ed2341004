import { render } from 'preact';
import { WelcomePage } from '@/components/welcome/WelcomePage';
import '@/components/settings.css';
import '@/components/welcome/welcome.css';
import { changesParameter } from '@/utils/first-run';

const since = changesParameter(location.search);
if (since !== null) document.title = 'What changed in Homeward';
render(<WelcomePage since={since} />, document.getElementById('app')!);
