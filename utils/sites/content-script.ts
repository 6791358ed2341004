import { browser } from 'wxt/browser';
import { ALL_MATCHES } from '.';
import { featuresItem } from '../storage';

/**
 * The Threads and Instagram content script (entrypoints/profile.content) is registered only while **Follow buttons
 * on Threads and Instagram** is on. So a page gets no Homeward script at all while they are off, and the script
 * itself need not read the setting before it starts: it can place its button the moment the site renders the
 * header (`npm run bench`, header → button), where waiting for storage cost tens of milliseconds on a busy page.
 */

export const PROFILE_SCRIPT_ID = 'homeward-profile';
/** Where WXT writes the entrypoint (`registration: 'runtime'`). */
export const PROFILE_SCRIPT_FILE = '/content-scripts/profile.js';

let syncing: Promise<void> = Promise.resolve();

/** Registers or unregisters the script to match the setting; serialised, safe to call at any time. */
export function syncProfileScript(): Promise<void> {
  const run = async () => {
    const on = (await featuresItem.getValue()).followButtons;
    const registered = (await browser.scripting.getRegisteredContentScripts()).some(
      (script) => script.id === PROFILE_SCRIPT_ID,
    );
    if (on && !registered) {
      await browser.scripting.registerContentScripts([
        {
          id: PROFILE_SCRIPT_ID,
          js: [PROFILE_SCRIPT_FILE],
          matches: [...ALL_MATCHES],
          runAt: 'document_start',
          persistAcrossSessions: true,
        },
      ]);
      await reachOpenTabs();
    } else if (!on && registered) {
      await browser.scripting.unregisterContentScripts({ ids: [PROFILE_SCRIPT_ID] });
    }
  };
  syncing = syncing.then(run, run).catch((error: unknown) => {
    console.warn('Homeward: could not update the follow buttons’ script', error);
  });
  return syncing;
}

/**
 * Threads and Instagram tabs already open get the script too (at install, or when the buttons are turned back on
 * after those pages loaded): once each. A running copy says so in its own isolated world, which pages cannot read.
 */
async function reachOpenTabs(): Promise<void> {
  const tabs = await browser.tabs.query({ url: [...ALL_MATCHES] });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined) return;
      try {
        const [probe] = await browser.scripting.executeScript({
          target: { tabId: tab.id },
          func: () => (globalThis as { homewardProfile?: boolean }).homewardProfile === true,
        });
        if (probe?.result !== true)
          await browser.scripting.executeScript({ target: { tabId: tab.id }, files: [PROFILE_SCRIPT_FILE] });
      } catch {
        // The tab is loading elsewhere or cannot be scripted: its next load gets the registered script.
      }
    }),
  );
}

export function listenForFollowButtonsSetting(): void {
  browser.runtime.onInstalled.addListener(() => void syncProfileScript());
  browser.runtime.onStartup.addListener(() => void syncProfileScript());
  featuresItem.watch(() => void syncProfileScript());
}
