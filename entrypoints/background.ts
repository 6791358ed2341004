import { listenToContentScripts } from '@/utils/background/content-router';
import { listen } from '@/utils/background/router';

export default defineBackground(() => {
  listen();
  listenToContentScripts();
});
