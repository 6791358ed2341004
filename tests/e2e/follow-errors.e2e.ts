import { expect, it } from 'vitest';
import type { Fault } from '../../sandbox/core/faults';
import { HOME, THREADS_FEDERATION } from '../../sandbox/hosts';
import { e2eSuite } from './harness/fixture';
import {
  followButton,
  FOLLOW,
  FOLLOW_SITES,
  profileUrl,
  waitForFollowState,
  withAccount,
  type FollowSite,
} from '../../sandbox/harness/follow-button';
import { requestsTo, webfingerRequests } from '../../sandbox/harness/sandbox-log';
import { waitUntil } from '../../sandbox/harness/wait';

/**
 * The follow button when the home server is unwell (rate-limited, down, hanging), and the privacy of the
 * WebFinger look-up (issue 3, "Done when").
 */

/** The product gives the home server 5 s (utils/mastodon/client.ts); the button must say so right after (issue 3). */
const SERVER_TIMEOUT_MS = 5_000;
/**
 * How late the button may say so, counted from the moment the home server received the request that hangs:
 * the harness polls the page, and a CI machine runs two browsers at once. Counted from the page's load instead,
 * the content script's start and the WebFinger look-up before the request blur it (9.4 s once under load).
 */
const SHOWN_MARGIN_MS = 2_000;

/**
 * Mastodon's API throttles use fixed 5-minute windows aligned to the epoch, and X-RateLimit-Reset is the end of
 * the current one (sandbox/home/rate-limits.ts, docs/home-server.md §7).
 */
const API_WINDOW_MS = 300_000;
const windowEnd = (at: number): number => (Math.floor(at / API_WINDOW_MS) + 1) * API_WINDOW_MS;

/** HH:MM, 24-hour, in this machine's time zone (the browsers run on the same machine, with the same TZ). */
/** The time as the English button writes it (components/shared/clock-time.ts): "2:05 PM". */
function clock(epochMs: number): string {
  return new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' }).format(new Date(epochMs));
}

const UNWELL: [what: string, fault: Omit<Fault, 'host'>][] = [
  ['answers 502', { status: 502 }],
  ['refuses connections', { refuse: true }],
  ['never answers', { hang: true }],
];

const SITE_CASES: [FollowSite][] = FOLLOW_SITES.map((site) => [site]);

e2eSuite('follow button: errors and privacy', (e2e) => {
  it.each(SITE_CASES)('shows the retry time when the server rate-limits, on %s', async (site) => {
    await withAccount(e2e);
    const before = Date.now();
    await e2e.sandbox.admin.hostOp(HOME, 'set-rate-limit', { family: 'api', remaining: 0 });
    const tab = await e2e.session.openPage(profileUrl(site, 'juno.field'));

    const { label } = await waitForFollowState(
      tab,
      'juno.field@threads.net',
      /^Try again at \d{1,2}:\d\d\s[AP]M$/,
    );
    // The window can only roll over between the two readings of the clock, never twice.
    const expected = new Set([clock(windowEnd(before)), clock(windowEnd(Date.now()))]);
    expect([...expected].map((time) => `Try again at ${time}`)).toContain(label);
  });

  for (const [what, fault] of UNWELL) {
    it.each(SITE_CASES)(`says Try again within 5 s when the home server ${what}, on %s`, async (site) => {
      await withAccount(e2e);
      await e2e.sandbox.admin.fault({ host: HOME, ...fault });
      await e2e.sandbox.admin.clearLog();

      const tab = await e2e.session.openPage(profileUrl(site, 'juno.field'));
      await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.retry, SERVER_TIMEOUT_MS + 10_000);
      const shown = Date.now();

      const [first] = requestsTo(await e2e.sandbox.admin.log(), HOME);
      expect(first, 'a request to the home server').toBeDefined();
      expect(shown - Date.parse(first!.time)).toBeLessThanOrEqual(SERVER_TIMEOUT_MS + SHOWN_MARGIN_MS);
      // The reason is on hover (read once the state has settled).
      const { title } = await followButton(tab);
      const markup = await tab.evaluateInShadow('homeward-follow', (roots) => roots[0]?.innerHTML);
      expect(title?.trim(), `Try again without a reason: ${markup}`).toBeTruthy();
      // The button names no server even inside its closed root, should a page's script ever reach it
      // (docs/security.md, "Page scripts"); what the page itself can read is the host alone.
      expect(markup).not.toContain(HOME);
      expect(await tab.evaluate(() => document.querySelector('homeward-follow')?.outerHTML)).not.toContain(
        HOME,
      );
    });
  }

  it.each(SITE_CASES)('asks WebFinger without the Threads cookies, on %s', async (site) => {
    await withAccount(e2e);
    // A Threads session cookie the browser holds for threads.net (any page of www.threads.net can set it).
    const threadsPage = await e2e.session.openPage('https://www.threads.net/avatars/juno.field.svg');
    await threadsPage.evaluate(() => {
      document.cookie =
        'sessionid=sandbox-session; Domain=threads.net; Path=/; Secure; SameSite=None; Max-Age=600';
    });
    await e2e.sandbox.admin.clearLog();
    // Proof that the browser sends it to WebFinger's address when nothing stops it: a same-origin request.
    await threadsPage.evaluate(async () => {
      await fetch('/.well-known/webfinger?resource=acct:oren.bakes@threads.net');
    });
    // The sandbox may log a request just after answering it: wait for the entry, then look at it.
    const proof = await waitUntil(
      'the same-origin WebFinger request in the log',
      async () => webfingerRequests(await e2e.sandbox.admin.log(), THREADS_FEDERATION)[0],
    );
    expect(proof.cookieNames).toContain('sessionid');
    await threadsPage.close();

    await e2e.sandbox.admin.clearLog();
    const tab = await e2e.session.openPage(profileUrl(site, 'juno.field'));
    await waitForFollowState(tab, 'juno.field@threads.net', FOLLOW.follow);

    const lookups = webfingerRequests(await e2e.sandbox.admin.log(), THREADS_FEDERATION);
    const resources = lookups.map((entry) => new URL(entry.path, 'https://x').searchParams.get('resource'));
    expect(resources).toEqual(['acct:juno.field@threads.net']);
    expect(lookups.map((entry) => entry.cookies)).toEqual([false]);
  });
});
