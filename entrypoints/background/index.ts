import { listenForInstall } from '@/utils/settings/install';
import { listenForOpenAtHome } from '@/utils/open-at-home/navigation';
import { syncOpenAtHome } from '@/utils/open-at-home/sync';
import { listenForPeopleQueue } from '@/utils/people/queue';
import { listenForFollowButtonsSetting, syncProfileScript } from '@/utils/sites/content-script';
import { listenForAllMessages } from '@/entrypoints/background/routes';
import { settleSecrets } from '@/utils/storage/secrets';
import { ignoreWorkerStopRejections } from '@/utils/messaging/worker-stop';
import { listenForHomeIntents } from '@/utils/mastodon/home-intents';
import { listenForShare, syncShareMenu } from '@/utils/share/menu';

export default defineBackground(() => {
  ignoreWorkerStopRejections(globalThis);
  // Every start (install, update, browser start): a token an earlier build kept in storage.local moves out of
  // content scripts' reach (utils/storage/secrets.ts).
  void settleSecrets();
  listenForAllMessages();
  listenForInstall();
  listenForOpenAtHome();
  listenForFollowButtonsSetting();
  // The home server's published intents (FEP-3b86), for what opens there without the API.
  listenForHomeIntents();
  listenForShare();
  // A follow queue that was running when the browser closed goes on (it waits for its rate-limit window first).
  listenForPeopleQueue();
  // Rules and menus persist, but a service worker that starts for any other reason checks them once.
  void syncOpenAtHome();
  void syncProfileScript();
  void syncShareMenu();
});
