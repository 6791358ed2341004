/**
 * "Open it at home" targets, in real Chromium against the sandbox: navigation → home page request (cold, with the
 * service worker asleep, a known link by its direct rule and by the Opening page, against a plain link to the same
 * home page), home-server requests per redirect, remote page bytes before the redirect for known hosts, and the cost
 * on ordinary pages (the shipped build injects nothing; the granted build with the switch on runs only the
 * Alt-click script, in the page's own world: ≤ 1 ms of main-thread time and no request). Run by bench/run.ts after a build.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { startSandbox, type LogEntry, type Sandbox } from '../sandbox';
import { HOME, NOT_MASTODON, THREADS_FEDERATION, THREADS_WEB } from '../sandbox/hosts';
import { linkTargets, type LinkTarget } from '../sandbox/remote/plain-site';
import { launchChromium, type ChromiumTab } from '../sandbox/harness/chromium';
import { GRANTED_EXTENSION_DIRS } from '../sandbox/harness/extension-build';
import { withAccount } from '../sandbox/harness/follow-button';
import {
  LINKS_PAGE,
  signInToHomeWeb,
  turnOnOpenAtHome,
  waitForHome,
  waitForPeersAsked,
} from '../sandbox/harness/open-at-home';
import { browserRequests } from '../sandbox/harness/sandbox-log';
import type { Session } from '../sandbox/harness/session';
import { waitUntil } from '../sandbox/harness/wait';
import { stopServiceWorker } from '../sandbox/harness/service-worker';
import { percentile, type Row } from './stats';

/**
 * Ordinary pages of a bakery's site: one with no script of its own, so anything running there is the extension's,
 * and one with a few lines of its own, like most of the web (the same trace measures them, for reference).
 */
const ORDINARY_PAGES = [`https://${NOT_MASTODON}/`, `https://${NOT_MASTODON}/today`];
/** After `load`, how long an injected content script may take to appear; document_idle is at the latest `load`. */
const INJECTION_WINDOW_MS = 500;
/** The timeline's own categories: the `v8` and disabled-by-default ones slow V8 down enough to distort the figure. */
const TRACE_CATEGORIES = ['devtools.timeline', 'toplevel'];
/** storage.local keys of utils/open-at-home/resolve.ts (the resolve cache) and known-hosts.ts. */
const OPEN_CACHE_KEY = 'openAtHome';
const KNOWN_HOSTS_KEY = 'knownFediverseHosts';

export interface OpenAtHomeOptions {
  /** Samples per measurement; ≥ 20 for the report, fewer while working on the bench. */
  samples: number;
}

interface RedirectSample {
  url: string;
  /** The home page the tab landed on. */
  homeUrl: string;
  /** Click on the link (the page's Date.now()) → the home document request arriving in the sandbox (ms). */
  toHomeRequest: number;
  /** Click → the Opening page's first contentful paint (ms); null when the tab never showed the Opening page. */
  toFirstPaint: number | null;
  /**
   * The remote site's own service worker answered the navigation: Chromium's rules never see such a load
   * (docs/fediverse-software.md, "Service workers"), so the page's markers send it home after it loads.
   */
  answeredByWorker: boolean;
  /** Browser API requests to the home server during the redirect (CORS preflights apart). */
  homeApi: number;
  preflights: number;
  /** Document requests that reached the remote host before the home document was asked for. */
  remoteDocuments: number;
  /** Bytes of remote-host responses the tab received (CDP Network.loadingFinished encodedDataLength). */
  remoteBytes: number;
}

interface OrdinaryLoad {
  url: string;
  /** Execution contexts of the extension's origin created in the page (content script isolated worlds). */
  extensionWorlds: number;
  /** The page's own inline scripts, measured the same way. */
  pageScriptMs: number;
  /** Main-thread time in trace events attributed to the extension's scripts (compile, run, listeners), ms. */
  extensionMs: number;
  /** The same events' thread time: what the main thread itself ran, without the time the OS gave other processes. */
  extensionCpuMs: number;
  pageScriptCpuMs: number;
  /** Every main-thread task of the page's renderer while the page loaded, ms. */
  allTasksMs: number;
  /** Requests beyond the page's own: another host, or made by the extension. */
  extraRequests: number;
}

/** The redirect samples, by kind (redirects()), and the links left out or failed. */
interface Rounds {
  cold: RedirectSample[];
  /** Cold, with the extension's service worker stopped first. */
  asleep: RedirectSample[];
  /** A link the server answered for before: the browser's direct rule (utils/open-at-home/direct-rules.ts). */
  direct: RedirectSample[];
  /** The same with the direct rules removed: the Opening page answers from the cache. */
  cached: RedirectSample[];
  /** A link to the home page itself, on the same page: the floor. */
  plain: RedirectSample[];
  excluded: string[];
  failed: string[];
}

export interface OpenAtHomeBench {
  rows: Row[];
  samples: Rounds & {
    shipped: OrdinaryLoad[];
    off: OrdinaryLoad[];
    on: OrdinaryLoad[];
    /** The same as `on`, with a one-statement Alt-click script (floorLoads). */
    floor: OrdinaryLoad[];
    /** First visits to the home server's peers (peerFirstVisits). */
    peers: RedirectSample[];
  };
}

const lastSeq = async (sandbox: Sandbox): Promise<number> => (await sandbox.admin.log()).at(-1)?.seq ?? 0;

// ---------------------------------------------------------------------------------------------------------
// Redirects

/** Posts and profiles the links page points to; Threads has its own rules and never becomes a known host. */
function redirectTargets(): LinkTarget[] {
  const threads: readonly string[] = [...THREADS_WEB, ...THREADS_FEDERATION];
  return linkTargets().filter(
    (target) => (target.kind === 'post' || target.kind === 'profile') && !threads.includes(target.host),
  );
}

/**
 * Follows one tab through CDP: bytes the browser received from `host` for requests sent before the tab asked the
 * home server for a document (the home copy may show the remote avatar afterwards: not "before the redirect"),
 * and when the Opening page, if the tab showed it, first painted something (epoch ms).
 */
async function watchTab(
  page: Page,
  host: string,
): Promise<{
  cdp: CDPSession;
  bytes: () => number;
  openingPaint: () => number | null;
  answeredByWorker: () => boolean;
}> {
  const cdp = await page.context().newCDPSession(page);
  const urls = new Map<string, string>();
  let home = false;
  let bytes = 0;
  /** Wall clock minus the protocol's monotonic clock, both in ms (from any request's pair of times). */
  let offset: number | null = null;
  let openingLoader: string | null = null;
  let openingPaint: number | null = null;
  let answeredByWorker = false;
  cdp.on('Network.requestWillBeSent', (event) => {
    offset ??= event.wallTime * 1000 - event.timestamp * 1000;
    const target = new URL(event.request.url).hostname;
    if (target === HOME && event.type === 'Document') home = true;
    // A redirect keeps the request id and changes the URL: a request the rule sent elsewhere counts nowhere.
    if (target === host && !home) urls.set(event.requestId, event.request.url);
    else urls.delete(event.requestId);
  });
  cdp.on('Network.responseReceived', (event) => {
    const { response } = event;
    if (event.type === 'Document' && new URL(response.url).hostname === host && response.fromServiceWorker)
      answeredByWorker = true;
  });
  cdp.on('Network.loadingFinished', (event) => {
    if (urls.has(event.requestId)) bytes += event.encodedDataLength;
  });
  cdp.on('Page.frameNavigated', ({ frame }) => {
    if (frame.parentId === undefined && frame.url.startsWith('chrome-extension://'))
      openingLoader = frame.loaderId;
  });
  cdp.on('Page.lifecycleEvent', (event) => {
    if (event.name === 'firstContentfulPaint' && event.loaderId === openingLoader && offset !== null)
      openingPaint ??= event.timestamp * 1000 + offset;
  });
  await cdp.send('Network.enable');
  await cdp.send('Page.enable');
  await cdp.send('Page.setLifecycleEventsEnabled', { enabled: true });
  return {
    cdp,
    bytes: () => bytes,
    openingPaint: () => openingPaint,
    answeredByWorker: () => answeredByWorker,
  };
}

/**
 * One click on the links page, in a fresh tab (a tab may load an original it was just sent home from): on the
 * target's link, or with `href`, on a link to that address added to the page (a link to the home page itself).
 */
async function redirectOnce(
  session: Session,
  sandbox: Sandbox,
  target: LinkTarget,
  { href = target.url, asleep = false }: { href?: string; asleep?: boolean } = {},
): Promise<RedirectSample> {
  const tab = (await session.openPage(LINKS_PAGE)) as ChromiumTab;
  const network = await watchTab(tab.page, target.host);
  try {
    // Last thing before the click: any tab's event (this one's load too) wakes the worker again.
    if (asleep) await stopServiceWorker(session, tab);
    const since = await lastSeq(sandbox);
    const clicked = await tab.page.evaluate((address) => {
      let link = [...document.querySelectorAll('a')].find((a) => a.getAttribute('href') === address);
      if (!link) {
        link = document.createElement('a');
        link.href = address;
        link.textContent = 'home';
        document.body.append(link);
      }
      const at = Date.now();
      link.click();
      return at;
    }, href);
    const homeUrl = await waitForHome(tab);
    const entries = browserRequests(await sandbox.admin.log(since));
    // The Opening page navigates there, so the request may carry the extension's referrer: not filtered by client.
    const home = entries.find((e) => e.host === HOME && e.secFetchDest === 'document' && e.method === 'GET');
    if (!home) throw new Error(`no home document request after ${href}`);
    // Before the home page: whoever asked. After it: the extension's only (the home web app makes its own).
    const api = entries.filter(
      (e) => e.host === HOME && e.path.startsWith('/api/') && (e.seq < home.seq || e.client === 'extension'),
    );
    const before = (e: LogEntry) => e.seq < home.seq;
    const painted = network.openingPaint();
    return {
      url: href,
      homeUrl,
      toHomeRequest: Date.parse(home.time) - clicked,
      toFirstPaint: painted === null ? null : painted - clicked,
      answeredByWorker: network.answeredByWorker(),
      homeApi: api.filter((e) => e.method !== 'OPTIONS').length,
      preflights: api.filter((e) => e.method === 'OPTIONS').length,
      remoteDocuments: entries.filter(
        (e) => before(e) && e.host === target.host && e.secFetchDest === 'document',
      ).length,
      remoteBytes: network.bytes(),
    };
  } finally {
    await network.cdp.detach().catch(() => undefined);
    await tab.close();
  }
}

/**
 * Runs `fn` in a tab of the extension's origin (its manifest.json: the extension's APIs, none of its code), for what
 * the bench must change that no page of Homeward offers.
 */
async function inExtension(session: Session, fn: () => Promise<void>): Promise<void> {
  const tab = await session.openPage(`${session.extensionOrigin}/manifest.json`);
  try {
    await tab.evaluate(fn);
  } finally {
    await tab.close();
  }
}

/** Removes the direct rules (session rule ids below 1000, utils/open-at-home/direct-rules.ts) and their record. */
async function dropDirectRules(session: Session): Promise<void> {
  await inExtension(session, async () => {
    interface Api {
      declarativeNetRequest: {
        getSessionRules(): Promise<{ id: number }[]>;
        updateSessionRules(update: { removeRuleIds: number[] }): Promise<void>;
      };
      storage: { session: { remove(key: string): Promise<void> } };
    }
    const api = (globalThis as { chrome?: Api }).chrome!;
    const ids = (await api.declarativeNetRequest.getSessionRules())
      .map((r) => r.id)
      .filter((id) => id < 1000);
    await api.declarativeNetRequest.updateSessionRules({ removeRuleIds: ids });
    await api.storage.session.remove('directRules');
  });
}

/** The server's answers forgotten: the resolve cache and the rules made from it. */
async function forgetAnswers(session: Session): Promise<void> {
  await session.setExtensionStorage('local', { [OPEN_CACHE_KEY]: {} });
  await dropDirectRules(session);
}

/**
 * Makes every target's host known the way a person does, by visiting (the first page of an unknown host loads and
 * is sent home by the marker script). Targets that do not end on the home server are left out and reported.
 */
async function visitAll(session: Session, sandbox: Sandbox, targets: LinkTarget[]): Promise<string[]> {
  const excluded: string[] = [];
  for (const target of targets) {
    await redirectOnce(session, sandbox, target).catch(() => excluded.push(target.url));
  }
  const known = (await session.extensionStorage('local'))[KNOWN_HOSTS_KEY] as
    Record<string, number> | undefined;
  for (const target of targets) {
    if (!known?.[target.host] && !excluded.includes(target.url)) excluded.push(target.url);
  }
  return excluded;
}

/**
 * Rounds over the targets, five clicks each, every one in a fresh tab: cold with the service worker stopped first
 * (the answers forgotten: one search; the sandbox home server fetches the object anew on every search), cold with it
 * running, the same link again (the direct rule made by the cold click), again with the direct rules removed (the
 * Opening page answers from the cache), and a link to the home page itself on the same page.
 */
async function redirects(session: Session, sandbox: Sandbox, options: OpenAtHomeOptions): Promise<Rounds> {
  const all = redirectTargets();
  const excluded = await visitAll(session, sandbox, all);
  const targets = all.filter((t) => !excluded.includes(t.url));
  if (targets.length === 0) throw new Error(`no link opened at home: ${excluded.join(', ')}`);
  const rounds: Rounds = { cold: [], asleep: [], direct: [], cached: [], plain: [], excluded, failed: [] };
  const attempt = async (
    target: LinkTarget,
    into: RedirectSample[],
    how: { href?: string; asleep?: boolean } = {},
  ) => {
    const href = how.href;
    try {
      const sample = await redirectOnce(session, sandbox, target, how);
      into.push(sample);
      return sample;
    } catch (error) {
      rounds.failed.push(`${href ?? target.url}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  };
  while (rounds.cold.length < options.samples && rounds.failed.length < options.samples) {
    for (const target of targets) {
      if (rounds.cold.length >= options.samples) break;
      await forgetAnswers(session);
      await attempt(target, rounds.asleep, { asleep: true });
      await forgetAnswers(session);
      await attempt(target, rounds.cold);
      const direct = await attempt(target, rounds.direct);
      await dropDirectRules(session);
      await attempt(target, rounds.cached);
      if (direct) await attempt(target, rounds.plain, { href: direct.homeUrl });
    }
  }
  return rounds;
}

// ---------------------------------------------------------------------------------------------------------
// Ordinary pages

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread clock: start and duration of the time the thread was running (trace events of timed categories). */
  tts?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, unknown>;
}

/** The script URL a trace event is about, where it names one (EvaluateScript, FunctionCall, v8.compile, …). */
function scriptUrlOf(event: TraceEvent): string | undefined {
  const args = event.args ?? {};
  const data = (args.data ?? {}) as Record<string, unknown>;
  for (const value of [data.url, data.scriptName, data.fileName, args.fileName, args.url]) {
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Total length of the union of intervals: nested events (a compile inside an evaluation) count once. */
function unionMs(intervals: [number, number][]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total / 1000;
}

interface MainThreadCost {
  extensionMs: number;
  extensionCpuMs: number;
  allTasksMs: number;
  pageScriptMs: number;
  pageScriptCpuMs: number;
}

/**
 * Main-thread time of the extension's scripts, of every task on the renderer that parsed `url`, and of the page's
 * own inline scripts: wall time, and for the scripts also thread time (the main thread running, not preempted).
 */
function mainThreadCost(events: TraceEvent[], url: string, extensionOrigin: string): MainThreadCost {
  const mainThreads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const complete = events.filter(
    (e) => e.ph === 'X' && e.dur !== undefined && mainThreads.has(`${e.pid}:${e.tid}`),
  );
  const wall = (list: TraceEvent[]) => unionMs(list.map((e) => [e.ts, e.ts + e.dur!]));
  const cpu = (list: TraceEvent[]) =>
    unionMs(list.filter((e) => e.tts !== undefined).map((e) => [e.tts!, e.tts! + (e.tdur ?? 0)]));
  // Script work only (compile, evaluation, calls): a page's CommitLoad or ParseHTML also names its URL.
  const scripts = complete.filter((e) => /^(EvaluateScript|FunctionCall|v8\.)/.test(e.name));
  const extension = scripts.filter((e) => scriptUrlOf(e)?.startsWith(`${extensionOrigin}/`));
  const own = scripts.filter((e) => scriptUrlOf(e) === url);
  const pageThread = complete.find(
    (e) => e.name === 'ParseHTML' && (e.args?.beginData as { url?: string } | undefined)?.url === url,
  );
  const tasks = pageThread
    ? complete.filter(
        (e) =>
          e.pid === pageThread.pid &&
          e.tid === pageThread.tid &&
          (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
      )
    : [];
  return {
    extensionMs: wall(extension),
    extensionCpuMs: cpu(extension),
    allTasksMs: wall(tasks),
    pageScriptMs: wall(own),
    pageScriptCpuMs: cpu(own),
  };
}

/**
 * One load of an ordinary page in a fresh tab, traced. Extension worlds are seen through CDP: Chromium runs a
 * content script in an isolated world whose execution context has the extension's origin, reported by
 * Runtime.executionContextCreated whatever the script does. The window to see one is `load` + 500 ms.
 */
async function ordinaryLoad(session: Session, sandbox: Sandbox, url: string): Promise<OrdinaryLoad> {
  const tab = (await session.openPage('about:blank')) as ChromiumTab;
  const cdp = await tab.page.context().newCDPSession(tab.page);
  try {
    const worlds: number[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.origin.startsWith(session.extensionOrigin)) worlds.push(context.id);
    });
    await cdp.send('Runtime.enable');
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
    const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', {
      transferMode: 'ReportEvents',
      traceConfig: { includedCategories: TRACE_CATEGORIES },
    });
    const since = await lastSeq(sandbox);
    await tab.page.goto(url);
    await waitUntil(
      'an extension world',
      async () => (worlds.length > 0 ? true : undefined),
      INJECTION_WINDOW_MS,
    ).catch(() => undefined);
    // Evaluating in the world waits for the script's synchronous run to end: its time is all in the trace.
    for (const id of worlds)
      await cdp.send('Runtime.evaluate', { expression: '0', contextId: id }).catch(() => undefined);
    await cdp.send('Tracing.end');
    await complete;
    const cost = mainThreadCost(events, url, session.extensionOrigin);
    const extra = browserRequests(await sandbox.admin.log(since)).filter(
      (e) => e.host !== NOT_MASTODON || e.client === 'extension',
    );
    return {
      url,
      extensionWorlds: worlds.length,
      ...cost,
      extraRequests: extra.length,
    };
  } finally {
    await cdp.detach().catch(() => undefined);
    await tab.close();
  }
}

async function ordinaryLoads(session: Session, sandbox: Sandbox, count: number): Promise<OrdinaryLoad[]> {
  const loads: OrdinaryLoad[] = [];
  for (let i = 0; i < count; i++) loads.push(await ordinaryLoad(session, sandbox, ORDINARY_PAGES[i % 2]!));
  return loads;
}

/** The shipped build, installed as it is (no all-sites permission, the switch off), with an account connected. */
async function shippedBuildLoads(count: number): Promise<OrdinaryLoad[]> {
  const sandbox = await startSandbox();
  const session = await launchChromium({ args: sandbox.chromiumArgs() });
  try {
    await withAccount({ session, sandbox });
    return await ordinaryLoads(session, sandbox, count);
  } finally {
    await session.close();
    await sandbox.close();
  }
}

/** What the Alt-click page script is replaced with to measure the floor: one listener that does nothing. */
const FLOOR_SCRIPT = 'addEventListener("click",function(){},!0);\n';

/**
 * The floor of any script in a page on this machine: the granted build with the switch on, whose Alt-click script
 * is one statement (a copy of the build; the shipped one is untouched). Homeward's script costs what it adds to it.
 */
async function floorLoads(count: number): Promise<OrdinaryLoad[]> {
  const dir = await mkdtemp(join(tmpdir(), 'homeward-bench-floor-'));
  await cp(GRANTED_EXTENSION_DIRS.chromium, dir, { recursive: true });
  await writeFile(join(dir, 'alt-click.js'), FLOOR_SCRIPT);
  const sandbox = await startSandbox();
  const session = await launchChromium({ args: sandbox.chromiumArgs(), extensionDir: dir });
  try {
    await withAccount({ session, sandbox });
    await turnOnOpenAtHome(session);
    await untilAltClickScriptRuns(session, sandbox);
    return await ordinaryLoads(session, sandbox, count);
  } finally {
    await session.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The background registers the Alt-click script after the switch: waits until the trace shows it on a page. */
async function untilAltClickScriptRuns(session: Session, sandbox: Sandbox): Promise<void> {
  await waitUntil(
    'the Alt-click script on ordinary pages',
    async () =>
      (await ordinaryLoad(session, sandbox, ORDINARY_PAGES[0]!)).extensionMs > 0 ? true : undefined,
    15_000,
  );
}

// ---------------------------------------------------------------------------------------------------------

const max = (values: number[]): number => Math.max(0, ...values);
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
/** Two rows: the p50 under `metric`, the p95 under it. */
const p50p95 = (metric: string, values: number[]): Row[] => [
  { metric, value: percentile(values, 50), unit: 'ms' },
  { metric: '  ', value: percentile(values, 95), unit: 'ms' },
];

/**
 * First visits, in a fresh browser, to hosts the home server lists among its peers (`/api/v1/instance/peers`,
 * utils/open-at-home/peers.ts): one link per host, none ever seen before. The remote server is never asked for
 * the page (target 0).
 */
async function peerFirstVisits(): Promise<RedirectSample[]> {
  const sandbox = await startSandbox();
  const session = await launchChromium({
    args: sandbox.chromiumArgs(),
    extensionDir: GRANTED_EXTENSION_DIRS.chromium,
  });
  try {
    const firstOfHost = new Map<string, LinkTarget>();
    for (const target of redirectTargets())
      if (!firstOfHost.has(target.host)) firstOfHost.set(target.host, target);
    await sandbox.admin.setPeers(HOME, { domains: [...firstOfHost.keys()] });
    await withAccount({ session, sandbox });
    await signInToHomeWeb(session);
    await turnOnOpenAtHome(session);
    await waitForPeersAsked(sandbox.admin);
    const samples: RedirectSample[] = [];
    for (const target of firstOfHost.values()) samples.push(await redirectOnce(session, sandbox, target));
    return samples;
  } finally {
    await session.close();
    await sandbox.close();
  }
}

export async function openAtHomeBench(options: OpenAtHomeOptions): Promise<OpenAtHomeBench> {
  const shipped = await shippedBuildLoads(options.samples);
  const floor = await floorLoads(options.samples);

  const sandbox = await startSandbox();
  const session = await launchChromium({
    args: sandbox.chromiumArgs(),
    extensionDir: GRANTED_EXTENSION_DIRS.chromium,
  });
  let off: OrdinaryLoad[];
  let on: OrdinaryLoad[];
  let redirected: Awaited<ReturnType<typeof redirects>>;
  try {
    await withAccount({ session, sandbox });
    await signInToHomeWeb(session);
    off = await ordinaryLoads(session, sandbox, options.samples);
    await turnOnOpenAtHome(session);
    await untilAltClickScriptRuns(session, sandbox);
    on = await ordinaryLoads(session, sandbox, options.samples);
    redirected = await redirects(session, sandbox, options);
  } finally {
    await session.close();
    await sandbox.close();
  }

  const peers = await peerFirstVisits();
  const { cold, asleep, direct, cached, plain, excluded, failed } = redirected;
  const ms = (samples: RedirectSample[]) => samples.map((s) => s.toHomeRequest);
  const onScript = on.map((l) => l.extensionMs);
  const onScriptCpu = on.map((l) => l.extensionCpuMs);
  const withOwn = on.filter((l) => l.pageScriptMs > 0);
  const ownScript = withOwn.map((l) => l.pageScriptMs);
  const ownScriptCpu = withOwn.map((l) => l.pageScriptCpuMs);
  const floorScript = floor.map((l) => l.extensionMs);
  const floorScriptCpu = floor.map((l) => l.extensionCpuMs);
  const all = [...cold, ...asleep, ...direct, ...cached];
  // Links whose site's own service worker answers the load never meet a rule in Chromium: reported apart, and the
  // plain links compared are those to the same home pages as the rest.
  const byRule = direct.filter((s) => !s.answeredByWorker);
  const workerAnswered = [...cold, ...asleep, ...direct, ...cached].filter((s) => s.answeredByWorker);
  const byWorker = direct.filter((s) => s.answeredByWorker);
  const plainOf = plain.filter((p) => byRule.some((s) => s.homeUrl === p.url));
  const paints = (samples: RedirectSample[]) =>
    samples.flatMap((s) => (s.toFirstPaint === null ? [] : [s.toFirstPaint]));
  const rows: Row[] = [
    {
      metric: `open at home: click → home request, cold p50 (n=${cold.length})`,
      value: percentile(ms(cold), 50),
      unit: 'ms',
    },
    { metric: `  cold p95`, value: percentile(ms(cold), 95), unit: 'ms' },
    {
      metric: `  cold with the service worker stopped first, p50 (n=${asleep.length})`,
      value: percentile(ms(asleep), 50),
      unit: 'ms',
    },
    { metric: `  its p95`, value: percentile(ms(asleep), 95), unit: 'ms' },
    {
      metric: `  service-worker wake-up cost: asleep − awake, p50`,
      value: percentile(ms(asleep), 50) - percentile(ms(cold), 50),
      unit: 'ms',
    },
    ...p50p95(`  click → Opening page first paint, awake, p50, p95`, paints(cold)),
    ...p50p95(`  click → Opening page first paint, worker asleep, p50, p95`, paints(asleep)),
    ...p50p95(`  known link, direct rule, p50, p95 (n=${byRule.length})`, ms(byRule)),
    ...p50p95(`  known link through the Opening page (cache), p50, p95 (n=${cached.length})`, ms(cached)),
    ...p50p95(`  plain link to the same home page, p50, p95 (n=${plainOf.length})`, ms(plainOf)),
    {
      metric: `known link ÷ plain navigation to the same home URL, p50`,
      value: Math.round((percentile(ms(byRule), 50) / percentile(ms(plainOf), 50)) * 100) / 100,
      unit: '×',
      target: 1.2,
    },
    {
      metric: `  Opening page shown for a known link (n=${byRule.length})`,
      value: byRule.filter((s) => s.toFirstPaint !== null).length,
      unit: 'pages',
      target: 0,
    },
    ...p50p95(
      `  known link whose site's service worker answers first (n=${byWorker.length}), p50, p95`,
      ms(byWorker),
    ),
    {
      metric: `home requests per redirect, cold (n=${cold.length + asleep.length}), max`,
      value: max([...cold, ...asleep].map((s) => s.homeApi)),
      unit: 'req',
      target: 1,
    },
    {
      metric: `home requests per redirect, repeat (n=${direct.length + cached.length}), max`,
      value: max([...direct, ...cached].map((s) => s.homeApi)),
      unit: 'req',
      target: 0,
    },
    {
      metric: `  CORS preflights over those (not counted above)`,
      value: sum(all.map((s) => s.preflights)),
      unit: 'req',
    },
    {
      metric: `remote page requests before redirect (n=${all.length})`,
      value: sum(all.map((s) => s.remoteDocuments)),
      unit: 'req',
      target: 0,
    },
    {
      metric: `remote page bytes before redirect, max (n=${all.length - workerAnswered.length})`,
      value: max(all.filter((s) => !s.answeredByWorker).map((s) => s.remoteBytes)),
      unit: 'B',
      target: 0,
    },
    {
      // Chromium's rules never see a load the site's own service worker answers; its markers send it home after
      // it loads (docs/fediverse-software.md, "Service workers").
      metric: `  those a site's service worker answered (Chromium), max (n=${workerAnswered.length})`,
      value: max(workerAnswered.map((s) => s.remoteBytes)),
      unit: 'B',
    },
    {
      metric: `remote page requests, first visit to a peer host (n=${peers.length})`,
      value: sum(peers.map((s) => s.remoteDocuments)),
      unit: 'req',
      target: 0,
    },
    { metric: `  links left out: not opened at home`, value: excluded.length, unit: 'links' },
    { metric: `redirects that failed after that`, value: failed.length, unit: 'links', target: 0 },
    {
      metric: `ordinary page, shipped build: script worlds (n=${shipped.length})`,
      value: sum(shipped.map((l) => l.extensionWorlds)),
      unit: 'worlds',
      target: 0,
    },
    {
      metric: `ordinary page, switch on: isolated script worlds (n=${on.length})`,
      value: sum(on.map((l) => l.extensionWorlds)),
      unit: 'worlds',
      target: 0,
    },
    // Main-thread time is the thread's own clock (tdur): the time the main thread ran the script. Wall time adds
    // the time the OS gave other processes meanwhile; on this 2-core machine that is most of its p95, for the
    // one-statement floor as for Homeward's script.
    {
      metric: `ordinary page, switch on: script main-thread time p50 (n=${on.length})`,
      value: percentile(onScriptCpu, 50),
      unit: 'ms',
      target: 1,
    },
    { metric: `  p95`, value: percentile(onScriptCpu, 95), unit: 'ms' },
    ...p50p95(`  wall time, preemption included, p50, p95`, onScript),
    ...p50p95(`  floor: a one-statement script instead, p50, p95 (n=${floor.length})`, floorScriptCpu),
    ...p50p95(`  its wall time p50, p95`, floorScript),
    ...p50p95(`  reference: /today's own 3-line script p50, p95 (n=${ownScript.length})`, ownScriptCpu),
    ...p50p95(`  its wall time p50, p95`, ownScript),
    {
      metric: `  loads whose trace shows the script`,
      value: on.filter((l) => l.extensionMs > 0).length,
      unit: 'pages',
    },
    {
      metric: `ordinary page, switch on: requests not the page's own`,
      value: sum(on.map((l) => l.extraRequests)),
      unit: 'req',
      target: 0,
    },
  ];
  return {
    rows,
    samples: { cold, asleep, direct, cached, plain, excluded, failed, shipped, off, on, floor, peers },
  };
}
