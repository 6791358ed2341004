import { listenToContentScripts } from '@/utils/background/content-router';
import { listenForOpenAtHome, syncOpenAtHome } from '@/utils/background/open-navigation';
import { listen } from '@/utils/background/router';

export default defineBackground(() => {
  listen();
  listenToContentScripts();
  listenForOpenAtHome();
  // Rules and menus persist, but a service worker that starts for any other reason checks them once.
  void syncOpenAtHome();
});
