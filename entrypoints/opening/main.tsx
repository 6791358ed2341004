import { render } from 'preact';
import { t } from '@/utils/i18n';
import { loadCatalogue } from '@/utils/i18n/load';
import { browser } from 'wxt/browser';
import {
  parseOpeningAddress,
  runOpening,
  sendOpen,
  viewOriginal,
  type OpeningDeps,
  type OpeningView,
} from '@/components/opening/opening-controller';
import {
  openingTitle,
  OpeningPage,
  UnopenablePage,
  type OpeningActions,
} from '@/components/opening/OpeningPage';
import '@/components/shared/extension-page.css';
import '@/components/opening/opening.css';
import { accountItem, homeServerItem, webClientItem } from '@/utils/storage';

const app = document.getElementById('app')!;
// A site may frame this page (it is web-accessible): framed, it reads nothing and names no server
// (docs/security.md, "The Opening page"); the background refuses its messages anyway.
const target = window.top === window ? parseOpeningAddress(location) : null;

if (!target) {
  void loadCatalogue().then(() => {
    document.title = t('opening_unopenable');
    render(<UnopenablePage />, app);
  });
} else {
  let server: string | null = null;
  let view: OpeningView = 'resolving';
  // The answer is asked for first (runOpening, below); the words load beside it, and nothing paints before them.
  let worded = false;

  const openSettings = () => void browser.runtime.openOptionsPage();
  const actions: OpeningActions = {
    viewOriginal: () => void viewOriginal(target, deps),
    retry: () => void runOpening(target, deps),
    reconnect: openSettings,
    openSettings,
    chooseClient: (kind) => void chooseClient(kind),
  };
  const chooseClient = async (kind: 'elk' | 'phanpy') => {
    await sendOpen('open:choose-client', { kind });
    await runOpening(target, deps);
  };
  const paint = () => {
    if (!worded) return;
    document.title = openingTitle(server);
    render(<OpeningPage original={target.url} server={server} outcome={view} actions={actions} />, app);
  };
  const deps: OpeningDeps = {
    send: sendOpen,
    replace: (url) => location.replace(url),
    render: (next) => {
      view = next;
      paint();
    },
  };

  void runOpening(target, deps);
  void loadCatalogue().then(() => {
    worded = true;
    paint();
  });
  void homeServerItem.getValue().then((home) => {
    server = home?.host ?? null;
    paint();
  });
  // Settings opened from this page (Set your server, Reconnect): once they are done, try again by itself.
  homeServerItem.watch((home) => {
    server = home?.host ?? null;
    if (view !== 'resolving' && view.kind === 'no-server' && home) void runOpening(target, deps);
    else paint();
  });
  // A client chosen in the options page ("Another web client…"): go on with it.
  webClientItem.watch((client) => {
    if (view !== 'resolving' && view.kind === 'choose-client' && client) void runOpening(target, deps);
  });
  accountItem.watch((account) => {
    if (view !== 'resolving' && view.kind === 'needs-login' && account?.status === 'connected')
      void runOpening(target, deps);
  });
}
