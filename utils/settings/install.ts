import { browser } from 'wxt/browser';
import { currentAgreement, pageAfterInstall, welcomePath } from './first-run';
import { agreementItem } from '../storage';

/**
 * Installing opens the welcome page (what Homeward does, home server, account, automatic opening); an update
 * opens the short "what changed" page only when it changes what the person agreed to (utils/settings/first-run.ts).
 */
export function listenForInstall(): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    void (async () => {
      const agreed = await agreementItem.getValue();
      const next = pageAfterInstall(reason, agreed);
      if (agreed === null || next) await agreementItem.setValue(currentAgreement());
      if (!next) return;
      const path = next.page === 'welcome' ? welcomePath() : welcomePath(next.since);
      await browser.tabs.create({ url: browser.runtime.getURL(path) });
    })();
  });
}
