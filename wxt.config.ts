import preact from '@preact/preset-vite';
import { build } from 'esbuild';
import { defineConfig } from 'wxt';
import { OBJECT_PATH_JS } from './utils/fediverse/links/object-path';
import { HOST_PERMISSIONS } from './utils/sites';

// Chrome derives the extension id from this public key, and the OAuth redirect URI
// (https://<id>.chromiumapp.org/) from the id: keep both stable. Id: nahlfbcgjfelampnpfdgiojmmhmofpcp
const CHROME_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArlwAUUCSQdeOLuU/hKvi47a+RdB58z0Hn7Q2SceZAUZvsW+EPnbIa1RCLk/rz8ozXcSJYK9cdxbfJbhoNxlGp0dN6I9bJB3jBi8eZ5htcY0rH8ScSfM2yVijMHMqdN4w8e0EDkE+qEoZtI2xVLbl3IhGgc//mILFx8sCc0VarsRfaPkWUXJq3hy603lhWYupyiXJtbycFjU9iuI9jN6wTkP1klDKnBuVhbkVY5T/Ic0cmnJRYMg5/S7Bg5bumqlcVM3fBAe4BHQJILIr4NwyIYNAoALiRU91Lgha/uqqV4/3Rts9y8/zEHcx/aIpMnlOhy44IY+OnU4c8XzSdpks9QIDAQAB';

export const GECKO_ID = 'homeward@homeward.app';
/** The optional permission behind automatic redirects (utils/background/redirect-rules.ts). */
const ALL_SITES = 'https://*/*';

/**
 * Scripts that run in pages' own world on every page (utils/page-scripts/): each is bundled on its own, as one
 * plain minified file, without the wrapper and logger WXT puts around an entrypoint, so that loading it costs a
 * page no more than a small script of its own (bench: "ordinary page, switch on").
 *
 * Values they would otherwise compute on every page load come in as literals (PAGE_SCRIPT_CONSTANTS, declared in
 * each script), so that a load only compiles the script and adds its listener.
 */
const PAGE_SCRIPTS = { 'alt-click.js': 'utils/page-scripts/alt-click.ts' };
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
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  // The Firefox sources zip is what AMO reviewers rebuild from: the extension's code and build files only.
  zip: { excludeSources: ['sandbox/**', 'tests/**', 'bench/**', 'docs/**', '.ci/**', 'test-results/**'] },
  vite: () => ({
    plugins: [preact()],
  }),
  hooks: {
    'build:publicAssets': async (_wxt, files) => {
      for (const [dest, entry] of Object.entries(PAGE_SCRIPTS)) {
        files.push({ relativeDest: dest, contents: await bundlePageScript(entry) });
      }
    },
  },
  manifest: ({ browser, mode }) => ({
    name: 'Homeward',
    description:
      'Follow Threads and Instagram friends from your own Mastodon account, and open fediverse links on your home server.',
    // None of these shows a warning at install; README "Permissions, and why" names each one.
    permissions: [
      'storage',
      'identity',
      'activeTab',
      'scripting',
      'contextMenus',
      'declarativeNetRequestWithHostAccess',
      'alarms',
    ],
    // The `granted` mode is the e2e seam for Chromium, whose permission prompt automation cannot answer: the same
    // extension with the all-sites permission granted at install. The shipped build asks for it at run time.
    host_permissions: mode === 'granted' ? [...HOST_PERMISSIONS, ALL_SITES] : [...HOST_PERMISSIONS],
    optional_host_permissions: [ALL_SITES],
    // The Opening page is where the browser sends a navigation to a known fediverse host (declarativeNetRequest
    // redirect), and where a page's own script sends it once it shows fediverse markers.
    web_accessible_resources: [{ resources: ['redirect.html'], matches: ['<all_urls>'] }],
    commands: {
      'open-at-home': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Open this post or profile on your server, or go back to the original',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : { key: CHROME_PUBLIC_KEY }),
  }),
});
