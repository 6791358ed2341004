import { listenToContentScripts } from '@/utils/background/content-router';
import { listenForInstall } from '@/utils/background/first-run';
import { listenForOpenAtHome, syncOpenAtHome } from '@/utils/background/open-navigation';
import { listenForPeopleQueue } from '@/utils/background/people';
import { listenForFollowButtonsSetting, syncProfileScript } from '@/utils/background/profile-script';
import { listen } from '@/utils/background/router';
import { settleSecrets } from '@/utils/background/secrets';

export default defineBackground(() => {
  // Every start (install, update, browser start): a token an earlier build kept in storage.local moves out of
  // content scripts' reach (utils/background/secrets.ts).
  void settleSecrets();
  listen();
  listenForInstall();
  listenToContentScripts();
  listenForOpenAtHome();
  listenForFollowButtonsSetting();
  // A follow queue that was running when the browser closed goes on (it waits for its rate-limit window first).
  listenForPeopleQueue();
  // Rules and menus persist, but a service worker that starts for any other reason checks them once.
  void syncOpenAtHome();
  void syncProfileScript();
});
