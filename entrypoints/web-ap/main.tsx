import { render } from 'preact';
import { UnopenablePage } from '@/components/opening/OpeningPage';
import { sendOpen } from '@/components/opening/opening-controller';
import { WebApConfirm } from '@/components/opening/WebApConfirm';
import '@/components/shared/extension-page.css';
import '@/components/opening/opening.css';
import { t } from '@/utils/i18n';
import { loadCatalogue } from '@/utils/i18n/load';

/**
 * The page Firefox opens for a `web+ap://` link (the manifest's protocol_handlers, `?uri=%s`): it hands the link to
 * the background and goes where that says (utils/open-at-home/web-ap.ts), or asks the person first. Framed, or with
 * no such link, it opens nothing.
 */
async function main(): Promise<void> {
  const app = document.getElementById('app')!;
  const uri = window.top === window ? new URLSearchParams(location.search).get('uri') : null;
  const answer = uri ? await sendOpen('open:web-ap', { uri, confirmed: false }).catch(() => null) : null;
  if (answer && 'address' in answer && answer.address) {
    location.replace(answer.address);
    return;
  }
  await loadCatalogue();
  if (uri && answer && 'confirm' in answer) {
    document.title = t('menu_openOn', { server: answer.server });
    const open = async () => {
      const confirmed = await sendOpen('open:web-ap', { uri, confirmed: true }).catch(() => null);
      location.replace(
        confirmed && 'address' in confirmed && confirmed.address ? confirmed.address : answer.confirm,
      );
    };
    render(
      <WebApConfirm
        address={answer.confirm}
        server={answer.server}
        onOpen={() => void open()}
        onOriginal={() => location.replace(answer.confirm)}
      />,
      app,
    );
    return;
  }
  document.title = t('opening_unopenable');
  render(<UnopenablePage />, app);
}

void main();
