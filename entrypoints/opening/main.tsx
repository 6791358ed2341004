import { render } from 'preact';
import { t } from '@/utils/i18n';
import { loadCatalogue } from '@/utils/i18n/load';
import { browser } from 'wxt/browser';
import {
  chooseClientThenOpen,
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
  type OtherAccount,
} from '@/components/opening/OpeningPage';
import '@/components/shared/extension-page.css';
import '@/components/opening/opening.css';
import {
  accountsItem,
  asAccounts,
  defaultAccount,
  homeServerItem,
  readAccounts,
  webClientItem,
} from '@/utils/storage';
import { displayHandle } from '@/utils/fediverse/server-input';

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
  /** The other connected accounts (the default is the first on the home server): read from storage, no secrets. */
  let others: OtherAccount[] = [];
  const readOthers = (stored: unknown) => {
    // As the background reads them (utils/storage/index.ts), so that positions are the same.
    const accounts = asAccounts(stored);
    const home = defaultAccount(server, accounts);
    others = accounts.flatMap((record, index) =>
      record !== home && record.status === 'connected'
        ? [{ position: index + 1, handle: `@${displayHandle(record.account.handle)}` }]
        : [],
    );
  };
  let view: OpeningView = 'resolving';
  // The answer is asked for first (runOpening, below); the words load beside it, and nothing paints before them.
  let worded = false;

  const openSettings = () => void browser.runtime.openOptionsPage();
  const actions: OpeningActions = {
    viewOriginal: () => void viewOriginal(target, deps),
    retry: () => void runOpening(target, deps),
    reconnect: openSettings,
    openSettings,
    chooseClient: (kind) => void chooseClientThenOpen(kind, target, deps),
    openAs: (position) => void runOpening({ ...target, account: position }, deps),
  };
  const paint = () => {
    if (!worded) return;
    document.title = openingTitle(server);
    render(
      <OpeningPage original={target.url} server={server} outcome={view} actions={actions} others={others} />,
      app,
    );
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
  void Promise.all([homeServerItem.getValue(), readAccounts()]).then(([home, accounts]) => {
    server = home?.host ?? null;
    readOthers(accounts);
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
  accountsItem.watch((stored) => {
    readOthers(stored);
    const home = defaultAccount(server, asAccounts(stored));
    if (view !== 'resolving' && view.kind === 'needs-login' && home?.status === 'connected')
      void runOpening(target, deps);
  });
}
