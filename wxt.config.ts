import preact from '@preact/preset-vite';
import { build } from 'esbuild';
import { defineConfig } from 'wxt';
import { OBJECT_PATH_JS } from './utils/fediverse/links/object-path';
import { PERMISSIONS } from './utils/permissions';
import { HOST_PERMISSIONS } from './utils/sites';
import { localeFiles, readCatalogues } from './utils/i18n/build';
import { MIN_CHROME, MIN_FIREFOX } from './utils/browser-support';

// Chrome derives the extension id from this public key, and the OAuth redirect URI
// (https://<id>.chromiumapp.org/) from the id: the development and test builds keep both stable with it, and the
// e2e harness knows the id. Id: nahlfbcgjfelampnpfdgiojmmhmofpcp. The store builds (`--mode store`, npm run zip)
// carry no key: the Chrome Web Store refuses one and gives the extension its own id; the OAuth redirect comes from
// identity.getRedirectURL() in every build, so nothing else depends on the id.
const CHROME_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArlwAUUCSQdeOLuU/hKvi47a+RdB58z0Hn7Q2SceZAUZvsW+EPnbIa1RCLk/rz8ozXcSJYK9cdxbfJbhoNxlGp0dN6I9bJB3jBi8eZ5htcY0rH8ScSfM2yVijMHMqdN4w8e0EDkE+qEoZtI2xVLbl3IhGgc//mILFx8sCc0VarsRfaPkWUXJq3hy603lhWYupyiXJtbycFjU9iuI9jN6wTkP1klDKnBuVhbkVY5T/Ic0cmnJRYMg5/S7Bg5bumqlcVM3fBAe4BHQJILIr4NwyIYNAoALiRU91Lgha/uqqV4/3Rts9y8/zEHcx/aIpMnlOhy44IY+OnU4c8XzSdpks9QIDAQAB';

export const GECKO_ID = 'homeward@homeward.app';
export const HOMEPAGE = 'https://homeward.app/';
/** The optional permission behind automatic redirects (utils/open-at-home/redirect-rules.ts). */
const ALL_SITES = 'https://*/*';

/**
 * Scripts that run in pages' own world on every page (utils/open-at-home/alt-click.ts): each is bundled on its own, as one
 * plain minified file, without the wrapper and logger WXT puts around an entrypoint, so that loading it costs a
 * page no more than a small script of its own (bench: "ordinary page, switch on").
 *
 * Values they would otherwise compute on every page load come in as literals (PAGE_SCRIPT_CONSTANTS, declared in
 * each script), so that a load only compiles the script and adds its listener.
 */
const PAGE_SCRIPTS = { 'alt-click.js': 'utils/open-at-home/alt-click.ts' };
const PAGE_SCRIPT_CONSTANTS = { OBJECT_PATH_PATTERN: OBJECT_PATH_JS };

async function bundlePageScript(entry: string): Promise<string> {
  const { outputFiles } = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    target: 'es2022',
    legalComments: 'none',
    define: Object.fromEntries(
      Object.entries(PAGE_SCRIPT_CONSTANTS).map(([name, value]) => [name, JSON.stringify(value)]),
    ),
  });
  return outputFiles[0]!.text;
}

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/auto-icons'],
  // Every icon size from one drawing, which the welcome page also shows as is.
  autoIcons: { baseIconPath: 'public/icon.svg', sizes: [128, 96, 48, 32, 16] },
  manifestVersion: 3,
  // The Firefox sources zip is what AMO reviewers rebuild from: the extension's code and build files only.
  zip: { excludeSources: ['sandbox/**', 'tests/**', 'bench/**', 'docs/**', '.ci/**', 'test-results/**'] },
  vite: () => ({
    plugins: [preact()],
  }),
  hooks: {
    'build:publicAssets': async (wxt, files) => {
      // The catalogues, as the browsers' _locales and the content script's per-language files (docs/i18n.md).
      files.push(...localeFiles(readCatalogues(wxt.config.root)));
      for (const [dest, entry] of Object.entries(PAGE_SCRIPTS)) {
        files.push({ relativeDest: dest, contents: await bundlePageScript(entry) });
      }
    },
  },
  manifest: ({ browser, mode }) => ({
    // The manifest's words come from _locales (utils/i18n/build.ts); English is the source and the fallback.
    default_locale: 'en',
    name: '__MSG_extName__',
    homepage_url: HOMEPAGE,
    // Never in private windows: nothing from them may be stored (AMO's policy), and Homeward stores what it sees.
    incognito: 'not_allowed',
    description: '__MSG_extDescription__',
    permissions: [...PERMISSIONS],
    // The `granted` mode is the e2e seam for Chromium, whose permission prompt automation cannot answer: the same
    // extension with the all-sites permission granted at install. The shipped build asks for it at run time.
    host_permissions: mode === 'granted' ? [...HOST_PERMISSIONS, ALL_SITES] : [...HOST_PERMISSIONS],
    optional_host_permissions: [ALL_SITES],
    // The Opening page is where the browser sends a navigation to a known fediverse host (declarativeNetRequest
    // redirect), and where a page's own script sends it once it shows fediverse markers.
    web_accessible_resources: [
      {
        // Firefox loads the web+ap handler page in the tab whose page followed the link: that page must reach it.
        resources: browser === 'firefox' ? ['opening.html', 'web-ap.html'] : ['opening.html'],
        matches: ['<all_urls>'],
        ...(browser === 'firefox' ? {} : { use_dynamic_url: true }),
      },
    ],
    commands: {
      'open-at-home': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_commandOpenAtHome__',
      },
    },
    ...(browser === 'firefox'
      ? {
          // `web+ap://` links (docs/intents.md): Firefox takes an extension page as their handler. Chromium has no
          // such key for extensions by default (README, "web+ap links").
          protocol_handlers: [{ protocol: 'web+ap', name: 'Homeward', uriTemplate: '/web-ap.html?uri=%s' }],
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: MIN_FIREFOX,
              // Mozilla counts anything sent outside the browser, to the person's own server included, as
              // transmitted: the profiles and fediverse addresses sent to the home server are browsing activity,
              // and the ActivityPub ids read from pages website content (docs/store/privacy-practices.md).
              data_collection_permissions: { required: ['browsingActivity', 'websiteContent'] },
            },
            // Firefox for Android runs the follow button and Open it at home; it has no identity API, so the
            // popup says so and follow buttons open the server's own follow page (components/settings/AccountPanel.tsx).
            gecko_android: { strict_min_version: MIN_FIREFOX },
          },
        }
      : {
          minimum_chrome_version: MIN_CHROME,
          ...(mode === 'store' ? {} : { key: CHROME_PUBLIC_KEY }),
        }),
  }),
});
