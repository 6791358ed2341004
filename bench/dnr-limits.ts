/**
 * `npx tsx bench/dnr-limits.ts` (after `npm run build`): how many domains one declarativeNetRequest redirect rule's
 * `requestDomains` really takes, in real Chromium and Firefox ESR against the sandbox. For each size N it installs
 * dynamic redirect rules shaped like Homeward's (utils/open-at-home/redirect-rules.ts: OBJECT_PATH_RE2,
 * main_frame, excluded home domains, regexSubstitution to the Opening page) whose `requestDomains` are N generated
 * names (peer-000001.example…), and measures:
 * - whether updateDynamicRules takes them, how long adding, replacing (what Homeward does on every sync) and
 *   removing take, and that getDynamicRules gives all N back; and how long replacing a separate 10-name rule takes
 *   while they stay (does every update pay for the big list?);
 * - that a post on the LAST generated name really goes to the Opening page without the sandbox being asked;
 * - what every navigation pays: ordinary pages (`/`: the regex fails) and post-shaped paths on a host outside the
 *   list (`/@nobody`: the domain list is searched), with the rules and without them (before adding, after removing);
 * - the browser's main process memory (RSS, /proc) before and after: where both browsers keep and match the rules.
 * docs/dnr-limits.md reports a run and what it means for the peers (utils/open-at-home/peers.ts).
 *
 * Rule ids start at 900, clear of Homeward's own dynamic ones (1…5; session rules have their own ids); no home server is set, so
 * Homeward installs none of its own. The redirect's fragment starts with OPENING_MARK, so the Opening page stays.
 *
 * Prints a table and writes every sample to bench/results/dnr-limits.json (git-ignored).
 *
 * Environment: DNR_BROWSERS=chromium,firefox  DNR_SIZES=1000,10000,…  DNR_NAVIGATIONS=15 (per URL and condition)
 * DNR_FAMILIES=50000 (sizes also measured in Homeward's current shape: one rule per path family, each with
 * the whole list; empty to skip). A size that fails, or whose update takes longer than DNR_STOP_MS (20 s), ends
 * that browser's run there (the report says so).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startSandbox, type Sandbox } from '../sandbox';
import { HOME, NOT_MASTODON } from '../sandbox/hosts';
import { describeBrowser, exitOnBrowserNotFound, findBrowser } from '../sandbox/core/find-browser';
import { launchChromium } from '../sandbox/harness/chromium';
import { GRANTED_EXTENSION_DIRS, missingBuilds } from '../sandbox/harness/extension-build';
import { launchFirefox } from '../sandbox/harness/firefox';
import type { BrowserName, Session, Tab } from '../sandbox/harness/session';
import { waitUntil } from '../sandbox/harness/wait';
import { OBJECT_PATH_RE2 } from '../utils/fediverse/links/object-path';
import { PEERS_MAX } from '../utils/open-at-home/peers-cap';
import { percentile, type Row } from './stats';

const numbers = (value: string | undefined, fallback: number[]): number[] =>
  value === undefined
    ? fallback
    : value
        .split(',')
        .filter((part) => part.trim() !== '')
        .map((part) => {
          const n = Number(part.trim().replace(/_/g, ''));
          if (!Number.isInteger(n) || n < 1) throw new Error(`not a count: ${part}`);
          return n;
        });

/** What a run measures: the command line's, from the environment, or bench/run.ts's short plan (dnrLimitsBench). */
const plan = {
  sizes: numbers(process.env.DNR_SIZES, [1_000, 10_000, 50_000, 100_000, 200_000]),
  families: numbers(process.env.DNR_FAMILIES, [50_000]),
  navigations: numbers(process.env.DNR_NAVIGATIONS, [15])[0] ?? 15,
};
const STOP_MS = numbers(process.env.DNR_STOP_MS, [20_000])[0] ?? 20_000;
const BROWSERS = (process.env.DNR_BROWSERS ?? 'chromium,firefox').split(',').map((name) => name.trim());
/** Replacements timed per size (the median is reported); fewer for the many-rule shape, which takes seconds each. */
const REPLACES = 3;
const FAMILY_REPLACES = 2;

const FIRST_RULE_ID = 900;
/**
 * A separate small rule (SMALL_NAMES names, its own id) replaced while the big ones stay: what a change to the
 * learned hosts would cost if they had a rule of their own beside the peers'.
 */
const SMALL_RULE_ID = 950;
const SMALL_NAMES = 10;
const PLAIN_PAGE = `https://${NOT_MASTODON}/`;
/** Matches the `@user/…` family on a host outside the list: the browser has to look the host up in `requestDomains`. */
const UNLISTED_POST = `https://${NOT_MASTODON}/@nobody/1`;

/**
 * Put before the address in the Opening page's fragment: Homeward's Opening page then shows "This link can't be
 * opened" and stays. Given a bare address these rules (not Homeward's) sent it, it would load the original, which
 * the rule sends back: a loop.
 */
const OPENING_MARK = 'dnr-bench:';

const peerName = (i: number): string => `peer-${String(i).padStart(6, '0')}.example`;
const postOn = (host: string): string => `https://${host}/@alice/109876543210`;

// ---------------------------------------------------------------------------------------------------------
// Extension page scripts. Sources, not functions: tsx may wrap a function in helpers the page lacks, and the
// automation protocols evaluate source text in extension pages whatever their CSP. The names are generated in the
// page, so megabytes of them never cross the protocol.

const API = '(globalThis.browser ?? globalThis.chrome).declarativeNetRequest';

interface UpdateOutcome {
  ok: boolean;
  ms: number;
  error?: string;
}

/**
 * Adds (or replaces) `rules` rules with `n` names each, the first `rules` path families of OBJECT_PATH_RE2 (one rule:
 * `@user/…`, the family a Mastodon post matches); the outcome and the time in the page, as JSON.
 */
function updateSource(n: number, rules: number, firstId = FIRST_RULE_ID): string {
  const regexes = OBJECT_PATH_RE2.slice(0, rules);
  if (regexes.length < rules) throw new Error(`only ${OBJECT_PATH_RE2.length} path families`);
  return `(async () => {
    const api = ${API};
    const domains = new Array(${n});
    for (let i = 0; i < ${n}; i++) domains[i] = 'peer-' + String(i + 1).padStart(6, '0') + '.example';
    const opening = (globalThis.browser ?? globalThis.chrome).runtime.getURL('/opening.html');
    const regexes = ${JSON.stringify(regexes)};
    const addRules = regexes.map((regexFilter, k) => ({
      id: ${firstId} + k,
      priority: 1,
      action: { type: 'redirect', redirect: { regexSubstitution: opening + '#${OPENING_MARK}\\\\0' } },
      condition: {
        regexFilter,
        requestDomains: domains,
        excludedRequestDomains: [${JSON.stringify(HOME)}],
        excludedInitiatorDomains: [${JSON.stringify(HOME)}],
        resourceTypes: ['main_frame'],
      },
    }));
    const removeRuleIds = addRules.map((rule) => rule.id);
    const start = performance.now();
    try {
      await api.updateDynamicRules({ removeRuleIds, addRules });
      return JSON.stringify({ ok: true, ms: performance.now() - start });
    } catch (error) {
      return JSON.stringify({ ok: false, ms: performance.now() - start, error: String(error?.message ?? error) });
    }
  })()`;
}

/** Removes every dynamic rule this script may have added (ids 900…). */
const REMOVE_SOURCE = `(async () => {
  const api = ${API};
  const ids = (await api.getDynamicRules()).map((rule) => rule.id).filter((id) => id >= ${FIRST_RULE_ID});
  const start = performance.now();
  await api.updateDynamicRules({ removeRuleIds: ids });
  return JSON.stringify({ ok: true, ms: performance.now() - start });
})()`;

/** The number of names the browser holds for each of our rules, as it gives them back. */
const STORED_SOURCE = `(async () => {
  const rules = (await ${API}.getDynamicRules()).filter((rule) => rule.id >= ${FIRST_RULE_ID});
  return JSON.stringify(rules.map((rule) => rule.condition.requestDomains?.length ?? 0));
})()`;

const LIMITS_SOURCE = `JSON.stringify(Object.fromEntries(Object.entries(${API})
  .filter(([key, value]) => /^[A-Z_]+$/.test(key) && typeof value === 'number')))`;

const NAVIGATION_TIMING_SOURCE = `(() => {
  const entry = performance.getEntriesByType('navigation')[0];
  return entry ? entry.responseStart : -1;
})()`;

async function run<T>(tab: Tab, source: string): Promise<T> {
  return JSON.parse(await tab.evaluateSource<string>(source)) as T;
}

// ---------------------------------------------------------------------------------------------------------
// Memory: the browser's main process, where both keep the rules and match requests against them.

function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: the fields after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(name), ppid);
    } catch {
      // Gone meanwhile.
    }
  }
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = [...parents].filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}

/** The browser's main process among this script's descendants: Chromium's without --type, Firefox's without -contentproc. */
function mainProcess(name: BrowserName): number | undefined {
  for (const pid of descendants(process.pid)) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const exe = args[0] ?? '';
      if (name === 'chromium' && /chrom/.test(exe) && !args.some((a) => a.startsWith('--type='))) return pid;
      if (name === 'firefox' && /firefox/.test(exe) && !args.includes('-contentproc')) return pid;
    } catch {
      // Gone meanwhile.
    }
  }
  return undefined;
}

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

// ---------------------------------------------------------------------------------------------------------

interface Timings {
  wall: number[];
  /** The page's own Navigation Timing responseStart: navigation start → first byte, the rule check included. */
  firstByte: number[];
}

const emptyTimings = (): Timings => ({ wall: [], firstByte: [] });

/** plan.navigations loads of each URL, alternating, each timed from the harness and by the page itself. */
async function navigate(tab: Tab, urls: readonly string[], into: Timings[]): Promise<void> {
  // Untimed first loads: the tab may come from an extension page (another process) or a cold connection.
  for (const url of urls) await tab.goto(`${url}?warm`);
  for (let i = 0; i < plan.navigations; i++) {
    for (const [k, base] of urls.entries()) {
      // A query of its own each time: never a cached answer, and still no match for `/` (the path decides).
      const url = `${base}?n=${i}`;
      const start = performance.now();
      await tab.goto(url);
      const wall = performance.now() - start;
      const firstByte = await tab.evaluateSource<number>(NAVIGATION_TIMING_SOURCE);
      into[k]!.wall.push(wall);
      into[k]!.firstByte.push(firstByte);
    }
  }
}

interface RedirectOutcome {
  /** The tab reached the Opening page. */
  redirected: boolean;
  /** Navigation start (harness) → the tab reports the Opening page, polled every 10 ms. */
  ms: number;
  /** Requests for the host the sandbox saw (0: the browser never asked it). */
  remoteRequests: number;
}

/** From an ordinary page, the page itself navigates to a post on `host`; where does the tab end up? */
async function tryRedirect(
  session: Session,
  sandbox: Sandbox,
  tab: Tab,
  host: string,
  timeoutMs: number,
): Promise<RedirectOutcome> {
  await tab.goto(PLAIN_PAGE);
  const since = (await sandbox.admin.log()).at(-1)?.seq ?? 0;
  const target = postOn(host);
  const opening = `${session.extensionOrigin}/opening.html`;
  const start = performance.now();
  await tab.evaluateSource(`location.href = ${JSON.stringify(target)}; 0`);
  let redirected = false;
  let ms = Number.NaN;
  while (performance.now() - start < timeoutMs) {
    const url = await tab.url().catch(() => '');
    if (url.startsWith(opening)) {
      ms = performance.now() - start;
      redirected = true;
      break;
    }
    if (url.startsWith(target)) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // Whatever was going to reach the sandbox has by now (the Opening page asks nobody without a home server).
  await new Promise((resolve) => setTimeout(resolve, 300));
  const remoteRequests = (await sandbox.admin.log(since)).filter((entry) => entry.host === host).length;
  return { redirected, ms, remoteRequests };
}

interface SizeResult {
  browser: BrowserName;
  n: number;
  rules: number;
  add: UpdateOutcome;
  replaceMs: number[];
  /** Replacing only the small rule, the big ones installed. */
  smallMs: number[];
  removeMs: number;
  stored: number[];
  redirect?: RedirectOutcome;
  /** Index 0: ordinary page, 1: post-shaped path on an unlisted host; with the rules, then without. */
  withRules: Timings[];
  withoutRules: Timings[];
  rssBeforeMb: number;
  rssAfterMb: number;
}

async function measureSize(
  name: BrowserName,
  session: Session,
  sandbox: Sandbox,
  api: Tab,
  tab: Tab,
  n: number,
  rules: number,
): Promise<SizeResult> {
  const pages = [PLAIN_PAGE, UNLISTED_POST];
  const withoutRules = [emptyTimings(), emptyTimings()];
  // The baseline both before the rules and after them (below), so that drift weighs on both sides alike.
  if (rules === 1) await navigate(tab, pages, withoutRules);
  const pid = mainProcess(name);
  const rssBeforeMb = rssMb(pid);
  const result: SizeResult = {
    browser: name,
    n,
    rules,
    add: await run<UpdateOutcome>(api, updateSource(n, rules)),
    replaceMs: [],
    smallMs: [],
    removeMs: Number.NaN,
    stored: [],
    withRules: [emptyTimings(), emptyTimings()],
    withoutRules,
    rssBeforeMb,
    rssAfterMb: Number.NaN,
  };
  if (!result.add.ok) return result;
  result.stored = await run<number[]>(api, STORED_SOURCE);
  if (rules === 1) {
    result.redirect = await tryRedirect(session, sandbox, tab, peerName(n), 10_000);
    await navigate(tab, pages, result.withRules);
  }
  result.rssAfterMb = rssMb(pid);
  for (let i = 0; i < (rules === 1 ? REPLACES : FAMILY_REPLACES); i++) {
    const replaced = await run<UpdateOutcome>(api, updateSource(n, rules));
    if (!replaced.ok) throw new Error(`replacing ${n} names failed: ${replaced.error}`);
    result.replaceMs.push(replaced.ms);
  }
  for (let i = 0; i < REPLACES; i++) {
    const small = await run<UpdateOutcome>(api, updateSource(SMALL_NAMES, 1, SMALL_RULE_ID));
    if (!small.ok) throw new Error(`replacing the small rule failed: ${small.error}`);
    result.smallMs.push(small.ms);
  }
  result.removeMs = (await run<UpdateOutcome>(api, REMOVE_SOURCE)).ms;
  if (rules === 1) await navigate(tab, pages, withoutRules);
  return result;
}

/** Firefox asks for the all-sites permission (optional_host_permissions) on a click; redirects need it. */
async function grantAllSites(api: Tab): Promise<boolean> {
  const origins = JSON.stringify({ origins: ['https://*/*'] });
  const runtime = '(globalThis.browser ?? globalThis.chrome)';
  if (await api.evaluateSource<boolean>(`${runtime}.permissions.contains(${origins})`)) return true;
  await api.evaluateSource(`(() => {
    const button = document.createElement('button');
    button.textContent = 'Grant all sites';
    button.addEventListener('click', () => {
      void ${runtime}.permissions.request(${origins});
    });
    document.body.prepend(button);
    return 0;
  })()`);
  await api.click('button', 'Grant all sites');
  return waitUntil('the all-sites permission', async () =>
    (await api.evaluateSource<boolean>(`${runtime}.permissions.contains(${origins})`)) ? true : undefined,
  );
}

interface BrowserRun {
  name: BrowserName;
  version: string;
  limits: Record<string, number>;
  control: RedirectOutcome;
  sizes: SizeResult[];
  stoppedAt?: string;
}

async function runBrowser(name: BrowserName): Promise<BrowserRun> {
  const sandbox = await startSandbox();
  const session =
    name === 'chromium'
      ? await launchChromium({ args: sandbox.chromiumArgs(), extensionDir: GRANTED_EXTENSION_DIRS.chromium })
      : await launchFirefox({ prefs: sandbox.firefoxPrefs() });
  try {
    // manifest.json: a document of the extension's origin with its APIs, running none of Homeward's code.
    const api = await session.openPage(`${session.extensionOrigin}/manifest.json`);
    if (name === 'firefox') await grantAllSites(api);
    const limits = await run<Record<string, number>>(api, LIMITS_SOURCE);
    await run<UpdateOutcome>(api, REMOVE_SOURCE);
    const tab = await session.openPage(PLAIN_PAGE);
    const version = await tab.evaluate(() => navigator.userAgent);
    // Without rules the post goes to the sandbox: proves the log sees the host the rules keep from it.
    const control = await tryRedirect(session, sandbox, tab, peerName(plan.sizes.at(-1) ?? 1), 3_000);
    const result: BrowserRun = { name, version, limits, control, sizes: [] };
    const steps = [
      ...plan.sizes.map((n) => ({ n, rules: 1 })),
      ...plan.families.map((n) => ({ n, rules: OBJECT_PATH_RE2.length })),
    ];
    for (const { n, rules } of steps) {
      const started = performance.now();
      process.stdout.write(`${name}: ${rules} × ${n.toLocaleString('en')} names… `);
      const size = await measureSize(name, session, sandbox, api, tab, n, rules);
      result.sizes.push(size);
      const updates = [size.add.ms, ...size.replaceMs].map((value) => value.toFixed(0)).join(', ');
      console.log(`${((performance.now() - started) / 1000).toFixed(1)} s (updates: ${updates} ms)`);
      const slowest = Math.max(size.add.ms, ...size.replaceMs);
      if (!size.add.ok || slowest > STOP_MS) {
        result.stoppedAt = `${rules} × ${n}: ${size.add.ok ? `update took ${slowest.toFixed(0)} ms` : size.add.error}`;
        break;
      }
    }
    await run<UpdateOutcome>(api, REMOVE_SOURCE);
    return result;
  } finally {
    await session.close();
    await sandbox.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : '–');
const ms1 = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '–');
const median = (values: readonly number[]): number => percentile(values, 50);

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

function report(runs: BrowserRun[]): void {
  for (const run of runs) {
    console.log(`\n${run.name}: ${run.version}`);
    console.log(`  constants: ${JSON.stringify(run.limits)}`);
    console.log(
      `  control, no rules: post on ${peerName(plan.sizes.at(-1) ?? 1)} redirected=${run.control.redirected}, ` +
        `sandbox asked ${run.control.remoteRequests}×`,
    );
    if (run.stoppedAt) console.log(`  stopped at ${run.stoppedAt}`);
  }
  const header = [
    'browser',
    'rules × names',
    'accepted',
    'add ms',
    'replace ms (median)',
    'small rule ms (median)',
    'remove ms',
    'stored',
    'redirect (ms; sandbox asked)',
    'plain TTFB p50/p95 with',
    'without',
    'unlisted post TTFB p50/p95 with',
    'without',
    'load p50 with/without',
    'RSS Δ MB',
  ];
  const pair = (values: readonly number[]) =>
    values.length ? `${ms1(percentile(values, 50))}/${ms1(percentile(values, 95))}` : '–';
  const rows = runs.flatMap((run) =>
    run.sizes.map((size) => {
      const [plainWith, unlistedWith] = size.withRules;
      const [plainWithout, unlistedWithout] = size.withoutRules;
      const loads = (timings: Timings[]) => timings.flatMap((t) => t.wall);
      return [
        run.name,
        `${size.rules} × ${size.n.toLocaleString('en')}`,
        size.add.ok ? 'yes' : `no: ${size.add.error}`,
        ms(size.add.ms),
        ms(median(size.replaceMs)),
        ms(median(size.smallMs)),
        ms(size.removeMs),
        size.stored.length ? [...new Set(size.stored)].join(',') : '–',
        size.redirect
          ? `${size.redirect.redirected ? 'yes' : 'NO'} (${ms(size.redirect.ms)}; ${size.redirect.remoteRequests})`
          : '–',
        pair(plainWith?.firstByte ?? []),
        pair(plainWithout?.firstByte ?? []),
        pair(unlistedWith?.firstByte ?? []),
        pair(unlistedWithout?.firstByte ?? []),
        size.rules === 1
          ? `${ms1(median(loads(size.withRules)))}/${ms1(median(loads(size.withoutRules)))}`
          : '–',
        ms1(size.rssAfterMb - size.rssBeforeMb),
      ];
    }),
  );
  console.log(`\n${table([header, ...rows])}`);
  console.log(
    `\nms. Small rule: replacing a separate rule of ${SMALL_NAMES} names while the big ones stay. Navigations: ${plan.navigations} per URL with the rules, ${2 * plan.navigations} without (before adding and after ` +
      `removing them). TTFB: the page's Navigation Timing responseStart (navigation start → first byte, the rule ` +
      `check included). Load: harness goto → load event, both pages. RSS Δ: the browser's main process after ` +
      `adding the rules and navigating, minus before adding.`,
  );
}

async function main(): Promise<void> {
  const missing = missingBuilds();
  if (missing.length) throw new Error(`no build at ${missing.join(', ')}: run \`npm run build\` first`);
  const runs: BrowserRun[] = [];
  for (const name of BROWSERS) {
    if (name !== 'chromium' && name !== 'firefox') throw new Error(`DNR_BROWSERS: unknown ${name}`);
    console.log(`${name}: ${describeBrowser(findBrowser(name))}`);
    const started = performance.now();
    runs.push(await runBrowser(name));
    console.log(`${name}: ${((performance.now() - started) / 1000).toFixed(0)} s in all`);
  }
  report(runs);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(dir, { recursive: true });
  await writeFile(
    `${dir}dnr-limits.json`,
    JSON.stringify({ date: new Date().toISOString(), navigations: plan.navigations, runs }, null, 2),
  );
  console.log(`samples: bench/results/dnr-limits.json`);
}

/**
 * bench/run.ts's section: Homeward's own shape at the peers' cap (PEERS_MAX names in every path-family rule) and one
 * rule of as many, in both browsers: whether they are taken, what an update costs, what a navigation pays.
 */
export async function dnrLimitsBench(): Promise<Row[]> {
  plan.sizes = [PEERS_MAX];
  plan.families = [PEERS_MAX];
  plan.navigations = 5;
  const rows: Row[] = [];
  for (const name of ['chromium', 'firefox'] as const) {
    const result = await runBrowser(name);
    const family = result.sizes.find((size) => size.rules > 1);
    const single = result.sizes.find((size) => size.rules === 1);
    const unlisted = (timings: Timings[] | undefined) => percentile(timings?.[1]?.firstByte ?? [], 50);
    rows.push(
      {
        metric: `DNR, ${name}: ${OBJECT_PATH_RE2.length} rules × ${PEERS_MAX.toLocaleString('en')} names taken`,
        value: family?.add.ok ? 1 : 0,
        unit: 'yes',
      },
      {
        metric: `  replacing them (every sync that changes them), median`,
        value: median(family?.replaceMs ?? []),
        unit: 'ms',
      },
      {
        metric: `  a post-shaped navigation elsewhere, first byte p50 with 1 × ${PEERS_MAX.toLocaleString('en')}`,
        value: unlisted(single?.withRules),
        unit: 'ms',
      },
      { metric: `  the same without rules`, value: unlisted(single?.withoutRules), unit: 'ms' },
    );
  }
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await main().catch(exitOnBrowserNotFound);
