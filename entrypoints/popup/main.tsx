import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Settings } from '@/components/Settings';
import '@/components/settings.css';
import { markOnce, SCRIPT_START_MARK } from '@/utils/marks';

markOnce(SCRIPT_START_MARK);

function Popup() {
  return (
    <>
      <h1>
        <img src={browser.runtime.getURL('/icon/32.png')} alt="" /> Homeward
      </h1>
      <Settings openHere />
      <p class="note">
        <a href={browser.runtime.getURL('/options.html')} target="_blank" rel="noreferrer">
          More settings
        </a>
      </p>
    </>
  );
}

render(<Popup />, document.getElementById('app')!);
