import { listen } from '@/utils/background/router';

export default defineBackground(() => {
  listen();
});
