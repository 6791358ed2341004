/**
 * One home software's part of the soak: the sandbox, real Chromium with the built extension, the tabs a person keeps
 * open, and the person's actions (tests/soak/README.md). What each action asked for and what the page showed goes to
 * the Ledger; what the server did is read from the sandbox at the end.
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { HOME, REMOTE, WEB_CLIENTS } from '../../sandbox/hosts';
import type { SoftwareId } from '../../sandbox/home/software';
import { linkTargets, type LinkTarget } from '../../sandbox/remote/plain-site';
import { THREADS_ACCOUNTS, type ThreadsAccount } from '../../sandbox/remote/threads-accounts';
import { threadsPostsOf } from '../../sandbox/remote/threads-content';
import { FOLLOWING_OWNER, followingMix, followingOf } from '../../sandbox/remote/threads-following';
import { FOLLOWING_OWNER_ACCOUNT } from '../../sandbox/remote/threads-generated';
import {
  closeBrowserPages,
  launchChromium,
  pageHeap,
  type ChromiumTab,
} from '../../sandbox/harness/chromium';
import { GRANTED_EXTENSION_DIRS } from '../../sandbox/harness/extension-build';
import { connectAccount, LABELS, setHomeServer, signInAndAuthorize } from '../../sandbox/harness/flows';
import {
  FOLLOW,
  SETTLED,
  followButton,
  profileUrl,
  type FollowSite,
} from '../../sandbox/harness/follow-button';
import { LINKS_PAGE, turnOnOpenAtHome } from '../../sandbox/harness/open-at-home';
import { waitForChecks } from '../../sandbox/harness/people';
import { ServiceWorkerWatch } from '../../sandbox/harness/service-worker';
import type { Session, Tab } from '../../sandbox/harness/session';
import { waitUntil, withTimeout } from '../../sandbox/harness/wait';
import { wordsIn } from '../../sandbox/harness/words';
import { EMPTY_QUEUE, type FollowQueue, type PeopleList } from '../../utils/people/protocol';
import { Chaos, pick, weighted, type Random } from './chaos';
import { serverFollows, type Ledger } from './ledger';

/**
 * Closes a tab without waiting on it for more than 10 s: Chromium can leave a close unanswered when the tab's next
 * document is committing (sandbox/harness/open-at-home.ts), and the person has moved on anyway.
 */
async function closeSoon(tab: Tab): Promise<void> {
  await withTimeout(tab.close(), 10_000, 'closing a tab').catch(() => undefined);
}

/** A page read of the soak, bounded: Playwright's reads (url, evaluate) have no deadline of their own, and on a
 * tab whose navigation waited on a hanging server one was left unanswered for over 6 minutes (Akkoma, 2026-12-07).
 * The poll that sent it goes on with its next try. */
const bounded = <T>(read: Promise<T>): Promise<T> => withTimeout(read, 5000, 'a page read');

/** How long a person waits for a button or a page to say something before counting it as stuck. */
const PATIENCE_MS = 45_000;
const FIND = 'Find them on the fediverse';
/** The popup's reason when the server answers a sign-in's app registration with 429 (utils/mastodon/account.ts). */
const SIGN_INS_LIMITED = wordsIn('en')('connect_rateLimited', { server: HOME });
/** The popup's reason when an earlier sign-in still holds Chromium's one web auth flow (utils/mastodon/account.ts). */
const EARLIER_SIGN_IN = wordsIn('en')('connect_windowOpen');

/** The sign-in window the extension opened: the server's authorize or sign-in page, not one of its other pages. */
function isSignInPage(url: string): boolean {
  return url.startsWith(`https://${HOME}/oauth/authorize`) || url.startsWith(`https://${HOME}/auth/sign_in`);
}

/** Links of the links page that "Open it at home" handles, as tests/e2e/open-at-home.e2e.ts takes them. */
const LINKS: LinkTarget[] = linkTargets().filter(
  (target) =>
    target.host !== REMOTE.lemmyOrigin && !(target.host === 'www.threads.com' && target.kind === 'profile'),
);
const linkName = (target: LinkTarget) => `${target.kind} on ${target.host}`;
/**
 * Addresses Homeward does not read while their host is unknown: a Pixelfed profile is `/<name>`, a shape any site
 * has, so no script goes into it (utils/open-at-home/page-markers.ts); a known host's rule sends it home.
 */
const UNREAD = new Set(
  LINKS.filter((t) => t.host === REMOTE.pixelfed && t.kind === 'profile').map((t) => t.url),
);

/** The smallest Following list of FOLLOWING_OWNER with `size` accounts to follow (or more). */
function queueListSize(size: number): number {
  for (let n = size; ; n += 1) if (followingMix(followingOf(FOLLOWING_OWNER, n)).toFollow >= size) return n;
}

type Operation = 'follow-threads' | 'follow-instagram' | 'open-link' | 'reconnect';

const OPERATION_WEIGHTS: Record<Operation, number> = {
  'follow-threads': 30,
  'follow-instagram': 25,
  'open-link': 30,
  reconnect: 2,
};

export interface Memory {
  worker: number | null;
  threadsPage: number | null;
  peoplePage: number | null;
}

export class World {
  session!: Session;
  /**
   * Counts the People page's documents. Every extension page shares one renderer heap, and a page's first minutes
   * (code compiled, rows drawn) hold more than a new one: a heap is compared within one document's life (run.ts).
   */
  peopleDocument = 0;
  watch!: ServiceWorkerWatch;
  private threads!: Tab;
  private instagram!: Tab;
  private links!: Tab;
  private people: Tab | null = null;
  /** A sign-in the server limited: until then the People queue is not resumed (it would stop again at once). */
  private signInsLimitedUntil = 0;
  private listUrl: string | null = null;
  /** Where the Threads tab's SPA walk through the accounts stands. */
  private at = 0;
  /** Handles the queue was asked to follow. */
  queued: string[] = [];
  /** Console lines of browser sessions already closed (a restart). */
  private earlierLines: string[] = [];
  restarted = false;

  private constructor(
    readonly profile: SoftwareId,
    readonly sandbox: Sandbox,
    readonly chaos: Chaos,
    readonly ledger: Ledger,
    private readonly random: Random,
    private readonly tell: (text: string) => void,
  ) {}

  /** The last thing the trace said, for an action that hung. */
  lastTrace = '';

  private trace(text: string): void {
    this.lastTrace = text;
    this.tell(text);
  }

  /** `work`, traced when it takes over 5 s: where a slow action's time goes. */
  private async timed<T>(step: string, work: Promise<T>): Promise<T> {
    const since = Date.now();
    try {
      return await work;
    } finally {
      const took = Date.now() - since;
      if (took > 5000) this.trace(`${step}: ${Math.round(took / 1000)} s`);
    }
  }

  static async start(
    profile: SoftwareId,
    random: Random,
    ledger: Ledger,
    queueSize: number,
    trace: (text: string) => void,
  ): Promise<World> {
    const sandbox = await startSandbox();
    await sandbox.admin.setHomeSoftware(HOME, profile);
    // Threads accepts open accounts' follows at once: the server's state is then final when a button settles.
    await sandbox.admin.hostOp(HOME, 'set-accept-delay', { ms: 0 });
    await sandbox.admin.hostOp('threads.net', 'set-following', { count: queueListSize(queueSize) });
    const world = new World(
      profile,
      sandbox,
      new Chaos(random, sandbox.admin, profile),
      ledger,
      random,
      trace,
    );
    try {
      await world.launch();
      // Connecting signs the browser in to the home server's web UI too (its sign-in page), as it is in real life.
      const popup = await world.session.openPopup();
      await setHomeServer(popup, HOME);
      await popup.waitForText(HOME, { role: 'status', timeoutMs: 15_000 });
      await connectAccount(world.session, popup);
      await popup.close();
      // GoToSocial has no page for other servers' posts: the person chose Elk (the Opening page's question).
      if (profile === 'gotosocial')
        await world.session.setExtensionStorage('sync', {
          webClient: { kind: 'elk', host: WEB_CLIENTS.elk },
        });
      await turnOnOpenAtHome(world.session);
      await world.openTabs();
      return world;
    } catch (error) {
      await world.session?.close().catch(() => undefined);
      await sandbox.close();
      throw error;
    }
  }

  private async launch(userDataDir?: string): Promise<void> {
    this.session = await launchChromium({
      args: this.sandbox.chromiumArgs(),
      extensionDir: GRANTED_EXTENSION_DIRS.chromium,
      ...(userDataDir ? { userDataDir } : {}),
    });
    const blank = (await this.session.tabs())[0] ?? (await this.session.openPage('about:blank'));
    this.watch = await ServiceWorkerWatch.start(this.session, blank as ChromiumTab);
  }

  private async openTabs(): Promise<void> {
    this.at = Math.floor(this.random() * THREADS_ACCOUNTS.length);
    this.trace('opening the tabs');
    this.threads = await this.session.openPage(profileUrl('threads', THREADS_ACCOUNTS[this.at]!.username));
    this.instagram = await this.session.openPage('about:blank');
    this.links = await this.session.openPage(LINKS_PAGE);
    if (this.listUrl) {
      this.people = await this.session.openPage(this.listUrl);
      this.peopleDocument++;
    }
  }

  /** The tab the person looks at: Chromium runs a hidden tab's animation frames and observers late or not at all. */
  private async front(tab: Tab): Promise<Tab> {
    await tab.bringToFront();
    return tab;
  }

  /** One of the person's actions, chosen at random, with the service worker stopped during it now and then. */
  async operate(): Promise<void> {
    await this.chaos.step();
    if (this.random() < 0.06) await this.stopWorker();
    const operation = weighted(this.random, OPERATION_WEIGHTS);
    this.trace(`${operation}${this.chaos.current ? ` under ${this.chaos.current}` : ''}`);
    const started = Date.now();
    const during =
      this.random() < 0.08
        ? setTimeout(() => void this.stopWorker(), Math.floor(this.random() * 1500))
        : undefined;
    try {
      if (operation === 'follow-threads') await this.followOnThreads();
      else if (operation === 'follow-instagram') await this.followOnInstagram();
      else if (operation === 'open-link') await this.openLink();
      else await this.reconnect('cycle');
    } catch (error) {
      // A control the person could not find or use (the page went elsewhere under them) is counted, and they go on.
      this.ledger.stuck(`${operation}: ${(error as Error).message.split('\n')[0]} (${this.chaos.current})`);
      this.trace(`failed: ${(error as Error).message.split('\n')[0]}`);
    } finally {
      clearTimeout(during);
    }
    const took = Date.now() - started;
    if (took > 30_000) this.trace(`${operation} took ${Math.round(took / 1000)} s`);
    this.ledger.operations += 1;
  }

  async stopWorker(): Promise<void> {
    if (await this.watch.stop().catch(() => false)) this.chaos.injected['worker-stopped'] += 1;
  }

  // ---------- follow and unfollow ----------

  /** The next account through the Threads page's own mention link (a single-page navigation). */
  private async followOnThreads(): Promise<void> {
    const current = THREADS_ACCOUNTS[this.at % THREADS_ACCOUNTS.length]!;
    const mention = threadsPostsOf(current)[1]?.mentions;
    const next = mention ? THREADS_ACCOUNTS.findIndex((a) => a.username === mention.username) : -1;
    await this.front(this.threads);
    if (mention && next >= 0 && (await this.threads.url()).startsWith('https://www.threads.com/')) {
      await this.threads.click('link', `@${mention.username}`);
      this.at = next;
    } else {
      this.at = (this.at + 1) % THREADS_ACCOUNTS.length;
      await this.threads.goto(profileUrl('threads', THREADS_ACCOUNTS[this.at]!.username));
    }
    await this.toggle(this.threads, 'threads', THREADS_ACCOUNTS[this.at]!);
  }

  private async followOnInstagram(): Promise<void> {
    const account = pick(this.random, THREADS_ACCOUNTS);
    await this.timed('front', this.front(this.instagram));
    await this.timed('instagram goto', this.instagram.goto(profileUrl('instagram', account.username)));
    await this.toggle(this.instagram, 'instagram', account);
  }

  /** Waits for the button of `handle` to show a settled label other than `not`; null if it never does. */
  /** What the last `settled` saw, for the ledger when it timed out. */
  private lastSeen = '';

  private async settled(
    tab: Tab,
    handle: string,
    not?: string,
  ): Promise<{ label: string; title: string } | null> {
    const since = Date.now();
    const seen = await waitUntil(
      `the follow button of ${handle}`,
      async () => {
        const view = await followButton(tab);
        this.lastSeen = `${JSON.stringify(view)} at ${await tab.url()}`;
        if (view.handles.length !== 1 || view.handles[0] !== handle || view.label === null) return undefined;
        if (!SETTLED.test(view.label) || view.label === not) return undefined;
        return { label: view.label, title: view.title ?? '' };
      },
      PATIENCE_MS,
    ).catch(() => null);
    // Slow answers are part of the trace: where a run's time goes.
    const took = Date.now() - since;
    if (took > 10_000)
      this.trace(`${handle} settled in ${Math.round(took / 1000)} s: ${seen?.label ?? 'no'}`);
    return seen;
  }

  /** Waits (briefly) for the button to show it is checking: a click on Try again starts over. */
  private async checking(tab: Tab): Promise<void> {
    await waitUntil(
      'the button to check again',
      async () => ((await followButton(tab)).label === FOLLOW.checking ? true : undefined),
      3000,
    ).catch(() => undefined);
  }

  /** Follows the account when the button offers it, unfollows (or withdraws) when it shows the follow. */
  private async toggle(tab: Tab, site: FollowSite, account: ThreadsAccount): Promise<void> {
    const handle = `${account.username}@threads.net`;
    let before = await this.settled(tab, handle);
    if (before?.label.startsWith('Try again')) {
      // The check failed and says why; the person tries again once, and leaves it if it fails again.
      this.ledger.shown('check failed, reason shown', before.title);
      await this.timed(
        'click Try again',
        tab.click('button', before.label).catch(() => undefined),
      );
      await this.timed('checking', this.checking(tab));
      before = await this.settled(tab, handle);
      if (before?.label.startsWith('Try again')) {
        this.ledger.shown('check failed again, reason shown', before.title);
        return;
      }
    }
    if (!before) {
      this.ledger.stuck(
        `${site}: the button of ${handle} never settled (${this.chaos.current}; ${this.lastSeen})`,
      );
      this.trace(`stuck: ${this.lastSeen}`);
      return;
    }
    if (before.label === FOLLOW.connect) {
      await this.reconnect('asked');
      return;
    }
    const following = before.label === FOLLOW.following || before.label === FOLLOW.requested;
    if (before.label !== FOLLOW.follow && !following) {
      this.ledger.count(`${site}: ${before.label}`);
      return;
    }
    const ask = following ? 'unfollow' : 'follow';
    await this.chaos.strike();
    if (this.chaos.current) this.trace(`at the click: ${this.chaos.current}`);
    this.ledger.ask(handle, ask);
    // Now and then the service worker stops right as the click reaches it.
    if (this.random() < 0.15) setTimeout(() => void this.stopWorker(), Math.floor(this.random() * 300));
    if (following) {
      await tab.click('button', before.label);
      await tab.click('button', before.label === FOLLOW.requested ? FOLLOW.withdraw : FOLLOW.unfollow);
    } else {
      await tab.click('button', FOLLOW.follow);
    }
    this.trace(`${ask} ${handle} (was ${before.label})`);
    const after = await this.settled(tab, handle, before.label);
    this.trace(`→ ${after ? after.label : 'nothing'}`);
    await this.ledger.answered(this.sandbox, handle, ask, after, `${site}: ${ask} ${handle}`, this.lastSeen);
  }

  // ---------- open it at home ----------

  private async openLink(): Promise<void> {
    const target = pick(this.random, LINKS);
    await this.front(this.links);
    // The sandbox's log from here on: what this link's navigation asked of the servers.
    const since = (await this.sandbox.admin.log()).at(-1)?.seq ?? 0;
    // The Opening page of the link before may still be leaving for the original or home: the links page is loaded
    // again until the link can be clicked there.
    // A page the background answered with a reload through the Opening page may start that navigation under the
    // goto, which then fails as interrupted: the same.
    for (let tries = 1; ; tries++) {
      const clicked = await this.links
        .goto(LINKS_PAGE)
        .catch((error: Error) => {
          // Interrupted by another navigation to the links page itself (three times in a row once, Akkoma,
          // 2026-12-07): the tab is going where it was sent, and the click below waits for the link.
          if (!error.message.includes(`another navigation to "${LINKS_PAGE}"`)) throw error;
          this.trace(`the links page's load was interrupted by another load of it (try ${tries})`);
        })
        .then(() => this.links.click('link', linkName(target), { timeoutMs: 5000 }))
        .then(() => true)
        .catch((error: Error) => (tries < 3 ? false : Promise.reject(error)));
      if (clicked) break;
    }
    const ext = this.session.extensionOrigin;
    const outcome = await waitUntil(
      `"${linkName(target)}" to land or say why not`,
      async () => {
        const url = await bounded(this.links.url());
        if (url.startsWith(`https://${HOME}/`) || url.startsWith(`https://${WEB_CLIENTS.elk}/`))
          return 'home';
        if (url.startsWith(`${ext}/`)) {
          // The Opening page: settled once it says why it did not open and offers the original.
          const status = (await bounded(this.links.roleText('status'))) ?? '';
          const offers = (await bounded(this.links.count('button', 'View original'))) > 0;
          return status && offers ? `reason: ${status}` : undefined;
        }
        if (url.startsWith('chrome-error://')) {
          // A known host's rule sent the navigation home before anything Homeward could watch (README): the
          // browser's own page then says the home server did not answer.
          return (await bounded(this.links.bodyText())).includes(HOME) ? 'home-error' : undefined;
        }
        if (url === target.url) {
          // The original stayed: once the background answered the marker script that it stays, or when the page was
          // never read (an address of an unknown host whose shape any site has, such as Pixelfed's /erin: README).
          const page = await bounded(
            this.links.evaluate(() => ({
              stays: performance.getEntriesByName('homeward:page-stays').length > 0,
              read: performance.getEntriesByName('homeward:markers-read').length > 0,
              loaded: document.readyState === 'complete' ? performance.now() : 0,
            })),
          );
          if (page.stays) return 'original';
          if (UNREAD.has(target.url) && !page.read && page.loaded > 8000) return 'original-unread';
          // A missing post's 404 carries no fediverse markers: on a host Homeward does not know yet (its rules come
          // from the home server's peers, which a 429 or an outage can keep it from reading), nothing says it is
          // one, and the page stays as any site's 404 would.
          if (target.kind === 'missing' && page.read && page.loaded > 8000 && !(await this.peersRead()))
            return 'original-404';
        }
        return undefined;
      },
      PATIENCE_MS,
    ).catch(() => null);
    if (!outcome) {
      // A known host's rule sent the tab home, and the home server holds the page's request without answering (a
      // hang): the browser shows its loading tab for the home server, as it would for any hanging site. Seen in the
      // sandbox's log as a page load of the home server still in flight; anything else is stuck.
      const hanging = this.chaos.current.includes('"hang":true') && this.chaos.current.includes(`"${HOME}"`);
      const loadingHome =
        hanging &&
        (await this.sandbox.admin.log(since)).some(
          (entry) => entry.host === HOME && entry.secFetchDest === 'document' && entry.status === null,
        );
      if (loadingHome) {
        this.ledger.count('link: home server still loading the page');
        return;
      }
      const url = await bounded(this.links.url()).catch(() => 'no answer from the tab');
      const marks = await bounded(
        this.links.evaluate(() => performance.getEntriesByType('mark').map((mark) => mark.name)),
      ).catch(() => []);
      this.trace(
        `the page's marks: ${marks.join(', ') || 'none'}; the background said: ${this.lastWords().join(' | ')}`,
      );
      this.ledger.stuck(
        `open ${linkName(target)}: neither home nor a reason (${this.chaos.current}; ${url})`,
      );
      return;
    }
    const outcomes: Record<string, string> = {
      home: 'link opened at home',
      'home-error': "link: home server's error page",
      original: 'link: original kept',
      'original-unread': 'link: original, not an address Homeward reads',
      'original-404': 'link: original 404 of a host Homeward did not know yet',
    };
    this.ledger.count(outcomes[outcome] ?? 'link: reason shown');
  }

  /** Whether the extension has had the home server's peers (its known hosts, and their rules) answered yet. */
  private async peersRead(): Promise<boolean> {
    return (await this.sandbox.admin.log()).some(
      (entry) =>
        entry.client === 'extension' &&
        entry.host === HOME &&
        entry.path.startsWith('/api/v1/instance/peers') &&
        entry.status === 200,
    );
  }

  // ---------- the account ----------

  /**
   * `cycle`: Disconnect, then Connect account again through the server's sign-in (the person's connect and
   * disconnect). `asked`: the page asked to reconnect (a revoked token): Reconnect in the popup. Until connected,
   * as a person tries again once the server answers.
   */
  async reconnect(why: 'cycle' | 'asked'): Promise<'connected' | 'limited' | 'failed'> {
    const popup = await this.session.openPopup();
    try {
      if (why === 'cycle' && (await popup.count('button', LABELS.disconnect)) > 0) {
        await popup.click('button', LABELS.disconnect);
        await popup.waitForRole('button', LABELS.connect, { timeoutMs: PATIENCE_MS });
        this.ledger.count('disconnected');
      }
      if (why === 'asked') {
        // The popup checks the account as it opens: Reconnect shows once the server has said no.
        await waitUntil(
          'the popup to offer Reconnect',
          async () =>
            (await popup.count('button', LABELS.reconnect)) + (await popup.count('button', LABELS.connect)) >
            0
              ? true
              : undefined,
          10_000,
        ).catch(() => undefined);
      }
      for (let attempt = 1; ; attempt++) {
        const button =
          (await popup.count('button', LABELS.reconnect)) > 0 ? LABELS.reconnect : LABELS.connect;
        if ((await popup.count('button', button)) === 0) break;
        await popup.click('button', button);
        // The sign-in window the extension opened: the server's authorize or sign-in page, not one of its other
        // pages a link opened at home.
        const auth = await this.session.waitForNewTab(isSignInPage, { timeoutMs: 15_000 }).catch(() => null);
        if (auth) await signInAndAuthorize(auth).catch(() => closeSoon(auth));
        else {
          // The window can show without Playwright driving it: the flow loads its page out of sight, in a target
          // that is not a page yet when the automation attaches (docs/home-software.md, "Signing in"). The popup
          // then rightly waits for the person; this one closes the window, and the next attempt opens another.
          const undriven = await closeBrowserPages(popup as ChromiumTab, isSignInPage).catch(() => []);
          if (undriven.length > 0)
            this.trace(`closed a sign-in window the automation could not drive: ${undriven.join(', ')}`);
        }
        const connected = await waitUntil(
          'the account or a reason',
          async () => {
            if ((await popup.count('button', LABELS.disconnect)) > 0) return true;
            return (await popup.count('alert')) > 0 ? false : undefined;
          },
          20_000,
        ).catch(() => false);
        if (connected) break;
        const said = (await popup.roleText('alert')) ?? '';
        // The browser's own words when the sign-in window ended without an answer (utils/mastodon/account.ts).
        const ended = this.consoleLines()
          .filter((line) => line.includes('the sign-in window ended'))
          .at(-1);
        this.trace(
          `connect attempt ${attempt}: ${auth ? 'signed in' : 'no sign-in window'}; ${said || 'nothing said'}${ended ? ` (${ended})` : ''}`,
        );
        if (!said) {
          // What the popup showed instead, and the background's last words: what a stuck sign-in waited on.
          const shown = (await bounded(popup.bodyText()).catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
          this.trace(`the popup showed: ${shown}; the background said: ${this.lastWords().join(' | ')}`);
          this.ledger.stuck(`connect: no account and no reason (attempt ${attempt})`);
        } else this.ledger.shown('connect failed, reason shown', said);
        // The server limits new sign-ins: a Sharkey account registers an app for each (utils/mastodon/account.ts),
        // and the sandbox counts Mastodon's five registrations per ten minutes there too (docs/home-server.md §7,
        // §10.3). The popup says to try again in a few minutes: the person does, at a later action, not now.
        if (said === SIGN_INS_LIMITED) return 'limited';
        // A sign-in a stopped background began still holds Chromium's one sign-in; its window shows once the server
        // answers its page (docs/home-software.md, "Signing in"). The person closes it when it shows, as told.
        if (said === EARLIER_SIGN_IN) {
          // Its page loads only once the server answers: a person waits for the server to come back.
          await this.chaos.calm();
          const closed = await waitUntil(
            'the earlier sign-in window to show',
            async () => {
              const urls = await closeBrowserPages(popup as ChromiumTab, isSignInPage);
              return urls.length > 0 ? urls : undefined;
            },
            60_000,
          ).catch(() => []);
          this.trace(`closed the earlier sign-in window: ${closed.join(', ') || 'none showed'}`);
        }
        if (attempt >= 2) await this.chaos.calm();
        // The sign-in page did not open: the server is down or asking to wait (GoToSocial's limit covers its sign-in
        // pages). The person tries again in a while, as the popup says.
        if (said.includes('sign-in page did not open'))
          await new Promise((resolve) => setTimeout(resolve, 30_000));
        if (attempt >= 5) {
          this.ledger.stuck(
            `connect: no account after ${attempt} attempts (last: ${said || 'nothing said'})`,
          );
          return 'failed';
        }
      }
      // The loop ends when the popup offers neither Connect nor Reconnect: connected (Disconnect shows), or a sign-in
      // still under way (the button says it waits on the server), which is no connection.
      if ((await popup.count('button', LABELS.disconnect)) === 0) {
        this.trace('connect: no Disconnect, a sign-in still under way');
        this.ledger.count('connect: sign-in still under way');
        return 'failed';
      }
      this.ledger.count(why === 'cycle' ? 'connected again' : 'reconnected');
      return 'connected';
    } finally {
      await closeSoon(popup);
    }
  }

  /**
   * Before the audit: a person whose pages ask to reconnect does so (a revoke near the end leaves that). Whether the
   * extension's token still works is the server's to say: its live tokens for the user.
   */
  async ensureConnected(): Promise<void> {
    const { tokens } = await this.sandbox.admin.hostOp<{
      tokens: { userId: string | null; revoked: boolean }[];
    }>(HOME, 'state');
    if (tokens.some((token) => token.userId !== null && !token.revoked)) return;
    // Sign-ins limited: the window is ten minutes at most; the person tries again each minute until it ends.
    for (let tries = 0; tries < 12 && (await this.reconnect('asked')) === 'limited'; tries++) {
      this.trace('sign-ins limited before the audit: trying again in a minute');
      await new Promise((resolve) => setTimeout(resolve, 60_000));
    }
  }

  // ---------- Bring my people ----------

  /** Scans FOLLOWING_OWNER's Following list on Threads and follows everyone found (QUEUE_SIZE or more). */
  async startQueue(): Promise<void> {
    const tab = await this.session.openPage(profileUrl('threads', FOLLOWING_OWNER));
    await tab.click('button', `${FOLLOWING_OWNER_ACCOUNT.followers} followers`, { timeoutMs: PATIENCE_MS });
    await tab.click('tab', 'Following');
    await tab.click('button', FIND, { timeoutMs: PATIENCE_MS });
    const people = await this.session.waitForNewTab((url) => url.includes('/people.html?list='), {
      timeoutMs: 120_000,
    });
    await closeSoon(tab);
    this.people = people;
    this.peopleDocument++;
    this.listUrl = await people.url();
    // Accounts the faults kept from being checked are checked again, as the page offers.
    for (let round = 0; round < 10; round++) {
      await waitForChecks(people, 300_000);
      if ((await people.count('button', 'Check again')) === 0) break;
      await people.click('button', 'Check again');
    }
    const list = await this.list();
    const found = list.rows.filter((row) => row.status.kind === 'found').map((row) => row.handle);
    await people.waitForText(`${found.length} selected`, { timeoutMs: PATIENCE_MS });
    this.queued = found;
    for (const handle of found) this.ledger.ask(handle, 'follow');
    await people.click('button', 'Follow selected');
    this.ledger.count('people: follow selected');
  }

  async list(): Promise<PeopleList> {
    const id = new URL(this.listUrl ?? '').searchParams.get('list');
    const list = (await this.session.extensionStorage('local'))[`people:${id}`] as PeopleList | undefined;
    if (!list) throw new Error(`the list ${id} is not stored`);
    return list;
  }

  async queue(): Promise<FollowQueue> {
    // Not stored yet: WXT's storage item falls back to the empty queue, as the extension reads it.
    const stored = (await this.session.extensionStorage('local')).peopleFollowQueue as
      FollowQueue | undefined;
    return stored ?? EMPTY_QUEUE;
  }

  /** A stopped queue says why and offers Resume: the person resumes it once the server is back. */
  async resumeIfStopped(): Promise<void> {
    if (!this.listUrl || this.chaos.downUntil > Date.now()) return;
    const queue = await this.queue();
    if (queue.status.kind !== 'stopped') return;
    this.trace(`the queue stopped: ${queue.status.message.key}`);
    if (
      queue.status.message.key === 'people_signedOut' ||
      queue.status.message.key === 'people_connectFirst'
    ) {
      if (this.signInsLimitedUntil > Date.now()) return;
      if ((await this.reconnect('asked')) !== 'connected') {
        // Resumed signed out, the queue would only stop again: the person comes back in a minute.
        this.signInsLimitedUntil = Date.now() + 60_000;
        return;
      }
    }
    // The open page shows the stop as it happens (it watches storage): the person clicks Resume there.
    if (!this.people) {
      this.people = await this.session.openPage(this.listUrl);
      this.peopleDocument++;
    }
    await this.front(this.people);
    await this.people.click('button', 'Resume', { timeoutMs: PATIENCE_MS });
    this.ledger.shown('people: stopped, reason shown, resumed', queue.status.message.key);
  }

  /** How many of the queued accounts the server follows (or has asked to) now. */
  async queuedFollowed(): Promise<number> {
    const follows = await serverFollows(this.sandbox);
    return this.queued.filter((handle) => follows.has(handle)).length;
  }

  /** Quits the browser and starts it again on the same profile, as a person does; the tabs are opened again. */
  async restart(): Promise<void> {
    this.earlierLines.push(...this.session.consoleLines());
    const errors = this.watch.errors;
    await this.watch.close();
    this.trace('restarting the browser');
    this.session = await this.session.restart();
    this.trace('browser started again');
    const blank = (await this.session.tabs())[0] ?? (await this.session.openPage('about:blank'));
    this.watch = await ServiceWorkerWatch.start(this.session, blank as ChromiumTab);
    this.watch.errors.unshift(...errors);
    await this.openTabs();
    this.chaos.injected.restart += 1;
    this.restarted = true;
  }

  /** The extension's last console lines that name Homeward, for a stuck action's trace. */
  lastWords(): string[] {
    return this.consoleLines()
      .filter((line) => line.includes('Homeward'))
      .slice(-5);
  }

  consoleLines(): string[] {
    return [...this.earlierLines, ...this.session.consoleLines()];
  }

  async memory(): Promise<Memory> {
    return this.memoryOf({ worker: true, threads: true, people: true });
  }

  async memoryOf(which: { worker?: boolean; threads?: boolean; people?: boolean }): Promise<Memory> {
    // Each page in front first: a page in a hidden tab renders late or not at all (the People page's rows wait on
    // animation frames), and a page opened by the restart had not drawn its list when the baseline was read
    // (1.5 MB against 2.8 MB once drawn, Akkoma 2026-12-07). Then the least of three readings a second apart: one
    // taken while the page is busy (a storage answer being parsed, a render under way) holds what the next
    // collection frees.
    const heapOf = async (tab: Tab | null, drawn?: () => boolean): Promise<number | null> => {
      if (!tab) return null;
      await this.front(tab);
      // A page that draws what storage holds once it is shown: read once it has. This did not steady the People
      // page's readings (1.6–4.7 MB for the same page over three 1,000-action runs): tests/soak/README.md, "Open".
      if (drawn)
        await waitUntil(
          'the page to draw',
          async () => ((await bounded(tab.evaluate(drawn))) ? true : undefined),
          15_000,
        ).catch(() => undefined);
      const readings: number[] = [];
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        readings.push(await pageHeap((tab as ChromiumTab).page));
      }
      return Math.min(...readings);
    };
    return {
      worker: which.worker ? await this.watch.heap().catch(() => null) : null,
      threadsPage: which.threads ? await heapOf(this.threads).catch(() => null) : null,
      // The table's rows: its header and at least one account.
      peoplePage: which.people
        ? await heapOf(this.people, () => document.querySelectorAll('[role="row"]').length > 1).catch(
            () => null,
          )
        : null,
    };
  }

  /** A fresh look at `account`'s button on `site`, for the audit. */
  async freshLabel(site: FollowSite, username: string): Promise<string | null> {
    const tab = await this.session.openPage(profileUrl(site, username));
    try {
      return (await this.settled(tab, `${username}@threads.net`))?.label ?? null;
    } finally {
      await closeSoon(tab);
    }
  }

  async close(): Promise<void> {
    await this.watch.close();
    await this.session.close();
    await this.sandbox.close();
  }
}
