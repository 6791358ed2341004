import { requireBrowsers } from '../../sandbox/core/find-browser';

/**
 * The sandbox tests drive real Chromium and Firefox against the sandbox's pages (tests/sandbox/*-browser.test.ts,
 * core-firefox.test.ts): both are found, or installed as root on Debian or Ubuntu, before any test file starts, so
 * that `npm test` on a machine without them prints one line, as the e2e setup does, not a stack trace per file.
 */
export default function setup(): void {
  requireBrowsers('sandbox');
}
