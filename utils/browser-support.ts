/**
 * The oldest browsers with every API and language feature the build uses: Chrome 116 for AbortSignal.any (in
 * masto's bundled client; AbortSignal.timeout 103, registered MAIN-world scripts 102, requestDomains 101);
 * Firefox 142 for data_collection_permissions on desktop and Android (140 on desktop alone). The manifest says
 * so (wxt.config.ts), and the test harness refuses an older browser in one line (sandbox/core/find-browser.ts).
 */
export const MIN_CHROME = '116';
export const MIN_FIREFOX = '142.0';
