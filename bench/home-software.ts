/**
 * Home requests per follow and per redirect on home software other than Mastodon (issue 17): the same counts as
 * the follow and open-at-home sections, with the sandbox's home server playing GoToSocial and Akkoma
 * (docs/home-server.md §10). Mastodon's own figures are those sections' rows; Mastodon 4.5 is measured here too,
 * so that the three stand side by side from one run.
 */
import { startSandbox, type Sandbox } from '../sandbox';
import type { SoftwareId } from '../sandbox/home/software';
import { HOME, REMOTE, WEB_CLIENTS } from '../sandbox/hosts';
import { launchChromium } from '../sandbox/harness/chromium';
import { GRANTED_EXTENSION_DIRS } from '../sandbox/harness/extension-build';
import { withAccount } from '../sandbox/harness/follow-button';
import { LINKS_PAGE, turnOnOpenAtHome } from '../sandbox/harness/open-at-home';
import { requestsTo } from '../sandbox/harness/sandbox-log';
import type { Session } from '../sandbox/harness/session';
import { waitUntil } from '../sandbox/harness/wait';
import { followRequests } from './follow';
import type { Row } from './stats';

const PROFILES: SoftwareId[] = ['mastodon-4.5', 'gotosocial', 'akkoma'];
/** Links on the links page (sandbox/remote/plain-site.ts) to a Mastodon server's post and profile. */
const LINKS = [`post on ${REMOTE.mastodon}`, `profile on ${REMOTE.mastodon}`];
const ROUNDS = 3;

const lastSeq = async (sandbox: Sandbox): Promise<number> => (await sandbox.admin.log()).at(-1)?.seq ?? 0;

/** Where a link lands: the home server, or the chosen web client where the server has no page (GoToSocial). */
const landed = (url: string): boolean =>
  url.startsWith(`https://${HOME}/`) || url.startsWith(`https://${WEB_CLIENTS.elk}/`);

/** Home API requests (no preflights) from the click on `link` until the tab lands. */
async function redirectRequests(session: Session, sandbox: Sandbox, link: string): Promise<number> {
  const tab = await session.openPage(LINKS_PAGE);
  try {
    const since = await lastSeq(sandbox);
    await tab.click('link', link);
    await waitUntil(
      `"${link}" to land at home`,
      async () => (landed(await tab.url()) ? true : undefined),
      15_000,
    );
    return requestsTo(await sandbox.admin.log(since), HOME).filter(
      // Not the home web app's own (a page's): the service worker's fetches may come without an Origin to tell.
      (e) => e.path.startsWith('/api/') && e.method !== 'OPTIONS' && e.client !== 'page',
    ).length;
  } finally {
    await tab.close();
  }
}

async function measure(profile: SoftwareId): Promise<Row[]> {
  const sandbox = await startSandbox();
  await sandbox.admin.setHomeSoftware(HOME, profile);
  const session = await launchChromium({
    args: sandbox.chromiumArgs(),
    extensionDir: GRANTED_EXTENSION_DIRS.chromium,
  });
  try {
    await withAccount(
      { session, sandbox },
      profile === 'mastodon-4.5' ? undefined : 'read:search read:follows write:follows read:accounts',
    );
    await sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    const follows = await followRequests(session, sandbox);
    // GoToSocial has no page for other servers' posts: the person chose Elk (the Opening page's question).
    if (profile === 'gotosocial')
      await session.setExtensionStorage('sync', { webClient: { kind: 'elk', host: WEB_CLIENTS.elk } });
    await turnOnOpenAtHome(session);
    const cold: number[] = [];
    const repeat: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await session.setExtensionStorage('local', { openAtHome: {} });
      for (const link of LINKS) {
        cold.push(await redirectRequests(session, sandbox, link));
        repeat.push(await redirectRequests(session, sandbox, link));
      }
    }
    const max = (values: number[]) => Math.max(...values);
    return [
      {
        metric: `${profile}: home requests per follow, cold (n=${follows.clickCold.length}), max`,
        value: max(follows.clickCold),
        unit: 'req',
        target: 2,
      },
      {
        metric: `${profile}: home requests per follow, warm (n=${follows.clickWarm.length}), max`,
        value: max(follows.clickWarm),
        unit: 'req',
        target: 1,
      },
      {
        metric: `${profile}: home requests per redirect, cold (n=${cold.length}), max`,
        value: max(cold),
        unit: 'req',
      },
      {
        metric: `${profile}: home requests per redirect, repeat (n=${repeat.length}), max`,
        value: max(repeat),
        unit: 'req',
        target: 0,
      },
    ];
  } finally {
    await session.close();
    await sandbox.close();
  }
}

export async function homeSoftwareBench(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const profile of PROFILES) rows.push(...(await measure(profile)));
  return rows;
}
