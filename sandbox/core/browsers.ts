import net from 'node:net';
import { DOWN } from '../hosts';

/** A loopback port nothing listens on: bound by us a moment ago and released, so connections to it are refused. */
export function findClosedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Chromium reaches every host name at the sandbox listener through resolver rules (rules apply in order, the
 * first match wins, so DOWN's rule comes before the catch-all) and DOWN at a closed port so it fails fast with
 * ERR_CONNECTION_REFUSED. Certificates: --ignore-certificate-errors-spki-list accepts exactly the sandbox leaf
 * key (whatever name it is presented for, so unknown hosts still reach the 421), while any other certificate
 * fails as in real life, unlike --ignore-certificate-errors. Checked with Debian Chromium 156 headless, with and
 * without --user-data-dir: without the switch the sandbox pages do not load, with it they do, HSTS-preloaded
 * www.instagram.com included (tests/sandbox/core-browser.test.ts).
 */
export function chromiumArgs(opts: { port: number; closedPort: number; leafSpkiSha256: string }): string[] {
  return [
    `--host-resolver-rules=MAP ${DOWN} 127.0.0.1:${opts.closedPort}, MAP * 127.0.0.1:${opts.port}, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
    `--ignore-certificate-errors-spki-list=${opts.leafSpkiSha256}`,
  ];
}

/**
 * Environment for the Firefox process. Release builds ignore the services.settings.server pref below (and so
 * keep polling firefox.settings.services.mozilla.com) unless this variable is set: see
 * modules/services-settings/Utils.sys.mjs in Firefox's omni.ja. Checked with firefox-esr 153: with it, a headless
 * run through the sandbox proxy makes no request but the page's.
 */
export const FIREFOX_ENV: Readonly<Record<string, string>> = { MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' };

/**
 * Firefox preferences: every request through the sandbox proxy (Firefox resolves nothing itself when it uses an
 * HTTP proxy for https), and Firefox's own background traffic switched off so the request log shows only what
 * pages and the extension asked for. Firefox does not trust the sandbox CA by itself: use WebDriver BiDi's
 * acceptInsecureCerts, or add caPem to the profile's certificate store.
 */
export function firefoxPrefs(proxyPort: number): Record<string, unknown> {
  return {
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': proxyPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': proxyPort,
    'network.proxy.share_proxy_settings': false,
    // Without these two, Firefox sends localhost/127.0.0.1 directly, and since Firefox 67 it never proxies them.
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.no_proxies_on': '',
    // DNS over HTTPS off (mode 5 = off by choice), no prefetching or speculative connections.
    'network.trr.mode': 5,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.http.speculative-parallel-limit': 0,
    'browser.urlbar.speculativeConnect.enabled': false,
    'network.captive-portal-service.enabled': false,
    'captivedetect.canonicalURL': '',
    'network.connectivity-service.enabled': false,
    'network.manage-offline-status': false,
    // Telemetry, health report, pings.
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.archive.enabled': false,
    'toolkit.telemetry.server': '',
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.policy.dataSubmissionPolicyBypassNotification': true,
    'browser.ping-centre.telemetry': false,
    'browser.newtabpage.activity-stream.feeds.telemetry': false,
    'browser.newtabpage.activity-stream.telemetry': false,
    // Updates of the browser, add-ons, search engines, GMP plugins, system add-ons.
    'app.update.disabledForTesting': true,
    'app.update.auto': false,
    'app.update.checkInstallTime': false,
    'extensions.update.enabled': false,
    'extensions.update.notifyUser': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.blocklist.enabled': false,
    'browser.search.update': false,
    'media.gmp-manager.updateEnabled': false,
    'media.gmp-gmpopenh264.enabled': false,
    // Remote settings: the dummy server geckodriver uses, which Firefox treats as offline (needs FIREFOX_ENV).
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'security.remote_settings.crlite_filters.enabled': false,
    'security.remote_settings.intermediates.enabled': false,
    'app.normandy.enabled': false,
    'app.normandy.api_url': '',
    'app.shield.optoutstudies.enabled': false,
    'messaging-system.rsexperimentloader.enabled': false,
    // Safe Browsing lists and lookups.
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.google.updateURL': '',
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    // Certificate status checks would go to the CA's OCSP responder; the sandbox CA names none, real ones exist.
    'security.OCSP.enabled': 0,
    'security.certerrors.mitm.priming.enabled': false,
    // Instagram and Threads are HSTS-preloaded and key-pinned for public CAs; the sandbox CA is a local root.
    'security.cert_pinning.enforcement_level': 0,
    // Push, location, region, news, pocket, accounts, start pages.
    'dom.push.connection.enabled': false,
    'dom.push.serverURL': '',
    'geo.provider.network.url': '',
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'browser.search.geoip.url': '',
    'browser.newtabpage.enabled': false,
    'browser.newtabpage.activity-stream.feeds.system.topstories': false,
    'browser.newtabpage.activity-stream.feeds.topsites': false,
    'browser.topsites.contile.enabled': false,
    'extensions.pocket.enabled': false,
    'identity.fxaccounts.enabled': false,
    'browser.discovery.enabled': false,
    'browser.startup.homepage': 'about:blank',
    'browser.startup.page': 0,
    'startup.homepage_welcome_url': 'about:blank',
    'startup.homepage_welcome_url.additional': '',
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.uitour.enabled': false,
    'network.sntp.pools': '',
  };
}

/**
 * Flags every headless Chromium run here needs besides the sandbox's: root needs --no-sandbox, there is no GPU,
 * and Chromium's own background traffic (sync, component updates, first-run work) would only meet this machine's
 * closed network (docs/toolchain.md).
 */
export const CHROMIUM_QUIET_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
