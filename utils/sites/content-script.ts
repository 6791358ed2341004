import { browser } from 'wxt/browser';
import { ALL_MATCHES } from '.';
import { featuresItem, languageItem } from '../storage';
import { chosenLocale } from '../i18n/load';
import { folderOf, type Locale } from '../i18n/locales';

/**
 * The sites' content script (entrypoints/profile.content: Threads, Instagram, Bluesky) is registered only while
 * **Follow buttons on Threads and Instagram** is on. So a page gets no Homeward script at all while they are off, and the script
 * itself need not read the setting before it starts: it can place its button the moment the site renders the
 * header (`npm run bench`, header → button), where waiting for storage cost tens of milliseconds on a busy page.
 */

export const PROFILE_SCRIPT_ID = 'homeward-profile';
/** Where WXT writes the entrypoint (`registration: 'runtime'`). */
export const PROFILE_SCRIPT_FILE = '/content-scripts/profile.js';

/**
 * The words the script shows, in one language: a file the build writes (utils/i18n/build.ts) and that runs just
 * before the script, in the same isolated world.
 */
export function messagesFile(locale: Locale): string {
  return `/content-messages/${folderOf(locale)}.js`;
}

let syncing: Promise<void> = Promise.resolve();

/** Registers or unregisters the script to match the setting; serialised, safe to call at any time. */
export function syncProfileScript(): Promise<void> {
  const run = async () => {
    const on = (await featuresItem.getValue()).followButtons;
    const files = [messagesFile(await chosenLocale()), PROFILE_SCRIPT_FILE];
    const registered = (await browser.scripting.getRegisteredContentScripts()).find(
      (script) => script.id === PROFILE_SCRIPT_ID,
    );
    // The browsers may give the files back without their leading slash. An update that adds a site (Bluesky)
    // finds the registration it persisted with the older sites' matches.
    const same =
      registered !== undefined &&
      JSON.stringify((registered.js ?? []).map((file) => file.replace(/^\/?/, '/'))) ===
        JSON.stringify(files) &&
      JSON.stringify([...(registered.matches ?? [])].sort()) === JSON.stringify([...ALL_MATCHES].sort());
    if (registered && !on) await browser.scripting.unregisterContentScripts({ ids: [PROFILE_SCRIPT_ID] });
    // Another language: the same registration with its other file, so a failed update keeps the working one. It
    // reaches open tabs at their next load.
    if (registered && on && !same)
      await browser.scripting.updateContentScripts([
        { id: PROFILE_SCRIPT_ID, js: files as ScriptFiles, matches: [...ALL_MATCHES] },
      ]);
    if (!registered && on) {
      await browser.scripting.registerContentScripts([
        {
          id: PROFILE_SCRIPT_ID,
          js: files,
          matches: [...ALL_MATCHES],
          runAt: 'document_start',
          persistAcrossSessions: true,
        },
      ]);
      await reachOpenTabs(files);
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
type ScriptFiles = NonNullable<Parameters<typeof browser.scripting.executeScript>[0]['files']>;

async function reachOpenTabs(files: string[]): Promise<void> {
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
          await browser.scripting.executeScript({ target: { tabId: tab.id }, files: files as ScriptFiles });
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
  languageItem.watch(() => void syncProfileScript());
}
