import { render } from 'preact';
import { browser } from 'wxt/browser';
import { WHAT_IT_DOES } from '@/components/settings/HowToUse';
import { Settings } from '@/components/settings/Settings';
import '@/components/shared/extension-page.css';
import { markOnce, SCRIPT_START_MARK } from '@/utils/marks';

markOnce(SCRIPT_START_MARK);

function Popup() {
  return (
    <>
      <h1>
        <img src={browser.runtime.getURL('/icons/32.png')} alt="" /> Homeward
      </h1>
      <p class="tagline">{WHAT_IT_DOES}</p>
      <Settings openHere howTo />
      <p class="note">
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          More settings
        </a>
      </p>
    </>
  );
}

render(<Popup />, document.getElementById('app')!);
