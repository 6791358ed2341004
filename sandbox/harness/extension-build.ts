import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserName } from './session';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where `npm run build` (WXT) puts each browser's build. */
export const EXTENSION_DIRS: Record<BrowserName, string> = {
  chromium: fileURLToPath(new URL('../../.output/chrome-mv3', import.meta.url)),
  firefox: fileURLToPath(new URL('../../.output/firefox-mv3', import.meta.url)),
};

/**
 * `npm run build` also makes the Chromium build in `granted` mode: the same extension, with the all-sites
 * permission granted at install instead of asked for (wxt.config.ts). Firefox needs no such build.
 */
export const GRANTED_EXTENSION_DIRS: Record<BrowserName, string> = {
  chromium: fileURLToPath(new URL('../../.output/chrome-mv3-granted', import.meta.url)),
  firefox: EXTENSION_DIRS.firefox,
};

/** Pinned by the manifest `key` in wxt.config.ts. */
export const CHROME_EXTENSION_ID = 'nahlfbcgjfelampnpfdgiojmmhmofpcp';
/** Pinned by browser_specific_settings.gecko.id in wxt.config.ts. */
export const GECKO_ID = 'homeward@homeward.app';
/**
 * Firefox gives every install a random internal UUID (the moz-extension:// host); the pref
 * `extensions.webextensions.uuids` fixes it, so page URLs are known before install.
 */
export const FIREFOX_EXTENSION_UUID = '3f1c9a52-6d0e-4b8a-9e27-5a4c2b7d8e61';

export function missingBuilds(): string[] {
  return [...new Set([...Object.values(EXTENSION_DIRS), ...Object.values(GRANTED_EXTENSION_DIRS)])].filter(
    (dir) => !existsSync(`${dir}/manifest.json`),
  );
}
